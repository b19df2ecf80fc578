package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.GateTrace;
import dev.unroll.engine.model.GradientFlow;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

/**
 * The vanishing-gradient curve against finite differences: for every k, ||dL_T/dh_{T-k}|| (and for
 * the LSTM ||dL_T/dc_{T-k}||, the node gradient) from perturbing each entry of the state k steps
 * back and running the remaining steps with {@link RecurrentModel#step}.
 */
class VanishingGradientTest {
    static final double EPS = 1e-4;

    @ParameterizedTest
    @EnumSource(Cell.class)
    void curveMatchesFiniteDifferences(Cell cell) {
        int V = 5;
        int H = 4;
        int T = 6;
        Rng rng = new Rng(99);
        RecurrentModel m = cell.create(V, H, rng);
        for (Tensor p : m.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = rng.nextGaussian() * 0.6;
            }
        }
        int[] in = new int[T];
        for (int t = 0; t < T; t++) {
            in[t] = rng.nextInt(V);
        }
        int target = 3;
        double[] s0 = new double[m.stateSize()];
        for (int i = 0; i < s0.length; i++) {
            s0[i] = rng.nextGaussian() * 0.5;
        }
        GradientFlow flow = m.copy().gradientFlow(in, target, s0.clone());
        assertEquals(T, flow.length());
        // the states s_0 .. s_T and (LSTM) the output gates o_1 .. o_T, from the plain steps
        double[][] states = new double[T + 1][];
        states[0] = s0.clone();
        double[] y = new double[V];
        for (int t = 0; t < T; t++) {
            states[t + 1] = states[t].clone();
            m.step(in[t], states[t + 1], y);
        }
        GateTrace gates = m.forwardGates(in, s0.clone());
        assertEquals(lossFrom(m, in, T, states[T], target), flow.lastLoss(), 1e-12);
        for (int k = 0; k <= T; k++) {
            int t = T - k;
            double[] dh = new double[H];
            double[] dc = new double[H];
            for (int j = 0; j < H; j++) {
                dh[j] = derivative(m, in, t, states[t], j, -1, target, null);
                if (cell == Cell.LSTM) {
                    // the node c_t: h_t = o_t tanh(c_t) moves with it (for t = 0 the given h_0 does not)
                    double o = t > 0 ? gates.gate(t - 1, 3, j) : 0;
                    dc[j] = derivative(m, in, t, states[t], H + j, j, target, t > 0 ? new double[] {o} : null);
                }
            }
            assertClose(norm(dh), flow.dh()[k], cell + " dh k=" + k);
            if (cell == Cell.LSTM) {
                assertClose(norm(dc), flow.dc()[k], cell + " dc k=" + k);
            }
        }
        if (cell != Cell.LSTM) {
            assertNull(flow.dc());
        }
    }

    /** The loss at step T from the state after step t, one state entry moved (and h_j with it for the LSTM's c). */
    private static double derivative(RecurrentModel m, int[] in, int t, double[] st, int entry, int hWith, int target, double[] o) {
        double[] f = new double[4];
        double[] at = {EPS, -EPS, 2 * EPS, -2 * EPS};
        for (int q = 0; q < 4; q++) {
            double[] s = st.clone();
            s[entry] += at[q];
            if (o != null) {
                s[hWith] += o[0] * (Math.tanh(st[entry] + at[q]) - Math.tanh(st[entry]));
            }
            f[q] = lossFrom(m, in, t, s, target);
        }
        return (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * EPS);
    }

    private static double lossFrom(RecurrentModel m, int[] in, int t, double[] s, int target) {
        double[] state = s.clone();
        double[] y = new double[m.vocabSize()];
        for (int u = t; u < in.length; u++) {
            m.step(in[u], state, y);
        }
        // logits from the final state (t = T takes no step)
        Tensor why = m.parameters().stream().filter(p -> p.name.equals("Why")).findFirst().orElseThrow();
        Tensor by = m.parameters().stream().filter(p -> p.name.equals("by")).findFirst().orElseThrow();
        int H = m.hiddenSize();
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < y.length; k++) {
            y[k] = by.data[k];
            for (int j = 0; j < H; j++) {
                y[k] += why.data[k * H + j] * state[j];
            }
            max = Math.max(max, y[k]);
        }
        double sum = 0;
        for (double v : y) {
            sum += Math.exp(v - max);
        }
        return -(y[target] - max - Math.log(sum));
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-6 * Math.max(Math.abs(expected), 1e-9),
                what + ": finite differences " + expected + ", analytic " + actual);
    }

    /** A snapshot's window: ofWindow starts from the window's whole state (c0 too) and predicts its last target. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void ofWindowAndOfTextUseTheSnapshotsCell(Cell cell) {
        Corpus corpus = Corpus.of("v", "abcabd abcabd xyz ".repeat(40));
        Trainer trainer = new Trainer(corpus, TrainingConfig.defaults().withHiddenSize(12).withIterations(60).withSampleEvery(0), cell);
        for (int i = 0; i < 59; i++) {
            trainer.iterate();
        }
        ModelSnapshot snap = trainer.modelSnapshot(); // the weights the next window runs on
        trainer.iterate();
        WindowTrace w = trainer.snapshot().trace();
        assertEquals(cell.stateSize(12), w.state0().length);
        GradientFlow a = VanishingGradient.ofWindow(snap, w);
        GradientFlow b = snap.newModel().gradientFlow(w.inputs(), w.targets()[w.length() - 1], w.state0());
        assertEquals(Arrays.toString(b.dh()), Arrays.toString(a.dh()));
        assertEquals(w.stepLoss()[w.length() - 1], a.lastLoss(), 1e-12 * a.lastLoss());
        GradientFlow t = VanishingGradient.ofText(snap, "abcab");
        assertEquals(4, t.length());
        assertThrows(BadInputException.class, () -> VanishingGradient.ofText(snap, "a"));
        assertThrows(BadInputException.class, () -> VanishingGradient.ofText(snap, "a\u00e9"));
    }

    /** At PyTorch-style initialisation with the small vanilla weights, the vanilla curve collapses within a few steps. */
    @ParameterizedTest
    @EnumSource(value = Cell.class, names = "VANILLA")
    void theVanillaCurveVanishesAtTheSeedsInitialisation(Cell cell) {
        RecurrentModel m = cell.create(10, 50, new Rng(1));
        int[] in = new int[20];
        GradientFlow f = m.gradientFlow(in, 1, new double[m.stateSize()]);
        // Whh ~ N(0, 1e-4): each step back multiplies by about 0.01 * sqrt(H) = 0.07
        assertTrue(f.dh()[5] < 1e-4 * f.dh()[0], List.of(f.dh()[0], f.dh()[5]).toString());
    }

    /**
     * overText: the text read in windows one after the other with the state carried on; each window's
     * curve is gradientFlow's from the state plain steps reach, and the average is geometric.
     */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void overTextAveragesTheWindowsCurvesGeometricallyWithTheStateCarriedOn(Cell cell) {
        Corpus corpus = Corpus.of("v", "abcabd (abcabd) \"xyz\" ".repeat(20));
        Trainer trainer = new Trainer(corpus, TrainingConfig.defaults().withHiddenSize(7).withIterations(30).withSampleEvery(0), cell);
        for (int i = 0; i < 30; i++) {
            trainer.iterate();
        }
        ModelSnapshot snap = trainer.modelSnapshot();
        int T = 6;
        int[] text = corpus.codes(5, 5 + 3 * T + 4); // three whole windows and the character after each
        VanishingGradient.Mean mean = VanishingGradient.overText(snap, text, T, 10);
        assertEquals(3, mean.windows());
        assertEquals(T, mean.length());
        RecurrentModel m = snap.newModel();
        double[] state = new double[m.stateSize()];
        double[] y = new double[m.vocabSize()];
        double[] logDh = new double[T + 1];
        double[] logDc = new double[T + 1];
        for (int w = 0; w < 3; w++) {
            GradientFlow f = snap.newModel().gradientFlow(Arrays.copyOfRange(text, w * T, w * T + T), text[w * T + T], state.clone());
            for (int k = 0; k <= T; k++) {
                logDh[k] += Math.log(f.dh()[k]) / 3;
                logDc[k] += cell == Cell.LSTM ? Math.log(f.dc()[k]) / 3 : 0;
            }
            for (int t = w * T; t < w * T + T; t++) {
                m.step(text[t], state, y);
            }
        }
        for (int k = 0; k <= T; k++) {
            assertEquals(Math.exp(logDh[k]), mean.dh()[k], 1e-12 * mean.dh()[k], "dh k=" + k);
            if (cell == Cell.LSTM) {
                assertEquals(Math.exp(logDc[k]), mean.dc()[k], 1e-12 * mean.dc()[k], "dc k=" + k);
            }
        }
        assertEquals(Math.exp(logDh[T] - logDh[1]), mean.ratio(1, T), 1e-12 * mean.ratio(1, T));
        if (cell == Cell.LSTM) {
            assertEquals(Math.exp(logDc[T] - logDc[1]), mean.cellRatio(1, T), 1e-12 * mean.cellRatio(1, T));
        } else {
            assertNull(mean.dc());
            assertTrue(Double.isNaN(mean.cellRatio(1, T)));
        }
        assertEquals(2, VanishingGradient.overText(snap, text, T, 2).windows());
        assertEquals(Arrays.toString(Arrays.copyOf(mean.dh(), 1)), Arrays.toString(Arrays.copyOf(
                VanishingGradient.overText(snap, Arrays.copyOf(text, 3 * T + 1), T, 10).dh(), 1)), "the last window needs only the character after it");
        assertThrows(BadInputException.class, () -> VanishingGradient.overText(snap, Arrays.copyOf(text, T), T, 10));
    }
}
