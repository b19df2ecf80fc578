package dev.unroll.app.hidden;

import dev.unroll.app.core.Icons;
import dev.unroll.app.ui.VisibleWhitespace;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeLayer;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.inspect.SpanFinder;

import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

import java.util.ArrayList;
import java.util.List;

/**
 * The heatmap: hidden units (rows, in the model's row order) by the probe's characters (columns).
 * The cells are one pixel each in a {@link WritableImage} filled from an int[] ARGB buffer and drawn
 * scaled with smoothing off; only the visible part is drawn. The wheel scrolls (shift: sideways),
 * ctrl+wheel zooms; the pointer's cell goes to the model's hover; a click on a row pins its unit; a
 * drag along the columns selects a span for the unit finder.
 */
final class UnitHeatmapCanvas extends Region {
    private final HiddenModel model;
    private final Canvas canvas = new Canvas();
    private final ScrollBar hbar = new ScrollBar();
    private final ScrollBar vbar = new ScrollBar();
    /** The hovered cell's outline: a node of its own, so pointing never redraws the canvas. */
    private final Rectangle hoverBox = new Rectangle();
    private Palette palette;

    private WritableImage image;
    private int[] buffer = new int[0];
    private double cellW = 12;
    private double cellH = 6;
    private boolean autoFit = true;
    private long lastRedrawNanos;
    private long lastImageNanos;
    private final SpanDrag drag = new SpanDrag();
    private int hoverT = -1;
    private int hoverRow = -1;

    UnitHeatmapCanvas(HiddenModel model, Palette palette) {
        this.model = model;
        this.palette = palette;
        setId("hidden-heatmap");
        getStyleClass().add("hidden-heatmap");
        canvas.setId("hidden-heatmap-canvas");
        hbar.setOrientation(Orientation.HORIZONTAL);
        vbar.setOrientation(Orientation.VERTICAL);
        hoverBox.setFill(null);
        hoverBox.setMouseTransparent(true);
        hoverBox.setVisible(false);
        getChildren().addAll(canvas, hoverBox, hbar, vbar);
        hbar.valueProperty().addListener((o, a, b) -> draw());
        vbar.valueProperty().addListener((o, a, b) -> draw());
        model.analysisProperty().addListener((o, a, b) -> rebuild());
        model.orderProperty().addListener((o, a, b) -> rebuild());
        model.spanProperty().addListener((o, a, b) -> draw());
        model.spanResultProperty().addListener((o, a, b) -> draw());
        model.pinned().addListener((ListChangeListener<Integer>) c -> draw());
        canvas.setOnMouseMoved(this::hover);
        canvas.setOnMouseExited(e -> {
            hoverT = -1;
            hoverRow = -1;
            model.hoverProperty().set(null);
            placeHover();
        });
        canvas.setOnMousePressed(this::press);
        canvas.setOnMouseDragged(this::drag);
        canvas.setOnMouseReleased(this::release);
        canvas.setOnScroll(this::scroll);
        setMinSize(200, 120);
    }

    void setPalette(Palette p) {
        palette = p;
        rebuild();
    }

    /** For tests: the drawn image, one pixel per character (x) and row (y, units in row order); null before a probe. */
    Image image() {
        return image;
    }

    /** Nanoseconds the last full redraw took (buffer, image and canvas). */
    long lastRedrawNanos() {
        return lastRedrawNanos;
    }

    /** Nanoseconds the last pixel-buffer fill and image upload took. */
    long lastImageNanos() {
        return lastImageNanos;
    }

    double cellWidth() {
        return cellW;
    }

    double cellHeight() {
        return cellH;
    }

    /** Zooms by a factor around the view's centre (1.25 in, 0.8 out). */
    void zoom(double factor) {
        autoFit = false;
        double cx = hbar.getValue() + plotW() / 2 / cellW;
        double cy = vbar.getValue() + plotH() / 2 / cellH;
        cellW = clamp(cellW * factor, 1, 64);
        cellH = clamp(cellH * factor, 1, 64);
        updateBars();
        hbar.setValue(clamp(cx - plotW() / 2 / cellW, hbar.getMin(), hbar.getMax()));
        vbar.setValue(clamp(cy - plotH() / 2 / cellH, vbar.getMin(), vbar.getMax()));
        draw();
    }

