package dev.unroll.app.unrolled;

import static dev.unroll.app.unrolled.WalkPaint.textWidth;

import dev.unroll.app.ui.VisibleWhitespace;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.inspect.StackWalk;
import dev.unroll.engine.model.WindowTrace;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The walk-through of a stacked model ({@link UnrolledModel#stack()}) as the grid the pictures of stacked
 * RNNs draw: time across, layers up. The window's characters sit in the bottom row, each layer's cell per
 * step above them, the output p_t on top; h flows right (through time, layer k at step t to layer k at
 * t+1) and up (to the layer above at the same step, the top layer's to the output). Stepping forward
 * lights layer 1 at step t, then layer 2 at t, …, then step t+1; each lit cell shows its h^k_t's units
 * as a strip in the view's colour map. Stepping backward the error flows back through time and down
 * through the layers, top layer first at each step: each reached cell is filled in the backward colour by
 * ||dL/dh^k_t|| (on a log scale from the window's largest down 1,000 times) and shows its value. Every number
 * and colour comes from the engine's walk. When the window's steps do not fit, the columns around the
 * step showing are drawn and the title says which.
 *
 * <p>What was drawn is kept as a model ({@link #boxes()}, {@link #links()}, {@link #rowLabels()}) for tests
 * and for the audience of a talk.
 */
final class StackCanvas extends WalkCanvas {
    /** How far a box is lit. */
    enum Lit { DARK, FORWARD, FORWARD_NOW, BACKWARD, BACKWARD_NOW }

    /**
     * One box drawn: {@code row} -1 the input characters, 0..L-1 the layers (0 the bottom one), L the output;
     * {@code text} what it says (the character, the target and its probability, or ||dL/dh|| once the error
     * reached it); {@code value} the number it shows (p of the target, ||dL/dh^k_t||) or NaN; {@code textWidth}
     * and {@code fontSize} the width and size in pixels its text is drawn at (0 without text).
     */
    record Box(int row, int step, String text, Lit lit, double value, double x, double y, double w, double h,
               double textWidth, double fontSize) {
    }

    /** One arrow drawn, from a box to another (h or the character flowing forward; the error flows it back). */
    record Link(int fromRow, int fromStep, int toRow, int toStep, Lit lit) {
    }

    /** The least size, in units of the normal type, at which a grid of two layers keeps its labels apart. */
    static final double DESIGN_WIDTH = 760;
    static final double DESIGN_HEIGHT = 420;
    /** The fewest pixels (in units of the type) a step's column gets: more steps than fit are scrolled. */
    static final double MIN_COLUMN = 64;

    private List<Box> boxes = List.of();
    private List<Link> links = List.of();
    private List<String> rowLabels = List.of();
    private int firstStep;
    private int lastStep = -1;

    StackCanvas(UnrolledModel model) {
        super(model, "unrolled-stack-canvas", model.stackProperty());
    }

    /** The boxes drawn, row by row from the bottom (inputs, layers, output), each row left to right; empty without a stack. */
    List<Box> boxes() {
        return boxes;
    }

    /** The arrows drawn. */
    List<Link> links() {
        return links;
    }

    /** The rows' labels, bottom to top (the input, each layer, the output). */
    List<String> rowLabels() {
        return rowLabels;
    }

    /** The first and last step (0-based) whose columns are drawn. */
    int[] stepsDrawn() {
        return new int[] {firstStep, lastStep};
    }

    /** The box drawn at {@code row} and {@code step}, or null. */
    Box box(int row, int step) {
        for (Box b : boxes) {
            if (b.row() == row && b.step() == step) {
                return b;
            }
        }
        return null;
    }

    @Override
    void forget() {
        boxes = List.of();
        links = List.of();
    }

    /** The type scale a w x h canvas of L layers draws at: the theme's, or less (but at least 1) when the grid would not fit. */
    static double fittedScale(double themeScale, double w, double h, int layers) {
        double needH = DESIGN_HEIGHT + 70 * Math.max(0, layers - 2);
        return Math.min(themeScale, Math.max(1, Math.min(w / DESIGN_WIDTH, h / needH)));
    }

    /**
     * How lit layer k's cell at step t is at {@code position} (T steps, L layers): forward it is computed at
     * position tL + k + 1; backward the error reaches it at TL + (T-1-t)L + (L-1-k) + 1.
     */
    static Lit lit(int k, int t, int position, int T, int L) {
        int P = T * L;
        int f = t * L + k + 1;
        if (position <= P) {
            return f < position ? Lit.FORWARD : f == position ? Lit.FORWARD_NOW : Lit.DARK;
        }
        int b = P + (T - 1 - t) * L + (L - 1 - k) + 1;
        return b < position ? Lit.BACKWARD : b == position ? Lit.BACKWARD_NOW : Lit.FORWARD;
    }

    @Override
    protected void paint() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        StackWalk walk = model.stack();
        int L = walk == null ? 2 : walk.layerCount();
        GraphicsContext gc = begin(fittedScale(themeScale(), w, h, L), w, h);
        forget();
        if (walk == null || w <= 0 || h <= 0) {
            return;
        }
        draw(gc, walk, w, h);
    }

    private void draw(GraphicsContext gc, StackWalk walk, double w, double h) {
        double s = pal.s();
        int T = walk.length();
        int L = walk.layerCount();
        int p = model.position();
        int cur = model.currentStep();
        int curLayer = model.currentLayer();
        boolean backward = model.inBackward();
        Vocabulary vocab = model.gatedVocabulary();
        WindowTrace top = walk.top();
        List<Box> drawnBoxes = new ArrayList<>();
        List<Link> drawnLinks = new ArrayList<>();

        // the row labels on the left, the columns to their right
        List<String> labels = new ArrayList<>();
        labels.add("input x_t");
        for (int k = 0; k < L; k++) {
            labels.add(PositionText.layerName(k, L));
        }
        labels.add("output p_t");
        rowLabels = List.copyOf(labels);
        double pad = 12 * s;
        double labelW = 0;
        for (String l : labels) {
            labelW = Math.max(labelW, textWidth(l, pal.bold(13)));
        }
        labelW = Math.max(labelW, textWidth("reads layer " + Math.max(1, L - 1) + "'s h", pal.font(11))) + 14 * s;
        double gridX = pad + labelW;
        double gridW = w - gridX - pad;
        int fit = Math.max(1, (int) Math.floor(gridW / (MIN_COLUMN * s)));
        int n = Math.min(T, fit);
        int focus = Math.max(0, cur);
        firstStep = Math.max(0, Math.min(T - n, focus - n / 2));
        lastStep = firstStep + n - 1;
        double colW = gridW / n;

        // the title: what the step showing does, and a key to the colours
        double y = 8 * s;
        gc.setTextBaseline(VPos.TOP);
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setFill(pal.foreground());
        gc.setFont(pal.bold(15));
        String cellName = walk.cell().cliName().toUpperCase(Locale.ROOT);
        String range = n < T ? String.format(Locale.ROOT, " (steps %d–%d shown)", firstStep + 1, lastStep + 1) : "";
        // the title takes a second line rather than running past the edge (in large type)
        List<String> lines = wrap(title(walk, cur, curLayer, backward, vocab, cellName) + range, pal.bold(15), w - 2 * pad);
        for (String line : lines) {
            gc.fillText(line, pad, y);
            y += 22 * s;
        }
        gc.setFont(pal.font(12));
        gc.setFill(pal.muted());
        String key = backward
                ? "The error flows back through time (←) and down through the layers (↓); a cell's shade and number: ‖dL/dh‖ there."
                : "h flows right through time (→) and up to the layer above (↑); a lit cell's strip: its h's units, colour −1 … +1.";
        gc.fillText(fitText(key, pal.font(12), w - 2 * pad), pad, y);
        y += 22 * s;

        // rows, bottom to top: input, layers, output; each row a band with the boxes in its middle
        int rows = L + 2;
        double gridTop = y + 4 * s;
        double gridBottom = h - 8 * s;
        double band = (gridBottom - gridTop) / rows;
        double boxH = Math.max(14, Math.min(band * 0.58, 64 * s));
        double ioH = Math.max(14, Math.min(band * 0.5, 34 * s));
        double boxW = Math.max(6, colW * 0.74);
        double max = walk.maxDhNorm();
        // row r (-1 input .. L output) has its centre at:
        double[] centre = new double[rows];
        for (int r = 0; r < rows; r++) {
            centre[r] = gridBottom - band * (r + 0.5);
        }

        // row labels
        for (int r = 0; r < rows; r++) {
            gc.setTextAlign(TextAlignment.LEFT);
            gc.setTextBaseline(VPos.CENTER);
            gc.setFont(pal.bold(13));
            gc.setFill(r - 1 == curLayer ? (backward ? pal.backward() : pal.forward()) : pal.foreground());
            gc.fillText(labels.get(r), pad, centre[r] - (r >= 2 && r <= L ? 7 * s : 0));
            if (r >= 2 && r <= L) {
                gc.setFont(pal.font(11));
                gc.setFill(pal.muted());
                gc.fillText("reads layer " + (r - 1) + "'s h", pad, centre[r] + 9 * s);
            }
        }

        // the arrows first, the boxes over them
        for (int t = firstStep; t <= lastStep; t++) {
            double cx = gridX + (t - firstStep + 0.5) * colW;
            // up: the character into layer 1, layer k into layer k+1, the top layer into the output
            for (int r = -1; r < L; r++) {
                int toRow = r + 1;
                Lit l = toRow < L ? lit(toRow, t, p, T, L) : outputLit(t, p, T, L);
                if (r < 0 && (l == Lit.BACKWARD || l == Lit.BACKWARD_NOW)) {
                    l = Lit.FORWARD; // the error stops at layer 1: a character read is not a state to send it to
                }
                double y0 = centre[r + 1] - (r < 0 ? ioH : boxH) / 2;
                double y1 = centre[r + 2] + (toRow == L ? ioH : boxH) / 2;
                arrow(gc, cx, y0, cx, y1, l, s, !backward || l == Lit.FORWARD || l == Lit.DARK);
                drawnLinks.add(new Link(r, t, toRow, t, l));
            }
            // right: layer k at t-1 into layer k at t
            if (t > 0) {
                for (int k = 0; k < L; k++) {
                    Lit l = lit(k, t, p, T, L);
                    double x0 = t == firstStep ? gridX : cx - colW + boxW / 2;
                    arrow(gc, x0, centre[k + 1], cx - boxW / 2, centre[k + 1], l, s, !backward || l == Lit.FORWARD || l == Lit.DARK);
                    drawnLinks.add(new Link(k, t - 1, k, t, l));
                }
            }
        }

        for (int t = firstStep; t <= lastStep; t++) {
            double cx = gridX + (t - firstStep + 0.5) * colW;
            // the character read
            Lit in = p >= t * L + 1 ? (p == t * L + 1 ? Lit.FORWARD_NOW : Lit.FORWARD) : Lit.DARK;
            String ch = vocab == null ? "" : VisibleWhitespace.symbol(vocab.symbol(top.inputs()[t]));
            double iy = centre[0] - ioH / 2;
            gc.setFill(in == Lit.DARK ? pal.panel() : Palette.fade(pal.forward(), in == Lit.FORWARD_NOW ? 0.35 : 0.14));
            gc.fillRoundRect(cx - boxW / 2, iy, boxW, ioH, 6 * s, 6 * s);
            WalkPaint.centred(gc, ch, cx, centre[0], pal.mono(14), pal.foreground());
            drawnBoxes.add(new Box(-1, t, ch, in, Double.NaN, cx - boxW / 2, iy, boxW, ioH, textWidth(ch, pal.mono(14)), 14 * s));
        }
        for (int k = 0; k < L; k++) {
            WindowTrace layer = walk.layer(k);
            int H = layer.hiddenSize();
            for (int t = firstStep; t <= lastStep; t++) {
                double cx = gridX + (t - firstStep + 0.5) * colW;
                double bx = cx - boxW / 2;
                double by = centre[k + 1] - boxH / 2;
                Lit l = lit(k, t, p, T, L);
                boolean reached = l == Lit.BACKWARD || l == Lit.BACKWARD_NOW;
                double dh = walk.dhNorm(k, t);
                Color fill = switch (l) {
                    case DARK -> pal.panel();
                    case FORWARD -> Palette.fade(pal.forward(), backward ? 0.08 : 0.14);
                    case FORWARD_NOW -> Palette.fade(pal.forward(), 0.35);
                    case BACKWARD, BACKWARD_NOW -> Palette.fade(pal.backward(), 0.15 + 0.7 * shade(dh, max));
                };
                gc.setFill(fill);
                gc.fillRoundRect(bx, by, boxW, boxH, 8 * s, 8 * s);
                if (l != Lit.DARK) {
                    // h^k_t's units as a strip along the box's foot
                    double stripH = Math.min(12 * s, boxH * 0.3);
                    double sy = by + boxH - stripH - 3 * s;
                    double uw = (boxW - 6 * s) / H;
                    for (int u = 0; u < H; u++) {
                        gc.setFill(pal.map().color(layer.hidden(t, u)));
                        gc.fillRect(bx + 3 * s + u * uw, sy, Math.max(1, uw), stripH);
                    }
                }
                boolean now = l == Lit.FORWARD_NOW || l == Lit.BACKWARD_NOW;
                gc.setStroke(now ? (backward ? pal.backward() : pal.forward()) : pal.grid());
                gc.setLineWidth(now ? 3 * s : 1);
                gc.strokeRoundRect(bx, by, boxW, boxH, 8 * s, 8 * s);
                String text = reached ? number(dh) : "";
                double size = text.isEmpty() ? 0 : fitFont(text, boxW - 4 * s);
                if (!text.isEmpty()) {
                    double ty = by + (boxH - Math.min(12 * s, boxH * 0.3)) / 2;
                    WalkPaint.centred(gc, text, cx, ty, pal.bold(size), pal.foreground());
                }
                drawnBoxes.add(new Box(k, t, text, l, reached ? dh : Double.NaN, bx, by, boxW, boxH,
                        text.isEmpty() ? 0 : textWidth(text, pal.bold(size)), size * s));
            }
        }
        for (int t = firstStep; t <= lastStep; t++) {
            double cx = gridX + (t - firstStep + 0.5) * colW;
            Lit l = outputLit(t, p, T, L);
            double oy = centre[L + 1] - ioH / 2;
            int target = top.targets()[t];
            double prob = top.prob(t, target);
            boolean shown = l != Lit.DARK;
            String tc = vocab == null ? "" : VisibleWhitespace.symbol(vocab.symbol(target));
            String text = shown ? tc + String.format(Locale.ROOT, " %.2f", prob) : "";
            gc.setFill(shown ? pal.probability(prob) : pal.panel());
            gc.fillRoundRect(cx - boxW / 2, oy, boxW, ioH, 6 * s, 6 * s);
            if (l == Lit.BACKWARD || l == Lit.BACKWARD_NOW) {
                gc.setStroke(pal.backward());
                gc.setLineWidth(2 * s);
                gc.strokeRoundRect(cx - boxW / 2, oy, boxW, ioH, 6 * s, 6 * s);
            }
            double size = shown ? fitFont(text, boxW - 4 * s, 12, true) : 0;
            if (shown) {
                // the bright probability scale carries dark text in every theme
                WalkPaint.centred(gc, text, cx, centre[L + 1], pal.mono(size), Color.web("#1a1a1a"));
            }
            drawnBoxes.add(new Box(L, t, text, l, shown ? prob : Double.NaN, cx - boxW / 2, oy, boxW, ioH,
                    shown ? textWidth(text, pal.mono(size)) : 0, size * s));
        }
        boxes = List.copyOf(drawnBoxes);
        links = List.copyOf(drawnLinks);
    }

    /** The output at step t: computed with the top layer's cell, its error sent when the backward pass reaches that cell. */
    private static Lit outputLit(int t, int position, int T, int L) {
        return lit(L - 1, t, position, T, L);
    }

    private String title(StackWalk walk, int cur, int k, boolean backward, Vocabulary vocab, String cellName) {
        int T = walk.length();
        int L = walk.layerCount();
        if (cur < 0) {
            return "The " + L + "-layer " + cellName + " over " + T + " steps: step forward (→) to run layer 1 at step 1.";
        }
        String layer = PositionText.layerName(k, L);
        if (backward) {
            String from = k == L - 1 ? "the output at step " + (cur + 1) : "layer " + (k + 2) + " at step " + (cur + 1);
            String later = cur == T - 1 ? "" : " and from step " + (cur + 2);
            return String.format(Locale.ROOT, "Backward: the error reaches %s at step %d from %s%s: ‖dL/dh‖ = %s",
                    layer, cur + 1, from, later, number(walk.dhNorm(k, cur)));
        }
        String reads = k == 0
                ? (vocab == null ? "the character" : "'" + VisibleWhitespace.symbol(vocab.symbol(walk.top().inputs()[cur])) + "'")
                : "h of layer " + k;
        String prev = cur == 0 ? "its start state" : "its own h of step " + cur;
        return "Forward: " + layer + " at step " + (cur + 1) + " reads " + reads + " and " + prev
                + (k == L - 1 ? String.format(Locale.ROOT, " · loss %.3f", walk.top().stepLoss()[cur]) : "");
    }

    /** ||dL/dh|| on a log scale: 1 at the window's largest, 0 at a thousandth of it or less. */
    static double shade(double v, double max) {
        if (!(v > 0) || !(max > 0)) {
            return 0;
        }
        return Math.max(0, Math.min(1, 1 + Math.log10(v / max) / 3));
    }

    /** The number a reached cell shows: three significant digits. */
    static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private double fitFont(String text, double width) {
        return fitFont(text, width, 12, false);
    }

    /**
     * The size (at most {@code size}, in the normal type's units) at which {@code text} fits {@code width} in the
     * bold or (mono) the monospaced type; never below 6 (the layout test reports a box whose text would need less).
     */
    private double fitFont(String text, double width, double size, boolean mono) {
        double wAtSize = textWidth(text, mono ? pal.mono(size) : pal.bold(size));
        return wAtSize <= width ? size : Math.max(6, size * width / wAtSize);
    }

    /** The text, cut to a width with "…" only where a canvas line runs out of room (the status line says it whole). */
    private static String fitText(String text, Font font, double width) {
        if (textWidth(text, font) <= width) {
            return text;
        }
        String t = text;
        while (t.length() > 1 && textWidth(t + "…", font) > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    /** The text in at most two lines of {@code width}, broken between words (the second cut with "…" if need be). */
    private static List<String> wrap(String text, Font font, double width) {
        if (textWidth(text, font) <= width) {
            return List.of(text);
        }
        String[] words = text.split(" ");
        StringBuilder first = new StringBuilder(words[0]);
        int i = 1;
        while (i < words.length && textWidth(first + " " + words[i], font) <= width) {
            first.append(' ').append(words[i++]);
        }
        String rest = String.join(" ", Arrays.asList(words).subList(i, words.length));
        return rest.isEmpty() ? List.of(first.toString()) : List.of(first.toString(), fitText(rest, font, width));
    }

    /** An arrow from (x0, y0) to (x1, y1); forward it points there, else (the error flowing back) it points back. */
    private void arrow(GraphicsContext gc, double x0, double y0, double x1, double y1, Lit l, double s, boolean forward) {
        Color c = switch (l) {
            case DARK -> Palette.fade(pal.muted(), 0.45);
            case FORWARD, FORWARD_NOW -> Palette.fade(pal.forward(), l == Lit.FORWARD_NOW ? 1 : 0.7);
            case BACKWARD, BACKWARD_NOW -> pal.backward();
        };
        gc.setStroke(c);
        gc.setLineWidth((l == Lit.FORWARD_NOW || l == Lit.BACKWARD_NOW ? 3 : 1.6) * s);
        gc.strokeLine(x0, y0, x1, y1);
        double hx = forward ? x1 : x0;
        double hy = forward ? y1 : y0;
        double dx = forward ? x1 - x0 : x0 - x1;
        double dy = forward ? y1 - y0 : y0 - y1;
        double len = Math.hypot(dx, dy);
        if (len < 1) {
            return;
        }
        double ux = dx / len;
        double uy = dy / len;
        double a = 7 * s;
        gc.setFill(c);
        gc.fillPolygon(new double[] {hx, hx - ux * a - uy * a * 0.55, hx - ux * a + uy * a * 0.55},
                new double[] {hy, hy - uy * a + ux * a * 0.55, hy - uy * a - ux * a * 0.55}, 3);
    }
}
