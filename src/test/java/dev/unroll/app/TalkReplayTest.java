package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.samples.SamplesFeature;
import dev.unroll.app.stage.PresentationController;
import dev.unroll.app.stage.TalkScript;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.train.HistoryEntry;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 25, "Replay it": a talk slide loads a stored run ({@code checkpoint = runs/verses.npz}) and shows it at an
 * iteration ({@code at}) or replays its history ({@code replay = on}), so a talk does not depend on training live.
 */
class TalkReplayTest extends WindowTest {

    @AfterEach
    void leave() {
        ShellFixtures.runFx(() -> presentation().leave());
    }

    private PresentationController presentation() {
        return window.stageSupport().presentation();
    }

    /** Trains 1,200 iterations of a small vanilla RNN in the engine and saves it, with its history, as runs/verses.npz. */
    private Checkpoint storedRun() {
        Path runs = dir.resolve("runs");
        try {
            Files.createDirectories(runs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Corpus corpus = Corpus.load(ShellFixtures.writeCorpus(runs, "verses.txt", 20_000));
        TrainingConfig c = TrainingConfig.defaults().withHiddenSize(16).withSequenceLength(16).withIterations(1_200)
                .withSampleEvery(100).withEvalEvery(100);
        Trainer t = new Trainer(corpus, c);
        while (t.iteration() < 1_200) {
            t.iterate();
        }
        Path file = runs.resolve("verses.npz");
        Checkpoint.save(file, t);
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(List.of(100L, 200L, 500L, 1000L), cp.state().history().stream().map(HistoryEntry::iteration).toList());
        return cp;
    }

    @Test
    void aSlideLoadsAStoredRunAtAnIterationAndAnotherReplaysIt(FxRobot robot) throws Exception {
        Checkpoint cp = storedRun();
        HistoryEntry stored1000 = cp.state().history().get(3);
        Path talk = dir.resolve("replay.talk");
        Files.writeString(talk, """
                [samples]
                title = What it wrote at iteration 1,000
                checkpoint = runs/verses.npz
                at = 1000

                [samples]
                title = How it learns
                checkpoint = runs/verses.npz
                replay = on
                replay-pace = 0.5

                [samples]
                title = Slowly
                replay = on
                replay-pace = 2

                [samples]
                title = And now
                """);
        assertTrue(onFx(() -> presentation().loadScript(talk)));
        assertFalse(onFx(() -> window.context().training().hasRun()), "no run before the talk");
        robot.type(KeyCode.F5);
        await(10, "presenting", () -> presentation().isPresenting());

        // slide 1: the stored run, loaded in the background, stands at 1,000
        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        await(60, "the stored run at 1,000", () -> onFx(() -> window.context().timeline().isHistorical()
                && window.context().timeline().atProperty().get().iteration() == 1000));
        assertEquals(1_200, onFx(() -> window.context().training().snapshot().iteration()), "the checkpoint's run");
        assertFalse(onFx(() -> window.context().training().isActive()), "a stored run: not training");
        await(10, "the samples as of 1,000", () -> onFx(() -> !samples.model().entries().isEmpty()
                && samples.model().entries().get(0).iteration() == 1000));
        assertEquals(stored1000.sample().text(), onFx(() -> samples.model().entries().get(0).text()),
                "the sample the stored run wrote at 1,000");
        HistoryEntry shown = onFx(() -> window.context().timeline().atProperty().get());
        assertEquals(Double.doubleToLongBits(stored1000.smoothLoss()), Double.doubleToLongBits(shown.smoothLoss()));
        assertEquals("iteration 1,000 of 1,200 (history)", onFx(() -> robot.lookup("#timeline-label").queryAs(Label.class).getText()));

        // slide 2: the same checkpoint is not loaded again; the replay visits the kept iterations in order
        TrainingSnapshot loaded = onFx(() -> window.context().training().snapshot());
        List<Long> visited = new ArrayList<>();
        runFx(() -> window.context().timeline().atProperty().addListener((o, old, e) -> {
            if (e != null) {
                visited.add(e.iteration());
            }
        }));
        robot.type(KeyCode.PAGE_DOWN);
        await(10, "slide 2", () -> presentation().slideProperty().get() == 1);
        await(30, "the replay to end", () -> onFx(() -> !window.context().timeline().isPlaying() && visited.size() >= 4));
        assertEquals(List.of(100L, 200L, 500L, 1000L), onFx(() -> List.copyOf(visited)));
        assertTrue(onFx(() -> window.context().training().snapshot() == loaded), "the run loaded on slide 1, not loaded again");
        assertEquals(0.5, onFx(() -> window.context().timeline().paceProperty().get()));

        // slide 3 replays at 2 s a step; slide 4, without replay, stops it and shows the live run
        robot.type(KeyCode.PAGE_DOWN);
        await(10, "slide 3", () -> presentation().slideProperty().get() == 2);
        assertTrue(onFx(() -> window.context().timeline().isPlaying()), "replaying");
        assertEquals(2.0, onFx(() -> window.context().timeline().paceProperty().get()));
        robot.type(KeyCode.PAGE_DOWN);
        await(10, "slide 4", () -> presentation().slideProperty().get() == 3);
        assertFalse(onFx(() -> window.context().timeline().isPlaying()), "a slide without replay stops it");
        assertFalse(onFx(() -> window.context().timeline().isHistorical()), "and shows the live run");
    }

    @Test
    void thePreCheckReportsAMissingCheckpoint() throws Exception {
        Path talk = dir.resolve("missing.talk");
        Files.writeString(talk, "[samples]\ncheckpoint = runs/none.npz\nat = 1000\n");
        TalkScript script = TalkScript.load(talk, List.of("samples"));
        List<String> problems = onFx(() -> window.stageSupport().checkTalk(script));
        assertEquals(List.of("slide 1 [samples]: no checkpoint file " + dir.toAbsolutePath().resolve("runs/none.npz").normalize()), problems);
    }

    @Test
    void theReplayKeysTakeTheirValuesAndRefuseOthers() {
        List<String> views = List.of("loss", "samples");
        TalkScript t = TalkScript.parse("[loss]\ncheckpoint = runs/verses.npz\nreplay = on\n[samples]\nreplay = ON\nreplay-pace = 0.50\n[loss]\n",
                "t.talk", Path.of("/talks"), views);
        assertEquals(Path.of("/talks/runs/verses.npz"), t.checkpointFile(t.slides().get(0).probes().get(TalkScript.CHECKPOINT)));
        assertEquals("1", t.slides().get(0).probes().get(TalkScript.REPLAY), "one second a step unless told");
        assertEquals("0.5", t.slides().get(1).probes().get(TalkScript.REPLAY));
        assertFalse(t.slides().get(2).probes().containsKey(TalkScript.REPLAY));
        assertRefused("[loss]\nreplay = yes\n", "line 2: replay must be on (got 'yes')");
        assertRefused("[loss]\nreplay = on\nreplay-pace = 3\n", "line 3: replay-pace must be 0.5, 1 or 2 seconds per kept iteration (got '3')");
        assertRefused("[loss]\nreplay-pace = 1\n", "line 1: replay-pace goes with replay = on, in slide 1 [loss]");
        assertRefused("[loss]\nreplay = on\nat = 100\n", "line 1: a slide replays the run or stands at an iteration, not both");
        assertRefused("[loss]\ncheckpoint =\n", "line 2: 'checkpoint' needs a value");
    }

    private static void assertRefused(String text, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> TalkScript.parse(text, "t.talk", null, List.of("loss")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