    /** Back to the automatic size: characters legible, all units fitting when they can. */
    void fit() {
        autoFit = true;
        layoutChildren();
        draw();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    // ---- geometry ----

    private double gutter() {
        return Math.round(52 * palette.scale);
    }

    private double header() {
        return Math.round(22 * palette.scale);
    }

    private double footer() {
        return Math.round(30 * palette.scale);
    }

    private double plotW() {
        return Math.max(1, canvas.getWidth() - gutter());
    }

    private double plotH() {
        return Math.max(1, canvas.getHeight() - header() - footer());
    }

    @Override
    protected void layoutChildren() {
        double sb = 14;
        double w = getWidth();
        double h = getHeight();
        canvas.setWidth(Math.max(1, w - sb));
        canvas.setHeight(Math.max(1, h - sb));
        canvas.relocate(0, 0);
        hbar.resizeRelocate(0, h - sb, w - sb, sb);
        vbar.resizeRelocate(w - sb, 0, sb, h - sb);
        ProbeAnalysis a = model.analysis();
        if (autoFit && a != null) {
            cellW = clamp(Math.max(plotW() / a.length(), 11 * palette.scale), 1, 64);
            cellH = clamp(plotH() / a.hiddenSize(), 2, 16);
        }
        updateBars();
        draw();
    }

    private void updateBars() {
        ProbeAnalysis a = model.analysis();
        int T = a == null ? 0 : a.length();
        int H = a == null ? 0 : a.hiddenSize();
        double visCols = plotW() / cellW;
        double visRows = plotH() / cellH;
        hbar.setMin(0);
        hbar.setMax(Math.max(0, T - visCols));
        hbar.setVisibleAmount(Math.min(T, visCols));
        hbar.setUnitIncrement(1);
        hbar.setBlockIncrement(Math.max(1, visCols * 0.9));
        vbar.setMin(0);
        vbar.setMax(Math.max(0, H - visRows));
        vbar.setVisibleAmount(Math.min(H, visRows));
        vbar.setUnitIncrement(1);
        vbar.setBlockIncrement(Math.max(1, visRows * 0.9));
        hbar.setValue(clamp(hbar.getValue(), 0, hbar.getMax()));
        vbar.setValue(clamp(vbar.getValue(), 0, vbar.getMax()));
    }

    /** The column under x (or -1), the row under y (or -1). */
    private int columnAt(double x) {
        ProbeAnalysis a = model.analysis();
        if (a == null || x < gutter()) {
            return -1;
        }
        int t = (int) Math.floor(hbar.getValue() + (x - gutter()) / cellW);
        return t >= 0 && t < a.length() ? t : -1;
    }

    private int rowAt(double y) {
        ProbeAnalysis a = model.analysis();
        if (a == null || y < header() || y >= header() + plotH()) {
            return -1;
        }
        int r = (int) Math.floor(vbar.getValue() + (y - header()) / cellH);
        return r >= 0 && r < a.hiddenSize() ? r : -1;
    }

    /** Screen position of a cell's centre, for tests and for pointing at a unit. */
    Point2D cellCentre(int t, int unit) {
        int[] order = model.orderProperty().get();
        int row = 0;
        for (int i = 0; order != null && i < order.length; i++) {
            if (order[i] == unit) {
                row = i;
            }
        }
        double x = gutter() + (t - hbar.getValue() + 0.5) * cellW;
        double y = header() + (row - vbar.getValue() + 0.5) * cellH;
        return canvas.localToScreen(x, y);
    }

    /** Scrolls so that a unit's row and a position are in view. */
    void reveal(int t, int unit) {
        int[] order = model.orderProperty().get();
        if (order == null) {
            return;
        }
        for (int i = 0; i < order.length; i++) {
            if (order[i] == unit) {
                double visRows = plotH() / cellH;
                if (i < vbar.getValue() || i >= vbar.getValue() + visRows - 1) {
                    vbar.setValue(clamp(i - visRows / 2, 0, vbar.getMax()));
                }
            }
        }
        double visCols = plotW() / cellW;
        if (t >= 0 && (t < hbar.getValue() || t >= hbar.getValue() + visCols - 1)) {
            hbar.setValue(clamp(t - visCols / 2, 0, hbar.getMax()));
        }
    }

    // ---- input ----

    private void hover(MouseEvent e) {
        int t = columnAt(e.getX());
        int row = rowAt(e.getY());
        if (t != hoverT || row != hoverRow) {
            hoverT = t;
            hoverRow = row;
            int[] order = model.orderProperty().get();
            model.hoverProperty().set(t >= 0 && row >= 0 && order != null ? new HiddenModel.Cell(t, order[row]) : null);
            placeHover();
        }
    }

    private void press(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        drag.press(columnAt(e.getX()));
    }

    private void drag(MouseEvent e) {
        if (!drag.active()) {
            return;
        }
        int t = columnAt(Math.max(gutter(), e.getX()));
        if (t < 0) {
            ProbeAnalysis a = model.analysis();
            t = e.getX() < gutter() ? 0 : a == null ? -1 : a.length() - 1;
        }
        drag.dragTo(t);
        hover(e);
        draw();
    }

    private void release(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        int[] order = model.orderProperty().get();
        if (drag.chosen()) {
            drag.select(model);
        } else {
            int row = rowAt(e.getY());
            if (row >= 0 && order != null) {
                int unit = order[row];
                if (e.isShiftDown() || e.isShortcutDown()) {
                    if (model.pinned().contains(unit)) {
                        model.unpin(unit);
                    } else {
                        model.pin(unit);
                    }
                } else {
                    model.pinned().setAll(unit);
                }
            }
        }
        drag.clear();
        draw();
    }

    private void scroll(ScrollEvent e) {
        if (e.isControlDown() || e.isShortcutDown()) {
            zoom(e.getDeltaY() > 0 ? 1.25 : 0.8);
        } else if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            hbar.setValue(clamp(hbar.getValue() - d / cellW, 0, hbar.getMax()));
        } else {
            vbar.setValue(clamp(vbar.getValue() - e.getDeltaY() / cellH, 0, vbar.getMax()));
        }
        e.consume();
    }

