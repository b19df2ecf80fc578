package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.GateTrace;
import dev.unroll.engine.model.GradientFlow;
import dev.unroll.engine.model.LayerPass;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.WindowTrace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inspection per layer against independent computations: a one-layer model read through
 * {@link LayerInspection} gives what the one-layer cells' own code gives (probe, gates, saturation,
 * gradient curves, a window's trace) to rounding; a stacked model's curves agree with finite
 * differences (every layer's gradient at its start state, the top layer's at every step; five-point
 * quotient with e = 1e-4 as VanishingGradientTest's, relative 1e-6) and the top layer's gradient at the
 * last step is the output layer's Why^T (p_T - onehot), from the inference pass's p_T.
 */
class LayerInspectionTest {
    private static final String CHARS = "abcdef";
    private static final int V = CHARS.length();
    private static final int H = 4;
    private static final double EPS = 1e-4;

    /** A one-layer cell with weights of a wide spread (gates reach saturation) and its snapshot. */
    private static RecurrentModel cell(Cell cell, long seed) {
        Rng rng = new Rng(seed);
        RecurrentModel m = cell.create(V, H, rng);
        for (Tensor p : m.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = rng.nextGaussian() * 1.5;
            }
        }
        return m;
    }

    private static ModelSnapshot snapshot(RecurrentModel m) {
        List<Tensor> ps = new ArrayList<>();
        List<Tensor> gs = new ArrayList<>();
        for (int i = 0; i < m.parameters().size(); i++) {
            ps.add(m.parameters().get(i).copy());
            gs.add(m.gradients().get(i).copy());
        }
        return new ModelSnapshot(7, Vocabulary.of(CHARS), ps, gs, List.of());
    }

    private static DeepRnn deep(Cell cell, int layers, long seed) {
        Rng rng = new Rng(seed);
        DeepRnn m = new DeepRnn(cell, V, H, layers, 0.3, rng);
        for (Tensor p : m.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = rng.nextGaussian() * 0.6;
            }
        }
        return m;
    }

    private static int[] text(Rng rng, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(V);
        }
        return t;
    }

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void oneLayerGivesTheCellsOwnProbeGatesAndSaturation(Cell cell) {
        RecurrentModel m = cell(cell, 3);
        ModelSnapshot snap = snapshot(m);
        ProbeText probe = ProbeText.of(snap.vocabulary(), "fedcba", "abcabcddeeffab", "c");
        List<ProbeLayer> all = ProbeLayer.of(cell);
        List<ProbeResult> theirs = ProbeResult.runLayers(snap, probe, all);
        List<ProbeResult> mine = LayerInspection.probe(snap, probe, 0, all);
        assertEquals(all.size(), mine.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(i), mine.get(i).layer());
            close(theirs.get(i).hidden(), mine.get(i).hidden(), cell + " " + all.get(i));
            close(theirs.get(i).probs(), mine.get(i).probs(), "probs");
            close(theirs.get(i).loss(), mine.get(i).loss(), "loss");
        }
        int[] text = text(new Rng(4), 300);
        GateSaturation expected = GateSaturation.ofText(snap, text);
        List<GateSaturation> sat = LayerInspection.saturation(snap, text);
        assertEquals(1, sat.size());
        assertEquals(expected.gates(), sat.get(0).gates());
        assertEquals(300, sat.get(0).steps());
        for (int g = 0; g < expected.gates().size(); g++) {
            assertArrayEquals(expected.left()[g], sat.get(0).left()[g], 1e-12);
            assertArrayEquals(expected.right()[g], sat.get(0).right()[g], 1e-12);
        }
        if (cell != Cell.VANILLA) {
            double saturated = 0;
            for (double[] r : sat.get(0).right()) {
                for (double v : r) {
                    saturated += v;
                }
            }
            assertTrue(saturated > 0, "weights this wide saturate some gate: the comparison counts something");
        }
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void oneLayerGivesTheCellsOwnGradientCurvesAndWindow(Cell cell) {
        RecurrentModel m = cell(cell, 5);
        ModelSnapshot snap = snapshot(m);
        Rng rng = new Rng(6);
        int[] in = text(rng, 9);
        double[] s0 = new double[m.stateSize()];
        for (int i = 0; i < s0.length; i++) {
            s0[i] = rng.nextGaussian() * 0.5;
        }
        GradientFlow theirs = m.copy().gradientFlow(in, 2, s0.clone());
        List<GradientFlow> mine = LayerInspection.gradientFlow(snap, in, 2, s0);
        assertEquals(1, mine.size());
        close(theirs.dh(), mine.get(0).dh(), cell + " dh");
        if (cell == Cell.LSTM) {
            close(theirs.dc(), mine.get(0).dc(), "dc");
        } else {
            assertNull(mine.get(0).dc());
        }
        assertEquals(theirs.lastLoss(), mine.get(0).lastLoss(), 1e-12);

        int[] text = text(rng, 200);
        VanishingGradient.Mean overText = VanishingGradient.overText(snap, text, 8, 20);
        VanishingGradient.Mean perLayer = LayerInspection.gradientOverText(snap, text, 8, 20).get(0);
        assertEquals(20, perLayer.windows());
        close(overText.dh(), perLayer.dh(), "mean dh");

        double clip = 0.05;
        WindowTrace walk = GatedWalk.of(snap, in, 2, s0, clip);
        WindowTrace window = LayerInspection.window(snap, 0, in, 2, s0, clip);
        close(walk.hidden(), window.hidden(), "window h");
        close(walk.stepLoss(), window.stepLoss(), "window loss");
        close(walk.dhNorms(), window.dhNorms(), "||dL/dh_t||");
        close(walk.dhRawNorms(), window.dhRawNorms(), "||dL/da_t||");
        close(walk.state0(), window.state0(), "state0");
        assertEquals(clippedFraction(m, in, 2, s0, clip, walk.clippedFraction()), window.clippedFraction(), 1e-12);
        assertTrue(window.clippedFraction() > 0 && window.clippedFraction() < 1, "the clip bound clips some entries, not all");
        if (cell == Cell.LSTM) {
            close(walk.gates().dcNorms(), window.gates().dcNorms(), "||dL/dc_t||");
        }
        if (cell != Cell.VANILLA) {
            close(walk.gates().gates(), window.gates().gates(), "gates");
        }
    }

    /** DeepRnn's own RecurrentModel inspection at one layer: the cell's, after the same window. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void aOneLayerDeepRnnTracesItsWindowAsTheCellDoes(Cell cell) {
        RecurrentModel m = cell(cell, 8);
        DeepRnn d = LayerInspection.model(snapshot(m));
        Rng rng = new Rng(9);
        int[] data = text(rng, 11);
        double[] s1 = new double[m.stateSize()];
        for (int i = 0; i < s1.length; i++) {
            s1[i] = rng.nextGaussian() * 0.5;
        }
        double[] s2 = s1.clone();
        double[] s2Start = s1.clone();
        m.trainWindow(data, 0, 10, s1, 0.05);
        d.trainWindow(data, 0, 10, s2, 0.05);
        WindowTrace a = m.lastTrace();
        WindowTrace b = d.lastTrace();
        close(a.hidden(), b.hidden(), "h");
        close(a.dhNorms(), b.dhNorms(), "||dL/dh_t||");
        close(a.dhRawNorms(), b.dhRawNorms(), "||dL/da_t||");
        assertEquals(clippedFraction(m, Arrays.copyOf(data, 10), data[10], s2Start, 0.05, a.clippedFraction()), b.clippedFraction(), 1e-12);
        GateTrace ga = m.forwardGates(data, s1.clone());
        GateTrace gb = d.forwardGates(data, s1.clone());
        close(ga.gates(), gb.gates(), "gates");
    }

    /** After a batch, the trace is stream 0's window from its start state, seen from the top layer, as LayerInspection.window gives it. */
    @Test
    void afterABatchTheTraceIsStreamZerosWindowAtTheTopLayer() {
        DeepRnn m = deep(Cell.LSTM, 2, 50);
        Rng rng = new Rng(51);
        int T = 6;
        int[] windows = text(rng, 2 * (T + 1));
        double[] states = new double[2 * m.stateSize()];
        for (int i = 0; i < states.length; i++) {
            states[i] = rng.nextGaussian() * 0.5;
        }
        double[] stream0 = Arrays.copyOf(states, m.stateSize());
        ModelSnapshot before = snapshotOf(m);
        m.trainBatch(windows, 2, T, states, 0.01, new Rng(52));
        WindowTrace trace = m.lastTrace();
        WindowTrace expected = LayerInspection.window(before, 1, Arrays.copyOf(windows, T), windows[T], stream0, 0.01);
        assertArrayEquals(Arrays.copyOf(windows, T), trace.inputs());
        close(expected.hidden(), trace.hidden(), "top h");
        close(expected.dhNorms(), trace.dhNorms(), "||dL/dh_t||");
        close(expected.gates().dcNorms(), trace.gates().dcNorms(), "||dL/dc_t||");
        assertTrue(trace.clippedFraction() > 0 && trace.clippedFraction() <= 1, "the batch's clipped fraction");
    }

    /**
     * Two and three layers: the gradient reaching each layer's start state (h, and the LSTM's c) and the
     * top layer's state at every step, against finite differences of the last step's loss.
     */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void stackedCurvesMatchFiniteDifferences(Cell cell) {
        for (int L = 2; L <= 3; L++) {
            DeepRnn m = deep(cell, L, 10 + L);
            Rng rng = new Rng(20 + L);
            int T = 5;
            int[] in = text(rng, T);
            int target = 4;
            double[] s0 = new double[m.stateSize()];
            for (int i = 0; i < s0.length; i++) {
                s0[i] = rng.nextGaussian() * 0.5;
            }
            List<GradientFlow> flows = LayerPass.run(m, in, s0.clone()).gradientFlow(target);
            assertEquals(L, flows.size());
            int S = m.layerStateSize();
            // every layer's start state: the whole gradient reaches it through step 1
            for (int k = 0; k < L; k++) {
                assertEquals(norm(m, in, 0, s0, k * S, target), flows.get(k).dh()[T], 1e-6 * flows.get(k).dh()[T], cell + " L=" + L + " layer " + k + " dh_0");
                if (cell == Cell.LSTM) {
                    assertEquals(norm(m, in, 0, s0, k * S + H, target), flows.get(k).dc()[T], 1e-6 * flows.get(k).dc()[T], "dc_0 of layer " + k);
                }
            }
            // the top layer after step t (t < T): only the recurrence carries it to the last prediction
            double[] state = s0.clone();
            double[] logits = new double[V];
            for (int t = 1; t < T; t++) {
                m.step(in[t - 1], state, logits);
                double expected = norm(m, in, t, state, (L - 1) * S, target);
                assertEquals(expected, flows.get(L - 1).dh()[T - t], 1e-6 * expected, cell + " L=" + L + " top dh_" + t);
            }
            // the RecurrentModel method gives the top layer's
            assertArrayEquals(flows.get(L - 1).dh(), m.gradientFlow(in, target, s0).dh(), 0.0);
            assertEquals(LayerInspection.gradientFlow(snapshotOf(m), in, target, s0).get(0).dh()[T], flows.get(0).dh()[T], 0.0);
        }
    }

    /** The top layer's gradient at the last step is Why^T (p_T - onehot(target)), p_T from the inference pass. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void topLayerAtTheLastStepIsTheOutputLayersGradient(Cell cell) {
        DeepRnn m = deep(cell, 3, 31);
        int T = 7;
        int[] in = text(new Rng(32), T);
        int target = 1;
        double[] probs = new double[T * V];
        m.forward(in, null, new double[m.stateSize()], null, probs, null);
        Tensor why = m.parameters().get(4 * 3);
        double sq = 0;
        for (int j = 0; j < H; j++) {
            double s = 0;
            for (int v = 0; v < V; v++) {
                s += why.data[v * H + j] * (probs[(T - 1) * V + v] - (v == target ? 1 : 0));
            }
            sq += s * s;
        }
        List<GradientFlow> flows = LayerInspection.gradientFlow(snapshotOf(m), in, target, new double[m.stateSize()]);
        assertEquals(Math.sqrt(sq), flows.get(2).dh()[0], 1e-12);
        assertEquals(-Math.log(probs[(T - 1) * V + target]), flows.get(2).lastLoss(), 1e-12);
        assertTrue(flows.get(0).dh()[0] > 0, "the last step's loss reaches layer 0 at the last step through the layers above");
    }

    @Test
    void eachLayerHasItsOwnProbeAndSaturationAndBadLayersAreRefused() {
        DeepRnn m = deep(Cell.LSTM, 2, 40);
        ModelSnapshot snap = snapshotOf(m);
        ProbeText probe = ProbeText.of(snap.vocabulary(), "", "abcdefabcdef", "a");
        List<ProbeResult> l0 = LayerInspection.probe(snap, probe, 0, ProbeLayer.of(Cell.LSTM));
        List<ProbeResult> l1 = LayerInspection.probe(snap, probe, 1, ProbeLayer.of(Cell.LSTM));
        // the top layer's h is what the inference pass reports as h
        ProbeResult top = ProbeResult.run(snap, probe);
        close(top.hidden(), l1.get(0).hidden(), "top h");
        assertTrue(Math.abs(l0.get(0).hidden()[0] - l1.get(0).hidden()[0]) > 1e-9, "layer 0 is another layer");
        List<GateSaturation> sat = LayerInspection.saturation(snap, text(new Rng(41), 100));
        assertEquals(2, sat.size());
        assertEquals(List.of("input", "forget", "output"), sat.get(1).gates());
        BadInputException e = assertThrows(BadInputException.class, () -> LayerInspection.probe(snap, probe, 2, List.of(ProbeLayer.H)));
        assertEquals("the model has 2 layers (0 to 1); there is no layer 2", e.getMessage());
    }

    /**
     * {@link LayerInspection#everyLayer}: each layer's signal is {@link LayerInspection#probe}'s for that layer
     * (warm-up and all), and each layer's saturation, with no warm-up, is {@link LayerInspection#saturation}'s over
     * the passage; with a warm-up it counts the passage's steps alone.
     */
    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void everyLayerIsEachLayersProbeAndSaturation(Cell cell) {
        DeepRnn wide = deep(cell, 3, 42);
        for (Tensor p : wide.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] *= 4; // a wide spread: the gates reach saturation
            }
        }
        ModelSnapshot snap = snapshotOf(wide);
        for (ProbeLayer what : ProbeLayer.of(cell)) {
            ProbeText probe = ProbeText.of(snap.vocabulary(), "fedcba", "abcdefabcdefaabbcc", "d");
            LayerInspection.EveryLayer every = LayerInspection.everyLayer(snap, probe, what);
            assertEquals(3, every.results().size());
            for (int k = 0; k < 3; k++) {
                ProbeResult one = LayerInspection.probe(snap, probe, k, List.of(what)).get(0);
                assertArrayEquals(one.hidden(), every.results().get(k).hidden(), what + " of layer " + k);
                assertArrayEquals(one.loss(), every.results().get(k).loss(), "the losses");
                assertEquals(what, every.results().get(k).layer());
                assertEquals(probe.length(), every.saturation().get(k).steps(), "the passage's steps alone");
            }
        }
        ProbeText cold = ProbeText.of(snap.vocabulary(), "", "abcdefabcdefaabbccfeed", "a");
        List<GateSaturation> expected = LayerInspection.saturation(snap, cold.inputs());
        List<GateSaturation> got = LayerInspection.everyLayer(snap, cold, ProbeLayer.H).saturation();
        for (int k = 0; k < 3; k++) {
            assertEquals(expected.get(k).gates(), got.get(k).gates());
            for (int g = 0; g < expected.get(k).gates().size(); g++) {
                assertArrayEquals(expected.get(k).left()[g], got.get(k).left()[g], "left, layer " + k + " gate " + g);
                assertArrayEquals(expected.get(k).right()[g], got.get(k).right()[g], "right, layer " + k + " gate " + g);
            }
        }
        for (int k = 0; k < 3; k++) {
            assertTrue(Arrays.stream(got.get(k).right()[1]).sum() > 0 && Arrays.stream(got.get(k).left()[1]).sum() > 0,
                    "layer " + k + " has saturation on both sides to compare");
        }
        if (cell == Cell.GRU) {
            assertThrows(BadInputException.class, () -> LayerInspection.everyLayer(snap, cold, ProbeLayer.C), "a GRU has no c");
        }
    }

    /**
     * The clipped fraction a one-layer DeepRnn reports for the cell's window: the cell's own
     * ({@code cellFraction}) for a gated cell, whose gradients are the same tensors; for the vanilla
     * cell the DeepRnn has bh twice (bias_ih_l0 and bias_hh_l0 get the same gradient), so bh's clipped
     * entries count twice over 4 more entries.
     */
    private static double clippedFraction(RecurrentModel m, int[] in, int last, double[] s0, double clip, double cellFraction) {
        if (m.cell() != Cell.VANILLA) {
            return cellFraction;
        }
        RecurrentModel raw = m.copy();
        int[] data = Arrays.copyOf(in, in.length + 1);
        data[in.length] = last;
        raw.trainWindow(data, 0, in.length, s0.clone(), Double.POSITIVE_INFINITY);
        long all = 0;
        for (Tensor g : raw.gradients()) {
            all += g.data.length;
        }
        long dbhClipped = 0;
        for (double v : raw.gradients().get(3).data) {
            dbhClipped += Math.abs(v) > clip ? 1 : 0;
        }
        return (cellFraction * all + dbhClipped) / (all + H);
    }

    private static ModelSnapshot snapshotOf(DeepRnn m) {
        return snapshot(m);
    }

    /** ||d loss_T / d state[from .. from+H)|| by finite differences, running steps t.. from {@code state}. */
    private static double norm(DeepRnn m, int[] in, int t, double[] state, int from, int target) {
        double sq = 0;
        for (int j = 0; j < H; j++) {
            double d = (8 * (loss(m, in, t, state, from + j, EPS, target) - loss(m, in, t, state, from + j, -EPS, target))
                    - (loss(m, in, t, state, from + j, 2 * EPS, target) - loss(m, in, t, state, from + j, -2 * EPS, target))) / (12 * EPS);
            sq += d * d;
        }
        return Math.sqrt(sq);
    }

    private static double loss(DeepRnn m, int[] in, int t, double[] state, int entry, double delta, int target) {
        double[] s = state.clone();
        s[entry] += delta;
        double[] logits = new double[V];
        for (int i = t; i < in.length; i++) {
            m.step(in[i], s, logits);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double y : logits) {
            max = Math.max(max, y);
        }
        double sum = 0;
        for (double y : logits) {
            sum += Math.exp(y - max);
        }
        return -(logits[target] - max - Math.log(sum));
    }
}
