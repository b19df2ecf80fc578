package dev.unroll.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Backpropagation through time against central finite differences, for all five parameters. */
class GradientCheckTest {

    @Test
    void analyticGradientsMatchFiniteDifferences() {
        int V = 7;
        int H = 5;
        int T = 6;
        Rng rng = new Rng(1234);
        VanillaRnn model = new VanillaRnn(V, H, rng);
        // larger weights than the 0.01 init, so that tanh is not linear and the check means something
        for (Tensor p : model.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = rng.nextGaussian() * 0.5;
            }
        }
        int[] data = new int[T + 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextInt(V);
        }
        double[] h0 = new double[H];
        for (int i = 0; i < H; i++) {
            h0[i] = rng.nextGaussian() * 0.3;
        }
        model.trainWindow(data, 0, T, h0.clone(), Double.MAX_VALUE);
        List<Tensor> grads = model.gradients();
        List<Tensor> params = model.parameters();
        double eps = 1e-5;
        double worst = 0;
        for (int k = 0; k < params.size(); k++) {
            double[] w = params.get(k).data;
            double[] g = grads.get(k).data.clone();
            for (int i = 0; i < w.length; i++) {
                double old = w[i];
                w[i] = old + eps;
                double plus = lossOnly(model, data, T, h0);
                w[i] = old - eps;
                double minus = lossOnly(model, data, T, h0);
                w[i] = old;
                double numeric = (plus - minus) / (2 * eps);
                double denom = Math.max(1e-8, Math.abs(numeric) + Math.abs(g[i]));
                double rel = Math.abs(numeric - g[i]) / denom;
                if (Math.abs(numeric) + Math.abs(g[i]) > 1e-9) {
                    worst = Math.max(worst, rel);
                }
                assertTrue(rel < 1e-6, params.get(k).name + "[" + i + "]: analytic " + g[i] + " numeric " + numeric + " rel " + rel);
            }
        }
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    private static double lossOnly(VanillaRnn model, int[] data, int T, double[] h0) {
        int[] in = java.util.Arrays.copyOfRange(data, 0, T);
        int[] tg = java.util.Arrays.copyOfRange(data, 1, T + 1);
        return model.forward(in, tg, h0.clone(), null, null, null);
    }
}
