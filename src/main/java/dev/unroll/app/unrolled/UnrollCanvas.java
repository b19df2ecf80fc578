package dev.unroll.app.unrolled;

import static dev.unroll.app.unrolled.WalkPaint.textWidth;

import dev.unroll.app.core.Icons;
import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.ColorMap;
import dev.unroll.app.ui.VisibleWhitespace;
import dev.unroll.engine.inspect.BpttTrace;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

import java.util.ArrayList;
import java.util.List;

/**
 * The recurrent network drawn folded (one cell, a loop on h) or unrolled over the window's T steps,
 * morphing between the two by {@link #unrollProperty()} (0 folded, 1 unrolled). Inputs at the
 * bottom, hidden states (a strip of the H activations) in the middle, outputs on top; edges are
 * the shared matrices, and hovering one highlights every copy of it. Draws what the
 * {@link UnrolledModel}'s position allows: the forward pass up to its step, then the error signal
 * flowing back. Wide windows scroll (a scroll bar, the mouse wheel, and the view follows the
 * current step).
 */
final class UnrollCanvas extends Region {
    /** The three shared matrices, as edge kinds. */
    enum Kind { WXH("Wxh"), WHH("Whh"), WHY("Why");
        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One drawn copy of a matrix: the edge into step {@code t} (0-based). */
    record Edge(Kind kind, int t) {
    }

    private final UnrolledModel model;
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final DoubleProperty unroll = new SimpleDoubleProperty(this, "unroll", 1);
    private final ReadOnlyObjectWrapper<Kind> hovered = new ReadOnlyObjectWrapper<>(this, "hovered");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    /** Which steps are drawn with an input and an output (the talk's flavors, on the same cell). */
    private final ObjectProperty<Flavor> flavor = new SimpleObjectProperty<>(this, "flavor", Flavor.MANY_TO_MANY);
    private List<Edge> edges = List.of();
    private WritableImage hStrip;
    private WritableImage dhStrip;
    /** The theme's palette; {@link #pal} is it, or it at a smaller scale where the canvas is too low for the theme's type. */
    private Palette themePal = Palette.of(Theme.LIGHT);
    private Palette pal = themePal;
    private Geometry geo;
    private int drawnColumns;

