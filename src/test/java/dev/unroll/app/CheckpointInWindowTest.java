package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.events.ModelLoaded;
import dev.unroll.app.events.OpenRun;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;

import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Save and load checkpoints and export the results file through the window's commands. */
class CheckpointInWindowTest extends WindowTest {
    /** Trains a small run to its end (300 iterations) on a generated corpus file. */
    private Path trainSmallRun() {
        Path corpus = ShellFixtures.writeCorpus(dir, "verses.txt", 20_000);
        runFx(() -> window.context().actions().openCorpus(corpus));
        await(10, "corpus chosen", () -> window.context().corpus().get() != null
                && window.context().corpus().get().name().equals("verses.txt"));
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("12");
            window.hyperparameters().field("hp-iterations").setText("300");
            window.hyperparameters().field("hp-sample-every").setText("100");
            window.hyperparameters().field("hp-sample-length").setText("30");
            window.controls().start();
        });
        await(30, "finished", () -> window.context().training().state() == RunState.FINISHED);
        return corpus;
    }

    @Test
    void aCheckpointHoldsTheIterationItsProposedNameSaysWhileTheRunTrainsOn() throws Exception {
        Path corpus = ShellFixtures.writeCorpus(dir, "verses.txt", 20_000);
        runFx(() -> window.context().actions().openCorpus(corpus));
        await(10, "corpus chosen", () -> window.context().corpus().get() != null
                && window.context().corpus().get().name().equals("verses.txt"));
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("12");
            window.hyperparameters().field("hp-iterations").setText("100000000");
            window.controls().start();
        });
        await(30, "training", () -> window.context().snapshot().get() != null && window.context().snapshot().get().iteration() > 50);
        // what File > Save checkpoint does as its dialog opens
        TrainerState state = window.context().training().exportState();
        long n = state.iteration();
        String proposed = AppActions.checkpointName(state);
        assertEquals("unroll-hs12-it" + n + ".npz", proposed);
        // the person takes a while to choose; the run trains on
        await(30, "the run moved on", () -> window.context().snapshot().get().iteration() > n + 500);
        Path cp = dir.resolve(proposed);
        window.context().training().saveCheckpoint(cp, state);
        runFx(() -> window.controls().stop());
        assertEquals(n, Checkpoint.load(cp).state().iteration(), "the file holds the iteration its name says");
    }

    @Test
    void savedRunLoadsBackAndContinues(FxRobot robot) {
        trainSmallRun();
        Path cp = dir.resolve("run.npz");
        runFx(() -> window.context().actions().saveCheckpoint(cp, null));
        await(20, "checkpoint written", () -> Files.isRegularFile(cp));
        runFx(() -> window.controls().reset());
        // a longer target, so the adopted run can continue: the iterations field is part of the saved config
        runFx(() -> window.context().actions().loadCheckpoint(cp));
        await(20, "run adopted", () -> window.context().training().hasRun()
                && window.context().snapshot().get() != null && window.context().snapshot().get().iteration() == 300);
        assertEquals(RunState.FINISHED, onFx(() -> window.context().snapshot().get().state()));
        assertEquals("12", onFx(() -> window.hyperparameters().field("hp-hidden").getText()));
        assertNotNull(onFx(() -> window.context().model().get()));
        assertEquals(300, onFx(() -> window.context().model().get().iteration()));
    }

    @Test
    void stoppedRunSavedAndAdoptedContinuesWithStart(FxRobot robot) {
        Path corpus = ShellFixtures.writeCorpus(dir, "verses.txt", 20_000);
        runFx(() -> window.context().actions().openCorpus(corpus));
        await(10, "corpus chosen", () -> window.context().corpus().get() != null
                && window.context().corpus().get().name().equals("verses.txt"));
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("12");
            window.hyperparameters().field("hp-iterations").setText("100000000");
            window.controls().start();
        });
        await(20, "some training", () -> window.context().snapshot().get() != null && window.context().snapshot().get().iteration() > 100);
        runFx(() -> window.controls().stop());
        await(10, "stopped", () -> !window.context().training().isActive());
        long at = onFx(() -> window.context().snapshot().get().iteration());
        Path cp = dir.resolve("stopped.npz");
        runFx(() -> window.context().actions().saveCheckpoint(cp, null));
        await(20, "checkpoint written", () -> Files.isRegularFile(cp));
        runFx(() -> window.controls().reset());
        runFx(() -> window.context().actions().loadCheckpoint(cp));
        await(20, "run adopted", () -> window.context().training().hasRun());
        assertEquals(at, onFx(() -> window.context().snapshot().get().iteration()));
        robot.clickOn("#run-start");
        await(20, "continues", () -> window.context().snapshot().get().iteration() > at + 10);
    }

    @Test
    void checkpointWithoutItsCorpusLoadsTheModelForGeneration(FxRobot robot) throws Exception {
        Path corpus = trainSmallRun();
        Path cp = dir.resolve("orphan.npz");
        runFx(() -> window.context().actions().saveCheckpoint(cp, null));
        await(20, "checkpoint written", () -> Files.isRegularFile(cp));
        runFx(() -> window.controls().reset());
        // another corpus is chosen and the original file is gone
        Path other = dir.resolve("other.txt");
        Files.writeString(other, ShellFixtures.verses(5_000, 99), StandardCharsets.UTF_8);
        runFx(() -> window.context().actions().openCorpus(other));
        await(10, "other chosen", () -> window.context().corpus().get().name().equals("other.txt"));
        Files.delete(corpus);
        runFx(() -> window.context().model().set(null));

        List<ModelLoaded> events = new CopyOnWriteArrayList<>();
        runFx(() -> window.context().events().subscribe(ModelLoaded.class, events::add));
        runFx(() -> window.context().actions().loadCheckpoint(cp));
        await(20, "model loaded", () -> window.context().model().get() != null && !events.isEmpty());
        assertFalse(onFx(() -> window.context().training().hasRun()), "no run without its corpus");
        assertEquals(300, events.get(0).model().iteration());
        Label message = robot.lookup("#run-message").queryAs(Label.class);
        assertTrue(message.getText().contains("not at hand"), message.getText());
    }

    /**
     * Opening a run (what the Experiments view's "Open in views" asks for) is the app's one way:
     * its weights become the inspection views' model and the views hear of it; training is untouched.
     */
    @Test
    void openingARunShowsItsModelInTheInspectionViews(FxRobot robot) {
        trainSmallRun();
        Path cp = dir.resolve("run03.npz");
        runFx(() -> window.context().actions().saveCheckpoint(cp, null));
        await(20, "checkpoint written", () -> Files.isRegularFile(cp));
        ModelSnapshot run = Checkpoint.loadModel(cp);
        List<OpenRun> events = new CopyOnWriteArrayList<>();
        runFx(() -> window.context().events().subscribe(OpenRun.class, events::add));
        runFx(() -> window.context().actions().openRun(cp, run, "03  h12"));
        assertEquals(run, onFx(() -> window.context().model().get()));
        assertEquals(List.of(new OpenRun(cp, run, "03  h12")), events);
        assertEquals(RunState.FINISHED, onFx(() -> window.context().training().state()), "the window's own run stays");
    }

    @Test
    void corruptCheckpointShowsAMessageAndTheAppGoesOn(FxRobot robot) throws Exception {
        Path bad = dir.resolve("bad.npz");
        Files.write(bad, "not a zip at all".getBytes(StandardCharsets.UTF_8));
        runFx(() -> window.context().actions().loadCheckpoint(bad));
        Label message = robot.lookup("#run-message").queryAs(Label.class);
        await(10, "message", () -> message.getText().startsWith("Could not load the checkpoint"));
        // the app goes on
        trainSmallRun();
    }

    /** Issue 16 item 7: the app refuses NaN weights with the command line's message, and goes on. */
    @Test
    void checkpointWithNanWeightsShowsTheSameMessageAsTheCommandLine(FxRobot robot) throws Exception {
        Corpus corpus = Corpus.of("verses.txt", "ce frumoasa e luna, ce dulce e vantul\n".repeat(20));
        TrainerState state = new Trainer(corpus, TrainingConfig.defaults().withHiddenSize(6).withSequenceLength(5)).exportState();
        state.parameters().get(0).data[3] = Double.NaN;
        Path bad = dir.resolve("nan.npz");
        Checkpoint.save(bad, state, Checkpoint.CorpusInfo.of(corpus));
        String expected = assertThrows(BadInputException.class, () -> Checkpoint.load(bad)).getMessage();
        assertTrue(expected.contains("holds NaN values in Wxh"), expected);
        runFx(() -> window.context().actions().loadCheckpoint(bad));
        Label message = robot.lookup("#run-message").queryAs(Label.class);
        await(10, "message", () -> message.getText().equals("Could not load the checkpoint: " + expected));
        assertFalse(onFx(() -> window.context().training().hasRun()));
    }

    /**
     * Issue 25: a checkpoint of a stacked model (format 3) loads as a run (it was refused with one line while the views
     * knew only one layer); the side panel shows its layers and batch, and the run resumes as the stacked model it was.
     */
    @Test
    void aStackedModelsCheckpointLoadsAsTheRunItWas(FxRobot robot) throws Exception {
        String text = "ce frumoasa e luna, ce dulce e vantul\n".repeat(20);
        Files.writeString(dir.resolve("verses.txt"), text, StandardCharsets.UTF_8); // the corpus beside the checkpoint
        Corpus corpus = Corpus.of("verses.txt", text);
        TrainingConfig config = TrainingConfig.defaults().withCell(Cell.LSTM).withHiddenSize(6).withSequenceLength(5)
                .withDepth(new Depth(2, 3, 0.0));
        TrainerState state = new Trainer(corpus, config).exportState();
        Path deep = dir.resolve("deep.npz");
        Checkpoint.save(deep, state, Checkpoint.CorpusInfo.of(corpus));
        runFx(() -> window.context().actions().loadCheckpoint(deep));
        Label message = robot.lookup("#run-message").queryAs(Label.class);
        await(20, "the run adopted, or a message", () -> (window.context().training().hasRun()
                && window.context().snapshot().get() != null) || !message.getText().isEmpty());
        assertEquals("", onFx(message::getText));
        assertEquals(config.depth(), onFx(() -> window.context().training().config().depth()), "the stacked run's layers and batch");
        assertEquals("2", onFx(() -> window.hyperparameters().field("hp-layers").getText()));
        assertEquals("3", onFx(() -> window.hyperparameters().field("hp-batch").getText()));
        assertEquals("", onFx(message::getText));
    }

    @Test
    void exportsTheResultsFile(FxRobot robot) throws Exception {
        trainSmallRun();
        Path results = dir.resolve("results.txt");
        runFx(() -> window.context().actions().exportResults(results, 3));
        await(20, "results written", () -> Files.isRegularFile(results) && Files.size(results) > 0);
        String text = Files.readString(results, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        // 3 samples of 30 characters; the corpus has no blank lines, so blank lines only separate samples
        assertEquals(3, text.substring(0, text.length() - 1).split("\n\n", -1).length);
    }
}
