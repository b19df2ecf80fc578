package dev.unroll.engine.io;

import dev.unroll.engine.BadInputException;

/**
 * What a run writes besides its weights, and how often: the settings of {@code unroll train} and of
 * a sweep's runs that are not part of the training itself. Stored in checkpoints (so a resumed run
 * keeps them) and in sweep manifests, through {@link RunSettingsCodec}.
 *
 * @param logEvery        a row of the loss CSV every this many iterations
 * @param checkpointEvery save a checkpoint every this many iterations (besides when the run ends or is stopped)
 * @param resultSamples   samples in the results file (the original's N; each of the config's sample length)
 */
public record RunOutputs(long logEvery, long checkpointEvery, int resultSamples) {
    public static final int MAX_RESULT_SAMPLES = 1000;

    public RunOutputs {
        if (logEvery < 1) {
            throw new BadInputException("log-every must be positive (got " + logEvery + ")");
        }
        if (checkpointEvery < 1) {
            throw new BadInputException("checkpoint-every must be positive (got " + checkpointEvery + ")");
        }
        if (resultSamples < 0 || resultSamples > MAX_RESULT_SAMPLES) {
            throw new BadInputException("the number of result samples must be between 0 and " + MAX_RESULT_SAMPLES
                    + " (got " + resultSamples + ")");
        }
    }

    /** A loss row every 100 iterations, a checkpoint every 10,000, 10 samples in the results file (as {@code unroll train}). */
    public static RunOutputs defaults() {
        return new RunOutputs(100, 10_000, 10);
    }

    public RunOutputs withLogEvery(long v) {
        return new RunOutputs(v, checkpointEvery, resultSamples);
    }

    public RunOutputs withCheckpointEvery(long v) {
        return new RunOutputs(logEvery, v, resultSamples);
    }

    public RunOutputs withResultSamples(int v) {
        return new RunOutputs(logEvery, checkpointEvery, v);
    }
}
