package dev.unroll.app.ui;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;

/**
 * The one way a view shows a line its model words (a message, a status): a label whose id and
 * style class are the id given, its text bound to the model's, wrapping onto as many lines as it
 * needs across the whole width it is given.
 */
public final class MessageLine {
    private MessageLine() {
    }

    /** The label for {@code text}, with {@code id} as its id and style class. */
    public static Label of(String id, ObservableValue<String> text) {
        Label line = new Label();
        line.setId(id);
        line.getStyleClass().add(id);
        line.textProperty().bind(text);
        line.setWrapText(true);
        line.setMaxWidth(Double.MAX_VALUE);
        return line;
    }
}
