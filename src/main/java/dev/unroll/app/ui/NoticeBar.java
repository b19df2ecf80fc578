package dev.unroll.app.ui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.HBox;

/**
 * The one shape of a bar across a window or a view that speaks only while it has something to say (the run's
 * message, the prime's unknown characters): its nodes in a row, centred vertically, with an id and a style class,
 * shown, and taking room, only while a condition holds. JavaFX thread.
 */
public final class NoticeBar {
    private NoticeBar() {
    }

    /** The bar of {@code nodes}, {@code gap} apart, shown only while {@code shownWhile} is true. */
    public static HBox of(String id, String styleClass, double gap, ObservableBooleanValue shownWhile, Node... nodes) {
        HBox bar = new HBox(gap, nodes);
        bar.setId(id);
        bar.getStyleClass().add(styleClass);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.visibleProperty().bind(shownWhile);
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }
}
