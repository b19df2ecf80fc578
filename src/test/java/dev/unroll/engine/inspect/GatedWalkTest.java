package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.GateTrace;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

/**
 * The walk-through of every cell over a typed text: h, c and the gates per step are the plain steps'
 * (and the LSTM's h = o tanh(c)), and the per-step error signals ||dL/dh_t|| and, for the LSTM,
 * ||dL/dc_t|| of the window's whole loss match central finite differences on the node (perturbing h_t,
 * or c_t with h_t = o_t tanh(c_t) moving with it, and running the rest of the window).
 */
class GatedWalkTest {
    static final double EPS = 1e-5;
    static final String TEXT = "ab(c \"ab\" (a)c\nb";

    @ParameterizedTest
    @EnumSource(Cell.class)
    void perStepStatesAndErrorSignalsMatchTheStepsAndFiniteDifferences(Cell cell) {
        int H = 4;
        ModelSnapshot model = cell == Cell.VANILLA ? ProbeResultTest.randomModel(H, 3) : ProbeLayerTest.randomModel(cell, H, 11);
        WindowTrace w = GatedWalk.ofText(model, TEXT, 5.0);
        int[] idx = model.vocabulary().encode(TEXT);
        int T = idx.length - 1;
        assertEquals(T, w.length());
        assertArrayEquals(Arrays.copyOf(idx, T), w.inputs());
        assertArrayEquals(Arrays.copyOfRange(idx, 1, T + 1), w.targets());
        RecurrentModel m = model.newModel();
        double[][] states = new double[T + 1][];
        states[0] = new double[m.stateSize()];
        double[] y = new double[m.vocabSize()];
        double loss = 0;
        for (int t = 0; t < T; t++) {
            states[t + 1] = states[t].clone();
            m.step(idx[t], states[t + 1], y);
            loss += -logSoftmax(y, idx[t + 1]);
            for (int u = 0; u < H; u++) {
                assertEquals(states[t + 1][u], w.hidden(t, u), 1e-12, "h t=" + t);
            }
        }
        assertEquals(loss, w.loss(), 1e-10);
        GateTrace g = w.gates();
        assertEquals(cell, g.cell());
        GateTrace plain = m.forwardGates(Arrays.copyOf(idx, T), new double[m.stateSize()]);
        assertArrayEquals(plain.gates(), g.gates(), 1e-12, "gates");
        for (int t = 0; t < T; t++) {
            double[] dh = new double[H];
            double[] dc = new double[H];
            for (int j = 0; j < H; j++) {
                dh[j] = derivative(m, idx, t, states[t + 1], j, -1, 0);
                if (cell == Cell.LSTM) {
                    assertEquals(states[t + 1][H + j], g.cell(t, j), 1e-12, "c t=" + t);
                    double o = g.gate(t, 3, j);
                    assertEquals(o * Math.tanh(g.cell(t, j)), w.hidden(t, j), 1e-12, "h = o tanh(c)");
                    dc[j] = derivative(m, idx, t, states[t + 1], H + j, j, o);
                }
            }
            VanishingGradientTest.assertClose(VanishingGradientTest.norm(dh), w.dhNorms()[t], cell + " dL/dh t=" + t);
            if (cell == Cell.LSTM) {
                VanishingGradientTest.assertClose(VanishingGradientTest.norm(dc), g.dcNorms()[t], cell + " dL/dc t=" + t);
            }
        }
        if (cell != Cell.LSTM) {
            assertNull(g.dcNorms());
        }
        assertThrows(BadInputException.class, () -> GatedWalk.ofText(model, "a", 5.0));
        assertThrows(BadInputException.class, () -> GatedWalk.ofText(model, "a\u00e9", 5.0));
    }

    /** A trainer's window recomputed on the weights it ran on is the trainer's own trace. */
    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void aTrainingWindowIsTheTrainersTrace(Cell cell) {
        Corpus corpus = Corpus.of("v", "abcabd (abcabd) \"xyz\" ".repeat(20));
        Trainer trainer = new Trainer(corpus, TrainingConfig.defaults().withHiddenSize(6).withIterations(30).withSampleEvery(0), cell);
        for (int i = 0; i < 20; i++) {
            trainer.iterate();
        }
        ModelSnapshot snap = trainer.modelSnapshot();
        trainer.iterate();
        WindowTrace w = trainer.snapshot().trace();
        WindowTrace again = GatedWalk.ofWindow(snap, w, 5.0);
        assertArrayEquals(w.hidden(), again.hidden(), 0);
        assertArrayEquals(w.dhNorms(), again.dhNorms(), 0);
        assertArrayEquals(w.gates().gates(), again.gates().gates(), 0);
        if (cell == Cell.LSTM) {
            assertArrayEquals(w.gates().dcNorms(), again.gates().dcNorms(), 0);
            assertArrayEquals(w.gates().cells(), again.gates().cells(), 0);
        }
    }

    /**
     * dL/d(entry) of the window's loss from step t on (the earlier steps' losses do not depend on it), the
     * entry of the state after step t moved; for the LSTM's c_j, h_j moves with it by o (tanh(c + e) - tanh(c)).
     */
    private static double derivative(RecurrentModel m, int[] idx, int t, double[] st, int entry, int hWith, double o) {
        double[] at = {EPS, -EPS, 2 * EPS, -2 * EPS};
        double[] f = new double[4];
        for (int q = 0; q < 4; q++) {
            double[] s = st.clone();
            s[entry] += at[q];
            if (hWith >= 0) {
                s[hWith] += o * (Math.tanh(st[entry] + at[q]) - Math.tanh(st[entry]));
            }
            f[q] = lossFrom(m, idx, t, s);
        }
        return (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * EPS);
    }

    /** The losses of steps t..T-1, from the state after step t. */
    private static double lossFrom(RecurrentModel m, int[] idx, int t, double[] state) {
        int T = idx.length - 1;
        double[] s = state.clone();
        double[] y = new double[m.vocabSize()];
        double loss = -logSoftmax(logits(m, s), idx[t + 1]);
        for (int u = t + 1; u < T; u++) {
            m.step(idx[u], s, y);
            loss += -logSoftmax(y, idx[u + 1]);
        }
        return loss;
    }

    private static double[] logits(RecurrentModel m, double[] s) {
        double[] why = m.parameters().stream().filter(p -> p.name.equals("Why")).findFirst().orElseThrow().data;
        double[] by = m.parameters().stream().filter(p -> p.name.equals("by")).findFirst().orElseThrow().data;
        int H = m.hiddenSize();
        double[] y = new double[m.vocabSize()];
        for (int k = 0; k < y.length; k++) {
            y[k] = by[k];
            for (int j = 0; j < H; j++) {
                y[k] += why[k * H + j] * s[j];
            }
        }
        return y;
    }

    private static double logSoftmax(double[] y, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : y) {
            sum += Math.exp(v - max);
        }
        return y[target] - max - Math.log(sum);
    }
}
