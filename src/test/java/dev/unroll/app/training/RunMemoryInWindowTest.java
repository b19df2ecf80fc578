package dev.unroll.app.training;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.WindowTest;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.RunMemory;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run that does not fit in memory, in the real window (issue 16, item 3): the app says the
 * command line's one line (how much is needed, how to raise the heap with -Xmx or
 * JAVA_TOOL_OPTIONS), the window goes on, and nothing is lost. Neither test needs a large heap:
 * the refusal uses the {@link RunMemory#LIMIT_PROPERTY} limit, and the OutOfMemoryError is thrown
 * on the training thread through the session's seam.
 */
class RunMemoryInWindowTest extends WindowTest {

    private String message() {
        return onFx(() -> ((Label) window.scene().lookup("#run-message")).getText());
    }

    private TrainingSnapshot snapshot() {
        return onFx(() -> window.context().snapshot().get());
    }

    private static String capitalized(String line) {
        return Character.toUpperCase(line.charAt(0)) + line.substring(1);
    }

    private void smallSettings(String hidden) {
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText(hidden);
            window.hyperparameters().field("hp-iterations").setText("10000000");
            window.hyperparameters().field("hp-sample-every").setText("50");
            window.hyperparameters().field("hp-sample-length").setText("40");
        });
    }

    @Test
    void aRunThatDoesNotFitIsRefusedWithTheCommandLinesLineAndTheWindowGoesOn(FxRobot robot) {
        await(20, "a corpus chosen", () -> window.context().corpus().get() != null);
        Corpus corpus = onFx(() -> window.context().corpus().get());
        System.setProperty(RunMemory.LIMIT_PROPERTY, "1g");
        try {
            smallSettings(Integer.toString(TrainingConfig.MAX_HIDDEN)); // about 1.3 GB: weights, gradients, Adagrad, copies
            TrainingConfig settings = onFx(() -> window.hyperparameters().config());
            // what the command line says for the same run ("unroll: " and this line)
            String cli = assertThrows(BadInputException.class, () -> new Trainer(corpus, settings)).getMessage();
            assertTrue(cli.contains(" GB of memory, more than the 1.0 GB Java may use; raise the heap with -Xmx2g")
                    && cli.contains("JAVA_TOOL_OPTIONS=-Xmx2g"), cli);

            robot.clickOn("#run-start");
            await(10, "the refusal shown", () -> !message().isEmpty());
            assertEquals(capitalized(cli), message());
            // nothing started, nothing lost: the settings stay as typed, Start is there to try again
            assertFalse(onFx(() -> window.context().training().hasRun()));
            assertEquals(Integer.toString(TrainingConfig.MAX_HIDDEN), onFx(() -> window.hyperparameters().field("hp-hidden").getText()));
            assertFalse(onFx(() -> robot.lookup("#run-start").queryButton().isDisabled()));
        } finally {
            System.clearProperty(RunMemory.LIMIT_PROPERTY);
        }
        // the window goes on: a run that fits trains
        smallSettings("16");
        robot.clickOn("#run-start");
        await(30, "a smaller run trains", () -> snapshot() != null && snapshot().iteration() > 10);
        assertEquals("", message());
    }

    @Test
    void anOutOfMemoryErrorWhileTrainingSaysTheLineAndKeepsTheRun(FxRobot robot) throws Exception {
        await(20, "a corpus chosen", () -> window.context().corpus().get() != null);
        smallSettings("16");
        robot.clickOn("#run-start");
        TrainingSession training = window.context().training();
        await(30, "training", () -> snapshot() != null && snapshot().iteration() > 100);
        // the next snapshot's copy of the weights does not fit (thrown once, as the allocation would)
        AtomicBoolean thrown = new AtomicBoolean();
        training.onTrainingThread = s -> {
            if (thrown.compareAndSet(false, true)) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        await(30, "the training thread ended", () -> thrown.get() && !training.isActive());
        assertEquals(capitalized(RunMemory.outOfMemory()), message(), "the command line's line");
        assertTrue(message().contains("raise the heap with -Xmx") && message().contains("JAVA_TOOL_OPTIONS=-Xmx"), message());

        // nothing lost: the run is there at the iteration it reached, and saves as a checkpoint that loads back
        assertTrue(onFx(training::hasRun));
        long reached = snapshot().iteration();
        assertTrue(reached > 100, "iteration " + reached);
        assertTrue(onFx(() -> window.context().commands().get("file.save-checkpoint").isEnabled()), "Save checkpoint is offered");
        Path kept = dir.resolve("kept.npz");
        runFx(() -> window.context().actions().saveCheckpoint(kept, null));
        await(20, "the checkpoint written", () -> Files.isRegularFile(kept));
        assertEquals(reached, Checkpoint.load(kept).state().iteration());

        // the window goes on: Reset, and a new run trains
        robot.clickOn("#run-reset");
        await(10, "reset", () -> !training.hasRun());
        robot.clickOn("#run-start");
        await(30, "a new run trains", () -> snapshot() != null && snapshot().iteration() > 10);
    }
}
