package dev.unroll.engine.model;

import static dev.unroll.engine.model.ReferenceEquivalenceTest.CHAOTIC_TOL;
import static dev.unroll.engine.model.ReferenceEquivalenceTest.SHAPES;
import static dev.unroll.engine.model.ReferenceEquivalenceTest.TOL;
import static dev.unroll.engine.model.ReferenceEquivalenceTest.assertClose;
import static dev.unroll.engine.model.ReferenceEquivalenceTest.assertTensorsClose;
import static dev.unroll.engine.model.ReferenceEquivalenceTest.assertTracesClose;
import static dev.unroll.engine.model.ReferenceEquivalenceTest.randomData;
import static dev.unroll.engine.model.ReferenceEquivalenceTest.randomize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.engine.Rng;
import dev.unroll.engine.train.Adagrad;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

/**
 * The fast {@link Lstm} and {@link Gru} against {@link ReferenceLstm} and {@link ReferenceGru}, the
 * plain implementations in the test tree.
 *
 * <p>Tolerance: as in {@link ReferenceEquivalenceTest} (whose argument carries over): the fast
 * cells sum the same terms in another order (four rows per pass, the weight gradients as products
 * over the whole window) and use {@link DenseKernels#tanh} (within 5e-15 relative of {@link Math#tanh});
 * each value is compared against the largest entry of its tensor with {@code TOL = 1e-12}, thousands
 * of ulps above the rounding we see and far below any real error (a wrong gate block, index or
 * stale copy shows at 1e-3 or worse). With a recurrent gain of 2 the recurrence amplifies rounding
 * step by step and {@code CHAOTIC_TOL = 1e-10} applies.
 */
class GatedReferenceEquivalenceTest {

