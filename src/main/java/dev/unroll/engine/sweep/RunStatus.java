package dev.unroll.engine.sweep;

import java.util.Locale;

/** Where a run of a sweep stands. */
public enum RunStatus {
    /** Not started yet (or waiting for a free slot). */
    PENDING,
    RUNNING,
    PAUSED,
    /** Trained all its iterations; its files are complete. */
    FINISHED,
    /** Its loss became NaN or infinite; reported as "N/A" with the iteration where it happened. */
    DIVERGED,
    /** Cancelled or interrupted; its checkpoint lets a later sweep continue it. */
    STOPPED,
    /** An error ended it (a file that could not be written, say); its message says which. */
    FAILED;

    /** Whether a resumed sweep leaves the run alone (its outcome is final). */
    public boolean isFinal() {
        return this == FINISHED || this == DIVERGED;
    }

    /** Whether the run is over for this session (final, stopped or failed). */
    public boolean isOver() {
        return this == FINISHED || this == DIVERGED || this == STOPPED || this == FAILED;
    }

    /** Lower case, as written in files and tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
