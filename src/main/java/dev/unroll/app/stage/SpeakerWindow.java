package dev.unroll.app.stage;

import dev.unroll.app.ui.ViewStyles;
import dev.unroll.architecture.AllowedToHandleKeys;

import javafx.beans.value.ObservableStringValue;
import javafx.event.Event;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The speaker's own window, on a second screen while presenting: the slide showing, its notes in
 * large type, the next slide's title and the elapsed time, none of which the audience sees. Keys
 * pressed in it go to the main window, so the speaker may click it and still press Page Down or Esc.
 *
 * <p>Node ids: {@code speaker-slide}, {@code speaker-notes}, {@code speaker-next}, {@code speaker-clock}.
 */
@AllowedToHandleKeys("the speaker's window has no routing of its own: it forwards every key to the main window, where the command registry's routing handles it")
final class SpeakerWindow {
    private final Stage owner;
    private final Stage stage = new Stage();
    private final Label slide = label("speaker-slide");
    private final Label notes = label("speaker-notes");
    private final Label next = label("speaker-next");
    private final Label clock = label("speaker-clock");

    /**
     * @param owner     the main window (presenting on its own screen); it keeps the focus
     * @param clockText the presenter's clock ("12:34")
     */
    SpeakerWindow(Stage owner, ObservableStringValue clockText) {
        this.owner = owner;
        notes.setWrapText(true);
        notes.setMaxWidth(Double.MAX_VALUE);
        VBox.setVgrow(notes, Priority.ALWAYS);
        notes.setMaxHeight(Double.MAX_VALUE);
        notes.setAlignment(Pos.TOP_LEFT);
        clock.textProperty().bind(clockText);
        VBox root = new VBox(18, clock, slide, notes, next);
        root.setId("speaker-window");
        root.getStyleClass().add("speaker-window");
        ViewStyles.attach(root, PresentationController.class);
        Scene scene = new Scene(root);
        // the speaker's keys act on the main window, whichever of the two has the focus
        scene.addEventFilter(KeyEvent.ANY, e -> {
            e.consume();
            Scene main = owner.getScene();
            if (main != null) {
                Node target = main.getFocusOwner() != null ? main.getFocusOwner() : main.getRoot();
                Event.fireEvent(target, e.copyFor(target, target));
            }
        });
        stage.setScene(scene);
        stage.setTitle("Unroll: speaker's notes");
        stage.initOwner(owner);
    }

    /** Shows the window filling {@code bounds} (the second screen); the main window keeps the focus. */
    void show(Rectangle2D bounds) {
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setWidth(bounds.getWidth());
        stage.setHeight(bounds.getHeight());
        if (!stage.isShowing()) {
            stage.show();
        }
        owner.requestFocus();
    }

    /** What it shows for a slide: its counter text ("3 / 20 · title"), its notes ("" for none) and the next slide's. */
    void update(String slideText, String notesText, String nextText) {
        slide.setText(slideText);
        notes.setText(notesText.isEmpty() ? "(no notes for this slide)" : notesText);
        next.setText(nextText);
    }

    void close() {
        stage.hide();
    }

    boolean isShowing() {
        return stage.isShowing();
    }

    Stage stage() {
        return stage;
    }

    private static Label label(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(id);
        return l;
    }
}
