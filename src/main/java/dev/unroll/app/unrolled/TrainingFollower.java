package dev.unroll.app.unrolled;

import dev.unroll.app.core.AppContext;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.corpus.CorpusWords;
import dev.unroll.engine.inspect.SpectralTracker;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The walk-through following training (the snapshot catch-up): as snapshots and model copies come,
 * it unrolls the newest window (or the typed text) on the newest weights when the walk follows
 * ({@link UnrolledModel#followProperty()}) and is not playing; a hidden view computes nothing and
 * catches up when shown. A model that is not the run's (the demo network after a Reset, a loaded
 * checkpoint) gets a text unrolled, so a walk of weights that are gone never stays on screen. It
 * also counts the runs begun and reset (the live charts start again), feeds the spectral radius's
 * part ({@link SpectralFollower}), asks training for copies ({@link CopyCadence}) and says what the
 * view shows while there is no walk. JavaFX thread.
 */
final class TrainingFollower {
    private final UnrolledModel walk;
    private final AppContext context;
    private final SpectralFollower spectral;
    private final CopyCadence cadence;
    private final ReadOnlyStringWrapper placeholder;
    private final ReadOnlyLongWrapper liveResets;
    private boolean showing;
    private ModelSnapshot lastModel;
    /** Whether {@link #lastModel} was a copy from the training run (not the demo network or a loaded model). */
    private boolean lastFromRun;
    private ModelSnapshot lastUnrolled;
    private TrainingSnapshot lastSnapshot;
    /** A new window or model came while hidden: the walk-through catches up when shown. */
    private boolean behind;
    /** Whether the last snapshot was the run as of a kept iteration (the timeline stood there). */
    private boolean historicalShown;

    /** Follows {@code context}'s training for {@code walk}, from the snapshot and model it has now. */
    TrainingFollower(UnrolledModel walk, AppContext context) {
        this.walk = walk;
        this.context = context;
        spectral = new SpectralFollower(walk, context, UnrolledModel.COPY_CADENCE);
        cadence = new CopyCadence(context, UnrolledModel.COPY_CADENCE);
        placeholder = new ReadOnlyStringWrapper(walk, "placeholder", "");
        liveResets = new ReadOnlyLongWrapper(walk, "liveResets");
        context.snapshot().addListener((o, a, snap) -> onSnapshot(snap));
        context.model().addListener((o, a, m) -> onModel(m));
        // Follow turned on again: the newest window (or weights) at once, not at the next snapshot
        walk.followProperty().addListener((o, a, on) -> {
            if (on && showing) {
                followNewest();
            }
        });
        onModel(context.model().get());
        onSnapshot(context.snapshot().get());
    }

    /** The spectral radius's newest history, on the JavaFX thread (null before the first). */
    ReadOnlyObjectProperty<SpectralTracker.History> spectralHistoryProperty() {
        return spectral.historyProperty();
    }

    /** The spectral radius's history as the tracker holds it now. */
    SpectralTracker.History spectralHistory() {
        return spectral.history();
    }

    /** What the view says while no walk is shown. */
    ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** Counts the runs begun and resets: each time, the live charts start again. */
    ReadOnlyLongProperty liveResetsProperty() {
        return liveResets.getReadOnlyProperty();
    }

    /**
     * The view shows (true) or hides: shown, it catches up with what came while hidden (the spectral
     * radius of a model from elsewhere, the newest window or weights).
     */
    void setShowing(boolean on) {
        showing = on;
        // a stacked run recomputes its window for the snapshots only while a view shows it
        context.training().setTraceWanted(this, on);
        if (on) {
            spectral.shown();
            if (behind) {
                behind = false;
                catchUp();
            }
        }
    }

    /** Shown again after new weights came: unroll the newest window or the typed text on them, as following would have. */
    private void catchUp() {
        ModelSnapshot m = context.model().get();
        if (m != null) {
            unrollOn(m);
        }
        if (walk.sourceProperty().get() == UnrolledModel.Source.WINDOW) {
            followWindow(context.snapshot().get(), true);
        }
    }

    private void onSnapshot(TrainingSnapshot s) {
        if (s == null) {
            if (lastSnapshot != null) {
                liveResets.set(liveResets.get() + 1);
                spectral.clear();
            }
            lastSnapshot = null;
            cadence.newRun();
            updatePlaceholder();
            return;
        }
        // the timeline moved (to a kept iteration, or back to live): the walk shows those weights whether it follows or not
        boolean timelineMoved = s.historical() || historicalShown;
        historicalShown = s.historical();
        if (s.historical()) {
            followWindow(s, true);
            updatePlaceholder();
            return;
        }
        if (lastSnapshot != null && s.iteration() < lastSnapshot.iteration()) {
            // a new run (or a reset): earlier curves belong to another model
            liveResets.set(liveResets.get() + 1);
            spectral.clear();
            cadence.newRun();
        }
        lastSnapshot = s;
        // each snapshot of a running run asks for a copy of the weights, at most once per COPY_CADENCE
        cadence.snapshot(s);
        followWindow(s, timelineMoved);
        updatePlaceholder();
    }

    /**
     * Unrolls the snapshot's window on its model copy when the walk-through follows training; a
     * hidden view computes nothing and catches up when shown.
     */
    private void followWindow(TrainingSnapshot s, boolean timelineMoved) {
        if (s != null && s.model() != null && s.model() != lastUnrolled && s.trace() != null
                && walk.sourceProperty().get() == UnrolledModel.Source.WINDOW
                && (!walk.hasWalk() || timelineMoved || (walk.followProperty().get() && !walk.isPlaying()))) {
            if (!showing) {
                behind = true;
                return;
            }
            lastUnrolled = s.model();
            walk.loadWindow(s.model(), s.trace(), s.windowIteration(), s.config().clip());
        }
    }

    /** The text unrolled when none was typed: a phrase in the corpus's language (its own words). */
    String defaultText() {
        Corpus c = context.corpus().get();
        return c == null ? BundledCorpus.defaultCorpus().words().probe() : CorpusWords.of(c).probe();
    }

    private void onModel(ModelSnapshot m) {
        if (m == lastModel) {
            return;
        }
        lastModel = m;
        // the spectral radius over iterations is one run's history: a model from elsewhere (the demo
        // network, a checkpoint, a sweep's run) starts a history of its own, and so does the run after it
        TrainingSnapshot s = context.snapshot().get();
        boolean fromRun = m != null && s != null && s.model() == m;
        if (s == null || !s.historical()) {
            // the spectral radius follows the live run: a kept iteration's weights are not a point on it
            spectral.onModel(m, fromRun, lastFromRun, showing);
        }
        lastFromRun = fromRun;
        if (m != null && showing) {
            unrollOn(m);
        } else if (m != null) {
            behind = true; // a hidden view computes nothing: it catches up when shown
        }
        updatePlaceholder();
    }

    /**
     * Unrolls the typed text on new weights when following, or a text when the model is not the run's (the
     * demo network after a Reset, a loaded checkpoint): a walk of another model's window, or of weights
     * that are gone, is never left on screen.
     */
    private void unrollOn(ModelSnapshot m) {
        TrainingSnapshot s = context.snapshot().get();
        boolean runModel = m == lastModel && lastFromRun;
        if (walk.sourceProperty().get() == UnrolledModel.Source.TEXT) {
            boolean timelineMoved = s != null && (s.historical() || historicalShown);
            if (!walk.hasWalk() || !runModel || timelineMoved || (walk.followProperty().get() && !walk.isPlaying())) {
                walk.loadText(m, walk.text(), clip());
            }
        } else if (!runModel || s == null || s.trace() == null) {
            // a model without a training window (the demo network after a Reset, a checkpoint): unroll a text
            if (walk.typedTextProperty().get().isBlank()) {
                walk.typedTextProperty().set(defaultText());
            }
            walk.chosenSourceProperty().set(UnrolledModel.Source.TEXT);
            walk.loadText(m, walk.typedTextProperty().get(), clip());
        }
    }

    private double clip() {
        TrainingSnapshot s = context.snapshot().get();
        return s == null ? 5.0 : s.config().clip();
    }

    /** Follow turned on: the newest training window (or the typed text on the newest weights), if newer than the walk's. */
    private void followNewest() {
        TrainingSnapshot s = context.snapshot().get();
        ModelSnapshot m = context.model().get();
        if (walk.sourceProperty().get() == UnrolledModel.Source.WINDOW) {
            if (s != null && s.trace() != null && (s.windowIteration() != walk.windowIteration()
                    || (m != null && m.iteration() != walk.walkModelIteration()))) {
                loadWindow(false);
            }
        } else if (m != null && m.iteration() != walk.walkModelIteration()) {
            walk.loadText(m, walk.text(), clip());
        }
    }

    /** Unrolls the newest training window on the newest model copy. */
    void loadWindow(boolean explicit) {
        TrainingSnapshot s = context.snapshot().get();
        ModelSnapshot m = context.model().get();
        if (s == null || s.trace() == null) {
            walk.setMessage(m == null ? "No training window yet: start training first."
                    : "No training window (this model was loaded without a run): type a text to unroll instead.");
            if (m != null && explicit) {
                walk.chosenSourceProperty().set(UnrolledModel.Source.TEXT);
            }
            return;
        }
        if (m == null || (s.model() == null && explicit && context.training().hasRun())) {
            context.training().requestModelCopy();
        }
        ModelSnapshot use = s.model() != null ? s.model() : m;
        if (use == null) {
            walk.setMessage("Waiting for a copy of the weights…");
            return;
        }
        lastUnrolled = use;
        walk.loadWindow(use, s.trace(), s.windowIteration(), s.config().clip());
    }

    /** Unrolls the typed text on the newest weights. */
    void loadText() {
        walk.loadText(context.model().get(), walk.typedTextProperty().get(), clip());
        updatePlaceholder();
    }

    private void updatePlaceholder() {
        // short enough for three lines in large type under the toolbar's rows at 1280x720
        placeholder.set(context.model().get() == null
                ? "No model yet. Start training (or load a checkpoint): the network unrolls here over "
                        + "the training window, or over a text you type."
                : "Choose “Training window” or type a text to unroll.");
    }


    /** Stops asking for copies, and the spectral part's timers and thread. */
    void dispose() {
        showing = false;
        context.training().setTraceWanted(this, false);
        cadence.stop();
        spectral.dispose();
    }
}
