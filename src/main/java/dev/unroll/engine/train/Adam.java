package dev.unroll.engine.train;

import dev.unroll.engine.model.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam as {@code torch.optim.Adam} applies it with its defaults (betas 0.9 and 0.999, eps 1e-8, no
 * weight decay, no amsgrad), entry by entry, in PyTorch's order of operations:
 * <pre>
 *   t     += 1
 *   m     = m + (1 - beta1) (g - m)                   (exp_avg.lerp_(g, 1 - beta1))
 *   v     = beta2 v + (1 - beta2) g * g               (exp_avg_sq)
 *   param -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Both moments start at zero, t at 0. The first moment m may be negative; the second v never is.
 */
public final class Adam implements Optimizer {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    /** Added to the bias-corrected root of v, so that a zero v does not divide by zero. */
    public static final double EPSILON = 1e-8;
    /** The name of the 1 x 1 tensor that holds the step count t (PyTorch keeps {@code state['step']} as a tensor too). */
    public static final String STEP_NAME = "adam_step";

    private final List<Tensor> expAvg = new ArrayList<>();
    private final List<Tensor> expAvgSq = new ArrayList<>();
    private Tensor step = new Tensor(STEP_NAME, 1, 1);
    private List<Tensor> state = List.of();

    @Override
    public void initialise(List<Tensor> parameters) {
        expAvg.clear();
        expAvgSq.clear();
        for (Tensor p : parameters) {
            expAvg.add(new Tensor("exp_avg_" + p.name, p.rows, p.cols));
        }
        for (Tensor p : parameters) {
            expAvgSq.add(new Tensor("exp_avg_sq_" + p.name, p.rows, p.cols));
        }
        step = new Tensor(STEP_NAME, 1, 1);
        index();
    }

    private void index() {
        List<Tensor> all = new ArrayList<>(expAvg);
        all.addAll(expAvgSq);
        all.add(step);
        state = List.copyOf(all);
    }

    @Override
    public void step(List<Tensor> parameters, List<Tensor> gradients, double learningRate) {
        final double t = step.data[0] + 1;
        step.data[0] = t;
        final double biasCorrection1 = 1 - Math.pow(BETA1, t);
        final double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(BETA2, t));
        final double stepSize = learningRate / biasCorrection1;
        final double w1 = 1 - BETA1;
        final double w2 = 1 - BETA2;
        for (int k = 0; k < parameters.size(); k++) {
            final double[] p = parameters.get(k).data;
            final double[] g = gradients.get(k).data;
            final double[] m = expAvg.get(k).data;
            final double[] v = expAvgSq.get(k).data;
            for (int i = 0; i < p.length; i++) {
                final double gi = g[i];
                m[i] = m[i] + w1 * (gi - m[i]);
                v[i] = v[i] * BETA2 + w2 * gi * gi;
                final double denom = Math.sqrt(v[i]) / biasCorrection2Sqrt + EPSILON;
                p[i] += -stepSize * m[i] / denom;
            }
        }
    }

    /** {@code lr / (1 - beta1^t) ||m / (sqrt(v) / sqrt(1 - beta2^t) + eps)||} at the current t (0 before any step). */
    @Override
    public double updateNorm(int k, Tensor gradient, double learningRate) {
        final double t = step.data[0];
        if (t == 0) {
            return 0;
        }
        final double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(BETA2, t));
        final double[] m = expAvg.get(k).data;
        final double[] v = expAvgSq.get(k).data;
        double u2 = 0;
        for (int i = 0; i < m.length; i++) {
            final double u = m[i] / (Math.sqrt(v[i]) / biasCorrection2Sqrt + EPSILON);
            u2 += u * u;
        }
        return learningRate / (1 - Math.pow(BETA1, t)) * Math.sqrt(u2);
    }

    @Override
    public void reset() {
        for (Tensor m : state) {
            m.fill(0);
        }
    }

    /** The step count t: how many updates the moments hold. */
    public long steps() {
        return (long) step.data[0];
    }

    /**
     * The first moments (exp_avg) of every parameter in parameter order, then the second moments
     * (exp_avg_sq) in the same order, then the step count t as a 1 x 1 tensor: 2P + 1 tensors.
     */
    @Override
    public List<Tensor> state() {
        return state;
    }

    /** The second moments (exp_avg_sq), one per parameter. */
    @Override
    public List<Tensor> memory() {
        return expAvgSq;
    }

    @Override
    public Adam copy() {
        Adam c = new Adam();
        for (Tensor m : expAvg) {
            c.expAvg.add(m.copy());
        }
        for (Tensor v : expAvgSq) {
            c.expAvgSq.add(v.copy());
        }
        c.step = step.copy();
        c.index();
        return c;
    }

    @Override
    public String name() {
        return "adam";
    }
}
