package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Commands;
import dev.unroll.app.core.Feature;
import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.hidden.HiddenFeature;
import dev.unroll.app.loss.LossFeature;
import dev.unroll.app.samples.SamplesFeature;
import dev.unroll.app.samples.SamplesModel;
import dev.unroll.app.shell.TimelineBar;
import dev.unroll.app.training.RunTimeline;
import dev.unroll.app.unrolled.UnrolledAudience;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Generation;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.train.HistoryEntry;
import dev.unroll.engine.train.RunState;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 25, "Scrub it" and "Replay it": the timeline under the views shows every view as of a kept iteration,
 * checked against the engine on the weights the run's history kept for it, and returns to the live run.
 */
class TimelineInWindowTest extends WindowTest {

    /** A small vanilla run of 1,200 iterations: its history keeps 100, 200, 500 and 1,000. */
    private Corpus trainPastOneThousand(FxRobot robot) {
        return trainPastOneThousand(robot, window, dir);
    }

    /** Trains {@code window}'s run of 1,200 iterations of a small vanilla RNN on a corpus written into {@code dir}. */
    static Corpus trainPastOneThousand(FxRobot robot, MainWindow window, Path dir) {
        Path file = ShellFixtures.writeCorpus(dir, "verses.txt", 20_000);
        runFx(() -> window.context().actions().openCorpus(file));
        await(10, "corpus chosen", () -> window.context().corpus().get() != null
                && window.context().corpus().get().name().equals("verses.txt"));
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("16");
            window.hyperparameters().field("hp-sequence").setText("16");
            window.hyperparameters().field("hp-iterations").setText("1200");
            window.hyperparameters().field("hp-sample-every").setText("100");
            window.hyperparameters().field("hp-eval-every").setText("100");
        });
        Node bar = robot.lookup("#timeline-bar").query();
        assertFalse(onFx(bar::isVisible), "no timeline without a run");
        robot.clickOn("#run-start");
        await(120, "finished", () -> window.context().training().state() == RunState.FINISHED);
        await(10, "the history handed to the window", () -> onFx(() -> window.context().timeline().entries().size()) == 4);
        assertTrue(onFx(bar::isVisible), "the timeline shows once the history keeps an iteration");
        return onFx(() -> window.context().corpus().get());
    }

    private List<HistoryEntry> entries() {
        return window.context().timeline().entries();
    }

    private HistoryEntry entry(long iteration) {
        return onFx(() -> entries().stream().filter(e -> e.iteration() == iteration).findFirst().orElseThrow());
    }

    private String label(FxRobot robot) {
        return onFx(() -> robot.lookup("#timeline-label").queryAs(Label.class).getText());
    }

    /** Whether a visible label under {@code n} contains {@code text} (JavaFX thread). */
    private static boolean shows(Node n, String text) {
        if (!n.isVisible()) {
            return false;
        }
        if (n instanceof Labeled l && l.getText() != null && l.getText().contains(text)) {
            return true;
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                if (shows(c, text)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The hidden states the view shows, once they are those of iteration n's weights. */
    private ProbeAnalysis hiddenAt(HiddenFeature hidden, long n) {
        await(30, "the hidden state of iteration " + n, () -> onFx(() -> {
            ProbeAnalysis a = hidden.model().analysisProperty().get();
            return a != null && a.result().iteration() == n && !hidden.model().busyProperty().get();
        }));
        return onFx(() -> hidden.model().analysisProperty().get());
    }

    @Test
    void everyViewShowsTheKeptIterationAndLiveReturnsToTheNewest(FxRobot robot) {
        Corpus corpus = trainPastOneThousand(robot);
        RunTimeline timeline = window.context().timeline();
        assertEquals("iteration 1,200 (live)", label(robot));
        HiddenFeature hidden = (HiddenFeature) window.feature("hidden").orElseThrow();
        runFx(() -> window.select("hidden"));
        ProbeAnalysis live = hiddenAt(hidden, 1200);

        // Alt+Left: from live to the newest kept iteration, then one further back
        robot.press(KeyCode.ALT, KeyCode.LEFT).release(KeyCode.LEFT, KeyCode.ALT);
        await(10, "at 1,000", () -> label(robot).equals("iteration 1,000 of 1,200 (history)"));
        robot.press(KeyCode.ALT, KeyCode.LEFT).release(KeyCode.LEFT, KeyCode.ALT);
        await(10, "at 500", () -> label(robot).equals("iteration 500 of 1,200 (history)"));
        HistoryEntry e500 = entry(500);

        // the hidden state: what the engine computes from the weights kept for 500, on the probe the view shows
        ProbeAnalysis at500 = hiddenAt(hidden, 500);
        ProbeResult engine = ProbeResult.runLayers(e500.model(corpus.vocabulary()), at500.result().probe(),
                List.of(at500.result().layer())).get(0);
        assertArrayEquals(engine.hidden(), at500.result().hidden(), 0.0, "the view's hidden states are iteration 500's");
        assertArrayEquals(engine.probs(), at500.result().probs(), 0.0, "and its predictions");
        assertFalse(Arrays.equals(live.result().hidden(), at500.result().hidden()), "iteration 500 differs from the live run");
        String status = onFx(() -> hidden.model().statusProperty().get());
        assertTrue(status.startsWith("iteration 500 ") && status.endsWith("· the timeline's iteration (Alt+End: live)"),
                "the status says the timeline's iteration, not live: " + status);

        // the samples: entry 500's own sample is the newest listed, nothing later
        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        runFx(() -> window.select("samples"));
        assertNotNull(e500.sample(), "the history kept the sample written at 500");
        await(10, "the samples as of 500", () -> onFx(() -> {
            List<SamplesModel.Entry> rows = samples.model().entries();
            return !rows.isEmpty() && rows.get(0).iteration() == 500;
        }));
        assertEquals(e500.sample().text(), onFx(() -> samples.model().entries().get(0).text()), "entry 500's sample");
        assertTrue(onFx(() -> samples.model().entries().stream().allMatch(r -> r.iteration() <= 500)));

        // the loss chart keeps the whole curve and marks 500
        LossFeature loss = (LossFeature) window.feature("loss").orElseThrow();
        assertEquals(500, onFx(() -> loss.model().timelineMarkProperty().get()));
        assertEquals(1200, onFx(() -> loss.model().snapshotProperty().get().iteration()), "the curve is the whole run's");

        // the walk-through and Generate work on iteration 500's weights
        Feature unrolled = window.feature("unrolled").orElseThrow();
        runFx(() -> window.select("unrolled"));
        UnrolledAudience audience = new UnrolledAudience(unrolled);
        // the newest training window (1,200) recomputed on the weights kept for 500, and the caption says so
        await(30, "the walk-through says its window and weights", () -> onFx(() -> shows(unrolled.node(),
                "window of iteration 1,200 · weights of iteration 500")));
        GenerateFeature generate = (GenerateFeature) window.feature("generate").orElseThrow();
        runFx(() -> window.select("generate"));
        await(10, "Generate's weights", () -> onFx(() -> generate.model().modelInfoProperty().get()).startsWith("Weights of iteration 500 "));
        runFx(() -> {
            generate.model().lengthProperty().set("60");
            generate.model().instantProperty().set(true);
            assertTrue(generate.model().generate(), "generation starts");
        });
        await(30, "generated text", () -> onFx(() -> {
            Generation g = generate.model().main().generation();
            return g != null && g.isDone() && !generate.model().runningProperty().get();
        }));
        Generation shown = onFx(() -> generate.model().main().generation());
        Generation engineText = Generation.start(e500.model(corpus.vocabulary()), shown.settings());
        engineText.runToEnd();
        assertEquals(engineText.text(), shown.text(), "the text the engine writes with the weights kept for 500, same settings");
        assertArrayEquals(engineText.distributionAt(0, 1.0), shown.distributionAt(0, 1.0), 0.0, "and its first distribution");

        // the spectral radius over training is the live run's: a kept iteration is not a new run that clears it
        await(30, "the spectral radius of the live run", () -> onFx(() -> audience.spectralHistory().size()) > 0);
        long[] spectral = onFx(() -> audience.spectralHistory().iteration().clone());
        assertTrue(spectral[spectral.length - 1] > 500, "the live run's curve, not a point at 500: " + Arrays.toString(spectral));

        // Live (Alt+End): every view on the newest run again
        runFx(() -> window.select("hidden"));
        robot.press(KeyCode.ALT, KeyCode.END).release(KeyCode.END, KeyCode.ALT);
        await(10, "live", () -> label(robot).equals("iteration 1,200 (live)"));
        assertFalse(onFx(timeline::isHistorical));
        ProbeAnalysis back = hiddenAt(hidden, 1200);
        assertArrayEquals(live.result().hidden(), back.result().hidden(), 0.0, "the live run's hidden states again");
        assertTrue(onFx(() -> hidden.model().statusProperty().get()).endsWith("· live, every 500 iterations"),
                "live again: " + onFx(() -> hidden.model().statusProperty().get()));
        assertEquals(-1, onFx(() -> loss.model().timelineMarkProperty().get()), "no mark while live");
        runFx(() -> window.select("samples"));
        await(10, "the newest samples again", () -> onFx(() -> samples.model().entries().get(0).iteration()) > 1000);
    }

    @Test
    void theSliderSnapsToKeptIterationsAndItsRightEndIsLive(FxRobot robot) {
        trainPastOneThousand(robot);
        Slider slider = robot.lookup("#timeline-slider").queryAs(Slider.class);
        assertEquals(4.0, onFx(slider::getMax), "four kept iterations and live");
        assertEquals(4.0, onFx(slider::getValue), "live stands at the right end");
        runFx(() -> slider.setValue(1.3));
        await(10, "at 200", () -> label(robot).equals("iteration 200 of 1,200 (history)"));
        assertEquals(200, onFx(() -> window.context().snapshot().get().iteration()), "the views' snapshot is iteration 200's");
        assertTrue(onFx(() -> window.context().snapshot().get().historical()));
        assertEquals(200, onFx(() -> window.context().model().get().iteration()), "the inspection views' weights");
        runFx(() -> slider.setValue(4));
        await(10, "live", () -> label(robot).equals("iteration 1,200 (live)"));
        assertEquals(1200, onFx(() -> window.context().model().get().iteration()));
    }

    @Test
    void theTimelineKeysDoNotFireInATextField(FxRobot robot) {
        trainPastOneThousand(robot);
        runFx(() -> window.select("generate"));
        TextField prime = robot.lookup("#prime").queryAs(TextField.class);
        robot.clickOn(prime).write("ab");
        robot.press(KeyCode.ALT, KeyCode.LEFT).release(KeyCode.LEFT, KeyCode.ALT);
        robot.press(KeyCode.ALT, KeyCode.LEFT).release(KeyCode.LEFT, KeyCode.ALT);
        runFx(() -> { }); // the key events have been handled
        assertFalse(onFx(() -> window.context().timeline().isHistorical()), "Alt+Left in a text field is the field's");
        assertEquals("iteration 1,200 (live)", label(robot));
        // outside the field the same key moves the timeline
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        runFx(() -> window.select("loss"));
        robot.press(KeyCode.ALT, KeyCode.LEFT).release(KeyCode.LEFT, KeyCode.ALT);
        await(10, "at 1,000", () -> label(robot).equals("iteration 1,000 of 1,200 (history)"));
        robot.press(KeyCode.ALT, KeyCode.RIGHT).release(KeyCode.RIGHT, KeyCode.ALT);
        await(10, "Alt+Right past the newest kept iteration is live", () -> label(robot).equals("iteration 1,200 (live)"));
    }

    @Test
    void theShortcutsDialogListsTheTimelineKeys() {
        List<String> keys = onFx(() -> window.context().commands().withKeys().stream()
                .filter(c -> c.id().startsWith("timeline.")).map(c -> c.id() + " " + Commands.keysText(c)).toList());
        assertEquals(4, keys.size(), keys.toString());
        String all = String.join("\n", keys).toLowerCase(Locale.ROOT);
        assertTrue(all.contains(TimelineBar.PREVIOUS + " alt+"), all);
        String grid = onFx(() -> text(ShortcutsDialog.grid(window.context().commands(), id -> id)));
        assertTrue(grid.contains("Timeline: previous kept iteration"), grid);
        assertTrue(grid.contains("Timeline: back to the live run"), grid);
    }

    private static String text(Parent p) {
        StringBuilder sb = new StringBuilder();
        for (Node n : p.getChildrenUnmodifiable()) {
            if (n instanceof Labeled l) {
                sb.append(l.getText()).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void replayStepsThroughTheKeptIterationsAndStopsAtTheNewest(FxRobot robot) {
        trainPastOneThousand(robot);
        RunTimeline timeline = window.context().timeline();
        List<Long> seen = new ArrayList<>();
        runFx(() -> {
            timeline.paceProperty().set(0.5);
            timeline.atProperty().addListener((o, a, e) -> seen.add(e == null ? -1 : e.iteration()));
        });
        robot.clickOn("#timeline-play");
        await(30, "the replay ends", () -> onFx(() -> !timeline.isPlaying()) && onFx(() -> seen.size()) >= 4);
        assertEquals(List.of(100L, 200L, 500L, 1000L), onFx(() -> List.copyOf(seen)), "each kept iteration in turn");
        assertEquals("iteration 1,000 of 1,200 (history)", label(robot), "it stops at the newest kept iteration");
    }

    /**
     * Training goes on while the timeline stands at a kept iteration: the live run's samples are kept meanwhile
     * (more than the trainer's last 200 go by), and Live shows them all, none missing.
     */
    @Test
    void trainingGoesOnWhileScrubbingAndLiveShowsEverySampleOfTheMeantime(FxRobot robot) {
        Path file = ShellFixtures.writeCorpus(dir, "verses.txt", 20_000);
        runFx(() -> window.context().actions().openCorpus(file));
        await(10, "corpus chosen", () -> window.context().corpus().get() != null
                && window.context().corpus().get().name().equals("verses.txt"));
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("8");
            window.hyperparameters().field("hp-sequence").setText("8");
            window.hyperparameters().field("hp-iterations").setText("100000000");
            window.hyperparameters().field("hp-sample-every").setText("10");
            window.hyperparameters().field("hp-sample-length").setText("20");
        });
        // 2,000 it/s: well below the speed at which the samples list, merging four times a second, could miss a
        // sample (the trainer keeps its last 200), and the rows of the meantime stay within the list's 2,000
        runFx(() -> window.context().training().setSpeed(2_000));
        robot.clickOn("#run-start");
        await(60, "a kept iteration", () -> onFx(() -> window.context().timeline().isAvailable()));
        runFx(() -> window.context().timeline().moveTo(100));
        long from = onFx(() -> window.context().liveSnapshot().get().iteration());
        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        runFx(() -> window.select("samples"));
        await(10, "the samples as of 100", () -> onFx(() -> !samples.model().entries().isEmpty()
                && samples.model().entries().get(0).iteration() == 100));
        // more samples than the trainer keeps (Trainer.SAMPLES_KEPT, 200 at one every 10 iterations) go by
        await(120, "training on behind the timeline", () -> onFx(() -> window.context().liveSnapshot().get().iteration()) > from + 4_000);
        assertEquals(100, onFx(() -> samples.model().entries().get(0).iteration()), "the list still shows the run as of 100");
        assertEquals(100, onFx(() -> window.context().snapshot().get().iteration()));
        runFx(() -> window.context().commands().execute("run.pause"));
        await(20, "paused", () -> window.context().training().state() == RunState.PAUSED);
        robot.clickOn("#timeline-live");
        await(10, "live", () -> onFx(() -> !window.context().timeline().isHistorical()));
        long newest = onFx(() -> window.context().liveSnapshot().get().latestSample().iteration());
        await(10, "the newest sample listed", () -> onFx(() -> samples.model().entries().get(0).iteration()) == newest);
        List<Long> listed = onFx(() -> samples.model().entries().stream().filter(r -> !r.generated())
                .map(SamplesModel.Entry::iteration).toList());
        // the first 1,500 iterations after the move are long out of the trainer's last 200 samples (2,000 iterations):
        // only merges made while the timeline stood at 100 can have listed them. (A JavaFX thread stalled for longer
        // than 2,000 iterations' time, on a loaded machine, can leave a gap in any run's list: the test allows a few.)
        long kept = listed.stream().filter(it -> it > from && it <= from + 1_500).count();
        assertTrue(kept >= 120, kept + " of the 150 samples of iterations " + from + " to " + (from + 1_500)
                + ", written while the timeline stood at 100, are listed: " + listed.subList(0, Math.min(20, listed.size())));
    }
}