    static ReferenceGatedRnn reference(Cell cell, int V, int H) {
        return cell == Cell.LSTM ? new ReferenceLstm(V, H) : new ReferenceGru(V, H);
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void initialisationIsTheDocumentedOne(Cell cell) {
        ReferenceGatedRnn ref = reference(cell, 11, 9);
        ref.initialise(new Rng(3));
        RecurrentModel fast = cell.create(11, 9, new Rng(3));
        ReferenceEquivalenceTest.assertTensorsEqual(ref.parameters(), fast.parameters());
        double k = 1 / Math.sqrt(9);
        for (Tensor p : fast.parameters()) {
            double max = 0;
            for (double v : p.data) {
                max = Math.max(max, Math.abs(v));
            }
            Assertions.assertTrue(max <= k && max > 0.7 * k, p.name + " spans +-1/sqrt(H): " + max);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void trainWindowMatchesReference(Cell cell) {
        Rng rng = new Rng(20261130);
        for (int[] shape : SHAPES) {
            for (double gain : new double[] {0.01, 0.5, 1.0, 2.0}) {
                for (double clip : new double[] {5.0, 0.05}) {
                    compareWindow(cell, rng, shape[0], shape[1], shape[2], gain / Math.sqrt(shape[1]), clip, gain > 1 ? CHAOTIC_TOL : TOL);
                }
            }
        }
    }

    private static void compareWindow(Cell cell, Rng rng, int V, int H, int T, double scale, double clip, double tol) {
        String what = cell + " V=" + V + " H=" + H + " T=" + T + " scale=" + scale + " clip=" + clip;
        ReferenceGatedRnn ref = reference(cell, V, H);
        randomize(ref.parameters(), rng, scale);
        RecurrentModel fast = cell.createZero(V, H);
        fast.copyParametersFrom(ref);
        int[] data = randomData(rng, V, T + 3);
        int start = rng.nextInt(3);
        double[] s0 = new double[fast.stateSize()];
        for (int i = 0; i < s0.length; i++) {
            // any start state, the LSTM's c beyond [-1, 1] too
            s0[i] = Math.tanh(rng.nextGaussian()) * (i >= H ? 3 : 1);
        }
        double[] sr = s0.clone();
        double[] sf = s0.clone();
        double lr = ref.trainWindow(data, start, T, sr, clip);
        double lf = fast.trainWindow(data, start, T, sf, clip);
        assertClose(new double[] {lr}, new double[] {lf}, tol, what + " loss");
        assertClose(sr, sf, tol, what + " state");
        assertTensorsClose(ref.gradients(), fast.gradients(), tol, what);
        assertTracesClose(ref.lastTrace(), fast.lastTrace(), tol, what);
        assertGatesClose(ref.lastTrace().gates(), fast.lastTrace().gates(), tol, what);
    }

    static void assertGatesClose(GateTrace e, GateTrace a, double tol, String what) {
        assertEquals(e.cell(), a.cell(), what);
        assertEquals(e.length(), a.length(), what);
        assertClose(e.gates(), a.gates(), tol, what + " gates");
        for (double[][] pair : new double[][][] {{e.cells(), a.cells()}, {e.c0(), a.c0()}, {e.dcNorms(), a.dcNorms()}}) {
            assertEquals(pair[0] == null, pair[1] == null, what + ": the same arrays present");
            if (pair[0] != null) {
                assertClose(pair[0], pair[1], tol, what + " cell state");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void forwardStepAndStepperMatchReference(Cell cell) {
        Rng rng = new Rng(77);
        for (int[] shape : SHAPES) {
            int V = shape[0];
            int H = shape[1];
            int T = shape[2];
            String what = cell + " V=" + V + " H=" + H + " T=" + T;
            ReferenceGatedRnn ref = reference(cell, V, H);
            randomize(ref.parameters(), rng, 1.0 / Math.sqrt(H));
            RecurrentModel fast = cell.createZero(V, H);
            fast.copyParametersFrom(ref);
            int S = fast.stateSize();
            assertEquals(cell.stateSize(H), S);
            int[] in = randomData(rng, V, T);
            int[] tg = randomData(rng, V, Math.max(0, T - 1));
            double[] sr = new double[S];
            double[] sf = new double[S];
            double[] hsR = new double[T * H];
            double[] hsF = new double[T * H];
            double[] pR = new double[T * V];
            double[] pF = new double[T * V];
            double[] lR = new double[T];
            double[] lF = new double[T];
            double a = ref.forward(in, tg, sr, hsR, pR, lR);
            double b = fast.forward(in, tg, sf, hsF, pF, lF);
            assertClose(new double[] {a}, new double[] {b}, what + " forward loss");
            assertClose(sr, sf, what + " forward state");
            assertClose(hsR, hsF, what + " forward hs");
            assertClose(pR, pF, what + " forward probs");
            assertClose(lR, lF, what + " forward step losses");
            double[] st = sf.clone();
            double[] yR = new double[V];
            double[] yF = new double[V];
            double[] yS = new double[V];
            RecurrentModel.Stepper stepper = fast.stepper();
            for (int x : in) {
                ref.step(x, sr, yR);
                fast.step(x, sf, yF);
                stepper.step(x, st, yS);
                assertClose(sr, sf, what + " step state");
                assertClose(yR, yF, what + " step logits");
                assertClose(sr, st, what + " stepper state");
                assertClose(yR, yS, what + " stepper logits");
            }
        }
    }

    /** Parameters written in place between calls (optimizer, restore, by hand) are seen by the next call. */
    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void inPlaceParameterChangesAreSeenImmediately(Cell cell) {
        Rng rng = new Rng(5);
        int V = 9;
        int H = 21;
        int T = 7;
        ReferenceGatedRnn ref = reference(cell, V, H);
        ref.initialise(rng);
        RecurrentModel fast = cell.createZero(V, H);
        fast.copyParametersFrom(ref);
        int[] data = randomData(rng, V, 40);
        Adagrad oa = new Adagrad();
        Adagrad ob = new Adagrad();
        oa.initialise(ref.parameters());
        ob.initialise(fast.parameters());
        double[] sr = new double[fast.stateSize()];
        double[] sf = new double[fast.stateSize()];
        for (int round = 0; round < 6; round++) {
            assertClose(new double[] {ref.trainWindow(data, round * 5, T, sr, 5)},
                    new double[] {fast.trainWindow(data, round * 5, T, sf, 5)}, "round " + round);
            assertTensorsClose(ref.gradients(), fast.gradients(), "round " + round);
            oa.step(ref.parameters(), ref.gradients(), 0.5);
            ob.step(fast.parameters(), fast.gradients(), 0.5);
            if (round == 2) {
                ReferenceGatedRnn other = reference(cell, V, H);
                randomize(other.parameters(), rng, 0.5);
                ref.copyParametersFrom(other);
                fast.copyParametersFrom(other);
            }
            if (round == 4) {
                // one entry of each tensor, changed by hand
                List<Tensor> pr = ref.parameters();
                List<Tensor> pf = fast.parameters();
                for (int k = 0; k < pr.size(); k++) {
                    pr.get(k).data[3] += 0.25;
                    pf.get(k).data[3] += 0.25;
                }
            }
            int[] in = Arrays.copyOfRange(data, 0, 12);
            int[] tg = Arrays.copyOfRange(data, 1, 13);
            assertClose(new double[] {ref.forward(in, tg, new double[fast.stateSize()], null, null, null)},
                    new double[] {fast.forward(in, tg, new double[fast.stateSize()], null, null, null)}, "forward after round " + round);
        }
    }

    /** A copy holds the same weights and gradients and computes the same numbers, bit for bit. */
    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void copiesAreDeepAndExact(Cell cell) {
        Rng rng = new Rng(8);
        RecurrentModel m = cell.create(6, 10, rng);
        int[] data = randomData(rng, 6, 30);
        m.trainWindow(data, 0, 20, new double[m.stateSize()], 5);
        RecurrentModel c = m.copy();
        assertEquals(cell, c.cell());
        ReferenceEquivalenceTest.assertTensorsEqual(m.parameters(), c.parameters());
        ReferenceEquivalenceTest.assertTensorsEqual(m.gradients(), c.gradients());
        double a = m.trainWindow(data, 5, 20, new double[m.stateSize()], 5);
        double b = c.trainWindow(data, 5, 20, new double[m.stateSize()], 5);
        assertEquals(a, b, 0.0);
        c.parameters().get(0).data[0] += 1;
        assertArrayEquals(new double[] {m.parameters().get(0).data[0] + 1}, new double[] {c.parameters().get(0).data[0]});
    }

    /** The inspection passes of every cell against the plain ones: the last-step gradient flow and the gate trace. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void gradientFlowAndGatesMatchReference(Cell cell) {
        Rng rng = new Rng(31);
        for (int[] shape : SHAPES) {
            int V = shape[0];
            int H = shape[1];
            int T = shape[2];
            String what = cell + " V=" + V + " H=" + H + " T=" + T;
            RecurrentModel ref = cell == Cell.VANILLA ? new ReferenceVanillaRnn(V, H) : reference(cell, V, H);
            randomize(ref.parameters(), rng, 1.0 / Math.sqrt(H));
            RecurrentModel fast = cell.createZero(V, H);
            fast.copyParametersFrom(ref);
            int[] in = randomData(rng, V, T);
            double[] s0 = new double[fast.stateSize()];
            for (int i = 0; i < s0.length; i++) {
                s0[i] = Math.tanh(rng.nextGaussian());
            }
            int target = rng.nextInt(V);
            GradientFlow a = ref.gradientFlow(in, target, s0.clone());
            GradientFlow b = fast.gradientFlow(in, target, s0.clone());
            assertClose(a.dh(), b.dh(), TOL, what + " dh");
            assertEquals(a.dc() == null, b.dc() == null, what);
            if (a.dc() != null) {
                assertClose(a.dc(), b.dc(), TOL, what + " dc");
            }
            assertClose(new double[] {a.lastLoss()}, new double[] {b.lastLoss()}, TOL, what + " loss");
            double[] sa = s0.clone();
            double[] sb = s0.clone();
            assertGatesClose(ref.forwardGates(in, sa), fast.forwardGates(in, sb), TOL, what);
            assertClose(sa, sb, TOL, what + " state after forwardGates");
        }
    }
}
