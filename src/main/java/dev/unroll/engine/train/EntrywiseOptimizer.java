package dev.unroll.engine.train;

import dev.unroll.engine.model.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * An optimizer whose state is one tensor per parameter, of the parameter's shape and zero at the start (Adagrad's
 * memory, RMSprop's square average), and whose step, entry by entry, is
 * <pre>
 *   s     = accumulate(s, g)
 *   param -= lr * g / denominator(s)
 * </pre>
 * The step, the state's upkeep (initialise, reset, copy) and the update's norm are written here once; the subclass
 * gives the two functions.
 */
abstract class EntrywiseOptimizer implements Optimizer {
    private final String name;
    private final String statePrefix;
    private final List<Tensor> state = new ArrayList<>();

    /**
     * @param name        the optimizer's short name, saved in checkpoints
     * @param statePrefix the state tensors' names are this and their parameter's name, as checkpoints save them
     */
    EntrywiseOptimizer(String name, String statePrefix) {
        this.name = name;
        this.statePrefix = statePrefix;
    }

    /** A state entry after a step whose gradient entry is {@code g}. */
    abstract double accumulate(double s, double g);

    /** What a gradient entry is divided by, from its state entry as {@link #accumulate} left it. */
    abstract double denominator(double s);

    @Override
    public void initialise(List<Tensor> parameters) {
        state.clear();
        for (Tensor p : parameters) {
            state.add(new Tensor(statePrefix + p.name, p.rows, p.cols));
        }
    }

    @Override
    public void step(List<Tensor> parameters, List<Tensor> gradients, double learningRate) {
        for (int k = 0; k < parameters.size(); k++) {
            final double[] p = parameters.get(k).data;
            final double[] g = gradients.get(k).data;
            final double[] s = state.get(k).data;
            for (int i = 0; i < p.length; i++) {
                final double gi = g[i];
                s[i] = accumulate(s[i], gi);
                p[i] -= learningRate * gi / denominator(s[i]);
            }
        }
    }

    /** {@code lr ||g / denominator(state)||}. */
    @Override
    public double updateNorm(int k, Tensor gradient, double learningRate) {
        final double[] g = gradient.data;
        final double[] s = state.get(k).data;
        double u2 = 0;
        for (int i = 0; i < g.length; i++) {
            final double u = g[i] / denominator(s[i]);
            u2 += u * u;
        }
        return learningRate * Math.sqrt(u2);
    }

    @Override
    public void reset() {
        for (Tensor s : state) {
            s.fill(0);
        }
    }

    /** One tensor per parameter, in parameter order. */
    @Override
    public List<Tensor> state() {
        return state;
    }

    /** {@code fresh} (a new optimizer of this kind) holding copies of this one's state tensors. */
    <T extends EntrywiseOptimizer> T withStateOf(T fresh) {
        for (Tensor s : state) {
            fresh.state().add(s.copy());
        }
        return fresh;
    }

    @Override
    public String name() {
        return name;
    }
}
