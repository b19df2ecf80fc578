package dev.unroll.engine.train;

/**
 * Adagrad as min-char-rnn applies it, entry by entry:
 * <pre>
 *   mem   += g * g
 *   param -= lr * g / sqrt(mem + 1e-8)
 * </pre>
 * The memory starts at zero.
 */
public final class Adagrad extends EntrywiseOptimizer {
    /** Added under the square root so that a zero memory does not divide by zero. */
    public static final double EPSILON = 1e-8;

    public Adagrad() {
        super("adagrad", "m");
    }

    @Override
    double accumulate(double m, double g) {
        return m + g * g;
    }

    @Override
    double denominator(double m) {
        return Math.sqrt(m + EPSILON);
    }

    @Override
    public Adagrad copy() {
        return withStateOf(new Adagrad());
    }
}
