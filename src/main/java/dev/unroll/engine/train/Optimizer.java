package dev.unroll.engine.train;

import dev.unroll.engine.model.Tensor;

import java.util.List;

/**
 * Updates parameters from their gradients. Shaped after Tribuo's StochasticGradientOptimiser:
 * {@link #initialise} once for a model's parameters, {@link #step} per iteration, {@link #reset}
 * to forget the accumulated state, {@link #copy} for an independent optimizer with the same state.
 */
public interface Optimizer {

    /** Allocates state for these parameters (zeroed). */
    void initialise(List<Tensor> parameters);

    /** One update: parameters[i] moves against gradients[i] with step size {@code learningRate}. */
    void step(List<Tensor> parameters, List<Tensor> gradients, double learningRate);

    /**
     * The 2-norm of the step the last {@link #step} gave parameter {@code k}, whose gradient was
     * {@code gradient}, at {@code learningRate}: recomputed from the state as it is after that step,
     * allocating nothing. For {@link TrainingStats}' update ratio.
     */
    double updateNorm(int k, Tensor gradient, double learningRate);

    /** Zeroes the accumulated state. */
    void reset();

    /**
     * The optimizer's state tensors, everything a resumed run needs to continue bit for bit (live: a
     * checkpoint copies them). Adagrad's and RMSprop's are one tensor per parameter in parameter
     * order; Adam's are described at {@link Adam#state()}.
     */
    List<Tensor> state();

    /**
     * Per parameter, in parameter order, the optimizer's running record of squared gradients (never
     * negative): Adagrad's memory, RMSprop's square average, Adam's second moment. What the views
     * and {@link TrainingStats} show as the optimizer's memory. Live tensors of {@link #state()}.
     */
    default List<Tensor> memory() {
        return state();
    }

    Optimizer copy();

    /** A short name, saved in checkpoints. */
    String name();
}
