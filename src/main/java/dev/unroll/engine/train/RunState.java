package dev.unroll.engine.train;

/** Where a training run stands. */
public enum RunState {
    /** Created, no iteration run yet. */
    READY,
    RUNNING,
    PAUSED,
    /** Reached its number of iterations. */
    FINISHED,
    /** Stopped on request. */
    STOPPED,
    /** The loss became NaN or infinite; the run cannot go on. */
    DIVERGED,
    /** An unexpected error ended the run. */
    FAILED;

    public boolean isTerminal() {
        return this == FINISHED || this == STOPPED || this == DIVERGED || this == FAILED;
    }
}
