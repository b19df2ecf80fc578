package dev.unroll.app.training;

import dev.unroll.app.fx.Animations;
import dev.unroll.engine.train.HistoryEntry;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.value.ObservableValue;
import javafx.util.Duration;

import java.util.List;

/**
 * Where the window stands in a run's history: live (the trainer's newest snapshot) or at one of the
 * iterations the run's history keeps ({@link TrainingSession#historyProperty()}). {@link #shownProperty()} is
 * what every view reads: the live snapshot, or the run as of the chosen iteration
 * ({@link TrainingSnapshot#asOf}, flagged historical: that entry's weights, losses and samples). While the
 * timeline stands at an iteration, training goes on: the live snapshots keep coming to
 * {@link TrainingSession#snapshotProperty()}, and the views see them again after {@link #live()}.
 * A reset, a new run or a history that has become empty returns to live. JavaFX thread.
 */
public final class RunTimeline {
    private final TrainingSession training;
    private final ReadOnlyObjectWrapper<HistoryEntry> at = new ReadOnlyObjectWrapper<>(this, "at");
    private final ReadOnlyObjectWrapper<TrainingSnapshot> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final BooleanBinding available;
    /** Seconds per kept iteration while replaying. */
    private final DoubleProperty pace = new SimpleDoubleProperty(this, "pace", 1.0);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing");
    private Timeline replay;

    public RunTimeline(TrainingSession training) {
        this.training = training;
        shown.set(training.snapshot());
        available = Bindings.createBooleanBinding(() -> training.snapshot() != null && !training.historyProperty().get().isEmpty(),
                training.snapshotProperty(), training.historyProperty());
        training.snapshotProperty().addListener((o, old, s) -> {
            if (s == null || (old != null && (s.config() != old.config() || s.iteration() < old.iteration()))) {
                stop();
                at.set(null); // a reset or another run: its history is not this one's
            }
            if (at.get() == null) {
                shown.set(s);
            }
        });
        training.historyProperty().addListener((o, old, h) -> {
            if (h.isEmpty()) {
                live();
            }
        });
        pace.addListener((o, old, p) -> {
            if (isPlaying()) {
                startReplay(); // the next step at the new pace
            }
        });
    }

    /** Seconds each kept iteration shows while replaying (0.1 at least). */
    public DoubleProperty paceProperty() {
        return pace;
    }

    /** Whether the history is being replayed. */
    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public boolean isPlaying() {
        return playing.get();
    }

    /**
     * Replays the history: stands at each kept iteration in turn, one per {@link #paceProperty() pace}, from the
     * one it stands at (from the oldest when live or at the newest), and stops at the newest kept iteration;
     * {@link #live()}, a reset or {@link #stop()} stop it earlier. Does nothing without a kept iteration.
     */
    public void play() {
        if (!isAvailable()) {
            return;
        }
        if (!isHistorical() || index() >= entries().size() - 1) {
            moveToIndex(0);
        }
        playing.set(true);
        startReplay();
    }

    /** Stops a replay where it stands (the timeline stays at that iteration). */
    public void stop() {
        if (replay != null) {
            replay.stop();
            replay = null;
        }
        playing.set(false);
    }

    /** Plays, or stops a replay. */
    public void togglePlay() {
        if (isPlaying()) {
            stop();
        } else {
            play();
        }
    }

    private void startReplay() {
        if (replay != null) {
            replay.stop();
        }
        replay = Animations.track("timeline-replay",
                new Timeline(new KeyFrame(Duration.seconds(Math.max(0.1, pace.get())), e -> replayStep())));
        replay.setCycleCount(Animation.INDEFINITE);
        replay.play();
    }

    private void replayStep() {
        int i = index();
        if (!isHistorical() || !isAvailable() || i >= entries().size() - 1) {
            stop();
            return;
        }
        moveToIndex(i + 1);
        if (index() >= entries().size() - 1) {
            stop();
        }
    }

    /** What the views show: the live snapshot, or the run as of {@link #atProperty()} (null when there is no run). */
    public ReadOnlyObjectProperty<TrainingSnapshot> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The history entry the timeline stands at, or null when it is live. */
    public ReadOnlyObjectProperty<HistoryEntry> atProperty() {
        return at.getReadOnlyProperty();
    }

    /** Whether the timeline stands at a kept iteration (not live). */
    public boolean isHistorical() {
        return at.get() != null;
    }

    /** The iterations kept, oldest first: the entries the timeline can stand at. */
    public List<HistoryEntry> entries() {
        return training.historyProperty().get();
    }

    /** The entries as a property (a new list whenever the trainer kept or dropped one). */
    public ReadOnlyObjectProperty<List<HistoryEntry>> entriesProperty() {
        return training.historyProperty();
    }

    /** Whether there is a run with at least one kept iteration to stand at. */
    public ObservableValue<Boolean> availableProperty() {
        return available;
    }

    public boolean isAvailable() {
        return available.get();
    }

    /**
     * Stands at the newest kept iteration at or before {@code iteration} (the oldest kept one when all are
     * later). Does nothing without a run or a kept iteration.
     *
     * @return whether the timeline now stands at a kept iteration
     */
    public boolean moveTo(long iteration) {
        List<HistoryEntry> h = entries();
        if (!isAvailable()) {
            return false;
        }
        HistoryEntry pick = h.get(0);
        for (HistoryEntry e : h) {
            if (e.iteration() <= iteration) {
                pick = e;
            }
        }
        stand(pick);
        return true;
    }

    /** Stands at entry {@code index} of {@link #entries()} (clamped to the list). */
    public void moveToIndex(int index) {
        List<HistoryEntry> h = entries();
        if (isAvailable()) {
            stand(h.get(Math.max(0, Math.min(h.size() - 1, index))));
        }
    }

    /** The index in {@link #entries()} of the entry the timeline stands at: the newest at or before it; -1 when live. */
    public int index() {
        HistoryEntry e = at.get();
        if (e == null) {
            return -1;
        }
        List<HistoryEntry> h = entries();
        int i = -1;
        for (int k = 0; k < h.size(); k++) {
            if (h.get(k).iteration() <= e.iteration()) {
                i = k;
            }
        }
        return Math.max(i, 0);
    }

    /** One kept iteration back; from live, the newest kept one. */
    public void previous() {
        if (!isAvailable()) {
            return;
        }
        moveToIndex(isHistorical() ? index() - (entries().get(index()).iteration() < at.get().iteration() ? 0 : 1)
                : entries().size() - 1);
    }

    /** One kept iteration on; from the newest kept one, live. Nothing when live. */
    public void next() {
        if (!isHistorical()) {
            return;
        }
        int i = index() + 1;
        if (i >= entries().size()) {
            live();
        } else {
            moveToIndex(i);
        }
    }

    /** Back to the live run: the views show the trainer's newest snapshot again. */
    public void live() {
        stop();
        if (at.get() != null) {
            at.set(null);
            shown.set(training.snapshot());
        }
    }

    private void stand(HistoryEntry e) {
        TrainingSnapshot live = training.snapshot();
        if (e == at.get()) {
            return;
        }
        at.set(e);
        shown.set(live.asOf(e, entries()));
    }
}
