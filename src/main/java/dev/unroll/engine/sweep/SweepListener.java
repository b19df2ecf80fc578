package dev.unroll.engine.sweep;

import dev.unroll.engine.train.TrainingSnapshot;

import java.util.List;

/**
 * What a running sweep tells its owner. Calls come from the sweep's worker threads (several at
 * once); implementations must be thread-safe and return quickly: store the value in an atomic
 * reference, print a line. The app hands each run's newest snapshot to the screen at most once a
 * pulse.
 */
public interface SweepListener {

    /** A run's newest snapshot (about every publish interval while it trains). */
    default void onSnapshot(RunSpec run, TrainingSnapshot snapshot) {
    }

    /** A run's status or figures changed: it started, ended, or its result was read from disk. */
    default void onResult(RunResult result) {
    }

    /** Something about the sweep as a whole (the summary could not be written, say). */
    default void onMessage(String message) {
    }

    /** Every run is over; the results in run order. */
    default void onFinished(List<RunResult> results) {
    }

    SweepListener NONE = new SweepListener() {
    };
}
