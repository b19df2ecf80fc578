package dev.unroll.engine.train;

import dev.unroll.engine.model.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * RMSprop as char-rnn trains with it (torch/optim's {@code optim.rmsprop} with char-rnn's
 * {@code alpha = decay_rate = 0.95} and optim's {@code epsilon = 1e-8}), entry by entry:
 * <pre>
 *   avg   = alpha avg + (1 - alpha) g * g
 *   param -= lr * g / (sqrt(avg) + eps)
 * </pre>
 * The square average starts at zero (as in optim and {@code torch.optim.RMSprop}, whose update this is
 * with {@code alpha=0.95}).
 */
public final class RmsProp implements Optimizer {
    /** char-rnn's {@code -decay_rate}: how much of the square average each step keeps. */
    public static final double DECAY = 0.95;
    /** Added to the root of the square average, so that a zero average does not divide by zero. */
    public static final double EPSILON = 1e-8;

    private final List<Tensor> squareAvg = new ArrayList<>();

    @Override
    public void initialise(List<Tensor> parameters) {
        squareAvg.clear();
        for (Tensor p : parameters) {
            squareAvg.add(new Tensor("square_avg_" + p.name, p.rows, p.cols));
        }
    }

    @Override
    public void step(List<Tensor> parameters, List<Tensor> gradients, double learningRate) {
        final double keep = DECAY;
        final double take = 1.0 - DECAY;
        for (int k = 0; k < parameters.size(); k++) {
            final double[] p = parameters.get(k).data;
            final double[] g = gradients.get(k).data;
            final double[] a = squareAvg.get(k).data;
            for (int i = 0; i < p.length; i++) {
                final double gi = g[i];
                a[i] = a[i] * keep + take * gi * gi;
                p[i] -= learningRate * gi / (Math.sqrt(a[i]) + EPSILON);
            }
        }
    }

    /** {@code lr ||g / (sqrt(avg) + eps)||}. */
    @Override
    public double updateNorm(int k, Tensor gradient, double learningRate) {
        final double[] g = gradient.data;
        final double[] a = squareAvg.get(k).data;
        double u2 = 0;
        for (int i = 0; i < g.length; i++) {
            final double u = g[i] / (Math.sqrt(a[i]) + EPSILON);
            u2 += u * u;
        }
        return learningRate * Math.sqrt(u2);
    }

    @Override
    public void reset() {
        for (Tensor a : squareAvg) {
            a.fill(0);
        }
    }

    /** The square averages, one per parameter in parameter order. */
    @Override
    public List<Tensor> state() {
        return squareAvg;
    }

    @Override
    public RmsProp copy() {
        RmsProp c = new RmsProp();
        for (Tensor a : squareAvg) {
            c.squareAvg.add(a.copy());
        }
        return c;
    }

    @Override
    public String name() {
        return "rmsprop";
    }
}
