package dev.unroll.app.unrolled;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * What the three walk-through canvases (the vanilla chain, the gated cell, the stacked grid) draw alike: a
 * picture started on a cleared canvas, text measured, text centred on a point. Reads its arguments only.
 * JavaFX thread.
 */
final class WalkPaint {
    private WalkPaint() {
    }

    /**
     * Starts a picture on {@code canvas}: images drawn unsmoothed (a strip's pixel per unit stays sharp),
     * the {@code w} by {@code h} area cleared to the palette's background.
     */
    static GraphicsContext clear(Canvas canvas, Palette pal, double w, double h) {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.setImageSmoothing(false);
        gc.setFill(pal.background());
        gc.fillRect(0, 0, w, h);
        return gc;
    }

    /** How wide {@code text} is in {@code font}. */
    static double textWidth(String text, Font font) {
        Text t = new Text(text);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    /** {@code text} in {@code font} and {@code fill}, centred both ways on (x, y); leaves the text centred so. */
    static void centred(GraphicsContext gc, String text, double x, double y, Font font, Paint fill) {
        gc.setFill(fill);
        gc.setFont(font);
        gc.setTextAlign(TextAlignment.CENTER);
        gc.setTextBaseline(VPos.CENTER);
        gc.fillText(text, x, y);
    }
}
