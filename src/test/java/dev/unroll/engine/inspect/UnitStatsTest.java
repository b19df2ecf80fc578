package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.Cell;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

class UnitStatsTest {

    /** A result with given activations (T x H), for tests that need exact patterns. */
    static ProbeResult synthetic(String text, int H, double[] hidden) {
        Vocabulary v = Vocabulary.of(text);
        ProbeText p = ProbeText.of(v, "", text, "");
        int T = p.length();
        double[] probs = new double[T * v.size()];
        Arrays.fill(probs, 1.0 / v.size());
        double[] loss = new double[T];
        return new ProbeResult(0, v, p, hidden, probs, loss, H);
    }

    @Test
    void statisticsAndCorrelationsMatchADirectComputation() {
        ProbeResult r = ProbeResult.run(ProbeResultTest.randomModel(9, 5), ProbeText.of(ProbeResultTest.VOCAB, "",
                "ab \"cab\" (a(b)c)\nabc \"ca\"\nb", ""));
        UnitStats s = UnitStats.of(r);
        double[] f = TextFeature.IN_QUOTES.of(r.probe());
        double[] corr = UnitStats.correlations(r, f);
        long total = 0;
        for (long c : s.histogram()) {
            total += c;
        }
        assertEquals((long) r.length() * 9, total);
        int satAll = 0;
        for (int u = 0; u < 9; u++) {
            double[] x = r.unit(u);
            double m = Arrays.stream(x).average().orElseThrow();
            double var = Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / x.length;
            long sat = Arrays.stream(x).filter(v -> Math.abs(v) > 0.9).count();
            satAll += sat;
            assertEquals(m, s.mean()[u], 1e-12);
            assertEquals(var, s.variance()[u], 1e-12);
            assertEquals((double) sat / x.length, s.saturated()[u], 1e-12);
            assertEquals(UnitStats.pearson(x, f), corr[u], 1e-9);
        }
        assertEquals((double) satAll / (9 * r.length()), s.saturatedAll(), 1e-12);
        assertTrue(satAll > 0, "the scaled random weights should saturate some units");
    }

    @Test
    void aSigmoidGateIsSaturatedShutAsWellAsOpenATanhLayerAtEitherSign() {
        // two units over three characters: unit 0 shut (0.05), open (0.95), half (0.5); unit 1 at 0.5, 0.5, 0.5
        double[] h = {0.05, 0.5, 0.95, 0.5, 0.5, 0.5};
        ProbeResult asH = synthetic("abc", 2, h);
        ProbeLayer forget = ProbeLayer.gate(Cell.LSTM, 1);
        ProbeLayer cellGate = ProbeLayer.gate(Cell.LSTM, 2);
        assertTrue(forget.sigmoid());
        assertTrue(!cellGate.sigmoid() && !ProbeLayer.H.sigmoid() && !ProbeLayer.C.sigmoid());
        ProbeResult asForget = new ProbeResult(0, asH.vocabulary(), asH.probe(), h, asH.probs(), asH.loss(), 2, forget);
        assertEquals(2.0 / 3, UnitStats.of(asForget).saturated()[0], 1e-12, "shut and open both count for a sigmoid gate");
        assertEquals(0, UnitStats.of(asForget).saturated()[1], 1e-12);
        assertEquals(1.0 / 3, UnitStats.of(asH).saturated()[0], 1e-12, "for h only |h| > 0.9 counts");
        ProbeResult asCellGate = new ProbeResult(0, asH.vocabulary(), asH.probe(), h, asH.probs(), asH.loss(), 2, cellGate);
        assertEquals(1.0 / 3, UnitStats.of(asCellGate).saturated()[0], 1e-12, "the LSTM's g is a tanh");
    }

    @Test
    void aConstantUnitHasNoCorrelation() {
        double[] h = {0.5, 0.1, 0.5, 0.2, 0.5, 0.9};
        double[] r = UnitStats.correlations(synthetic("abc", 2, h), new double[] {0, 1, 2});
        assertTrue(Double.isNaN(r[0]));
        assertEquals(UnitStats.pearson(new double[] {0.1, 0.2, 0.9}, new double[] {0, 1, 2}), r[1], 1e-12);
    }

    @Test
    void clusteringPutsUnitsThatMoveTogetherNextToEachOther() {
        int T = 60;
        int H = 12;
        Rng rng = new Rng(11);
        double[] a = new double[T];
        double[] b = new double[T];
        for (int t = 0; t < T; t++) {
            a[t] = Math.sin(t * 0.3);
            b[t] = rng.nextGaussian();
        }
        // units 0, 3, 6, 9 follow a; 1, 4, 7, 10 follow b; 2, 5, 8, 11 are noise
        double[] h = new double[T * H];
        for (int t = 0; t < T; t++) {
            for (int u = 0; u < H; u++) {
                double base = u % 3 == 0 ? a[t] : u % 3 == 1 ? b[t] : 0;
                h[t * H + u] = Math.tanh(base + 0.05 * rng.nextGaussian() + (u % 3 == 2 ? rng.nextGaussian() : 0));
            }
        }
        StringBuilder text = new StringBuilder();
        for (int t = 0; t < T; t++) {
            text.append((char) ('a' + t % 26));
        }
        int[] order = UnitOrder.byClustering(synthetic(text.toString(), H, h));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(UnitOrder.byIndex(H), sorted, "a permutation of the units");
        for (int group = 0; group < 2; group++) {
            Set<Integer> rows = new HashSet<>();
            for (int row = 0; row < H; row++) {
                if (order[row] % 3 == group) {
                    rows.add(row);
                }
            }
            int min = rows.stream().min(Integer::compare).orElseThrow();
            int max = rows.stream().max(Integer::compare).orElseThrow();
            assertEquals(3, max - min, "group " + group + " contiguous in " + Arrays.toString(order));
        }
    }

    @Test
    void clusteringFiveHundredUnitsOrdersEveryUnitOnce() {
        int T = 300;
        int H = 512;
        Rng rng = new Rng(3);
        double[] h = new double[T * H];
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.tanh(rng.nextGaussian());
        }
        StringBuilder text = new StringBuilder();
        for (int t = 0; t < T; t++) {
            text.append((char) ('a' + t % 26));
        }
        ProbeResult r = synthetic(text.toString(), H, h);
        // how fast is a measurement, not a test (wall time follows the machine's load)
        int[] order = UnitOrder.byClustering(r);
        assertEquals(H, order.length);
        assertEquals(H, Arrays.stream(order).distinct().count());
    }

    @Test
    void varianceAndCorrelationOrders() {
        assertArrayEquals(new int[] {1, 2, 0}, UnitOrder.byVariance(new double[] {0.1, 0.5, 0.3}));
        assertArrayEquals(new int[] {2, 0, 1, 3}, UnitOrder.byCorrelation(new double[] {0.4, 0.1, -0.9, Double.NaN}));
    }
}
