package dev.unroll.app.unrolled;

import dev.unroll.app.fx.Animations;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.util.Duration;

/**
 * The walk-through's player: while {@link #playingProperty() playing} it takes one step every
 * 1/speed seconds (a timeline of the app's registry, running only while playing); a new speed
 * takes effect at once. What a step is, and when playing ends, is the walk-through's
 * ({@link UnrolledModel#stepForward()}). JavaFX thread.
 */
final class WalkPlayer {
    /** The slowest and fastest pace, steps per second. */
    static final double MIN_SPEED = 0.5;
    static final double MAX_SPEED = 12;

    private final Timeline timeline = Animations.track("unrolled-player", new Timeline());
    private final ReadOnlyBooleanWrapper playing;
    /** Steps per second while playing. */
    private final DoubleProperty speed;
    private final Runnable step;

    /** @param owner the bean of the properties, @param step one step of the walk */
    WalkPlayer(Object owner, Runnable step) {
        this.step = step;
        playing = new ReadOnlyBooleanWrapper(owner, "playing");
        speed = new SimpleDoubleProperty(owner, "speed", 4);
        timeline.setCycleCount(Timeline.INDEFINITE);
        speed.addListener((o, a, b) -> {
            if (isPlaying()) {
                restart();
            }
        });
    }

    /** Starts playing (again from now). */
    void play() {
        playing.set(true);
        restart();
    }

    /** Stops playing. */
    void pause() {
        timeline.stop();
        playing.set(false);
    }

    private void restart() {
        timeline.stop();
        timeline.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1.0 / Math.max(0.1, speed.get())), e -> step.run()));
        timeline.play();
    }

    ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    boolean isPlaying() {
        return playing.get();
    }

    DoubleProperty speedProperty() {
        return speed;
    }

    /** Plays faster (×1.5, at most {@link #MAX_SPEED}). */
    void faster() {
        speed.set(Math.min(MAX_SPEED, speed.get() * 1.5));
    }

    /** Plays slower (÷1.5, at least {@link #MIN_SPEED}). */
    void slower() {
        speed.set(Math.max(MIN_SPEED, speed.get() / 1.5));
    }
}
