package dev.unroll.app.generate;

import static dev.unroll.app.ui.ColorMap.unpack;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.VisibleWhitespace;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Generation;

import javafx.beans.value.ObservableValue;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A lane's text in a large monospaced font on a canvas: the prime in grey, the generated characters
 * in ink, characters chosen by a what-if underlined in the accent colour, the selected character
 * boxed. A newline takes a cell of its own (drawn as a faint return sign) so it can be selected too.
 * Only the visible lines are drawn, runs of one style with one fillText each, so a text of 100,000
 * characters streams as smoothly as a short one; the layout grows incrementally as characters come.
 */
final class TextCanvas extends Region {
    static final double BASE_FONT = 17;
    private static final double PAD = 12;

    private final Lane lane;
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private Theme theme = Theme.LIGHT;
    private Font font;
    private double cellWidth;
    private double lineHeight;
    private double ascent;
    private IntConsumer onSelect = i -> { };
    private boolean selectable;
    private int selected = -1;

    // layout: cell p < primeLength is prime character p, then generated character p - primeLength
    private Generation laidFor;
    private int[] cells = new int[0];       // code points
    private int primeLength;
    private int cellCount;
    private int[] lineStarts = new int[64];
    private int lineCount;
    private int columns = 1;
    private int colInLine;
    private boolean follow = true;
    private boolean dirty = true;

    TextCanvas(Lane lane) {
        this.lane = lane;
        getStyleClass().add("text-canvas");
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.valueProperty().addListener((obs, o, v) -> {
            follow = v.doubleValue() >= scroll.getMax() - 1;
            markDirty();
        });
        getChildren().addAll(canvas, scroll);
        setFontSize(BASE_FONT);
        lane.generationProperty().addListener((obs, o, g) -> relayout());
        lane.shownProperty().addListener((obs, o, n) -> grow());
        canvas.setOnScroll(e -> scroll.setValue(clamp(scroll.getValue() - e.getDeltaY(), 0, scroll.getMax())));
        canvas.setOnMouseClicked(e -> {
            if (selectable && e.getButton() == MouseButton.PRIMARY) {
                requestFocus();
                int i = generatedIndexAt(e.getX(), e.getY());
                onSelect.accept(i);
            }
        });
        setFocusTraversable(true);
        // its keys are Generate's commands: ← and → (GenerateView), Escape clears the selection (GenerateFeature)
    }

    void setSelectable(boolean on, IntConsumer handler) {
        selectable = on;
        onSelect = handler;
    }

    void setSelected(int generatedIndex) {
        selected = generatedIndex;
        if (generatedIndex >= 0) {
            ensureVisible(primeLength + generatedIndex);
        }
        markDirty();
    }

    void setTheme(Theme t) {
        theme = t;
        setFontSize(BASE_FONT * t.scale());
    }

    private void setFontSize(double size) {
        font = Font.font("Monospaced", size);
        Text probe = new Text("M".repeat(100));
        probe.setFont(font);
        cellWidth = probe.getLayoutBounds().getWidth() / 100;
        lineHeight = Math.ceil(size * 1.45);
        ascent = -probe.getLayoutBounds().getMinY();
        relayout();
    }

    /** Where generated character {@code i} is drawn, in this node's coordinates (null when not laid out). */
    Bounds charBounds(int i) {
        int p = primeLength + i;
        if (i < 0 || p >= cellCount) {
            return null;
        }
        int line = lineOf(p);
        double x = PAD + (p - lineStarts[line]) * cellWidth;
        double y = PAD + line * lineHeight - scroll.getValue();
        return new BoundingBox(x, y, cellWidth, lineHeight);
    }

    /** The generated character under a point (this node's coordinates), or -1. */
    int generatedIndexAt(double x, double y) {
        int line = (int) Math.floor((y - PAD + scroll.getValue()) / lineHeight);
        if (line < 0 || line >= lineCount || x < PAD) {
            return -1;
        }
        int col = (int) Math.floor((x - PAD) / cellWidth);
        int end = line + 1 < lineCount ? lineStarts[line + 1] : cellCount;
        int p = lineStarts[line] + col;
        if (p >= end || p < primeLength) {
            return -1;
        }
        return p - primeLength;
    }

