package dev.unroll.app.ui;

import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/**
 * Toolbars that keep their words: a row of controls that wraps into more rows when the window is
 * too narrow, each control at its preferred width, so no button or label is cut to "…".
 */
public final class Toolbars {
    private Toolbars() {
    }

    /**
     * A row that wraps: the items left to right, {@code gap} apart, on as many rows as the width
     * needs (rows 4 px apart, centred vertically). Groups that must stay together (a label and
     * its field) can be passed as one {@code HBox}; their texts are kept whole by {@link #keepWords}.
     *
     * @param gap the horizontal space between items
     * @param items the controls or groups, in order
     * @return the wrapping row
     */
    public static FlowPane wrapping(double gap, Node... items) {
        FlowPane row = new FlowPane(gap, 4, items);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setRowValignment(VPos.CENTER);
        for (Node n : items) {
            keepWords(n);
        }
        return row;
    }

    /**
     * Items that stay together on one row of a {@link #wrapping} toolbar (a label and its field),
     * {@code 6} px apart, each labeled control no narrower than its text.
     *
     * @param items the controls, in order
     * @return the group
     */
    public static HBox group(Node... items) {
        HBox box = new HBox(6, items);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        keepWords(box);
        return box;
    }

    /**
     * Makes every labeled control in {@code node} (itself or inside a plain pane) no narrower than
     * its text: a row that is short of room then wraps or scrolls instead of cutting words.
     *
     * @param node a control or a pane of controls
     */
    public static void keepWords(Node node) {
        if (node instanceof Labeled l) {
            l.setMinWidth(Region.USE_PREF_SIZE);
        } else if (node instanceof Pane p) {
            for (Node c : p.getChildren()) {
                keepWords(c);
            }
        }
    }
}
