package dev.unroll.engine.train;

import dev.unroll.engine.model.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Adagrad as min-char-rnn applies it, entry by entry:
 * <pre>
 *   mem   += g * g
 *   param -= lr * g / sqrt(mem + 1e-8)
 * </pre>
 * The memory starts at zero.
 */
public final class Adagrad implements Optimizer {
    /** Added under the square root so that a zero memory does not divide by zero. */
    public static final double EPSILON = 1e-8;

    private final List<Tensor> memory = new ArrayList<>();

    @Override
    public void initialise(List<Tensor> parameters) {
        memory.clear();
        for (Tensor p : parameters) {
            memory.add(new Tensor("m" + p.name, p.rows, p.cols));
        }
    }

    @Override
    public void step(List<Tensor> parameters, List<Tensor> gradients, double learningRate) {
        for (int k = 0; k < parameters.size(); k++) {
            final double[] p = parameters.get(k).data;
            final double[] g = gradients.get(k).data;
            final double[] m = memory.get(k).data;
            for (int i = 0; i < p.length; i++) {
                final double gi = g[i];
                m[i] += gi * gi;
                p[i] -= learningRate * gi / Math.sqrt(m[i] + EPSILON);
            }
        }
    }

    /** {@code lr ||g / sqrt(mem + eps)||}. */
    @Override
    public double updateNorm(int k, Tensor gradient, double learningRate) {
        final double[] g = gradient.data;
        final double[] m = memory.get(k).data;
        double u2 = 0;
        for (int i = 0; i < g.length; i++) {
            final double u = g[i] / Math.sqrt(m[i] + EPSILON);
            u2 += u * u;
        }
        return learningRate * Math.sqrt(u2);
    }

    @Override
    public void reset() {
        for (Tensor m : memory) {
            m.fill(0);
        }
    }

    @Override
    public List<Tensor> state() {
        return memory;
    }

    @Override
    public Adagrad copy() {
        Adagrad c = new Adagrad();
        for (Tensor m : memory) {
            c.memory.add(m.copy());
        }
        return c;
    }

    @Override
    public String name() {
        return "adagrad";
    }
}
