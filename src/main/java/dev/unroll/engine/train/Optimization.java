package dev.unroll.engine.train;

import dev.unroll.engine.BadInputException;

/**
 * How a run turns gradients into updates, beyond the learning rate and the clip bound that
 * {@link TrainingConfig} holds: the optimizer, how gradients are clipped and how the learning rate
 * decays. {@link #defaults()} is the seed's: Adagrad, element-wise clipping, no decay.
 *
 * @param optimizer the optimizer (default {@link OptimizerKind#ADAGRAD})
 * @param clipMode  element-wise (the default) or by global norm; the bound is {@link TrainingConfig#clip()}
 * @param decay     the learning-rate schedule (default none)
 */
public record Optimization(OptimizerKind optimizer, ClipMode clipMode, LearningRateDecay decay) {

    public Optimization {
        if (optimizer == null || clipMode == null || decay == null) {
            throw new BadInputException("the optimizer, clipping or learning-rate decay is missing");
        }
    }

    /** The seed's: Adagrad, element-wise clipping, no decay. */
    public static Optimization defaults() {
        return new Optimization(OptimizerKind.ADAGRAD, ClipMode.ELEMENTWISE, LearningRateDecay.none());
    }

    public Optimization withOptimizer(OptimizerKind v) {
        return new Optimization(v, clipMode, decay);
    }

    public Optimization withClipMode(ClipMode v) {
        return new Optimization(optimizer, v, decay);
    }

    public Optimization withDecay(LearningRateDecay v) {
        return new Optimization(optimizer, clipMode, v);
    }
}
