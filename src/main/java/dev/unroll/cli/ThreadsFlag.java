package dev.unroll.cli;

import dev.unroll.engine.train.Trainer;

import picocli.CommandLine.Option;

/**
 * The command line's {@code --threads}, a mixin shared by {@code train} and {@code bench}: the threads for the matrix
 * products of a stacked or batched model. A null field was not given: every core the JVM sees.
 */
final class ThreadsFlag {

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the matrix products of a stacked or batched model"
            + " (--layers or --batch-size above 1), 1 to " + Trainer.MAX_THREADS + "; the result is bit for bit the same for every"
            + " count (default: every core the JVM sees; one layer at batch 1 always runs on one).")
    Integer threads;

    /** Refuses a count out of range with one line naming the flag (status 2); nothing when none was given. */
    void check() {
        FlagChecks.between("--threads", threads, 1, Trainer.MAX_THREADS);
    }

    /** The count given, else every core the JVM sees ({@link Trainer#defaultThreads()}). */
    int count() {
        return threads != null ? threads : Trainer.defaultThreads();
    }
}
