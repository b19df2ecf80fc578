package dev.unroll.app.unrolled;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.CanvasRegion;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;

/**
 * A canvas of the Unrolled view's side panels (its charts and heatmaps), drawn in the colours of the app's theme: it
 * keeps the theme's {@link Palette}, redraws when the theme changes, and paints on its background. JavaFX thread.
 */
abstract class ThemedCanvas extends CanvasRegion {
    /** The colours of the theme shown. */
    Palette pal = Palette.of(Theme.LIGHT);

    /**
     * @param id         the node id
     * @param prefWidth  its preferred width
     * @param prefHeight its preferred height
     * @param minWidth   its smallest width
     * @param minHeight  its smallest height
     */
    ThemedCanvas(String id, double prefWidth, double prefHeight, double minWidth, double minHeight) {
        super(prefWidth, prefHeight);
        setId(id);
        setMinSize(minWidth, minHeight);
    }

    /** Takes the theme's colours and redraws in them. */
    final void setTheme(Theme theme) {
        pal = Palette.of(theme);
        themeChanged();
    }

    /** After the palette changed: redraws (a canvas that keeps something coloured remakes it first). */
    void themeChanged() {
        draw();
    }

    /**
     * Clears the canvas to the theme's background, sets text to hang from its top-left corner, then
     * {@link #paint(GraphicsContext, double, double, double)}; nothing while the canvas has no area.
     */
    @Override
    protected final void paint() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.setFill(pal.background());
        gc.fillRect(0, 0, w, h);
        gc.setTextBaseline(VPos.TOP);
        gc.setTextAlign(TextAlignment.LEFT);
        paint(gc, w, h, pal.s());
    }

    /** Paints the rest on the cleared canvas of {@code w} by {@code h}, at the palette's scale {@code s}. */
    abstract void paint(GraphicsContext gc, double w, double h, double s);
}
