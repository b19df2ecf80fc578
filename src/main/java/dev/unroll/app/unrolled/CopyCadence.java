package dev.unroll.app.unrolled;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.fx.Throttle;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.util.Duration;

/**
 * How the walk-through asks training for copies of its weights: each snapshot of a running run
 * asks, at most once per cadence; the first snapshot of a new run asks at once (so the spectral
 * radius's history starts there). Stopped, it asks nothing. JavaFX thread.
 */
final class CopyCadence {
    private final Throttle throttle;
    /** A new run began and no copy of its weights was asked for yet. */
    private boolean firstWanted = true;
    private boolean stopped;

    CopyCadence(AppContext context, Duration cadence) {
        throttle = new Throttle("unrolled-copy-cadence", cadence, () -> {
            if (context.training().state() == RunState.RUNNING) {
                context.training().requestModelCopy();
            }
        });
    }

    /** A new run (or a reset, or no run): its first running snapshot asks at once. */
    void newRun() {
        firstWanted = true;
    }

    /** A snapshot came: a running run's asks for a copy (at once for a new run's first). */
    void snapshot(TrainingSnapshot s) {
        if (s.state() != RunState.RUNNING || stopped) {
            return;
        }
        if (firstWanted) {
            firstWanted = false;
            throttle.runNow();
        } else {
            throttle.request();
        }
    }

    /** Asks nothing more. */
    void stop() {
        stopped = true;
        throttle.cancel();
    }
}
