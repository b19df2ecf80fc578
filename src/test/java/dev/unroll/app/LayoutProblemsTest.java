package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

/** The layout test's eye ({@link LayoutTest.LayoutProblems}) sees a cut word, an overlap and a control past the edge. */
@ExtendWith(ApplicationExtension.class)
class LayoutProblemsTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private List<String> problems(Parent root, double w, double h) {
        return onFx(() -> {
            stage.setScene(new Scene(root, w, h));
            stage.show();
            root.applyCss();
            root.layout();
            return LayoutTest.LayoutProblems.of(root, w, h);
        });
    }

    @Test
    void aLabelLongerThanItsRoomIsReported() {
        Label fits = new Label("Start");
        Label cut = new Label("Follow training");
        cut.setMaxWidth(60);
        List<String> found = problems(new VBox(fits, cut), 400, 100);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).contains("for \"Follow training\""), found.get(0));
    }

    @Test
    void aLabelThatFitsIsNotReported() {
        assertEquals(List.of(), problems(new HBox(8, new Label("Start"), new Button("Step ▶|")), 400, 100));
    }

    /** A wrapping label does not display its text's trailing line break; nothing a person reads is missing. */
    @Test
    void aTrailingLineBreakIsNotACut() {
        Label verse = new Label("Falls of a and sleeps and,\n");
        verse.setWrapText(true);
        assertEquals(List.of(), problems(new VBox(verse), 400, 100));
    }

    @Test
    void overlappingControlsAndControlsPastTheEdgeAreReported() {
        Button a = new Button("One");
        Button b = new Button("Two");
        Button c = new Button("Three");
        a.relocate(10, 10);
        b.relocate(20, 15);
        c.relocate(380, 10);
        List<String> found = problems(new Pane(a, b, c), 400, 100);
        assertTrue(found.stream().anyMatch(p -> p.contains("\"One\" and Button \"Two\" overlap")), found.toString());
        assertTrue(found.stream().anyMatch(p -> p.contains("\"Three\" reaches past the window's edge")), found.toString());
        assertEquals(2, found.size(), found.toString());
    }
}
