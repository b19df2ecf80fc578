package dev.unroll.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.RunControl;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class StatusBarTest {
    private StatusBar bar;
    private BorderPane root;

    @Start
    void start(Stage stage) {
        bar = new StatusBar(new TrainingSession());
        root = new BorderPane(new Label("the views"));
        root.setBottom(bar.node());
        stage.setScene(new Scene(root, 1000, 300));
        stage.show();
    }

    @Test
    void newStatusTextsLayOutTheBarButNotTheWindowUnlessItsHeightChanges(FxRobot robot) {
        Trainer trainer = new Trainer(Corpus.of("test", "the cat sat on the mat. ".repeat(20)),
                TrainingConfig.defaults().withHiddenSize(8).withSequenceLength(10).withIterations(30).withSampleEvery(0).withSeed(3));
        TrainingSnapshot before = trainer.snapshot();
        trainer.run(new RunControl(), s -> { });
        TrainingSnapshot after = trainer.snapshot();
        Parent line = (Parent) bar.node();
        boolean[] needs = new boolean[2];
        robot.interact(() -> {
            bar.show(before, true);
            root.applyCss();
            root.layout();
            bar.show(after, true);
            needs[0] = root.isNeedsLayout();
            needs[1] = line.isNeedsLayout();
            root.layout();
        });
        assertFalse(needs[0], "a new status text laid out the whole window again");
        assertTrue(needs[1], "the status bar itself is laid out again");
        assertEquals("30 / 30", robot.lookup("#status-iteration").queryAs(Label.class).getText());

        // a larger font makes the bar taller: that still reaches the window
        robot.interact(() -> {
            line.setStyle("-fx-font-size: 30px");
            root.applyCss();
            needs[0] = root.isNeedsLayout();
            root.layout();
        });
        assertTrue(needs[0], "a taller status bar did not lay out the window");
        assertTrue(line.getLayoutBounds().getHeight() >= 30, "height " + line.getLayoutBounds().getHeight());
    }

    @Test
    void aRunThatIsNotTrainingShowsNoRateAndNoTimeLeft(FxRobot robot) {
        Trainer trainer = new Trainer(Corpus.of("test", "the cat sat on the mat. ".repeat(20)),
                TrainingConfig.defaults().withHiddenSize(8).withSequenceLength(10).withIterations(100_000_000).withSampleEvery(0).withSeed(3));
        TrainingSnapshot[] running = new TrainingSnapshot[1];
        RunControl control = new RunControl();
        trainer.run(control, s -> {
            if (s.state() == RunState.RUNNING && s.itersPerSecond() > 0) {
                running[0] = s;
                control.stop(); // the speed is known (after 0.2 s of training): stop there
            }
        });
        TrainingSnapshot finished = trainer.snapshot();
        assertTrue(running[0] != null, "a snapshot while training");
        robot.interact(() -> bar.show(running[0], true));
        assertTrue(robot.lookup("#status-speed").queryAs(Label.class).getText().endsWith("it/s"));
        assertTrue(robot.lookup("#status-eta").queryAs(Label.class).getText().startsWith("left "));
        robot.interact(() -> bar.show(finished, true)); // stopped with 99,99x,xxx iterations to go
        assertEquals(RunState.STOPPED, finished.state());
        assertEquals("", robot.lookup("#status-speed").queryAs(Label.class).getText(), "a rate while not training");
        assertEquals("", robot.lookup("#status-eta").queryAs(Label.class).getText(), "a time left while not training");
        assertTrue(robot.lookup("#status-elapsed").queryAs(Label.class).getText().startsWith("elapsed "));
    }
}