    /** Lines laid out (for tests and scrolling). */
    int lineCount() {
        return lineCount;
    }

    private int lineOf(int p) {
        int i = Arrays.binarySearch(lineStarts, 0, lineCount, p);
        return i >= 0 ? i : -i - 2;
    }

    private void relayout() {
        Generation g = lane.generation();
        laidFor = g;
        cellCount = 0;
        lineCount = 0;
        colInLine = 0;
        primeLength = 0;
        if (g != null) {
            String prime = g.primeText();
            int[] cps = prime.codePoints().toArray();
            primeLength = cps.length;
            ensureCells(cps.length + Math.max(0, lane.shown()));
            for (int cp : cps) {
                append(cp);
            }
        }
        follow = selected < 0; // after a what-if the picked character stays in view
        grow();
        markDirty();
    }

    private void grow() {
        Generation g = lane.generation();
        if (g != laidFor) {
            relayout();
            return;
        }
        if (g == null) {
            markDirty();
            return;
        }
        int shown = Math.min(lane.shown(), g.size());
        int have = cellCount - primeLength;
        if (shown < have) {
            relayout();
            return;
        }
        ensureCells(primeLength + shown);
        Vocabulary v = g.vocabulary();
        for (int i = have; i < shown; i++) {
            append(v.codePoint(g.indexAt(i)));
        }
        updateScroll();
        if (follow) {
            scroll.setValue(scroll.getMax());
        } else if (selected >= 0) {
            ensureVisible(primeLength + selected);
        }
        markDirty();
    }

    private void ensureCells(int n) {
        if (cells.length < n) {
            cells = Arrays.copyOf(cells, Math.max(n, cells.length * 2));
        }
    }

    private void append(int cp) {
        if (lineCount == 0) {
            newLine(cellCount);
        } else if (colInLine >= columns && !(cp == ' ' && colInLine == columns && cells[cellCount - 1] != '\n')) {
            wrap(cp);
        }
        cells[cellCount++] = cp;
        colInLine++;
        if (cp == '\n') {
            colInLine = columns; // the next character starts a line
        }
    }

    /**
     * The line is full (a space may still take the spare column): break after its last space when the word being written fits on the next
     * line (word wrap), else mid-word. A newline or a space simply starts the next line.
     */
    private void wrap(int cp) {
        int start = lineStarts[lineCount - 1];
        boolean hardBreak = cellCount > start && cells[cellCount - 1] == '\n';
        if (!hardBreak && cp != ' ' && cp != '\n') {
            for (int p = cellCount - 1; p > start && cellCount - p < columns / 2; p--) {
                if (cells[p] == ' ') {
                    newLine(p + 1);
                    colInLine = cellCount - (p + 1);
                    return;
                }
            }
        }
        newLine(cellCount);
    }

    private void newLine(int start) {
        if (lineCount == lineStarts.length) {
            lineStarts = Arrays.copyOf(lineStarts, lineCount * 2);
        }
        lineStarts[lineCount++] = start;
        colInLine = 0;
    }

    private void ensureVisible(int p) {
        if (p >= cellCount) {
            return;
        }
        double y = PAD + lineOf(p) * lineHeight;
        double h = canvas.getHeight();
        if (y < scroll.getValue()) {
            scroll.setValue(Math.max(0, y - PAD - lineHeight)); // one line of context above
        } else if (y + lineHeight > scroll.getValue() + h) {
            scroll.setValue(Math.min(scroll.getMax(), y + lineHeight - h + PAD));
        }
    }

