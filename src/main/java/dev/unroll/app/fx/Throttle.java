package dev.unroll.app.fx;

import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Runs an action at most once per interval, on the JavaFX thread, when asked: the one way the app
 * limits how often a view redraws or asks training for work. {@link #request()} runs the action at
 * once when the interval since the last run has passed, otherwise once at the end of the interval
 * (however many requests came meanwhile: the action reads the newest state, so the latest wins).
 * No timer runs while nothing was requested, so a view that is not asked does no work.
 *
 * <p>All methods are called on the JavaFX thread.
 */
public final class Throttle {
    private final Runnable action;
    private final long intervalNanos;
    private final PauseTransition wait;
    private long lastRun = Long.MIN_VALUE;

    /**
     * @param name     the name {@link Animations#running()} lists while a deferred run is waiting
     * @param interval the shortest time between two runs
     * @param action   what to run; it reads the newest state itself
     */
    public Throttle(String name, Duration interval, Runnable action) {
        this.action = action;
        this.intervalNanos = (long) (interval.toMillis() * 1_000_000L);
        this.wait = Animations.track(name, new PauseTransition());
        wait.setOnFinished(e -> run());
    }

    /** Runs the action now if the interval has passed since the last run, else once when it has. */
    public void request() {
        if (isPending()) {
            return;
        }
        long since = System.nanoTime() - lastRun;
        if (lastRun == Long.MIN_VALUE || since >= intervalNanos) {
            run();
        } else {
            wait.setDuration(Duration.millis((intervalNanos - since) / 1e6));
            wait.playFromStart();
        }
    }

    /** Runs the action now (a run that must not wait), dropping a deferred one. */
    public void runNow() {
        run();
    }

    /** Drops a deferred run, if any. */
    public void cancel() {
        wait.stop();
    }

    /** Whether a deferred run is waiting for the interval to pass. */
    public boolean isPending() {
        return wait.getStatus() == Animation.Status.RUNNING;
    }

    private void run() {
        wait.stop();
        lastRun = System.nanoTime();
        action.run();
    }
}
