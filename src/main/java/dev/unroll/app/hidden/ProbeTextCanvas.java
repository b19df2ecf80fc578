package dev.unroll.app.hidden;

import dev.unroll.app.ui.VisibleWhitespace;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.inspect.SpanFinder;

import javafx.collections.ListChangeListener;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;

/**
 * The probe as running text, each character's background coloured by a unit's activation (after
 * Karpathy, Johnson and Fei-Fei, "Visualizing and Understanding Recurrent Networks"). Pinned units
 * are stacked: every line of text is repeated once per unit, so units can be compared character by
 * character. On demand, under each character: the model's five most likely next characters (shade =
 * probability, the true next one outlined) and the loss on the next character as a strip. Only the
 * visible lines are drawn. A drag selects a span for the unit finder.
 */
final class ProbeTextCanvas extends Region {
    private final HiddenModel model;
    private final Canvas canvas = new Canvas();
    private final ScrollBar vbar = new ScrollBar();
    private final Rectangle hoverBox = new Rectangle();
    private Palette palette;

    /** Lines of the wrapped text: [start, end) positions. */
    private final List<int[]> lines = new ArrayList<>();
    private double contentHeight;
    private final SpanDrag drag = new SpanDrag();
    private int hoverT = -1;

    ProbeTextCanvas(HiddenModel model, Palette palette) {
        this.model = model;
        this.palette = palette;
        setId("hidden-text");
        canvas.setId("hidden-text-canvas");
        vbar.setOrientation(Orientation.VERTICAL);
        hoverBox.setFill(null);
        hoverBox.setMouseTransparent(true);
        hoverBox.setVisible(false);
        getChildren().addAll(canvas, hoverBox, vbar);
        vbar.valueProperty().addListener((o, a, b) -> draw());
        model.analysisProperty().addListener((o, a, b) -> relayout());
        model.pinned().addListener((ListChangeListener<Integer>) c -> relayout());
        model.showPredictionsProperty().addListener((o, a, b) -> relayout());
        model.spanProperty().addListener((o, a, b) -> draw());
        model.spanResultProperty().addListener((o, a, b) -> draw());
        canvas.setOnMouseMoved(this::hover);
        canvas.setOnMouseExited(e -> {
            hoverT = -1;
            placeHover();
        });
        canvas.setOnMousePressed(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                drag.press(positionAt(e.getX(), e.getY()));
            }
        });
        canvas.setOnMouseDragged(e -> {
            if (drag.active()) {
                int t = positionAt(e.getX(), e.getY());
                if (t >= 0) {
                    drag.dragTo(t);
                }
                draw();
            }
        });
        canvas.setOnMouseReleased(e -> {
            if (drag.chosen()) {
                drag.select(model);
            } else if (drag.pressed() && e.getClickCount() == 2) {
                model.selectSpan(0, 0);
            }
            drag.clear();
            draw();
        });
        canvas.setOnScroll(e -> {
            vbar.setValue(Math.max(0, Math.min(vbar.getMax(), vbar.getValue() - e.getDeltaY())));
            e.consume();
        });
        setMinSize(200, 80);
    }

    void setPalette(Palette p) {
        palette = p;
        relayout();
    }

    // ---- geometry ----

    private double fontSize() {
        return 15 * palette.scale;
    }

    private double cellW() {
        return Math.ceil(fontSize() * 0.68);
    }

    private double rowH() {
        return Math.ceil(fontSize() * 1.45);
    }

    private double predH() {
        return Math.ceil(fontSize() * 1.05);
    }

    private double lossH() {
        return Math.ceil(fontSize() * 0.6);
    }

    private double labelW() {
        return Math.ceil(fontSize() * 3.6);
    }

    private double gap() {
        return Math.ceil(fontSize() * 0.6);
    }

    private List<Integer> units() {
        return List.copyOf(model.pinned());
    }

    private int stackRows() {
        return Math.max(1, model.pinned().size());
    }

    private double blockH() {
        double h = stackRows() * rowH();
        if (model.showPredictionsProperty().get()) {
            h += 5 * predH() + lossH() + 4;
        }
        return h + gap();
    }

    @Override
    protected void layoutChildren() {
        double sb = 14;
        canvas.setWidth(Math.max(1, getWidth() - sb));
        canvas.setHeight(Math.max(1, getHeight()));
        canvas.relocate(0, 0);
        vbar.resizeRelocate(getWidth() - sb, 0, sb, getHeight());
        relayout();
    }

    private void relayout() {
        lines.clear();
        ProbeAnalysis a = model.analysis();
        if (a != null) {
            wrap(a.result().probe().codePoints(), canvas.getWidth(), lines);
        }
        contentHeight = lines.size() * blockH() + gap();
        vbar.setMin(0);
        vbar.setMax(Math.max(0, contentHeight - canvas.getHeight()));
        vbar.setVisibleAmount(Math.min(contentHeight, canvas.getHeight()));
        vbar.setUnitIncrement(rowH());
        vbar.setBlockIncrement(canvas.getHeight() * 0.9);
        vbar.setValue(Math.min(vbar.getValue(), vbar.getMax()));
        draw();
    }

    private void wrap(int[] cps, double width, List<int[]> out) {
        int perLine = Math.max(8, (int) Math.floor((width - labelW() - 8) / cellW()));
        int start = 0;
        for (int t = 0; t < cps.length; t++) {
            if (cps[t] == '\n' || t - start + 1 >= perLine) {
                out.add(new int[] {start, t + 1});
                start = t + 1;
            }
        }
        if (start < cps.length) {
            out.add(new int[] {start, cps.length});
        }
    }

    /** The character position under a point (or -1). */
    private int positionAt(double x, double y) {
        double yy = y + vbar.getValue() - gap();
        int line = (int) Math.floor(yy / blockH());
        if (line < 0 || line >= lines.size() || x < labelW()) {
            return -1;
        }
        int[] l = lines.get(line);
        int t = l[0] + (int) Math.floor((x - labelW()) / cellW());
        return t < l[1] ? t : -1;
    }

    /** Local bounds of a character in the k-th stacked row (tests use this). */
    Bounds charBounds(int t, int stackIndex) {
        for (int i = 0; i < lines.size(); i++) {
            int[] l = lines.get(i);
            if (t >= l[0] && t < l[1]) {
                double x = labelW() + (t - l[0]) * cellW();
                double y = gap() + i * blockH() + stackIndex * rowH() - vbar.getValue();
                return new BoundingBox(x, y, cellW(), rowH());
            }
        }
        return null;
    }

    Canvas canvas() {
        return canvas;
    }

    /** Scrolls so that a position is visible. */
    void reveal(int t) {
        Bounds b = charBounds(t, 0);
        if (b != null && (b.getMinY() < 0 || b.getMaxY() > canvas.getHeight())) {
            vbar.setValue(Math.max(0, Math.min(vbar.getMax(), b.getMinY() + vbar.getValue() - canvas.getHeight() / 3)));
        }
    }

    private void hover(MouseEvent e) {
        int t = positionAt(e.getX(), e.getY());
        if (t != hoverT) {
            hoverT = t;
            if (t >= 0) {
                List<Integer> us = units();
                double yy = e.getY() + vbar.getValue() - gap();
                int k = (int) Math.floor((yy - Math.floor(yy / blockH()) * blockH()) / rowH());
                int unit = k >= 0 && k < us.size() ? us.get(k) : us.isEmpty() ? -1 : us.get(0);
                model.hoverProperty().set(new HiddenModel.Cell(t, unit));
            }
            placeHover();
        }
    }

    // ---- drawing ----

    void draw() {
        draw(canvas.getGraphicsContext2D(), canvas.getWidth(), canvas.getHeight(), vbar.getValue());
        placeHover();
    }

    private void draw(GraphicsContext g, double width, double height, double scrollY) {
        g.setFill(palette.background);
        g.fillRect(0, 0, width, height);
        ProbeAnalysis a = model.analysis();
        if (a == null) {
            return;
        }
        ProbeResult r = a.result();
        int[] cps = r.probe().codePoints();
        List<Integer> us = units();
        boolean preds = model.showPredictionsProperty().get();
        double cw = cellW();
        double rh = rowH();
        double bh = blockH();
        double lw = labelW();
        Font mono = Font.font("Monospaced", fontSize());
        Font monoBold = Font.font("Monospaced", FontWeight.BOLD, fontSize());
        Font small = Font.font("Monospaced", Math.max(9, fontSize() * 0.72));
        Font label = Font.font(Math.max(9, fontSize() * 0.7));
        HiddenModel.Span span = model.spanProperty().get();
        int[] selected = drag.shown(span);
        int selFrom = selected[0];
        int selTo = selected[1];
        SpanFinder.Result res = model.spanResultProperty().get();
        int first = Math.max(0, (int) Math.floor((scrollY - gap()) / bh));
        int last = Math.min(lines.size() - 1, (int) Math.ceil((scrollY + height) / bh));
        g.setTextBaseline(VPos.CENTER);
        for (int i = first; i <= last; i++) {
            int[] l = lines.get(i);
            double y0 = gap() + i * bh - scrollY;
            // one row per pinned unit (or the plain text)
            for (int k = 0; k < stackRows(); k++) {
                double y = y0 + k * rh;
                int unit = us.isEmpty() ? -1 : us.get(k);
                g.setTextAlign(TextAlignment.RIGHT);
                g.setFont(label);
                g.setFill(palette.muted);
                if (unit >= 0 && (k > 0 || i == first || us.size() > 1)) {
                    g.fillText("u" + unit, lw - 6, y + rh / 2);
                } else if (unit < 0 && i == first) {
                    g.fillText("", lw - 6, y + rh / 2);
                }
                g.setTextAlign(TextAlignment.CENTER);
                for (int t = l[0]; t < l[1]; t++) {
                    double x = lw + (t - l[0]) * cw;
                    double v = unit >= 0 ? r.activation(t, unit) : 0;
                    g.setFill(unit >= 0 ? palette.map.color(v) : palette.background);
                    g.fillRect(x, y, cw + 0.5, rh);
                    int cp = cps[t];
                    boolean invisible = cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r';
                    Color fg = unit >= 0 ? palette.map.textOn(v) : palette.text;
                    g.setFill(invisible ? fg.deriveColor(0, 1, 1, 0.45) : fg);
                    g.setFont(mono);
                    g.fillText(VisibleWhitespace.symbol(cp), x + cw / 2, y + rh / 2);
                }
            }
            double yText = y0;
            double stackH = stackRows() * rh;
            // span, matches, hover
            g.setLineWidth(Math.max(1.5, 1.5 * palette.scale));
            if (res != null && span != null && !drag.active()) {
                g.setStroke(palette.muted);
                g.setLineDashes(4, 3);
                for (SpanFinder.Match m : res.matches()) {
                    outline(g, l, m.from(), m.to(), yText, stackH);
                }
                g.setLineDashes((double[]) null);
            }
            if (selFrom >= 0) {
                g.setStroke(palette.highlight);
                outline(g, l, selFrom, selTo, yText, stackH);
            }
            if (preds) {
                drawPredictions(g, r, l, yText + stackH + 2, small, monoBold);
            }
        }
    }

    private void placeHover() {
        Bounds b = hoverT >= 0 ? charBounds(hoverT, 0) : null;
        hoverBox.setVisible(b != null);
        if (b != null) {
            hoverBox.setStroke(palette.text);
            hoverBox.setStrokeWidth(Math.max(1.5, palette.scale * 1.5));
            hoverBox.setX(b.getMinX());
            hoverBox.setY(b.getMinY());
            hoverBox.setWidth(b.getWidth());
            hoverBox.setHeight(stackRows() * rowH());
        }
    }

    private void outline(GraphicsContext g, int[] l, int from, int to, double y, double h) {
        int a = Math.max(from, l[0]);
        int b = Math.min(to, l[1]);
        if (a < b) {
            g.strokeRect(labelW() + (a - l[0]) * cellW(), y, (b - a) * cellW(), h);
        }
    }

    private void drawPredictions(GraphicsContext g, ProbeResult r, int[] l, double y0, Font small, Font bold) {
        double cw = cellW();
        double ph = predH();
        double lw = labelW();
        Color accent = palette.good;
        g.setTextAlign(TextAlignment.RIGHT);
        g.setFill(palette.muted);
        g.setFont(Font.font(Math.max(9, fontSize() * 0.62)));
        g.fillText("next?", lw - 6, y0 + ph / 2);
        g.fillText("loss", lw - 6, y0 + 5 * ph + lossH() / 2 + 2);
        g.setTextAlign(TextAlignment.CENTER);
        for (int t = l[0]; t < l[1]; t++) {
            double x = lw + (t - l[0]) * cw;
            int[] top = r.topK(t, 5);
            int target = r.target(t);
            for (int k = 0; k < top.length; k++) {
                double p = r.prob(t, top[k]);
                double y = y0 + k * ph;
                g.setFill(Color.color(accent.getRed(), accent.getGreen(), accent.getBlue(), Math.min(1, 0.08 + 0.85 * p)));
                g.fillRect(x, y, cw - 1, ph - 1);
                boolean hit = top[k] == target;
                g.setFill(p > 0.55 ? Color.WHITE : palette.text);
                g.setFont(hit ? bold : small);
                g.fillText(VisibleWhitespace.symbol(r.vocabulary().codePoint(top[k])), x + cw / 2, y + ph / 2);
                if (hit) {
                    g.setStroke(palette.highlight);
                    g.setLineWidth(Math.max(1.5, 1.5 * palette.scale));
                    g.strokeRect(x + 0.5, y + 0.5, cw - 2, ph - 2);
                }
            }
            double loss = r.loss()[t];
            double ly = y0 + 5 * ph + 2;
            if (!Double.isNaN(loss)) {
                double f = Math.min(1, loss / 6);
                g.setFill(Color.color(0.95, 0.45, 0.1, 0.15 + 0.85 * f));
                g.fillRect(x, ly, cw - 1, lossH());
            }
        }
    }

    /** The whole text (all lines, capped in height) as an image for export. */
    WritableImage export() {
        if (model.analysis() == null) {
            return null;
        }
        double h = Math.min(8000, contentHeight);
        Canvas c = new Canvas(canvas.getWidth(), Math.ceil(h));
        int ht = hoverT;
        hoverT = -1;
        draw(c.getGraphicsContext2D(), c.getWidth(), c.getHeight(), 0);
        hoverT = ht;
        return c.snapshot(null, null);
    }
}
