package dev.unroll.app.ui;

import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The one shape of a form: a grid of two columns, the labels (never narrower than their words) and
 * the fields (taking the width that is left), 8 px apart, rows 6 px apart.
 */
public final class FormGrid {
    private FormGrid() {
    }

    /**
     * Gives {@code grid} the form's columns and gaps and the style class {@code styleClass}.
     *
     * @return the fields' column, for a form that wants more of it (a least width)
     */
    public static ColumnConstraints shape(GridPane grid, String styleClass) {
        grid.getStyleClass().add(styleClass);
        grid.setHgap(8);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, fields);
        return fields;
    }
}
