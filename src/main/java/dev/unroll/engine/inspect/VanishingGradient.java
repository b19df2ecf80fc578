package dev.unroll.engine.inspect;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.GradientFlow;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.WindowTrace;

import java.util.Arrays;

/**
 * The vanishing-gradient curve of any cell: how strongly the loss of the last prediction of a
 * window depends on the state k steps back, ||dL_T / dh_{T-k}|| for k = 0..T (and for the LSTM the
 * same for c), computed exactly by backpropagating the last step's loss alone
 * ({@link RecurrentModel#gradientFlow}). Works on a fresh copy of a {@link ModelSnapshot}'s weights,
 * so it is safe on any thread.
 */
public final class VanishingGradient {

    private VanishingGradient() {
    }

    /** The curve of a training window (a snapshot's trace), recomputed on {@code model}'s weights from the window's start state. */
    public static GradientFlow ofWindow(ModelSnapshot model, WindowTrace window) {
        int T = window.length();
        if (T < 1) {
            throw new IllegalArgumentException("the window is empty");
        }
        RecurrentModel m = model.newModel();
        double[] state0 = window.state0();
        if (state0.length != m.stateSize()) {
            // a stacked model's trace keeps its top layer's start state only: the window is read from a zero
            // state, as the stacked walk-through reads it
            state0 = new double[m.stateSize()];
        }
        return m.gradientFlow(window.inputs(), window.targets()[T - 1], state0);
    }

    /**
     * A typed text from a zero state: the model reads every character but the last and predicts the
     * last. Characters outside the vocabulary are left out (see {@link Vocabulary#missingFrom}).
     *
     * @throws BadInputException when fewer than two known characters remain, or more than {@link BpttAnalysis#MAX_STEPS} + 1
     */
    public static GradientFlow ofText(ModelSnapshot model, String text) {
        int[] idx = BpttAnalysis.unrollable(model.vocabulary(), text);
        RecurrentModel m = model.newModel();
        return m.gradientFlow(Arrays.copyOf(idx, idx.length - 1), idx[idx.length - 1], new double[m.stateSize()]);
    }

    /**
     * The curve of a model over a whole text, averaged: the text is read from a zero state in windows of
     * {@code T} characters, one after the other with the state carried on (as training and the validation
     * loss read it), and each window's curve ({@link RecurrentModel#gradientFlow}: the loss of predicting
     * the character after the window, backpropagated to every state of the window) is taken at the state
     * the window starts from. Averages are geometric (norms span orders of magnitude), so the ratio of two
     * averaged points is the geometric mean of the windows' ratios. Safe on any thread.
     *
     * @param text       vocabulary indices
     * @param T          the window length, at least 1
     * @param maxWindows at most this many windows, from the text's start
     * @throws BadInputException when the text holds no whole window and the character after it
     */
    public static Mean overText(ModelSnapshot model, int[] text, int T, int maxWindows) {
        int windows = windows(text, T, maxWindows);
        RecurrentModel reader = model.newModel();
        RecurrentModel flows = reader.copy();
        double[] state = new double[reader.stateSize()];
        double[] logDh = new double[T + 1];
        double[] logDc = model.cell().stateSize(1) > 1 ? new double[T + 1] : null;
        for (int w = 0; w < windows; w++) {
            int[] in = Arrays.copyOfRange(text, w * T, (w + 1) * T);
            GradientFlow f = flows.gradientFlow(in, text[(w + 1) * T], state);
            for (int k = 0; k <= T; k++) {
                logDh[k] += Math.log(f.dh()[k]);
                if (logDc != null) {
                    logDc[k] += Math.log(f.dc()[k]);
                }
            }
            reader.forward(in, null, state, null, null, null);
        }
        return new Mean(geometric(logDh, windows), logDc == null ? null : geometric(logDc, windows), windows);
    }

    /**
     * How many windows of {@code T} characters, each with the character after it, {@link #overText} reads:
     * at most {@code maxWindows}.
     *
     * @throws BadInputException when the text holds none
     */
    static int windows(int[] text, int T, int maxWindows) {
        if (T < 1 || maxWindows < 1) {
            throw new IllegalArgumentException("need T >= 1 and at least one window (got " + T + ", " + maxWindows + ")");
        }
        int windows = Math.min(maxWindows, (text.length - 1) / T);
        if (windows < 1) {
            throw new BadInputException("a text of " + text.length + " characters holds no window of " + T
                    + " characters and the one after it");
        }
        return windows;
    }

    /** exp(logSums[k] / n) for every k. */
    static double[] geometric(double[] logSums, int n) {
        double[] out = new double[logSums.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.exp(logSums[k] / n);
        }
        return out;
    }

    /**
     * A vanishing-gradient curve averaged over the windows of a text ({@link #overText}).
     *
     * @param dh      dh[k]: the geometric mean over the windows of ||dL_T / dh_{T-k}||, k = 0..T
     * @param dc      LSTM: the same for the cell state c; otherwise null
     * @param windows how many windows were averaged
     */
    public record Mean(double[] dh, double[] dc, int windows) {

        /** T, the window length. */
        public int length() {
            return dh.length - 1;
        }

        /**
         * How much of the gradient reaching the state {@code near} steps back is left {@code far} steps back:
         * dh[far] / dh[near], the geometric mean over the windows of ||dL_T/dh_{T-far}|| / ||dL_T/dh_{T-near}||
         * (NaN when a window's gradient was exactly zero).
         */
        public double ratio(int near, int far) {
            return dh[far] / dh[near];
        }

        /** The same as {@link #ratio} for the LSTM's cell state c; NaN for the other cells. */
        public double cellRatio(int near, int far) {
            return dc == null ? Double.NaN : dc[far] / dc[near];
        }
    }
}
