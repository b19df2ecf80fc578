package dev.unroll.app;

import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;

import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.Objects;
import java.util.function.Function;

/**
 * The keyboard-shortcuts dialog (F1), built from the command registry: one row per command that has
 * keys, the global ones first, then those of each view under the view's title. Besides the keys,
 * two notes say what the mouse does. Node ids: {@code shortcuts-grid}; each key label has the style
 * classes {@code mono} and {@code shortcut-keys}.
 */
final class ShortcutsDialog {
    /** Mouse gestures worth knowing, which are not commands. */
    static final String[][] NOTES = {
            {"Open a corpus", "drop a file on the window"},
            {"Loss chart", "drag: zoom · wheel: zoom · Ctrl+drag: pan"},
    };

    private ShortcutsDialog() {
    }

    /** The grid of the dialog: a row per command with keys, headed by scope. */
    static GridPane grid(Commands commands, Function<String, String> viewTitle) {
        GridPane g = new GridPane();
        g.setId("shortcuts-grid");
        g.setHgap(24);
        g.setVgap(6);
        int row = 0;
        String scope = null;
        boolean first = true;
        for (Command c : commands.withKeys()) {
            if (first || !Objects.equals(scope, c.scope())) {
                scope = c.scope();
                Label heading = new Label(scope == null ? "Everywhere" : "While " + viewTitle.apply(scope) + " shows");
                heading.getStyleClass().add("section-title");
                g.add(heading, 0, row++, 2, 1);
                first = false;
            }
            g.add(new Label(c.label()), 0, row);
            Label k = new Label(Commands.keysText(c));
            k.getStyleClass().addAll("mono", "shortcut-keys");
            g.add(k, 1, row++);
        }
        Label mouse = new Label("With the mouse");
        mouse.getStyleClass().add("section-title");
        g.add(mouse, 0, row++, 2, 1);
        for (String[] n : NOTES) {
            g.add(new Label(n[0]), 0, row);
            g.add(new Label(n[1]), 1, row++);
        }
        return g;
    }

    /** Shows the dialog (not modal). */
    static Alert show(Window owner, Commands commands, Function<String, String> viewTitle) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.initModality(Modality.NONE); // a modal window costs the main window its maximized state under some window managers
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        ScrollPane scroll = new ScrollPane(grid(commands, viewTitle));
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(520);
        a.getDialogPane().setContent(scroll);
        a.show();
        return a;
    }
}