    UnrollCanvas(UnrolledModel model) {
        this.model = model;
        canvas.setId("unrolled-canvas");
        scroll.setId("unrolled-scroll");
        scroll.setOrientation(Orientation.HORIZONTAL);
        getChildren().addAll(canvas, scroll);
        getStyleClass().add("unroll-canvas");
        model.traceProperty().addListener((o, a, t) -> rebuild(t));
        model.positionProperty().addListener((o, a, b) -> {
            followCurrent();
            draw();
        });
        unroll.addListener((o, a, b) -> draw());
        flavor.addListener((o, a, b) -> draw());
        hovered.addListener((o, a, b) -> draw());
        theme.addListener((o, a, t) -> {
            themePal = Palette.of(t);
            pal = themePal;
            rebuild(model.trace());
        });
        scroll.valueProperty().addListener((o, a, b) -> draw());
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hovered.set(hitTest(e.getX(), e.getY())));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hovered.set(null));
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            double d = Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY()) ? e.getDeltaX() : e.getDeltaY();
            scroll.setValue(Math.max(0, Math.min(scroll.getMax(), scroll.getValue() - d)));
            e.consume();
        });
        rebuild(model.trace());
    }

    /** 0 folded, 1 unrolled. */
    DoubleProperty unrollProperty() {
        return unroll;
    }

    /** The matrix under the mouse, or null. */
    ReadOnlyObjectProperty<Kind> hoveredProperty() {
        return hovered.getReadOnlyProperty();
    }

    ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Every edge of the chain (T Wxh, T-1 Whh, T Why). */
    List<Edge> edges() {
        return edges;
    }

    /** The edges drawn highlighted now: every copy of the hovered matrix. */
    List<Edge> highlightedEdges() {
        Kind k = hovered.get();
        return k == null ? List.of() : edges.stream().filter(e -> e.kind() == k).toList();
    }

    /** For tests: the strip of hidden states drawn in the chain, one pixel per step (x) and unit (y); null without a trace. */
    WritableImage hiddenStrip() {
        return hStrip;
    }

    /** Where the label of an edge is drawn now, in canvas coordinates (for tests and tooltips); null if hidden. */
    double[] labelPosition(Edge e) {
        Geometry g = geo;
        if (g == null) {
            return null;
        }
        double x = g.cx(e.t());
        return switch (e.kind()) {
            case WXH -> new double[] {x + g.box / 2 + 4 * g.s, (g.xTop + g.hBottom) / 2};
            case WHY -> new double[] {x + g.box / 2 + 4 * g.s, (g.hTop + g.yBottom) / 2};
            case WHH -> new double[] {(g.cx(e.t() - 1) + x) / 2, g.hMid - 10 * g.s};
        };
    }

    private void rebuild(BpttTrace t) {
        List<Edge> list = new ArrayList<>();
        if (t != null) {
            int T = t.length();
            for (int i = 0; i < T; i++) {
                list.add(new Edge(Kind.WXH, i));
                list.add(new Edge(Kind.WHY, i));
                if (i > 0) {
                    list.add(new Edge(Kind.WHH, i));
                }
            }
            int H = t.hiddenSize();
            hStrip = new WritableImage(T, H);
            dhStrip = new WritableImage(T, H);
            int[] px = new int[T * H];
            int[] dpx = new int[T * H];
            double dmax = 0;
            for (double v : t.dh()) {
                dmax = Math.max(dmax, Math.abs(v));
            }
            ColorMap map = pal.map();
            for (int s = 0; s < T; s++) {
                for (int i = 0; i < H; i++) {
                    px[i * T + s] = map.argb(t.hidden(s, i));
                    dpx[i * T + s] = map.argb(dmax == 0 ? 0 : t.dh(s, i) / dmax);
                }
            }
            hStrip.getPixelWriter().setPixels(0, 0, T, H, PixelFormat.getIntArgbInstance(), px, 0, T);
            dhStrip.getPixelWriter().setPixels(0, 0, T, H, PixelFormat.getIntArgbInstance(), dpx, 0, T);
        } else {
            hStrip = null;
            dhStrip = null;
        }
        edges = List.copyOf(list);
        layoutGeometry();
        followCurrent();
        draw();
    }

    @Override
    protected void layoutChildren() {
        layoutGeometry();
        paint();
    }

    /** The geometry for the current size and trace, the scroll bar's range, the canvas's size. */
    private void layoutGeometry() {
        double w = getWidth();
        double h = getHeight();
        pal = themePal.scaledTo(fittedScale(themePal.s(), h - scroll.prefHeight(-1)));
        double sb = scroll.isVisible() ? scroll.prefHeight(-1) : 0;
        geo = new Geometry(w, h - sb);
        scroll.setVisible(geo.overflow > 0);
        sb = scroll.isVisible() ? scroll.prefHeight(-1) : 0;
        geo = new Geometry(w, h - sb);
        scroll.setMax(Math.max(0, geo.overflow));
        scroll.setVisibleAmount(Math.max(1, geo.avail * geo.overflow / Math.max(1, geo.contentW)));
        scroll.setUnitIncrement(geo.col);
        scroll.setBlockIncrement(geo.avail * 0.8);
        if (scroll.getValue() > scroll.getMax()) {
            scroll.setValue(scroll.getMax());
        }
        canvas.setWidth(w);
        canvas.setHeight(Math.max(0, h - sb));
        scroll.resizeRelocate(0, h - sb, w, sb);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 900;
    }

    /** The height the chain needs at scale 1: the output row, Why, the hidden columns, Wxh, the input row and the legend. */
    static final double DESIGN_HEIGHT = 370;
    /** The smallest scale the chain is drawn at: below it the labels would be too small to read from a room's back. */
    static final double MIN_SCALE = 0.85;

    /**
     * The scale a canvas {@code h} high draws the chain at: the theme's, or less where its rows would
     * run into each other (the presentation theme's type at 1280x720 pressed the hidden columns into
     * slivers and put "hidden h (100)" over "input x"), never below {@value #MIN_SCALE}.
     */
    static double fittedScale(double themeScale, double h) {
        return Math.min(themeScale, Math.max(MIN_SCALE, h / DESIGN_HEIGHT));
    }

    @Override
    protected double computePrefHeight(double width) {
        return 520;
    }

    private void followCurrent() {
        Geometry g = geo;
        BpttTrace t = model.trace();
        if (g == null || t == null || g.overflow <= 0) {
            return;
        }
        int step = Math.max(0, model.currentStep());
        double x = g.left + g.col * (step + 0.5);
        double v = scroll.getValue();
        if (x - v < g.left + g.col * 1.5) {
            scroll.setValue(Math.max(0, x - g.left - g.col * 1.5));
        } else if (x - v > g.left + g.avail - g.col * 1.5) {
            scroll.setValue(Math.min(scroll.getMax(), x - g.left - g.avail + g.col * 1.5));
        }
    }

    /**
     * The chain's rows, top to bottom, in a canvas {@code h} high at scale {@code s} with boxes {@code box}
     * wide: the output boxes ({@code yTop..yBottom}), the Why edges, the hidden columns ({@code hTop..hBottom}),
     * the Wxh edges, the input boxes ({@code xTop..xBottom}), the step numbers and the legend line at
     * {@code legendY}. Where the canvas is low (large type at 1280x720), the two rows of edges give up
     * height first, down to {@value #MIN_GAP} px at scale 1, so that the hidden columns keep room for
     * their labels ({@value #MIN_HIDDEN} px) and no row label runs into another.
     */
    record Rows(double yTop, double yBottom, double hTop, double hBottom, double hMid, double xTop, double xBottom, double legendY) {
        /** The Why and Wxh edges' heights where there is room, at scale 1. */
        static final double WHY_GAP = 64;
        static final double WXH_GAP = 58;
        /** The least height of a row of edges (an arrow and its matrix's name), at scale 1. */
        static final double MIN_GAP = 28;
        /** The least height of the hidden columns (their three labels), at scale 1. */
        static final double MIN_HIDDEN = 56;

        static Rows of(double h, double s, double box) {
            double legendY = h - 22 * s;
            double yTop = 46 * s;
            double yBottom = yTop + Math.min(box * 1.1, 56 * s);
            double xBottom = legendY - 30 * s;
            double xTop = xBottom - Math.min(box, 50 * s);
            double why = WHY_GAP * s;
            double wxh = WXH_GAP * s;
            double gaps = xTop - yBottom - MIN_HIDDEN * s; // what the two rows of edges may take
            double least = MIN_GAP * s;
            if (gaps < why + wxh) {
                double k = Math.max(0, gaps - 2 * least) / (why + wxh - 2 * least);
                why = least + (why - least) * k;
                wxh = least + (wxh - least) * k;
            }
            double hTop = yBottom + why;
            double hBottom = Math.max(hTop + 20 * s, xTop - wxh);
            return new Rows(yTop, yBottom, hTop, hBottom, (hTop + hBottom) / 2, xTop, xBottom, legendY);
        }

        /**
         * The row labels down the left edge: each one's text, the y of its middle and its type size at scale 1
         * ({@code bold} for the rows, plain for the matrices), for {@code hidden} units.
         */
        List<RowLabel> labels(double s, int hidden) {
            return List.of(
                    new RowLabel("target", 22 * s, 12, false),
                    new RowLabel("output", (yTop + yBottom) / 2 - 8 * s, 13, true),
                    new RowLabel("y, p", (yTop + yBottom) / 2 + 10 * s, 13, true),
                    new RowLabel("Why ↑", (hTop + yBottom) / 2, 12, false),
                    new RowLabel("hidden", hMid - 18 * s, 13, true),
                    new RowLabel("h (" + hidden + ")", hMid, 13, true),
                    new RowLabel("Whh →", hMid + 18 * s, 12, false),
                    new RowLabel("Wxh ↑", (xTop + hBottom) / 2, 12, false),
                    new RowLabel("input x", (xTop + xBottom) / 2, 13, true));
        }
    }

    /** A row label: its text, the y of its middle, its type size at scale 1 and whether it is bold. */
    record RowLabel(String text, double y, double size, boolean bold) {
    }

    /** Sizes of everything, from the canvas size, the scale and T. */
    private final class Geometry {
        final double s = pal.s();
        final double w;
        final double h;
        final int T;
        final double left;
        final double avail;
        final double col;
        final double contentW;
        final double overflow;
        final double box;
        final double yTop;
        final double yBottom;
        final double hTop;
        final double hBottom;
        final double hMid;
        final double xTop;
        final double xBottom;
        final double legendY;

        Geometry(double w, double h) {
            this.w = w;
            this.h = h;
            BpttTrace t = model.trace();
            T = t == null ? 1 : t.length();
            left = 96 * s;
            double right = 16 * s;
            avail = Math.max(10, w - left - right);
            double minCol = 40 * s;
            double maxCol = 150 * s;
            col = Math.max(minCol, Math.min(maxCol, avail / T));
            contentW = col * T;
            overflow = contentW - avail;
            box = Math.min(col * 0.62, 70 * s);
            Rows r = Rows.of(h, s, box);
            legendY = r.legendY();
            yTop = r.yTop();
            yBottom = r.yBottom();
            xBottom = r.xBottom();
            xTop = r.xTop();
            hTop = r.hTop();
            hBottom = r.hBottom();
            hMid = r.hMid();
        }

        double unrolledX(int t) {
            double content = left + col * (t + 0.5) - (overflow > 0 ? scroll.getValue() : 0);
            if (overflow < 0) {
                content += -overflow / 2; // centre a short chain
            }
            return content;
        }

        double foldedX() {
            return left + avail / 2;
        }

        double cx(int t) {
            double u = unroll.get();
            return foldedX() + (unrolledX(t) - foldedX()) * u;
        }
    }

    // ---- drawing ----

    private long lastDrawNanos;

    /** The copies of the cell (columns) the last redraw drew: 1 folded, one per step in view unrolled (for tests). */
    int drawnColumns() {
        return drawnColumns;
    }

    /** How long the last redraw took (issuing the canvas commands), for measurements. */
    long lastDrawNanos() {
        return lastDrawNanos;
    }

    /**
     * Asks for a repaint in this pulse's layout pass: a new trace, a step, a hover and a scroll in the
     * same pulse are drawn once.
     */
    private void draw() {
        setNeedsLayout(true);
    }

    private void paint() {
        long t0 = System.nanoTime();
        drawNow();
        lastDrawNanos = System.nanoTime() - t0;
    }

    private void drawNow() {
        Geometry g = geo;
        if (g == null || g.w <= 0 || g.h <= 0) {
            return;
        }
        GraphicsContext gc = WalkPaint.clear(canvas, pal, g.w, g.h);
        BpttTrace t = model.trace();
        if (t == null) {
            return;
        }
        double s = g.s;
        double u = unroll.get();
        int T = t.length();
        int fwd = model.forwardDone();
        int back = model.backwardDone();
        int cur = model.currentStep();
        boolean backward = model.inBackward();
        Kind hov = hovered.get();

        // row labels
        gc.setTextBaseline(VPos.CENTER);
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setFill(pal.muted());
        // the rows, and the shared matrices named once per row of edges
        Rows rows = new Rows(g.yTop, g.yBottom, g.hTop, g.hBottom, g.hMid, g.xTop, g.xBottom, g.legendY);
        for (RowLabel l : rows.labels(s, t.hiddenSize())) {
            gc.setFont(l.bold() ? pal.bold(l.size()) : pal.font(l.size()));
            gc.fillText(l.text(), 8 * s, l.y());
        }

        // clip the chain to its area so that scrolled columns do not run over the labels
        gc.save();
        gc.beginPath();
        gc.rect(g.left - 24 * s, 0, g.w - g.left + 24 * s, g.h);
        gc.clip();

        // the current step's column band
        if (cur >= 0) {
            gc.setFill(Palette.fade(backward ? pal.backward() : pal.forward(), 0.10));
            double x = g.cx(cur);
            gc.fillRoundRect(x - g.col / 2 + 2 * s, 4 * s, g.col - 4 * s, g.legendY - 8 * s, 10 * s, 10 * s);
        }

        double normLo = Double.POSITIVE_INFINITY;
        double normHi = 0;
        for (int i = 0; i < T; i++) {
            for (double n : new double[] {t.fromNextNorms()[i], t.fromOutputNorms()[i]}) {
                if (n > 0 && Double.isFinite(n)) {
                    normLo = Math.min(normLo, n);
                    normHi = Math.max(normHi, n);
                }
            }
        }

        int first = 0;
        int last = T - 1;
        if (u >= 1 && g.overflow > 0) {
            first = Math.max(0, (int) Math.floor(scroll.getValue() / g.col) - 1);
            last = Math.min(T - 1, (int) Math.ceil((scroll.getValue() + g.avail) / g.col) + 1);
        }
        int foldedStep = Math.max(0, Math.min(T - 1, cur));
        boolean labels = g.col >= 70 * s;

        // h0 stub
        double alphaChain = u;
        if (u > 0.01) {
            double x1 = g.cx(0) - g.box / 2;
            gc.setStroke(Palette.fade(pal.muted(), alphaChain));
            gc.setLineWidth(1.5 * s);
            gc.setLineDashes(4 * s, 4 * s);
            arrow(gc, x1 - 22 * s, g.hMid, x1 - 2 * s, g.hMid, s);
            gc.setLineDashes(null);
            gc.setFill(Palette.fade(pal.muted(), alphaChain));
            gc.setFont(pal.font(11));
            gc.setTextAlign(TextAlignment.CENTER);
            gc.fillText("h₀", x1 - 14 * s, g.hMid - 12 * s);
        }

        // edges first, boxes over them
        for (Edge e : edges) {
            if (e.t() < first || e.t() > last) {
                continue;
            }
            double alpha = e.t() == foldedStep ? 1 : u;
            if (e.kind() == Kind.WHH) {
                alpha = u;
            }
            if (alpha < 0.01) {
                continue;
            }
            boolean hi = hov == e.kind();
            Color c = hi ? pal.highlight() : (hov != null ? Palette.fade(pal.muted(), 0.45) : pal.muted());
            gc.setStroke(Palette.fade(c, alpha));
            gc.setLineWidth((hi ? 3.2 : 1.6) * s);
            double x = g.cx(e.t());
            switch (e.kind()) {
                case WXH -> arrow(gc, x, g.xTop, x, g.hBottom, s);
                case WHY -> arrow(gc, x, g.hTop, x, g.yBottom, s);
                case WHH -> arrow(gc, g.cx(e.t() - 1) + g.box / 2, g.hMid, x - g.box / 2, g.hMid, s);
            }
            if (labels || hi || u < 1 || e.t() == Math.max(0, cur) || (e.t() == 1 && cur <= 0)) {
                double[] p = labelPosition(e);
                gc.setFont(hi ? pal.bold(12) : pal.font(12));
                gc.setFill(Palette.fade(hi ? pal.highlight() : pal.muted(), alpha));
                gc.setTextAlign(e.kind() == Kind.WHH ? TextAlignment.CENTER : TextAlignment.LEFT);
                String label = e.kind().label;
                boolean clipped = model.position() == 2 * T && clippedFraction(t, e.kind()) > 0;
                double w = textWidth(label, gc.getFont());
                // a clipped gradient: scissors after the label, from the icon font that ships with the app
                double shift = clipped && e.kind() == Kind.WHH ? -(gc.getFont().getSize() + 3 * s) / 2 : 0;
                gc.fillText(label, p[0] + shift, p[1]);
                if (clipped) {
                    Font text = gc.getFont();
                    double after = e.kind() == Kind.WHH ? p[0] + shift + w / 2 : p[0] + w;
                    gc.setTextAlign(TextAlignment.LEFT);
                    gc.setFont(Icons.font(MaterialDesignC.CONTENT_CUT, text.getSize()));
                    gc.fillText(Icons.glyph(MaterialDesignC.CONTENT_CUT), after + 3 * s, p[1]);
                    gc.setFont(text);
                }
            }
        }

        // the folded loop on h
        if (u < 0.99) {
            double a = 1 - u;
            double x = g.cx(foldedStep) + g.box / 2;
            double r = 22 * s;
            boolean hi = hov == Kind.WHH;
            gc.setStroke(Palette.fade(hi ? pal.highlight() : pal.muted(), a));
            gc.setLineWidth((hi ? 3.2 : 1.8) * s);
            gc.strokeArc(x - 4 * s, g.hMid - r, 2 * r, 2 * r, -140, 280, ArcType.OPEN);
            double ex = x + r - 4 * s + r * Math.cos(Math.toRadians(140));
            double ey = g.hMid + r * Math.sin(Math.toRadians(140));
            arrowHead(gc, ex + 6 * s, ey - 4 * s, ex, ey, s);
            gc.setFill(Palette.fade(hi ? pal.highlight() : pal.foreground(), a));
            gc.setFont(pal.bold(13));
            gc.setTextAlign(TextAlignment.LEFT);
            gc.fillText("Whh", x + 2 * r + 2 * s, g.hMid);
        }

        // backward: the error signal flowing to the left and down from each output
        if (back > 0 && u > 0.5) {
            for (int i = Math.max(first, T - back); i <= last; i++) {
                double x = g.cx(i);
                double wOut = width(t.fromOutputNorms()[i], normLo, normHi, s);
                if (wOut > 0) {
                    gc.setStroke(Palette.fade(pal.backward(), 0.9 * u));
                    gc.setLineWidth(wOut);
                    gc.setLineCap(StrokeLineCap.BUTT);
                    arrow(gc, x - g.box / 2 - 6 * s, g.yBottom + 4 * s, x - g.box / 2 - 6 * s, g.hTop - 2 * s, 0.6 * s + wOut / 5);
                }
                if (i > 0) {
                    double n = t.fromNextNorms()[i - 1];
                    double wb = width(n, normLo, normHi, s);
                    if (wb > 0) {
                        gc.setStroke(Palette.fade(pal.backward(), 0.9 * u));
                        gc.setLineWidth(wb);
                        double y = g.hMid + 16 * s;
                        arrow(gc, x - g.box / 2 - 2 * s, y, g.cx(i - 1) + g.box / 2 + 2 * s, y, 0.6 * s + wb / 5);
                    }
                }
                gc.setLineCap(StrokeLineCap.SQUARE);
            }
        }

        // columns
        int columns = 0;
        for (int i = first; i <= last; i++) {
            double alpha = i == foldedStep ? 1 : u;
            if (alpha < 0.01) {
                continue;
            }
            columns++;
            drawColumn(gc, g, t, i, alpha, i < fwd, i >= T - back && back > 0, i == cur, backward, labels);
        }
        gc.restore();
        drawnColumns = columns;
        drawLegend(gc, g, t);
        if (u < 0.5) {
            gc.setTextAlign(TextAlignment.CENTER);
            gc.setFont(pal.font(13));
            gc.setFill(Palette.fade(pal.muted(), 1 - 2 * u));
            gc.fillText("one cell, applied at every step: the same Wxh, Whh, Why each time", g.foldedX(), g.legendY - 6 * s);
        }
    }

    private static double clippedFraction(BpttTrace t, Kind k) {
        return t.clippedFractions()[k.ordinal() == 0 ? 0 : k.ordinal() == 1 ? 1 : 2];
    }

    private static double width(double n, double lo, double hi, double s) {
        if (!(n > 0) || !Double.isFinite(n) || hi <= 0) {
            return 0;
        }
        double f = hi > lo ? (Math.log(n) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : 1;
        return s * (0.8 + 7.5 * Math.max(0, Math.min(1, f)));
    }

    /** The flavor drawn: where the unrolled cell takes inputs and gives outputs. */
    ObjectProperty<Flavor> flavorProperty() {
        return flavor;
    }

    private void drawColumn(GraphicsContext gc, Geometry g, BpttTrace t, int i, double alpha, boolean done,
                            boolean backDone, boolean current, boolean backward, boolean labels) {
        double s = g.s;
        double x = g.cx(i);
        double b = g.box;
        String target = VisibleWhitespace.symbol(t.vocabulary().symbol(t.targets()[i]));
        String input = VisibleWhitespace.symbol(t.vocabulary().symbol(t.inputs()[i]));
        Color fg = Palette.fade(pal.foreground(), alpha);
        Color muted = Palette.fade(pal.muted(), alpha);
        Color accent = backward ? pal.backward() : pal.forward();

        // the flavor: a step without an output (or input) keeps a faint empty box, so the cell stays the same
        boolean out = flavor.get().hasOutput(i, t.length());
        boolean in = flavor.get().hasInput(i, t.length());
        gc.setTextAlign(TextAlignment.CENTER);
        gc.setTextBaseline(VPos.CENTER);
        if (!out) {
            double yb0 = g.yBottom - g.yTop;
            outline(gc, x - b / 2, g.yTop, b, yb0, false, false, accent, alpha * 0.3, s);
        }
        // target and its probability
        gc.setFont(pal.mono(15));
        gc.setFill(muted);
        if (out) {
            gc.fillText(target, x, 16 * s);
        }
        if (done && out) {
            gc.setFont(pal.font(11));
            gc.fillText(String.format("%.2f", t.targetProb(i)), x, 34 * s);
        }

        // output box: the most likely next character, coloured by p(target)
        double yb = g.yBottom - g.yTop;
        if (done && out) {
            gc.setFill(Palette.fade(pal.probability(t.targetProb(i)), alpha));
            gc.fillRoundRect(x - b / 2, g.yTop, b, yb, 8 * s, 8 * s);
            gc.setFill(Palette.fade(Color.web("#111111"), alpha));
            gc.setFont(pal.mono(Math.min(22, b / s * 0.42)));
            gc.fillText(VisibleWhitespace.symbol(t.vocabulary().symbol(t.predicted()[i])), x, g.yTop + yb * 0.45);
            if (labels) {
                gc.setFont(pal.font(10));
                gc.fillText(String.format("ℓ %.2f", t.stepLoss()[i]), x, g.yTop + yb * 0.82);
            }
        }
        if (out) {
            outline(gc, x - b / 2, g.yTop, b, yb, done, current, accent, alpha, s);
        }

        // hidden box: a strip of the H activations (and, once the error reached it, of dL/dh_t)
        double hh = g.hBottom - g.hTop;
        gc.setFill(Palette.fade(pal.panel(), alpha));
        gc.fillRect(x - b / 2, g.hTop, b, hh);
        if (done && hStrip != null) {
            gc.setGlobalAlpha(alpha);
            double wStrip = backDone ? b * 0.6 : b;
            gc.drawImage(hStrip, i, 0, 1, t.hiddenSize(), x - b / 2, g.hTop, wStrip, hh);
            if (backDone) {
                gc.drawImage(dhStrip, i, 0, 1, t.hiddenSize(), x - b / 2 + wStrip, g.hTop, b - wStrip, hh);
            }
            gc.setGlobalAlpha(1);
        }
        outline(gc, x - b / 2, g.hTop, b, hh, done, current, accent, alpha, s);
        if (backDone && labels) {
            gc.setFont(pal.font(10));
            gc.setFill(Palette.fade(pal.backward(), alpha));
            gc.fillText(String.format("‖∂h‖ %.2g", t.dhNorms()[i]), x, g.hBottom + 12 * s);
        }

        // input box
        double xb = g.xBottom - g.xTop;
        if (in) {
            gc.setFill(Palette.fade(pal.panel(), alpha));
            gc.fillRoundRect(x - b / 2, g.xTop, b, xb, 8 * s, 8 * s);
            outline(gc, x - b / 2, g.xTop, b, xb, true, current && !backward, accent, alpha, s);
            gc.setFill(fg);
            gc.setFont(pal.mono(Math.min(22, b / s * 0.42)));
            gc.fillText(input, x, (g.xTop + g.xBottom) / 2);
        } else {
            outline(gc, x - b / 2, g.xTop, b, xb, false, false, accent, alpha * 0.3, s);
        }
        gc.setFont(pal.font(11));
        gc.setFill(muted);
        double u = unroll.get();
        gc.fillText(u < 0.5 ? "t" : "t=" + (i + 1), x, g.xBottom + 12 * s);
    }

    private void outline(GraphicsContext gc, double x, double y, double w, double h, boolean solid, boolean current,
                         Color accent, double alpha, double s) {
        gc.setLineWidth((current ? 3 : 1.2) * s);
        gc.setStroke(Palette.fade(current ? accent : pal.muted(), alpha));
        gc.setLineDashes(solid ? null : new double[] {4 * s, 3 * s});
        gc.strokeRoundRect(x, y, w, h, 8 * s, 8 * s);
        gc.setLineDashes(null);
    }

    private void drawLegend(GraphicsContext gc, Geometry g, BpttTrace t) {
        double s = g.s;
        double y = g.legendY + 4 * s;
        double x = 8 * s;
        gc.setTextBaseline(VPos.CENTER);
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setFont(pal.font(11));
        x = legendBar(gc, x, y, s, "h:  −1", "+1");
        x = legendProb(gc, x + 18 * s, y, s);
        gc.setFill(pal.backward());
        gc.fillText("orange arrows: the error signal dL/dh flowing back; width ∝ log of its norm", x + 18 * s, y + 8 * s);
    }

    private double legendBar(GraphicsContext gc, double x, double y, double s, String lo, String hi) {
        gc.setFill(pal.muted());
        gc.fillText(lo, x, y + 8 * s);
        x += textWidth(lo, gc.getFont()) + 4 * s;
        pal.map().drawLegend(gc, x, y + 2 * s, 90 * s, 12 * s, -1, 1);
        x += 90 * s + 4 * s;
        gc.setFill(pal.muted());
        gc.fillText(hi, x, y + 8 * s);
        return x + textWidth(hi, gc.getFont());
    }

    private double legendProb(GraphicsContext gc, double x, double y, double s) {
        String lo = "p(target):  0";
        gc.setFill(pal.muted());
        gc.fillText(lo, x, y + 8 * s);
        x += textWidth(lo, gc.getFont()) + 4 * s;
        for (int k = 0; k < 60; k++) {
            gc.setFill(pal.probability(k / 59.0));
            gc.fillRect(x + k * 1.5 * s, y + 2 * s, 1.5 * s + 0.5, 12 * s);
        }
        x += 94 * s;
        gc.setFill(pal.muted());
        gc.fillText("1", x, y + 8 * s);
        return x + 10 * s;
    }

    private static void arrow(GraphicsContext gc, double x1, double y1, double x2, double y2, double s) {
        double a = Math.atan2(y2 - y1, x2 - x1);
        double back = 6 * s;
        gc.strokeLine(x1, y1, x2 - back * Math.cos(a), y2 - back * Math.sin(a));
        arrowHead(gc, x1, y1, x2, y2, s);
    }

    /** A filled triangle at (x2, y2) pointing along the line, in the stroke colour; {@code s} sets its size. */
    private static void arrowHead(GraphicsContext gc, double x1, double y1, double x2, double y2, double s) {
        double a = Math.atan2(y2 - y1, x2 - x1);
        double l = 8 * s;
        gc.setFill(gc.getStroke());
        gc.fillPolygon(new double[] {x2 + Math.cos(a) * 1.5, x2 - l * Math.cos(a - 0.42), x2 - l * Math.cos(a + 0.42)},
                new double[] {y2 + Math.sin(a) * 1.5, y2 - l * Math.sin(a - 0.42), y2 - l * Math.sin(a + 0.42)}, 3);
    }

    // ---- hovering ----

    private Kind hitTest(double mx, double my) {
        Geometry g = geo;
        BpttTrace t = model.trace();
        if (g == null || t == null) {
            return null;
        }
        double s = g.s;
        double tol = 9 * s;
        if (unroll.get() < 0.99) {
            double x = g.cx(Math.max(0, Math.min(t.length() - 1, model.currentStep()))) + g.box / 2;
            if (Math.hypot(mx - (x + 18 * s), my - g.hMid) < 30 * s) {
                return Kind.WHH;
            }
        }
        Kind best = null;
        double bestD = tol;
        for (Edge e : edges) {
            double x = g.cx(e.t());
            if (x < g.left - g.col || x > g.w + g.col) {
                continue;
            }
            double d = switch (e.kind()) {
                case WXH -> segment(mx, my, x, g.xTop, x, g.hBottom);
                case WHY -> segment(mx, my, x, g.hTop, x, g.yBottom);
                case WHH -> segment(mx, my, g.cx(e.t() - 1) + g.box / 2, g.hMid, x - g.box / 2, g.hMid);
            };
            double[] p = labelPosition(e);
            if (p != null) {
                // the label's box: centred above a recurrent edge, to the right of a vertical one
                double x0 = e.kind() == Kind.WHH ? p[0] - 16 * s : p[0];
                double x1 = x0 + 32 * s;
                double dx = Math.max(0, Math.max(x0 - mx, mx - x1));
                double dy = Math.max(0, Math.abs(my - p[1]) - 8 * s);
                d = Math.min(d, Math.hypot(dx, dy));
            }
            if (d < bestD) {
                bestD = d;
                best = e.kind();
            }
        }
        return best;
    }

    private static double segment(double px, double py, double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double l2 = dx * dx + dy * dy;
        double k = l2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / l2));
        return Math.hypot(px - (x1 + k * dx), py - (y1 + k * dy));
    }
}
