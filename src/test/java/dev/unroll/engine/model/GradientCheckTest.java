package dev.unroll.engine.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.Rng;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

/**
 * Backpropagation through time of every cell against central finite differences, for every entry
 * of every tensor, from a random start state (for the LSTM both h and c), with no clipping.
 * The difference quotient is the five-point one, (8(L(w+e) - L(w-e)) - (L(w+2e) - L(w-2e))) / 12e with
 * e = 1e-4: its truncation error is O(e^4) (about 1e-16 here) and its rounding error about
 * 1e-16 L / e (1e-12 absolute), so a relative error of 1e-6 is left to the analytic side. (The
 * three-point quotient's O(e^2) error alone reaches 8e-7 relative on the LSTM's smallest entries.)
 */
class GradientCheckTest {

    @ParameterizedTest
    @EnumSource(Cell.class)
    void analyticGradientsMatchFiniteDifferences(Cell cell) {
        int V = 7;
        int H = 5;
        int T = 6;
        Rng rng = new Rng(4321);
        RecurrentModel model = cell.create(V, H, rng);
        // larger weights than the init, so that tanh and the gates are far from linear and the check means something
        for (Tensor p : model.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = rng.nextGaussian() * 0.5;
            }
        }
        int[] data = new int[T + 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextInt(V);
        }
        double[] s0 = new double[model.stateSize()];
        for (int i = 0; i < s0.length; i++) {
            s0[i] = rng.nextGaussian() * 0.5;
        }
        model.trainWindow(data, 0, T, s0.clone(), Double.MAX_VALUE);
        List<Tensor> grads = model.gradients();
        List<Tensor> params = model.parameters();
        double eps = 1e-4;
        double worst = 0;
        for (int k = 0; k < params.size(); k++) {
            double[] w = params.get(k).data;
            double[] g = grads.get(k).data.clone();
            for (int i = 0; i < w.length; i++) {
                double old = w[i];
                double numeric = (8 * (lossAt(model, w, i, old + eps, data, T, s0) - lossAt(model, w, i, old - eps, data, T, s0))
                        - (lossAt(model, w, i, old + 2 * eps, data, T, s0) - lossAt(model, w, i, old - 2 * eps, data, T, s0))) / (12 * eps);
                w[i] = old;
                double denom = Math.max(1e-8, Math.abs(numeric) + Math.abs(g[i]));
                double rel = Math.abs(numeric - g[i]) / denom;
                worst = Math.max(worst, rel);
                assertTrue(rel < 1e-6, cell + " " + params.get(k).name + "[" + i + "]: analytic " + g[i] + " numeric " + numeric + " rel " + rel);
            }
        }
        System.out.println(cell + ": worst relative error " + worst);
    }

    private static double lossAt(RecurrentModel model, double[] w, int i, double value, int[] data, int T, double[] s0) {
        w[i] = value;
        return lossOnly(model, data, T, s0);
    }

    private static double lossOnly(RecurrentModel model, int[] data, int T, double[] s0) {
        int[] in = Arrays.copyOfRange(data, 0, T);
        int[] tg = Arrays.copyOfRange(data, 1, T + 1);
        return model.forward(in, tg, s0.clone(), null, null, null);
    }
}
