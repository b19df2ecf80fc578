package dev.unroll.app.core;

import javafx.scene.Node;

/**
 * One view of the main window (loss, samples, hidden state, ...): a tab. A feature builds its node
 * once, from the {@link AppContext} it was created with, and from then on only draws what the
 * context publishes (training snapshots at screen rate, the current model copy, events). Features
 * never refer to each other; they talk through {@link AppContext#events()}.
 *
 * <p>Lifecycle, all on the JavaFX thread, driven by the main window:
 * <ol>
 * <li><b>created</b>: the constructor wires the feature to the context; it starts no timer and
 *     no thread that nothing needs yet;</li>
 * <li><b>shown</b> / <b>hidden</b>: {@link #setShowing(boolean)} when its tab becomes visible or
 *     hidden, any number of times. A hidden feature does no work for the screen: it redraws
 *     nothing, runs no timer and asks training for nothing (it may remember that it is out of
 *     date and catch up when shown again). Work the user started (a sweep, a generation) goes on;</li>
 * <li><b>closing</b>: {@link #closingNote()} says what closing the app now would interrupt, for
 *     the close dialog;</li>
 * <li><b>disposed</b>: {@link #dispose()} once, when the window closes: it stops the feature's
 *     work (saving what must survive, such as a sweep's checkpoints, before it returns), its
 *     timers and its threads. Nothing is called after it.</li>
 * </ol>
 */
public interface Feature {

    /** A stable id, used for the talk script, presentation order and saved layout (e.g. "loss"). */
    String id();

    /** The tab's title. */
    String title();

    /** The view, built once. */
    Node node();

    /** Called on the JavaFX thread when the feature's tab becomes visible (true) or hidden (false). */
    default void setShowing(boolean showing) {
    }

    /**
     * What closing the app now would interrupt, one or two sentences for the close dialog (for
     * example that a running sweep stops with its checkpoints saved), or "" when nothing.
     */
    default String closingNote() {
        return "";
    }

    /**
     * The window is closing: stop this feature's work, timers and threads, saving what must
     * survive before returning. Called once, on the JavaFX thread, after the feature was hidden.
     */
    default void dispose() {
    }
}
