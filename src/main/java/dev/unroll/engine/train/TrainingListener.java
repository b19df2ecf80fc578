package dev.unroll.engine.train;

/**
 * Receives the trainer's snapshots, on the trainer's thread. Implementations must return quickly
 * (store the snapshot in an atomic reference, write a line): the next iteration waits.
 */
@FunctionalInterface
public interface TrainingListener {
    void onSnapshot(TrainingSnapshot snapshot);

    TrainingListener NONE = s -> { };
}
