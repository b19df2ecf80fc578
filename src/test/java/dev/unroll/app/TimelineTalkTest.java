package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.hidden.HiddenFeature;
import dev.unroll.app.samples.SamplesFeature;
import dev.unroll.app.stage.PresentationController;
import dev.unroll.app.stage.TalkScript;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.train.HistoryEntry;

import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Issue 25, "Replay it": a talk script's slide shows the views at an iteration ({@code at = 1000}), the next one live. */
class TimelineTalkTest extends WindowTest {

    @AfterEach
    void leave() {
        ShellFixtures.runFx(() -> presentation().leave());
    }

    private PresentationController presentation() {
        return window.stageSupport().presentation();
    }

    private HistoryEntry entry(long iteration) {
        return onFx(() -> window.context().timeline().entries().stream().filter(e -> e.iteration() == iteration).findFirst().orElseThrow());
    }

    @Test
    void aSlideWithAtShowsThatIterationAndASlideWithoutShowsTheLiveRun(FxRobot robot) throws Exception {
        Corpus corpus = TimelineInWindowTest.trainPastOneThousand(robot, window, dir);
        Path talk = dir.resolve("history.talk");
        Files.writeString(talk, """
                [samples]
                title = What it wrote at iteration 1,000
                at = 1000

                [hidden]
                title = Inside it, early on
                at = 700

                [samples]
                title = And now
                """);
        assertTrue(onFx(() -> presentation().loadScript(talk)));
        robot.type(KeyCode.F5);
        await(10, "presenting", () -> presentation().isPresenting());

        // slide 1: the samples as of 1,000, entry 1,000's own first
        await(10, "slide 1", () -> presentation().slideProperty().get() == 0);
        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        HistoryEntry e1000 = entry(1000);
        await(10, "the samples as of 1,000", () -> onFx(() -> !samples.model().entries().isEmpty()
                && samples.model().entries().get(0).iteration() == 1000));
        assertEquals(e1000.sample().text(), onFx(() -> samples.model().entries().get(0).text()));
        assertEquals("iteration 1,000 of 1,200 (history)", onFx(() -> robot.lookup("#timeline-label").queryAs(Label.class).getText()));

        // slide 2: at = 700 stands at the newest kept iteration at or before it, 500; the hidden state is 500's
        robot.type(KeyCode.PAGE_DOWN);
        await(10, "slide 2", () -> presentation().slideProperty().get() == 1);
        HiddenFeature hidden = (HiddenFeature) window.feature("hidden").orElseThrow();
        await(30, "the hidden state of iteration 500", () -> onFx(() -> {
            ProbeAnalysis a = hidden.model().analysisProperty().get();
            return a != null && a.result().iteration() == 500 && !hidden.model().busyProperty().get();
        }));
        ProbeAnalysis a = onFx(() -> hidden.model().analysisProperty().get());
        ProbeResult engine = ProbeResult.runLayers(entry(500).model(corpus.vocabulary()), a.result().probe(), List.of(a.result().layer())).get(0);
        assertArrayEquals(engine.hidden(), a.result().hidden(), 0.0, "iteration 500's weights, as the engine reads the probe with them");

        // slide 3: no at, the live run
        robot.type(KeyCode.PAGE_DOWN);
        await(10, "slide 3", () -> presentation().slideProperty().get() == 2);
        await(10, "live", () -> onFx(() -> !window.context().timeline().isHistorical()));
        await(10, "the newest samples", () -> onFx(() -> samples.model().entries().get(0).iteration()) > 1000);
        assertFalse(onFx(() -> window.context().snapshot().get().historical()));
    }

    @Test
    void theAtKeyTakesAnIterationAndRefusesAnythingElse() {
        TalkScript t = TalkScript.parse("[loss]\nat = 1,000\n[samples]\n", "t.talk", null, List.of("loss", "samples"));
        assertEquals("1000", t.slides().get(0).probes().get(TalkScript.AT));
        assertFalse(t.slides().get(1).probes().containsKey(TalkScript.AT));
        BadInputException e = assertThrows(BadInputException.class, () -> TalkScript.parse("[loss]\nat = soon\n", "t.talk", null, List.of("loss")));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("at must be an iteration"), e.getMessage());
    }
}
