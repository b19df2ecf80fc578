package dev.unroll.engine.train;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.CliNamed;
import dev.unroll.engine.CliNames;


/**
 * How the learning rate changes over a run. The rate of an update is a pure function of the rate
 * set (the configuration's, or the one set during the run), the iterations done before the update
 * (n = 0 for the first) and the run's length N, so a resumed run continues the schedule exactly
 * (powers by {@link Math#pow}, which HotSpot computes alike interpreted and compiled and which, unlike an
 * interpreted {@code StrictMath.pow}, allocates nothing):
 * <ul>
 *   <li>{@link Kind#NONE} (the default): the rate set;</li>
 *   <li>{@link Kind#STEP} (char-rnn's {@code learning_rate_decay}): the rate set times
 *       {@code factor^d}, where d counts the iterations i in 1..n with i a multiple of {@code every}
 *       and i &gt;= {@code start}: char-rnn multiplies by the factor after every such iteration (its
 *       {@code every} is one pass over the data, its {@code start} {@code learning_rate_decay_after} passes);</li>
 *   <li>{@link Kind#COSINE} ({@code torch.optim.lr_scheduler.CosineAnnealingLR} with T_max = N):
 *       {@code min + (rate - min) (1 + cos(pi n / N)) / 2}, from the rate set at the first update
 *       down to {@code min} at the end.</li>
 * </ul>
 *
 * @param kind    which schedule
 * @param every   step decay: iterations between two decays (at least 1; default {@value #DEFAULT_EVERY})
 * @param start   step decay: no decay before this iteration (at least 0; default 0)
 * @param factor  step decay: the multiplier, in (0, 1] (default {@value #DEFAULT_FACTOR}, char-rnn's)
 * @param minimum cosine: the rate reached at the end, at least 0 (default 0); above the rate set, the rate
 *                rises towards it instead, as PyTorch's scheduler does
 */
public record LearningRateDecay(Kind kind, long every, long start, double factor, double minimum) {

    public static final long DEFAULT_EVERY = 10_000;
    public static final double DEFAULT_FACTOR = 0.97;

    /** The schedules. */
    public enum Kind implements CliNamed {
        NONE, STEP, COSINE;

        /** The kind of a name (case and surrounding blanks ignored). */
        public static Kind parse(String name) {
            return CliNames.parse(values(), Kind::cliName, "learning-rate decay", name);
        }
    }

    public LearningRateDecay {
        require(kind != null, "the learning-rate decay is missing");
        require(every >= 1, "the decay interval must be at least 1 (got " + every + ")");
        require(start >= 0, "the decay start must not be negative (got " + start + ")");
        require(factor > 0 && factor <= 1, "the decay factor must be above 0 and at most 1 (got " + factor + ")");
        require(minimum >= 0 && Double.isFinite(minimum), "the minimum learning rate must be a finite number, at least 0 (got "
                + minimum + ")");
    }

    /** No decay (and the other settings at their defaults). */
    public static LearningRateDecay none() {
        return new LearningRateDecay(Kind.NONE, DEFAULT_EVERY, 0, DEFAULT_FACTOR, 0);
    }

    public LearningRateDecay withKind(Kind k) {
        return new LearningRateDecay(k, every, start, factor, minimum);
    }

    public LearningRateDecay withEvery(long v) {
        return new LearningRateDecay(kind, v, start, factor, minimum);
    }

    public LearningRateDecay withStart(long v) {
        return new LearningRateDecay(kind, every, v, factor, minimum);
    }

    public LearningRateDecay withFactor(double v) {
        return new LearningRateDecay(kind, every, start, v, minimum);
    }

    public LearningRateDecay withMinimum(double v) {
        return new LearningRateDecay(kind, every, start, factor, v);
    }

    /**
     * The rate of the update after {@code done} iterations of a run of {@code total}.
     *
     * @param rate the learning rate set
     */
    public double rate(double rate, long done, long total) {
        switch (kind) {
            case STEP -> {
                long d = decays(done);
                return d == 0 ? rate : rate * Math.pow(factor, d);
            }
            case COSINE -> {
                double progress = Math.min(done, total) / (double) total;
                return minimum + (rate - minimum) * (1 + StrictMath.cos(Math.PI * progress)) / 2;
            }
            default -> {
                return rate;
            }
        }
    }

    /** Step decay: how many of the iterations 1..done are multiples of every at or after start. */
    long decays(long done) {
        long first = Math.max(start, 1);
        if (done < first) {
            return 0;
        }
        return done / every - (first - 1) / every;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