    // ---- drawing ----

    /** Refills the pixel buffer from the analysis and the row order, then redraws. */
    void rebuild() {
        long t0 = System.nanoTime();
        ProbeAnalysis a = model.analysis();
        int[] order = model.orderProperty().get();
        if (a == null || order == null || order.length != a.hiddenSize() || a.length() == 0) {
            image = null;
        } else {
            int T = a.length();
            int H = a.hiddenSize();
            image = fill(a.result(), order, palette, image, T, H);
        }
        lastImageNanos = System.nanoTime() - t0;
        if (autoFit) {
            layoutChildren(); // draws
        } else {
            updateBars();
            draw();
        }
        lastRedrawNanos = System.nanoTime() - t0;
    }

    /** Fills a T x H image (x = character, y = row) with the activations' colours. */
    private WritableImage fill(ProbeResult r, int[] order, Palette p, WritableImage reuse, int T, int H) {
        if (buffer.length != T * H) {
            buffer = new int[T * H];
        }
        double[] h = r.hidden();
        for (int row = 0; row < H; row++) {
            p.map.fill(h, order[row], H, T, buffer, row * T); // unit order[row]: h[t * H + u] for every t
        }
        WritableImage img = reuse != null && (int) reuse.getWidth() == T && (int) reuse.getHeight() == H
                ? reuse : new WritableImage(T, H);
        img.getPixelWriter().setPixels(0, 0, T, H, PixelFormat.getIntArgbPreInstance(), buffer, 0, T);
        return img;
    }

