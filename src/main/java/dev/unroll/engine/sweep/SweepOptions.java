package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.io.RunOutputs;

/**
 * How the runs of a sweep log and save.
 *
 * @param logEvery           a row of the loss CSV every this many iterations
 * @param checkpointEvery    save the run's checkpoint every this many iterations (besides when it ends or is stopped)
 * @param resultSamples      samples in the results file (the original's N; each of the config's sample length, the original's M)
 */
public record SweepOptions(int logEvery, long checkpointEvery, int resultSamples) {

    public SweepOptions {
        new RunOutputs(logEvery, checkpointEvery, resultSamples); // checks the values, naming the bad one
    }

    /** A loss row every 100 iterations, a checkpoint every 10,000, 10 samples in the results file (as {@code unroll train}). */
    public static SweepOptions defaults() {
        return of(RunOutputs.defaults());
    }

    /** The same settings as the engine's output settings (stored in each run's checkpoint). */
    public RunOutputs outputs() {
        return new RunOutputs(logEvery, checkpointEvery, resultSamples);
    }

    /** Options from output settings; a log interval beyond an int is refused. */
    public static SweepOptions of(RunOutputs o) {
        if (o.logEvery() > Integer.MAX_VALUE) {
            throw new BadInputException("log-every is too large (" + o.logEvery() + ")");
        }
        return new SweepOptions((int) o.logEvery(), o.checkpointEvery(), o.resultSamples());
    }
}
