package dev.unroll.app.core;

import javafx.scene.Node;

/**
 * One view of the main window (loss, samples, hidden state, ...): a tab. A feature builds its node
 * once, from the {@link AppContext} it was created with, and from then on only draws what the
 * context publishes (training snapshots at screen rate, the current model copy, events). Features
 * never refer to each other; they talk through {@link AppContext#events()}.
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
}
