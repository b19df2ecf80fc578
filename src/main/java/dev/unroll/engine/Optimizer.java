package dev.unroll.engine;

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

    /** Zeroes the accumulated state. */
    void reset();

    /** The optimizer's state tensors, in parameter order (live: a checkpoint copies them). */
    List<Tensor> state();

    Optimizer copy();

    /** A short name, saved in checkpoints. */
    String name();
}