    private void updateScroll() {
        double content = 2 * PAD + lineCount * lineHeight;
        double max = Math.max(0, content - canvas.getHeight());
        scroll.setMax(max);
        scroll.setVisibleAmount(Math.max(1, canvas.getHeight() * max / Math.max(1, content)));
        scroll.setUnitIncrement(lineHeight);
        scroll.setBlockIncrement(Math.max(lineHeight, canvas.getHeight() - lineHeight));
        if (scroll.getValue() > max) {
            scroll.setValue(max);
        }
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double sw = scroll.prefWidth(-1);
        scroll.resizeRelocate(w - sw, 0, sw, h);
        double cw = Math.max(1, w - sw);
        boolean resized = canvas.getWidth() != cw || canvas.getHeight() != h;
        canvas.setWidth(cw);
        canvas.setHeight(h);
        // one column is kept free for a space at the end of a full line (so a wrapped line does not start with it)
        int cols = Math.max(8, (int) Math.floor((cw - 2 * PAD) / cellWidth) - 1);
        if (cols != columns) {
            columns = cols;
            relayout();
        } else if (resized) {
            updateScroll();
            markDirty();
        }
        if (dirty) {
            draw();
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return 600;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 400;
    }

    private void markDirty() {
        dirty = true;
        requestLayout();
    }

    private void draw() {
        dirty = false;
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        var pal = theme.palette();
        Color background = unpack(pal.background());
        Color ink = unpack(pal.foreground());
        Color primeInk = unpack(pal.muted());
        Color primeBack = unpack(pal.surface());
        Color accent = unpack(pal.danger());
        Color selectBack = unpack(pal.selection());
        Color faint = primeInk.interpolate(background, 0.45);
        gc.setFill(background);
        gc.fillRect(0, 0, w, h);
        gc.setFont(font);
        gc.setTextBaseline(VPos.BASELINE);
        gc.setTextAlign(TextAlignment.LEFT);
        double top = scroll.getValue();
        int first = Math.max(0, (int) Math.floor((top - PAD) / lineHeight));
        int last = Math.min(lineCount - 1, (int) Math.ceil((top + h) / lineHeight));
        int selCell = selected >= 0 ? primeLength + selected : -1;
        Generation g = lane.generation();
        StringBuilder run = new StringBuilder();
        for (int line = first; line <= last; line++) {
            int start = lineStarts[line];
            int end = line + 1 < lineCount ? lineStarts[line + 1] : cellCount;
            double y = PAD + line * lineHeight - top;
            double base = y + (lineHeight - font.getSize() * 1.2) / 2 + ascent;
            int p = start;
            while (p < end) {
                int kind = kind(p, selCell, g);
                int q = p;
                run.setLength(0);
                while (q < end && kind(q, selCell, g) == kind) {
                    int cp = cells[q];
                    run.appendCodePoint(VisibleWhitespace.inText(cp));
                    q++;
                }
                double x = PAD + (p - start) * cellWidth;
                double width = (q - p) * cellWidth;
                switch (kind) {
                    case 1 -> {
                        gc.setFill(primeBack);
                        gc.fillRect(x, y + 1, width, lineHeight - 2);
                        gc.setFill(primeInk);
                    }
                    case 3 -> {
                        gc.setFill(selectBack);
                        gc.fillRect(x - 1, y, width + 2, lineHeight);
                        gc.setFill(Color.WHITE);
                    }
                    case 2 -> {
                        gc.setFill(accent);
                        gc.fillRect(x, y + lineHeight - Math.max(2, 2 * theme.scale()), width, Math.max(2, 2 * theme.scale()));
                    }
                    default -> gc.setFill(ink);
                }
                drawRun(gc, run, x, base, faint, kind);
                p = q;
            }
        }
        if (g == null) {
            gc.setFill(primeInk);
            gc.fillText("Generated text appears here.", PAD, PAD + ascent);
        }
    }

    /** Draws a run cell by cell only where it holds a newline or tab sign (drawn faint); otherwise in one call. */
    private void drawRun(GraphicsContext gc, StringBuilder run, double x, double base, Color faint, int kind) {
        String s = run.toString();
        if (s.codePoints().noneMatch(VisibleWhitespace::isSign)) {
            gc.fillText(s, x, base);
            return;
        }
        Paint fill = gc.getFill();
        int col = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean sign = VisibleWhitespace.isSign(cp);
            gc.setFill(sign && kind != 3 ? faint : fill);
            gc.fillText(new String(Character.toChars(cp)), x + col * cellWidth, base);
            i += Character.charCount(cp);
            col++;
        }
        gc.setFill(fill);
    }

    /** 0 generated, 1 prime, 2 picked by a what-if, 3 selected. */
    private int kind(int p, int selCell, Generation g) {
        if (p == selCell) {
            return 3;
        }
        if (p < primeLength) {
            return 1;
        }
        return g != null && g.wasPicked(p - primeLength) ? 2 : 0;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** For tests: the value the view follows. */
    ObservableValue<Number> scrollValue() {
        return scroll.valueProperty();
    }
}
