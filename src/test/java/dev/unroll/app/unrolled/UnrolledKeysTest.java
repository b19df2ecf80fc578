package dev.unroll.app.unrolled;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.WindowTest;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.train.RunState;

import javafx.scene.control.CheckBox;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * In the main window with Unrolled showing, Space, → and ← drive the walk-through, whichever
 * control has the focus, and training is untouched; elsewhere they drive training.
 */
class UnrolledKeysTest extends WindowTest {

    private UnrolledFeature feature() {
        return (UnrolledFeature) window.feature("unrolled").orElseThrow();
    }

    @Test
    void arrowsAndSpaceStepAndPlayTheWalkThroughNotTraining(FxRobot robot) {
        TrainingSession training = window.context().training();
        await(20, "default corpus chosen", () -> window.context().corpus().get() != null);
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("16");
            window.hyperparameters().field("hp-iterations").setText("100000000");
            window.controls().setSpeed(50); // slow motion: the test drives keys, a busy UI thread only slows it
            window.select("unrolled");
            window.context().commands().execute("run.start");
        });
        UnrolledModel walk = feature().model();
        await(30, "a training window unrolled", () -> walk.trace() != null && !walk.computingProperty().get());
        // training still runs: Space here is the walk-through's
        // a focused check box must not take Space either
        runFx(() -> window.scene().lookup("#unrolled-follow").requestFocus());
        assertTrue(onFx(() -> window.scene().getFocusOwner().getId().equals("unrolled-follow")));
        robot.type(KeyCode.SPACE);
        await(5, "walk-through playing", walk::isPlaying);
        assertEquals(RunState.RUNNING, training.state(), "Space on Unrolled leaves training running");
        robot.type(KeyCode.SPACE);
        await(5, "walk-through paused", () -> !walk.isPlaying());
        assertTrue(onFx(() -> ((CheckBox) window.scene().lookup("#unrolled-follow")).isSelected()),
                "Space did not toggle the focused check box");

        robot.clickOn("#run-pause");
        await(10, "training paused", () -> training.state() == RunState.PAUSED);
        long iteration = training.exportState().iteration();
        await(20, "the window settled", () -> !walk.computingProperty().get());
        runFx(walk::toStart);
        robot.clickOn("#unrolled-canvas");
        robot.type(KeyCode.RIGHT).type(KeyCode.RIGHT).type(KeyCode.RIGHT);
        assertEquals(3, (int) onFx(walk::position), "→ steps the walk-through");
        robot.type(KeyCode.LEFT);
        assertEquals(2, (int) onFx(walk::position), "← steps it back");
        robot.type(KeyCode.SPACE);
        await(5, "walk-through playing", walk::isPlaying);
        runFx(walk::pause);
        assertEquals(RunState.PAUSED, training.state());
        assertEquals(iteration, training.exportState().iteration(), "training untouched by the walk-through's keys");

        // elsewhere the same keys are training's again
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        assertEquals("loss", onFx(() -> window.context().commands().showingViewProperty().get()));
        robot.type(KeyCode.RIGHT);
        await(10, "one training step", () -> training.exportState().iteration() == iteration + 1);
        robot.type(KeyCode.SPACE);
        await(10, "training resumed", () -> training.state() == RunState.RUNNING);
        assertFalse(onFx(walk::isPlaying));
        assertTrue(training.hasRun());
        assertFalse(onFx(() -> ((CheckBox) window.scene().lookup("#unrolled-follow")).isSelected()),
                "stepping with → and ← held the walk: Follow is off");
    }
}
