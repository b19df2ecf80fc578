package dev.unroll.app.unrolled;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.fx.LatestValue;
import dev.unroll.app.fx.Throttle;
import dev.unroll.engine.inspect.SpectralTracker;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.util.Duration;

/**
 * The walk-through's spectral radius over iterations: one run's history of Whh's eigenvalues (a
 * {@link SpectralTracker}, decomposing on its own thread), shown through a latest-wins hand-off.
 * A run's copies are decomposed at most once per cadence, shown or hidden (other views ask for
 * copies far more often); a model from elsewhere (the demo network, a checkpoint, a sweep's run)
 * starts a history of its own and is decomposed when the view shows; a gated cell has no Whh and
 * adds nothing. JavaFX thread.
 */
final class SpectralFollower {
    private final ReadOnlyObjectWrapper<SpectralTracker.History> history;
    private final LatestValue<SpectralTracker.History> shown;
    private final SpectralTracker tracker;
    /** Offers the newest model's Whh to the tracker, at most once per cadence. */
    private final Throttle offer;
    /** A model came while hidden: its Whh is decomposed when the view is shown. */
    private boolean behind;
    private boolean disposed;

    /** @param owner the bean of the history property, @param cadence at most one decomposition a run's copy per this */
    SpectralFollower(Object owner, AppContext context, Duration cadence) {
        history = new ReadOnlyObjectWrapper<>(owner, "spectralHistory");
        shown = new LatestValue<>("unrolled-spectral", history::set);
        tracker = new SpectralTracker(1024, shown::offer);
        offer = new Throttle("unrolled-spectral-offer", cadence, () -> {
            ModelSnapshot m = context.model().get();
            if (!disposed && m != null && oneVanillaLayer(m)) {
                tracker.offer(m);
            }
        });
    }

    /** The newest history, on the JavaFX thread (null before the first). */
    ReadOnlyObjectProperty<SpectralTracker.History> historyProperty() {
        return history.getReadOnlyProperty();
    }

    /** The history as the tracker holds it now. */
    SpectralTracker.History history() {
        return tracker.history();
    }

    /** A new run or a reset: the history starts again. */
    void clear() {
        tracker.clear();
    }

    /**
     * New weights: {@code fromRun} whether they are the training run's copy, {@code wasFromRun}
     * whether the weights before them were; {@code showing} whether the view shows.
     */
    void onModel(ModelSnapshot m, boolean fromRun, boolean wasFromRun, boolean showing) {
        if (m == null) {
            return;
        }
        if (!fromRun || !wasFromRun) {
            tracker.clear();
        }
        if (oneVanillaLayer(m)) {
            if (fromRun) {
                offer.request();
            } else if (showing) {
                offer.runNow();
            } else {
                behind = true;
            }
        }
    }

    /** Whether the model has the one Whh whose spectrum is tracked (a stacked vanilla RNN has one per layer, named otherwise). */
    private static boolean oneVanillaLayer(ModelSnapshot m) {
        return m.cell() == Cell.VANILLA && m.layers() == 1;
    }

    /** The view shows: a model from elsewhere that came while hidden is decomposed now. */
    void shown() {
        if (behind) {
            behind = false;
            offer.runNow();
        }
    }

    /** Stops the cadence, the tracker's thread and the hand-off. */
    void dispose() {
        disposed = true;
        offer.cancel();
        tracker.close();
        shown.dispose();
    }
}
