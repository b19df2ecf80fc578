package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;

/**
 * How the runs of a sweep log and save.
 *
 * @param logEvery           a row of the loss CSV every this many iterations
 * @param checkpointEvery    save the run's checkpoint every this many iterations (besides when it ends or is stopped)
 * @param resultSamples      samples in the results file (the original's N; each of the config's sample length, the original's M)
 */
public record SweepOptions(int logEvery, long checkpointEvery, int resultSamples) {

    public SweepOptions {
        if (logEvery < 1) {
            throw new BadInputException("log-every must be positive (got " + logEvery + ")");
        }
        if (checkpointEvery < 1) {
            throw new BadInputException("checkpoint-every must be positive (got " + checkpointEvery + ")");
        }
        if (resultSamples < 0 || resultSamples > 1000) {
            throw new BadInputException("the number of result samples must be between 0 and 1000 (got " + resultSamples + ")");
        }
    }

    /** A loss row every 100 iterations, a checkpoint every 10,000, 10 samples in the results file (as {@code unroll train}). */
    public static SweepOptions defaults() {
        return new SweepOptions(100, 10_000, 10);
    }
}
