package dev.unroll.app.unrolled;

import static dev.unroll.app.unrolled.WalkPaint.textWidth;

import dev.unroll.app.ui.VisibleWhitespace;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.GateTrace;
import dev.unroll.engine.model.WindowTrace;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The walk-through of a gated cell (LSTM, GRU) at the step showing, drawn from the
 * {@link UnrolledModel#gated()} walk the engine computed: the window's characters along the top
 * (the steps done in the forward colour, the steps the error has reached in the backward colour),
 * then the cell's inside at the current step. The carried state runs straight along a highway
 * (the LSTM's c_{t-1} → ⊗ f → ⊕ i⊙g → c_t; the GRU's h_{t-1} → ⊗ z → ⊕ (1−z)⊙n → h_t) with the
 * gates below it as small heatmaps, one column of H units per gate named from
 * {@link Cell#gateNames()}, coloured by the view's colour map, and the cell's equations in text.
 * In the backward pass the highway turns to the backward colour and carries ||dL/dc_t|| (LSTM) and
 * ||dL/dh_t||.
 */
final class GatedCanvas extends WalkCanvas {
    /** One heatmap column drawn: its name, the values of its units (top to bottom) and where it is. */
    record Column(String name, double[] values, double x, double y, double w, double h) {
    }

    /**
     * The least size, in units of the normal type, at which the diagram's labels keep apart; in a
     * smaller canvas the large type of the presentation theme is drawn smaller (never below the normal size).
     */
    static final double DESIGN_WIDTH = 880;
    static final double DESIGN_HEIGHT = 520;
    private List<Column> columns = List.of();

    GatedCanvas(UnrolledModel model) {
        super(model, "unrolled-gated-canvas", model.gatedProperty());
    }

    /** The heatmap columns drawn at the step showing (gates, states), in drawing order; empty without a step. */
    List<Column> columns() {
        return columns;
    }

    /** How many of the columns drawn are gates (the others are states). */
    int gatedColumnCount() {
        return (int) columns.stream().filter(c -> c.name().contains(" ")).count();
    }

    @Override
    void forget() {
        // a vanilla walk shows the chain instead: nothing drawn
        columns = List.of();
    }

    @Override
    protected void paint() {
        draw(canvas.getWidth(), canvas.getHeight());
    }

    /** The symbols of the gates, in {@link Cell#gateNames()} order (LSTM i f g o, GRU r z n). */
    private static String[] symbols(Cell cell) {
        return cell == Cell.LSTM ? new String[] {"i", "f", "g", "o"} : new String[] {"r", "z", "n"};
    }

    /** The cell's equations, torch.nn's forms, one a line. */
    private static List<String> equations(Cell cell) {
        if (cell == Cell.LSTM) {
            return List.of("i = σ(W_ii x_t + b_ii + W_hi h_t−1 + b_hi)", "f = σ(W_if x_t + b_if + W_hf h_t−1 + b_hf)",
                    "g = tanh(W_ig x_t + b_ig + W_hg h_t−1 + b_hg)", "o = σ(W_io x_t + b_io + W_ho h_t−1 + b_ho)",
                    "c_t = f ⊙ c_t−1 + i ⊙ g", "h_t = o ⊙ tanh(c_t)");
        }
        return List.of("r = σ(W_ir x_t + b_ir + W_hr h_t−1 + b_hr)", "z = σ(W_iz x_t + b_iz + W_hz h_t−1 + b_hz)",
                "n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_t−1 + b_hn))", "h_t = (1 − z) ⊙ n + z ⊙ h_t−1");
    }

    /** The type scale a w x h canvas draws at: the theme's, or less (but at least 1) when the diagram would not fit. */
    static double fittedScale(double themeScale, double w, double h) {
        return Math.min(themeScale, Math.max(1, Math.min(w / DESIGN_WIDTH, h / DESIGN_HEIGHT)));
    }

    private void draw(double w, double h) {
        GraphicsContext gc = begin(fittedScale(themeScale(), w, h), w, h);
        WindowTrace t = model.gated();
        List<Column> drawn = new ArrayList<>();
        columns = List.of();
        if (t == null || w <= 0 || h <= 0) {
            return;
        }
        double s = pal.s();
        Vocabulary vocab = model.gatedVocabulary();
        int T = t.length();
        int cur = model.currentStep();
        boolean backward = model.inBackward();
        int fwd = model.forwardDone();
        int back = model.backwardDone();

        // the window's characters, one box per step
        double left = 12 * s;
        double box = Math.max(4, Math.min(30 * s, (w - 2 * left) / T));
        double top = 8 * s;
        double boxH = 26 * s;
        gc.setTextAlign(TextAlignment.CENTER);
        gc.setTextBaseline(VPos.CENTER);
        gc.setFont(pal.mono(13));
        for (int i = 0; i < T; i++) {
            double x = left + i * box;
            boolean reached = backward && i >= T - back;
            Color fill = i == cur ? Palette.fade(backward ? pal.backward() : pal.forward(), 0.35)
                    : reached ? Palette.fade(pal.backward(), 0.12) : i < fwd ? Palette.fade(pal.forward(), 0.12) : pal.panel();
            gc.setFill(fill);
            gc.fillRect(x + 1, top, box - 2, boxH);
            if (box >= 12 * s && vocab != null) {
                gc.setFill(pal.foreground());
                gc.fillText(VisibleWhitespace.symbol(vocab.symbol(t.inputs()[i])), x + box / 2, top + boxH / 2);
            }
        }
        gc.setTextAlign(TextAlignment.LEFT);
        GateTrace gates = t.gates();
        Cell cell = gates.cell();
        String name = cell.cliName().toUpperCase(Locale.ROOT);
        gc.setFont(pal.bold(15));
        gc.setFill(pal.foreground());
        double titleY = top + boxH + 20 * s;
        if (cur < 0) {
            gc.fillText("The " + name + " over " + T + " steps: step forward (→) to see its gates at step 1.", left, titleY);
            return;
        }
        String in = vocab == null ? "" : " reads '" + VisibleWhitespace.symbol(vocab.symbol(t.inputs()[cur])) + "'";
        String target = vocab == null ? "" : ", target '" + VisibleWhitespace.symbol(vocab.symbol(t.targets()[cur])) + "'";
        gc.fillText("The " + name + " at step " + (cur + 1) + " of " + T + in + target
                + String.format(" (p = %.3f, loss %.3f)", t.prob(cur, t.targets()[cur]), t.stepLoss()[cur])
                + (backward ? " · backward pass" : " · forward pass"), left, titleY);

        // geometry: the equations on the right, the highway row and the gate row on the left
        int H = t.hiddenSize();
        List<String> eqs = equations(cell);
        double eqW = Math.min(380 * s, w * 0.34);
        double diagramW = w - eqW - 3 * left;
        double rowsTop = titleY + 26 * s;
        double rowsH = h - rowsTop - 12 * s;
        double gap = 34 * s;
        double colH = Math.max(H, Math.min(H * 14 * s, (rowsH - gap - 80 * s) / 2));
        double colW = Math.max(10, Math.min(26 * s, diagramW / 16));
        double rowA = rowsTop + 16 * s;
        double rowB = rowA + colH + gap + 16 * s;
        double hwY = rowA + colH / 2;
        Color flow = backward ? pal.backward() : pal.forward();

        double[] prevState;
        double[] state;
        String stateName = cell == Cell.LSTM ? "c" : "h";
        if (cell == Cell.LSTM) {
            prevState = cur == 0 ? gates.c0() : row(gates.cells(), cur - 1, H);
            state = row(gates.cells(), cur, H);
        } else {
            prevState = cur == 0 ? t.h0() : row(t.hidden(), cur - 1, H);
            state = row(t.hidden(), cur, H);
        }
        // x positions along the highway
        double xPrev = left + 40 * s;
        // the LSTM's o and h_t stand right of c_t: the highway leaves them room within the diagram's width
        double road = Math.max(8 * colW, diagramW - 40 * s - (cell == Cell.LSTM ? 7 : 2) * colW);
        double xMul = xPrev + road * 0.3;
        double xAdd = xPrev + road * 0.62;
        double xState = xPrev + road;
        String[] sym = symbols(cell);
        int G = gates.gateCount();
        double[][] g = new double[G][H];
        for (int k = 0; k < G; k++) {
            for (int u = 0; u < H; u++) {
                g[k][u] = gates.gate(cur, k, u);
            }
        }

        // the highway: a thick straight road from the state before to the state after
        gc.setStroke(Palette.fade(flow, 0.55));
        gc.setLineWidth(10 * s);
        gc.strokeLine(xPrev + colW, hwY, xState, hwY);
        arrowHead(gc, backward ? xPrev + colW : xState, hwY, backward ? -1 : 1, flow, 9 * s);
        node(gc, xMul, hwY, "×", flow, s);
        node(gc, xAdd, hwY, "+", flow, s);
        drawn.add(column(gc, stateName + "_t−1", prevState, xPrev, rowA, colW, colH));
        drawn.add(column(gc, stateName + "_t", state, xState, rowA, colW, colH));

        // the gates under the highway, feeding it
        gc.setStroke(pal.muted());
        gc.setLineWidth(1.5 * s);
        List<double[]> gateX = new ArrayList<>();
        if (cell == Cell.LSTM) {
            gateX.add(new double[] {0, xAdd - colW * 1.6}); // i
            gateX.add(new double[] {1, xMul - colW / 2}); // f
            gateX.add(new double[] {2, xAdd + colW * 0.6}); // g
            gateX.add(new double[] {3, xState + colW * 2.2}); // o
        } else {
            gateX.add(new double[] {0, xAdd - colW * 3.2}); // r
            gateX.add(new double[] {1, xMul - colW / 2}); // z
            gateX.add(new double[] {2, xAdd - colW / 2}); // n
        }
        for (double[] gx : gateX) {
            int k = (int) gx[0];
            double x = gx[1];
            String label = sym[k] + " " + gates.gateNames().get(k);
            drawn.add(column(gc, label, g[k], x, rowB, colW, colH));
        }
        // what every gate reads: x_t and h_t−1 (the LSTM's h_t−1 beside its highway, the GRU's is the highway's start)
        String input = vocab == null ? "x_t" : "x_t = '" + VisibleWhitespace.symbol(vocab.symbol(t.inputs()[cur])) + "'";
        if (cell == Cell.LSTM) {
            double[] hPrev = cur == 0 ? t.h0() : row(t.hidden(), cur - 1, H);
            drawn.add(column(gc, "h_t−1", hPrev, xPrev, rowB, colW, colH));
        }
        gc.setFill(pal.muted());
        gc.setFont(pal.font(12));
        gc.setTextAlign(TextAlignment.LEFT);
        gc.fillText("every gate reads " + input + " and h_t−1", xPrev, rowB + colH + 16 * s);
        // wires: f up to ×, i and g to +, (GRU: z to ×, n to +)
        double mx = gateX.get(1)[1] + colW / 2; // the LSTM's f, the GRU's z
        wire(gc, mx, rowB - 16 * s, xMul, hwY + 12 * s);
        if (cell == Cell.LSTM) {
            double ix = gateX.get(0)[1] + colW / 2;
            double gx = gateX.get(2)[1] + colW / 2;
            wire(gc, ix, rowB - 16 * s, xAdd, hwY + 12 * s);
            wire(gc, gx, rowB - 16 * s, xAdd, hwY + 12 * s);
            // h_t = o ⊙ tanh(c_t), beside the o gate
            double ox = gateX.get(3)[1];
            double hx = ox + colW * 2.6;
            double[] ht = row(t.hidden(), cur, H);
            wire(gc, xState + colW / 2, rowA + colH + 2 * s, hx + colW / 2, rowB - 16 * s);
            wire(gc, ox + colW, rowB + colH / 2, hx, rowB + colH / 2);
            drawn.add(column(gc, "h_t", ht, hx, rowB, colW, colH));
            label(gc, "tanh(c_t) ⊙ o", (ox + hx + colW) / 2, rowB - 30 * s, s);
            label(gc, "f ⊙ c_t−1", xMul, hwY - 26 * s, s);
            label(gc, "+ i ⊙ g", xAdd, hwY - 26 * s, s);
        } else {
            double nx = gateX.get(2)[1] + colW / 2;
            double rx = gateX.get(0)[1] + colW;
            wire(gc, nx, rowB - 16 * s, xAdd, hwY + 12 * s);
            wire(gc, rx, rowB + colH / 2, gateX.get(2)[1], rowB + colH / 2);
            label(gc, "r gates h_t−1 into n", (rx + gateX.get(2)[1]) / 2, rowB + colH + 30 * s, s);
            label(gc, "z ⊙ h_t−1", xMul, hwY - 26 * s, s);
            label(gc, "+ (1 − z) ⊙ n", xAdd, hwY - 26 * s, s);
        }

        // the error signal along the highway in the backward pass
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setFont(pal.bold(13));
        gc.setFill(pal.backward());
        if (backward) {
            double[] dc = gates.dcNorms();
            String err = String.format("‖dL/dh_%d‖ = %.4g", cur + 1, t.dhNorms()[cur])
                    + (dc == null ? "" : String.format("   ‖dL/dc_%d‖ = %.4g", cur + 1, dc[cur]));
            gc.fillText(err, xPrev, rowA + colH + 14 * s);
        }

        // the equations
        double ex = w - eqW - left;
        gc.setFill(pal.panel());
        double eqH = (eqs.size() + 1) * 22 * s + 12 * s;
        gc.fillRoundRect(ex, rowsTop, eqW, eqH, 10 * s, 10 * s);
        gc.setFill(pal.foreground());
        // the equations' type shrinks to fit their box (never grows past the theme's size)
        String heading = "The " + name + " cell (σ sigmoid, ⊙ element-wise)";
        double widest = Math.max(1, textWidth(heading, pal.bold(13)));
        for (String e : eqs) {
            widest = Math.max(widest, textWidth(e, pal.font(13)));
        }
        double fit = Math.min(1, (eqW - 20 * s) / widest);
        gc.setFont(pal.bold(13 * fit));
        gc.fillText(heading, ex + 10 * s, rowsTop + 16 * s);
        gc.setFont(pal.font(13 * fit));
        for (int i = 0; i < eqs.size(); i++) {
            gc.fillText(eqs.get(i), ex + 10 * s, rowsTop + (i + 2) * 22 * s);
        }
        gc.setFill(pal.muted());
        gc.setFont(pal.font(12));
        gc.fillText("columns: the " + H + " units, colour −1 … +1", ex + 10 * s, rowsTop + eqH + 16 * s);
        pal.map().drawLegend(gc, ex + 10 * s, rowsTop + eqH + 28 * s, Math.min(200 * s, eqW - 20 * s), 10 * s, -1, 1);
        columns = List.copyOf(drawn);
    }

    private static double[] row(double[] rows, int r, int H) {
        return Arrays.copyOfRange(rows, r * H, (r + 1) * H);
    }

    /** A heatmap column: one cell per unit, top to bottom, its name above. */
    private Column column(GraphicsContext gc, String name, double[] values, double x, double y, double w, double h) {
        double cellH = h / values.length;
        for (int u = 0; u < values.length; u++) {
            gc.setFill(pal.map().color(values[u]));
            gc.fillRect(x, y + u * cellH, w, Math.max(1, cellH));
        }
        gc.setStroke(pal.grid());
        gc.setLineWidth(1);
        gc.strokeRect(x, y, w, h);
        gc.setFill(pal.foreground());
        gc.setFont(pal.bold(12));
        gc.setTextAlign(TextAlignment.CENTER);
        gc.fillText(name, x + w / 2, y - 9 * pal.s());
        return new Column(name, values.clone(), x, y, w, h);
    }

    private void node(GraphicsContext gc, double x, double y, String op, Color c, double s) {
        double r = 12 * s;
        gc.setFill(pal.background());
        gc.fillOval(x - r, y - r, 2 * r, 2 * r);
        gc.setStroke(c);
        gc.setLineWidth(2 * s);
        gc.strokeOval(x - r, y - r, 2 * r, 2 * r);
        WalkPaint.centred(gc, op, x, y, pal.bold(16), c);
    }

    private void wire(GraphicsContext gc, double x0, double y0, double x1, double y1) {
        gc.setStroke(pal.muted());
        gc.setLineWidth(1.5 * pal.s());
        gc.strokeLine(x0, y0, x1, y1);
    }

    private void label(GraphicsContext gc, String text, double x, double y, double s) {
        gc.setFill(pal.muted());
        gc.setFont(pal.font(12));
        gc.setTextAlign(TextAlignment.CENTER);
        gc.fillText(text, x, y);
    }

    private static void arrowHead(GraphicsContext gc, double x, double y, int dir, Color c, double size) {
        gc.setFill(c);
        gc.fillPolygon(new double[] {x + dir * size, x - dir * size * 0.6, x - dir * size * 0.6},
                new double[] {y, y - size, y + size}, 3);
    }
}
