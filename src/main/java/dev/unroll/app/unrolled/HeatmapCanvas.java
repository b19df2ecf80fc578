package dev.unroll.app.unrolled;

import dev.unroll.app.ui.ColorMap;
import dev.unroll.engine.model.Tensor;
import dev.unroll.render.FigureStyle;
import dev.unroll.render.HeatmapFigure;
import dev.unroll.render.Pictures;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.text.TextAlignment;

/**
 * A matrix as a heatmap with its value legend: one pixel per entry in an ARGB buffer copied into a
 * {@link WritableImage} once per new matrix and drawn scaled (never a rectangle per cell).
 * Colours come from the app's one {@link ColorMap}: signed matrices (weights, gradients) use all of it,
 * symmetric around 0 and scaled to the largest magnitude; non-negative ones (Adagrad memory) its
 * upper half, neutral to red, on a square-root scale.
 */
final class HeatmapCanvas extends ThemedCanvas {
    private String title;
    private final boolean signed;
    private Tensor tensor;
    private WritableImage image;
    private double max;

    HeatmapCanvas(String id, String title, boolean signed) {
        super(id, 220, 200, 80, 80);
        this.title = title;
        this.signed = signed;
    }

    /** The image's colours are the theme's: remade in the new ones. */
    @Override
    void themeChanged() {
        rebuild();
    }

    /** Names the matrix shown (its heading and its exported picture's title). */
    void setTitle(String t) {
        if (!t.equals(title)) {
            title = t;
            rebuild();
        }
    }

    void setTensor(Tensor t) {
        tensor = t;
        rebuild();
    }

    /** This heatmap for export (the render package's matrix picture in a style), or null while it has no matrix. */
    HeatmapFigure figure(FigureStyle style) {
        Tensor t = tensor;
        return t == null ? null : Pictures.matrix(t, title, signed, style);
    }

    String title() {
        return title;
    }

    /** The largest magnitude shown (the legend's end). */
    double scaleMax() {
        return max;
    }

    private void rebuild() {
        Tensor t = tensor;
        if (t == null) {
            image = null;
            draw();
            return;
        }
        max = 0;
        for (double v : t.data) {
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        int[] px = new int[t.rows * t.cols];
        ColorMap map = pal.map();
        for (int i = 0; i < px.length; i++) {
            double v = max == 0 ? 0 : t.data[i] / max;
            px[i] = map.argb(signed ? v : Math.sqrt(v));
        }
        image = new WritableImage(t.cols, t.rows);
        image.getPixelWriter().setPixels(0, 0, t.cols, t.rows, PixelFormat.getIntArgbInstance(), px, 0, t.cols);
        draw();
    }

    @Override
    void paint(GraphicsContext gc, double w, double h, double s) {
        gc.setImageSmoothing(false);
        gc.setFont(pal.bold(12));
        gc.setFill(pal.foreground());
        String head = title + (tensor == null ? "" : "  " + tensor.rows + "×" + tensor.cols);
        gc.fillText(head, 4 * s, 2 * s);
        double top = 20 * s;
        double legend = 30 * s;
        double aw = w - 8 * s;
        double ah = h - top - legend;
        if (image == null || aw < 4 || ah < 4) {
            gc.setFont(pal.font(11));
            gc.setFill(pal.muted());
            gc.fillText("no data", 4 * s, top + 4 * s);
            return;
        }
        // keep cells roughly square, but use the space for very wide or tall matrices
        double cell = Math.min(aw / image.getWidth(), ah / image.getHeight());
        double dw = Math.min(aw, Math.max(cell * image.getWidth(), aw * 0.5));
        double dh = Math.min(ah, Math.max(cell * image.getHeight(), ah * 0.5));
        double x0 = 4 * s + (aw - dw) / 2;
        gc.drawImage(image, x0, top, dw, dh);
        gc.setStroke(pal.muted());
        gc.setLineWidth(1);
        gc.strokeRect(x0, top, dw, dh);
        // legend: colour bar from -max (or 0) to max
        double ly = top + dh + 6 * s;
        double lw = Math.min(dw, 160 * s);
        double lx = x0 + (dw - lw) / 2;
        pal.map().drawLegend(gc, lx, ly, lw, 8 * s, signed ? -1 : 0, 1);
        gc.setFont(pal.font(10));
        gc.setFill(pal.muted());
        gc.setTextAlign(TextAlignment.LEFT);
        gc.fillText(signed ? PlotCanvas.label(-max) : "0", lx, ly + 9 * s);
        gc.setTextAlign(TextAlignment.RIGHT);
        gc.fillText(PlotCanvas.label(max), lx + lw, ly + 9 * s);
        if (!signed) {
            gc.setTextAlign(TextAlignment.CENTER);
            gc.fillText("√ scale", lx + lw / 2, ly + 9 * s);
        }
    }
}