    void draw() {
        draw(canvas.getGraphicsContext2D(), canvas.getWidth(), canvas.getHeight(), hbar.getValue(), vbar.getValue());
    }

    /** Draws the view with its scroll offsets into any graphics context of the given size. */
    void draw(GraphicsContext g, double width, double height, double col0, double row0) {
        g.setFill(palette.background);
        g.fillRect(0, 0, width, height);
        ProbeAnalysis a = model.analysis();
        int[] order = model.orderProperty().get();
        if (a == null || image == null || order == null) {
            return;
        }
        int T = a.length();
        int H = a.hiddenSize();
        double gx = gutter();
        double hy = header();
        double pw = Math.max(1, width - gx);
        double ph = Math.max(1, height - hy - footer());
        double cols = Math.min(T - col0, pw / cellW);
        double rows = Math.min(H - row0, ph / cellH);
        g.setImageSmoothing(false);
        g.drawImage(image, col0, row0, cols, rows, gx, hy, cols * cellW, rows * cellH);

        double fs = 11 * palette.scale;
        Font mono = Font.font("Monospaced", fs);
        Font small = Font.font(Math.max(9, 10 * palette.scale));
        int firstCol = (int) Math.floor(col0);
        int lastCol = (int) Math.min(T - 1, Math.ceil(col0 + cols));
        int firstRow = (int) Math.floor(row0);
        int lastRow = (int) Math.min(H - 1, Math.ceil(row0 + rows) - 1);

        // span and finder matches
        HiddenModel.Span span = model.spanProperty().get();
        int[] selected = drag.shown(span);
        int selFrom = selected[0];
        int selTo = selected[1];
        g.setLineWidth(Math.max(1, palette.scale));
        SpanFinder.Result res = model.spanResultProperty().get();
        if (res != null && span != null && !drag.active()) {
            g.setStroke(palette.muted);
            g.setLineDashes(4, 3);
            for (SpanFinder.Match m : res.matches()) {
                double x0 = gx + (m.from() - col0) * cellW;
                g.strokeRect(x0, hy - 4, (m.to() - m.from()) * cellW, 4 + rows * cellH);
            }
            g.setLineDashes((double[]) null);
        }
        if (selFrom >= 0) {
            double x0 = gx + (selFrom - col0) * cellW;
            g.setStroke(palette.highlight);
            g.strokeRect(x0, hy - 4, (selTo - selFrom) * cellW, 4 + rows * cellH);
        }

        // character axis along the top: every character when wide enough, else every k-th position
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.CENTER);
        int[] cps = a.result().probe().codePoints();
        if (cellW >= fs * 0.75) {
            g.setFont(mono);
            for (int t = firstCol; t <= lastCol; t++) {
                int cp = cps[t];
                boolean invisible = cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r';
                g.setFill(invisible ? palette.muted : palette.text);
                g.fillText(VisibleWhitespace.symbol(cp), gx + (t - col0 + 0.5) * cellW, hy / 2, cellW + 2);
            }
        } else {
            g.setFont(small);
            g.setFill(palette.muted);
            int step = (int) Math.ceil(40 * palette.scale / cellW / 10) * 10;
            for (int t = (firstCol / step) * step; t <= lastCol; t += step) {
                g.fillText(Integer.toString(t), gx + (t - col0 + 0.5) * cellW, hy / 2);
            }
        }
        // unit labels along the left
        g.setFont(small);
        g.setTextAlign(TextAlignment.RIGHT);
        double labelEvery = Math.max(1, Math.ceil(13 * palette.scale / cellH));
        for (int row = firstRow; row <= lastRow; row++) {
            int u = order[row];
            boolean pin = model.pinned().contains(u);
            if (pin || (row % labelEvery == 0 && cellH * labelEvery >= 12 * palette.scale)) {
                double y = hy + (row - row0 + 0.5) * cellH;
                g.setFill(pin ? palette.highlight : palette.muted);
                g.fillText(Integer.toString(u), gx - 4, y);
                if (pin) { // a pin mark left of the number, from the icon font that ships with the app
                    Text label = new Text(Integer.toString(u));
                    label.setFont(small);
                    g.setFont(Icons.font(MaterialDesignP.PIN, small.getSize()));
                    g.fillText(Icons.glyph(MaterialDesignP.PIN), gx - 4 - label.getLayoutBounds().getWidth() - 2, y);
                    g.setFont(small);
                }
            }
        }
        // pinned rows and the hovered cell
        g.setStroke(palette.highlight);
        for (int u : model.pinned()) {
            for (int row = firstRow; row <= lastRow; row++) {
                if (order[row] == u) {
                    double y = hy + (row - row0) * cellH;
                    g.strokeRect(gx, y, cols * cellW, cellH);
                }
            }
        }
        if (g.getCanvas() == canvas) {
            placeHover();
        }
        drawLegend(g, width, height);
    }

    private void placeHover() {
        boolean on = hoverT >= 0 && hoverRow >= 0 && model.analysis() != null;
        hoverBox.setVisible(on);
        if (on) {
            hoverBox.setStroke(palette.text);
            hoverBox.setStrokeWidth(Math.max(1.5, palette.scale * 1.5));
            hoverBox.setX(gutter() + (hoverT - hbar.getValue()) * cellW - 1);
            hoverBox.setY(header() + (hoverRow - vbar.getValue()) * cellH - 1);
            hoverBox.setWidth(cellW + 2);
            hoverBox.setHeight(cellH + 2);
        }
    }

    private void drawLegend(GraphicsContext g, double width, double height) {
        double s = palette.scale;
        double lw = Math.min(260 * s, width * 0.5);
        double lh = 10 * s;
        double x0 = width - lw - 30 * s;
        double y0 = height - footer() + 4 * s;
        palette.map.drawLegend(g, x0, y0, lw, lh, -1, 1);
        g.setStroke(palette.muted);
        g.setLineWidth(1);
        g.strokeRect(x0, y0, lw, lh);
        g.setFill(palette.text);
        g.setFont(Font.font(Math.max(9, 10 * s)));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("-1", x0, y0 + lh + 1);
        g.fillText("0", x0 + lw / 2, y0 + lh + 1);
        g.fillText("+1", x0 + lw, y0 + lh + 1);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        ProbeAnalysis shownAnalysis = model.analysis();
        ProbeLayer layer = shownAnalysis == null ? ProbeLayer.H : shownAnalysis.result().layer();
        String name = layer.kind() == ProbeLayer.Kind.GATE ? layer.name() + " gate" : "activation " + layer.name();
        if (model.layersProperty().get() > 1) {
            name += ", layer " + (model.shownLayerProperty().get() + 1); // which of the stack's layers
        }
        g.fillText(name, x0 - 8 * s, y0 + lh / 2);
        // the caption only where it fits left of the legend's name (a narrow heatmap in large type has no room for both)
        String caption = "rows: units \u00b7 columns: characters";
        if (gutter() + textWidth(g.getFont(), caption) + 12 * s <= x0 - 8 * s - textWidth(g.getFont(), name)) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setFill(palette.muted);
            g.fillText(caption, gutter(), y0 + lh / 2);
        }
    }

    private static double textWidth(Font font, String text) {
        Text t = new Text(text);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    /** Units visible at the moment, top to bottom (for tests). */
    List<Integer> visibleUnits() {
        int[] order = model.orderProperty().get();
        if (order == null) {
            return List.of();
        }
        int first = (int) Math.floor(vbar.getValue());
        int last = (int) Math.min(order.length - 1, Math.ceil(vbar.getValue() + plotH() / cellH) - 1);
        ArrayList<Integer> out = new ArrayList<>();
        for (int r = first; r <= last; r++) {
            out.add(order[r]);
        }
        return out;
    }

}
