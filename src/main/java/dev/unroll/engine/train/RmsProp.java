package dev.unroll.engine.train;

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
public final class RmsProp extends EntrywiseOptimizer {
    /** char-rnn's {@code -decay_rate}: how much of the square average each step keeps. */
    public static final double DECAY = 0.95;
    /** Added to the root of the square average, so that a zero average does not divide by zero. */
    public static final double EPSILON = 1e-8;
    /** What each step adds of the squared gradient. */
    private static final double TAKE = 1.0 - DECAY;

    public RmsProp() {
        super("rmsprop", "square_avg_");
    }

    @Override
    double accumulate(double a, double g) {
        return a * DECAY + TAKE * g * g;
    }

    @Override
    double denominator(double a) {
        return Math.sqrt(a) + EPSILON;
    }

    @Override
    public RmsProp copy() {
        return withStateOf(new RmsProp());
    }
}
