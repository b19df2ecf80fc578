package dev.unroll.app.fx;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The one latest-wins hand-off from a background thread to the JavaFX thread (the JavaFX
 * {@code Task}'s way): a producer {@link #offer offers} values as fast as it makes them, and the
 * newest one is delivered on the JavaFX thread at most once per pulse; values overtaken before a
 * pulse are dropped, so the event queue is never flooded however fast the producer goes.
 *
 * <p>Its frame timer (named for {@link Animations#running()}) runs only while something waits: it
 * starts when a value is offered and stops at the first pulse that finds nothing, unless a producer
 * said it is {@link #expect(boolean) at work} (then it runs from start to end of that work, so each
 * value shows at the next pulse). While {@link #setPaused(boolean) paused} (a hidden view), values
 * wait and no timer runs; {@link #deliverNow()} catches up at once.
 *
 * <p>{@link #offer} may be called on any thread; everything else on the JavaFX thread.
 *
 * @param <T> what is handed over (never null)
 */
public final class LatestValue<T> {
    private final AtomicReference<T> waiting = new AtomicReference<>();
    /** Whether the timer is started or its start is queued (set by whoever queues the start). */
    private final AtomicBoolean armed = new AtomicBoolean();
    private final Consumer<? super T> deliver;
    private final Animations.FrameTimer timer;
    private volatile boolean paused;
    private volatile boolean expecting;

    /**
     * @param name    the timer's name in {@link Animations#running()}
     * @param deliver what to do with the newest value, on the JavaFX thread
     */
    public LatestValue(String name, Consumer<? super T> deliver) {
        this(name, false, deliver);
    }

    /**
     * @param name    the timer's name in {@link Animations#running()}
     * @param paused  whether it starts {@link #setPaused(boolean) paused} (the hand-off of a view not shown yet)
     * @param deliver what to do with the newest value, on the JavaFX thread
     */
    public LatestValue(String name, boolean paused, Consumer<? super T> deliver) {
        this.paused = paused;
        this.deliver = deliver;
        this.timer = Animations.FrameTimer.of(name, now -> pulse());
    }

    /** Keeps {@code value} as the newest (dropping one that waits) and makes sure a pulse delivers it. Any thread. */
    public void offer(T value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        waiting.set(value);
        arm();
    }

    /** Delivers the waiting value, if any, now (JavaFX thread). */
    public void deliverNow() {
        T v = waiting.getAndSet(null);
        if (v != null) {
            deliver.accept(v);
        }
    }

    /** Drops the waiting value, if any, undelivered. */
    public void clear() {
        waiting.set(null);
    }

    /** Whether a value waits to be delivered. */
    public boolean isWaiting() {
        return waiting.get() != null;
    }

    /**
     * While paused, offered values wait (the newest still wins) and no timer runs; unpausing delivers
     * at the next pulse. JavaFX thread.
     */
    public void setPaused(boolean paused) {
        this.paused = paused;
        if (paused) {
            stopTimer();
        } else {
            update();
        }
    }

    /**
     * A producer is at work (true, from its start) or done (false): while it works the timer runs
     * even between values (unless paused). JavaFX thread.
     */
    public void expect(boolean atWork) {
        this.expecting = atWork;
        update();
    }

    /** Stops the timer and drops a waiting value: the owner is closing. */
    public void dispose() {
        expecting = false;
        waiting.set(null);
        stopTimer();
    }

    /** Whether the timer runs (for tests). */
    public boolean isRunning() {
        return timer.isRunning();
    }

    private void update() {
        if (expecting && !paused || isWaiting() && !paused) {
            if (armed.compareAndSet(false, true)) {
                timer.start();
            }
        } else {
            stopTimer();
        }
    }

    private void arm() {
        if (paused || !armed.compareAndSet(false, true)) {
            return;
        }
        if (Platform.isFxApplicationThread()) {
            timer.start();
        } else {
            Platform.runLater(() -> {
                if (armed.get() && !timer.isRunning()) {
                    timer.start();
                }
            });
        }
    }

    private void stopTimer() {
        if (armed.getAndSet(false)) {
            timer.stop();
        }
    }

    private void pulse() {
        T v = waiting.getAndSet(null);
        if (v != null) {
            deliver.accept(v);
        } else if (!expecting || paused) {
            stopTimer();
            if (isWaiting()) { // offered between the look and the stop: it must not wait for the next offer
                arm();
            }
        }
    }
}
