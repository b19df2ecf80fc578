package dev.unroll.app.fx;

import javafx.animation.Animation;
import javafx.animation.AnimationTimer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Which of the app's timers run right now. An app that shows nothing moving must use no CPU, and
 * every running {@link Animation} or {@link AnimationTimer} keeps JavaFX pulsing sixty times a
 * second; so each timer the app makes is registered here (a {@link FrameTimer}, or an animation
 * passed to {@link #track}) and {@link #running()} names those that run. Tests use it to show
 * the app idle; a timer that runs while nothing needs it is a defect.
 *
 * <p>Thread-safe; the registry holds only running timers (a stopped timer is forgotten, so nothing
 * is kept alive by it).
 */
public final class Animations {
    private static final Map<Object, String> RUNNING = new ConcurrentHashMap<>();

    private Animations() {
    }

    /**
     * Registers {@code animation} under {@code name}: it is listed by {@link #running()} while its
     * status is RUNNING (a paused animation holds no pulse and is not listed).
     *
     * @return the animation, for chaining at its declaration
     */
    public static <A extends Animation> A track(String name, A animation) {
        animation.statusProperty().addListener((obs, old, status) -> mark(animation, name, status == Animation.Status.RUNNING));
        mark(animation, name, animation.getStatus() == Animation.Status.RUNNING);
        return animation;
    }

    /** The names of the registered timers and animations running now, sorted (a name repeats per instance). */
    public static List<String> running() {
        return RUNNING.values().stream().sorted().toList();
    }

    /** The running timers themselves (tests compare what runs before and after). */
    public static List<Object> runningTimers() {
        return List.copyOf(RUNNING.keySet());
    }

    /** The name a running timer was registered under, or null when it does not run. */
    public static String nameOf(Object timer) {
        return RUNNING.get(timer);
    }

    static void mark(Object timer, String name, boolean running) {
        if (running) {
            RUNNING.put(timer, name);
        } else {
            RUNNING.remove(timer);
        }
    }

    /**
     * An {@link AnimationTimer} that the registry sees: named, listed while started. Start it when
     * there is something to move and stop it as soon as there is not.
     */
    public abstract static class FrameTimer extends AnimationTimer {
        private final String name;
        private volatile boolean started;

        protected FrameTimer(String name) {
            this.name = name;
        }

        @Override
        public void start() {
            super.start();
            started = true;
            mark(this, name, true);
        }

        @Override
        public void stop() {
            super.stop();
            started = false;
            mark(this, name, false);
        }

        /** Whether the timer is started (handle is called every pulse). */
        public boolean isRunning() {
            return started;
        }

        /** A timer that calls {@code handler} with each pulse's time in nanoseconds. */
        public static FrameTimer of(String name, LongConsumer handler) {
            return new FrameTimer(name) {
                @Override
                public void handle(long now) {
                    handler.accept(now);
                }
            };
        }
    }
}
