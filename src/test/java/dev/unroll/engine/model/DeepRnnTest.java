package dev.unroll.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.Rng;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

/**
 * The stacked, batched model: its gradients against finite differences (2 layers, batch 3, with and
 * without a dropout mask), its batch-1 one-layer window against the seed-exact cells, its batch as
 * the mean of its streams, and its inference pass against its training pass.
 * The difference quotient is GradientCheckTest's five-point one (e = 1e-4), with its argued 1e-6
 * relative bound, or an absolute error below 1e-10: the loss here is a mean (about 2), so the
 * quotient's rounding error is about 1e-16 x 2 / e = 2e-12 absolute, which is above 1e-6 relative on
 * the smallest entries (near 1e-7, a mean's gradients being 1/(B T) of a sum's).
 */
class DeepRnnTest {
    private static final int V = 6;
    private static final int H = 4;
    private static final int T = 5;

    @ParameterizedTest
    @EnumSource(Cell.class)
    void gradientsOfTwoLayersAtBatchThreeMatchFiniteDifferences(Cell cell) {
        double worst = check(cell, 0.0, 3, 2);
        System.out.println(cell + " L=2 B=3: worst relative error " + worst);
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void gradientsWithADropoutMaskMatchFiniteDifferences(Cell cell) {
        double worst = check(cell, 0.4, 3, 3);
        System.out.println(cell + " L=3 B=3 dropout 0.4: worst relative error " + worst);
    }

    /** The largest relative error of any gradient entry, each asserted below 1e-6. */
    private static double check(Cell cell, double dropout, int B, int L) {
        Rng rng = new Rng(99);
        DeepRnn model = new DeepRnn(cell, V, H, L, dropout, rng);
        for (Tensor p : model.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = rng.nextGaussian() * 0.5;
            }
        }
        int[] windows = new int[B * (T + 1)];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = rng.nextInt(V);
        }
        double[] s0 = new double[B * model.stateSize()];
        for (int i = 0; i < s0.length; i++) {
            s0[i] = rng.nextGaussian() * 0.5;
        }
        long maskSeed = 7;
        double loss = model.trainBatch(windows, B, T, s0.clone(), Double.MAX_VALUE, new Rng(maskSeed));
        if (dropout > 0) {
            double undropped = model.copy().trainBatch(windows, B, T, s0.clone(), Double.MAX_VALUE, null);
            assertNotEquals(undropped, loss, "the mask drops something");
        }
        List<Tensor> params = model.parameters();
        List<Tensor> grads = model.gradients();
        DeepRnn probe = model.copy();
        double eps = 1e-4;
        double worst = 0;
        for (int k = 0; k < params.size(); k++) {
            double[] w = probe.parameters().get(k).data;
            double[] g = grads.get(k).data;
            for (int i = 0; i < w.length; i++) {
                double old = w[i];
                double numeric = (8 * (lossAt(probe, w, i, old + eps, windows, B, s0, maskSeed) - lossAt(probe, w, i, old - eps, windows, B, s0, maskSeed))
                        - (lossAt(probe, w, i, old + 2 * eps, windows, B, s0, maskSeed) - lossAt(probe, w, i, old - 2 * eps, windows, B, s0, maskSeed)))
                        / (12 * eps);
                w[i] = old;
                double err = Math.abs(numeric - g[i]);
                double rel = err / Math.max(1e-8, Math.abs(numeric) + Math.abs(g[i]));
                worst = Math.max(worst, rel);
                assertTrue(rel < 1e-6 || err < 1e-10, cell + " " + params.get(k).name + "[" + i + "]: analytic " + g[i] + " numeric " + numeric);
            }
        }
        return worst;
    }

    /** The mean loss with w[i] = value and the same dropout mask (the same generator seed) every time. */
    private static double lossAt(DeepRnn m, double[] w, int i, double value, int[] windows, int B, double[] s0, long maskSeed) {
        w[i] = value;
        return m.trainBatch(windows, B, T, s0.clone(), Double.MAX_VALUE, new Rng(maskSeed));
    }

    /**
     * One layer at batch 1 is today's cell on the same parameters: the same window loss (a sum),
     * gradients and final state to rounding; the vanilla cell's bh is bias_ih + bias_hh.
     */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void oneLayerAtBatchOneIsTheSeedExactCell(Cell cell) {
        Rng rng = new Rng(5);
        RecurrentModel seed = cell.create(V, H, rng);
        for (Tensor p : seed.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = rng.nextGaussian() * 0.5;
            }
        }
        DeepRnn deep = new DeepRnn(cell, V, H, 1, 0.0);
        List<Tensor> sp = seed.parameters();
        List<Tensor> dp = deep.parameters();
        if (cell == Cell.VANILLA) { // Wxh, Whh, Why, bh, by
            dp.get(0).copyFrom(sp.get(0));
            dp.get(1).copyFrom(sp.get(1));
            System.arraycopy(sp.get(3).data, 0, dp.get(2).data, 0, H);
            dp.get(4).copyFrom(sp.get(2));
            dp.get(5).copyFrom(sp.get(4));
        } else {
            deep.copyParametersFrom(seed);
        }
        int[] data = new int[3 * T + 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextInt(V);
        }
        double[] s1 = new double[seed.stateSize()];
        for (int i = 0; i < s1.length; i++) {
            s1[i] = rng.nextGaussian() * 0.5;
        }
        double[] s2 = s1.clone();
        assertEquals(seed.stateSize(), deep.stateSize());
        for (int start = 0; start < 3 * T; start += T) { // three windows, the state carried
            double a = seed.trainWindow(data, start, T, s1, 1.0);
            double b = deep.trainWindow(data, start, T, s2, 1.0);
            assertEquals(a, b, 1e-12 * Math.abs(a), "loss");
            for (int i = 0; i < s1.length; i++) {
                assertEquals(s1[i], s2[i], 1e-13, "state " + i);
            }
            int[] order = cell == Cell.VANILLA ? new int[] {0, 1, 3, 3, 2, 4} : new int[] {0, 1, 2, 3, 4, 5};
            for (int k = 0; k < 6; k++) {
                double[] mine = deep.gradients().get(k).data;
                double[] theirs = seed.gradients().get(order[k]).data;
                for (int i = 0; i < mine.length; i++) {
                    assertEquals(theirs[i], mine[i], 1e-12, cell + " " + dp.get(k).name + "[" + i + "]");
                }
            }
        }
    }

    /** A batch's loss and gradients are the means of its streams' (each a batch of one). */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void aBatchIsTheMeanOfItsStreams(Cell cell) {
        Rng rng = new Rng(11);
        int B = 3;
        DeepRnn model = new DeepRnn(cell, V, H, 2, 0.0, rng);
        int[] windows = new int[B * (T + 1)];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = rng.nextInt(V);
        }
        double[] states = new double[B * model.stateSize()];
        for (int i = 0; i < states.length; i++) {
            states[i] = rng.nextGaussian() * 0.3;
        }
        double[] ones = states.clone();
        double loss = model.trainBatch(windows, B, T, states, Double.MAX_VALUE, null);
        DeepRnn single = model.copy();
        double sum = 0;
        double[][] gradSums = new double[model.gradients().size()][];
        for (int k = 0; k < gradSums.length; k++) {
            gradSums[k] = new double[model.gradients().get(k).size()];
        }
        int S = model.stateSize();
        for (int b = 0; b < B; b++) {
            int[] w = Arrays.copyOfRange(windows, b * (T + 1), (b + 1) * (T + 1));
            double[] s = Arrays.copyOfRange(ones, b * S, (b + 1) * S);
            sum += single.trainBatch(w, 1, T, s, Double.MAX_VALUE, null);
            for (int i = 0; i < S; i++) {
                assertEquals(s[i], states[b * S + i], 1e-14, "stream " + b + "'s state");
            }
            for (int k = 0; k < gradSums.length; k++) {
                double[] g = single.gradients().get(k).data;
                for (int i = 0; i < g.length; i++) {
                    gradSums[k][i] += g[i] / B;
                }
            }
        }
        assertEquals(sum / B, loss, 1e-13);
        for (int k = 0; k < gradSums.length; k++) {
            double[] g = model.gradients().get(k).data;
            for (int i = 0; i < g.length; i++) {
                assertEquals(gradSums[k][i], g[i], 1e-14, model.parameters().get(k).name + "[" + i + "]");
            }
        }
    }

    /** The inference pass (one stream, stepping through the layers) computes the training pass's loss and state. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void inferenceStepsAsTrainingDoes(Cell cell) {
        Rng rng = new Rng(3);
        DeepRnn model = new DeepRnn(cell, V, H, 3, 0.5, rng);
        int[] data = new int[T + 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextInt(V);
        }
        double[] s1 = new double[model.stateSize()];
        for (int i = 0; i < s1.length; i++) {
            s1[i] = rng.nextGaussian() * 0.3;
        }
        double[] s2 = s1.clone();
        double trained = model.trainWindow(data, 0, T, s1, 5.0);
        double inferred = model.forward(Arrays.copyOfRange(data, 0, T), Arrays.copyOfRange(data, 1, T + 1),
                s2, null, null, null);
        assertEquals(trained, inferred, 1e-12);
        for (int i = 0; i < s1.length; i++) {
            assertEquals(s1[i], s2[i], 1e-14);
        }
    }

    /**
     * float32's pass computes float64's loss, gradients and states to float's precision: the same masks
     * (the same generator draws), each gradient within 1e-4 of its tensor's largest entry, the loss and
     * states within 1e-5 (float's epsilon is 1.2e-7; sums of up to B T terms and T steps of recurrence
     * grow it by a few hundred at most).
     */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void float32ComputesFloat64sGradientsToFloatsPrecision(Cell cell) {
        Rng rng = new Rng(21);
        int B = 3;
        DeepRnn f64 = new DeepRnn(cell, V, H, 2, 0.3, rng);
        DeepRnn f32 = new DeepRnn(cell, V, H, 2, 0.3, Precision.F32);
        f32.copyParametersFrom(f64);
        int[] windows = new int[B * (T + 1)];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = rng.nextInt(V);
        }
        double[] s64 = new double[B * f64.stateSize()];
        for (int i = 0; i < s64.length; i++) {
            s64[i] = rng.nextGaussian() * 0.3;
        }
        double[] s32 = s64.clone();
        double a = f64.trainBatch(windows, B, T, s64, Double.MAX_VALUE, new Rng(8));
        double b = f32.trainBatch(windows, B, T, s32, Double.MAX_VALUE, new Rng(8));
        assertEquals(a, b, 1e-5 * Math.abs(a));
        assertNotEquals(a, b, "float32 rounds differently");
        for (int i = 0; i < s64.length; i++) {
            assertEquals(s64[i], s32[i], 1e-5, "state " + i);
        }
        for (int k = 0; k < f64.gradients().size(); k++) {
            double[] g = f64.gradients().get(k).data;
            double[] h = f32.gradients().get(k).data;
            double scale = DenseKernels.maxAbs(g);
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], h[i], 1e-4 * scale, f64.parameters().get(k).name + "[" + i + "]");
            }
        }
        assertEquals(Precision.F32, f32.copy().precision());
    }

    @Test
    void parametersAreNamedAsPyTorchsStateDict() {
        DeepRnn m = new DeepRnn(Cell.LSTM, 7, 3, 2, 0.0);
        assertEquals("[weight_ih_l0[12x7], weight_hh_l0[12x3], bias_ih_l0[12x1], bias_hh_l0[12x1], "
                + "weight_ih_l1[12x3], weight_hh_l1[12x3], bias_ih_l1[12x1], bias_hh_l1[12x1], Why[7x3], by[7x1]]",
                m.parameters().toString());
        long count = m.parameters().stream().mapToLong(Tensor::size).sum();
        assertEquals(count, DeepRnn.parameterCount(Cell.LSTM, 7, 3, 2));
        DeepRnn back = DeepRnn.ofParameters(m.parameters(), 0.0);
        assertEquals(Cell.LSTM, back.cell());
        assertEquals(2, back.layers());
    }
}
