package dev.unroll.app.stage;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.MainWindow;
import dev.unroll.app.ShellFixtures;
import dev.unroll.app.compare.CompareAudience;
import dev.unroll.app.compare.CompareFeature;
import dev.unroll.app.compare.WhyGatesSlideTest;
import dev.unroll.app.core.Theme;
import dev.unroll.app.experiments.ExperimentsAudience;
import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.hidden.HiddenFeature;
import dev.unroll.app.unrolled.UnrolledAudience;
import dev.unroll.engine.compare.CellComparison;
import dev.unroll.engine.generate.Generation;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.inspect.SpectralTracker;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Issue 22: the example talk, given as a speaker gives it (F5, then Page Down only), shows on every
 * slide what its title says: checked by what the audience sees, slide by slide, from a fresh start
 * and again with a run present. The fresh start's pictures go to {@code target/talk/} (the
 * pictures of docs/talk are these, scaled to 1280x720).
 */
@ExtendWith(ApplicationExtension.class)
class TalkStoryTest {
    /** Words that speak to the person at the keyboard, never to an audience (the side panel is hidden). */
    private static final List<String> NOT_FOR_AN_AUDIENCE = List.of("on the left", "No sweep yet", "No run yet", "press Start",
            "Choose a corpus");
    private static final Path PICTURES = Path.of("target", "talk");

    @TempDir
    Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        ShellFixtures.freshPrefs();
        window = new MainWindow(stage);
        window.setTheme(Theme.LIGHT);
        window.select("loss");
        window.show();
    }

    @AfterEach
    void tearDown() {
        runFx(() -> {
            window.stageSupport().presentation().leave();
            compare().model().stop();
            window.context().training().reset();
        });
    }

    @Test
    void fromAFreshStartEverySlideShowsItsClaim(FxRobot robot) throws Exception {
        give(robot, false);
    }

    @Test
    void withARunPresentEverySlideShowsItsClaim(FxRobot robot) throws Exception {
        give(robot, true);
    }

    private PresentationController presentation() {
        return window.stageSupport().presentation();
    }

    private CompareFeature compare() {
        return (CompareFeature) window.feature("compare").orElseThrow();
    }

    private UnrolledAudience unrolled() {
        return new UnrolledAudience(window.feature("unrolled").orElseThrow());
    }

    private void give(FxRobot robot, boolean runPresent) throws Exception {
        Path talk = dir.resolve("example.talk");
        try (InputStream in = TalkStoryTest.class.getResourceAsStream(TalkScripts.EXAMPLE_RESOURCE)) {
            Files.copy(in, talk);
        }
        // as the app starts: the demo network is the model before any training
        runFx(() -> window.stageSupport().session().loadDemoModel());
        await(20, "the demo network", () -> window.context().model().get() != null);
        if (runPresent) {
            runFx(() -> window.controls().start());
            await(20, "a run", () -> window.context().training().hasRun());
            await(20, "its first iterations", () -> onFx(() -> window.context().snapshot().get() != null
                    && window.context().snapshot().get().iteration() > 50));
        }
        assertTrue(onFx(() -> presentation().loadScript(talk)));
        assertEquals("", runMessage(), "the talk's check finds nothing");
        robot.type(KeyCode.F5);
        await(10, "presentation mode without a question", () -> presentation().isPresenting());
        List<TalkScript.Slide> slides = onFx(() -> presentation().talk().slides());
        Map<String, int[]> flavorPictures = new LinkedHashMap<>();
        for (TalkScript.Slide slide : slides) {
            int n = slide.number();
            await(10, "slide " + n, () -> presentation().slideProperty().get() == n - 1);
            String title = slide.title().toLowerCase(Locale.ROOT);
            String where = "slide " + n + " '" + slide.title() + "'" + (runPresent ? " with a run present" : " from a fresh start");
            assertEquals(slide.view(), onFx(() -> window.stageSupport().selectedView()), where);
            checkClaim(slide, title, where, flavorPictures);
            if (TalkScript.COMPARE_STOP.equals(slide.probes().get(TalkScript.COMPARE))) {
                await(30, "the comparison stops on " + where, () -> !onFx(() -> compare().model().runningProperty().get()));
            }
            // nothing on the slide speaks to the person at the keyboard, and no problem stays on it
            String shown = onFx(this::audienceText);
            for (String words : NOT_FOR_AN_AUDIENCE) {
                assertFalse(shown.contains(words), where + " says '" + words + "': " + shown);
            }
            assertEquals("", runMessage(), "nothing went wrong on " + where);
            await(10, "no view's message stays on " + where + ": " + onFx(this::viewMessages), () -> onFx(this::viewMessages).isEmpty());
            if (!runPresent) {
                picture(n);
            }
            robot.type(KeyCode.PAGE_DOWN);
        }
        robot.type(KeyCode.ESCAPE);
        await(10, "left", () -> !presentation().isPresenting());
        assertEquals("", runMessage(), "no slide left a problem");
    }

    /** What the slide's title claims, as the audience sees it. */
    private void checkClaim(TalkScript.Slide slide, String title, String where, Map<String, int[]> flavorPictures) throws Exception {
        switch (slide.view()) {
            case "unrolled" -> checkUnrolled(slide, title, where, flavorPictures);
            case "loss" -> checkLoss(title, where);
            case "compare" -> checkComparison(slide, where);
            case "samples" -> {
                await(20, "samples on " + where, () -> onFx(() -> samples().size() >= 3));
                List<String> texts = onFx(() -> samples().stream().map(Sample::text).distinct().toList());
                assertTrue(texts.size() >= 3, "samples that differ, iteration by iteration, on " + where + ": " + texts);
            }
            case "hidden" -> {
                HiddenFeature h = (HiddenFeature) window.feature("hidden").orElseThrow();
                String text = slide.probes().get("hidden");
                await(30, "the hidden state of '" + text + "' on " + where, () -> onFx(() -> h.model().analysis() != null
                        && h.model().analysis().result().probe().text().equals(text)));
                int units = onFx(() -> h.model().analysis().result().hiddenSize());
                assertTrue(units >= 50, "a row per unit on " + where + ": " + units);
            }
            case "generate" -> {
                GenerateFeature g = (GenerateFeature) window.feature("generate").orElseThrow();
                await(30, "generated text on " + where, () -> onFx(() -> {
                    Generation gen = g.model().main().generation();
                    return gen != null && g.model().main().shown() >= 40;
                }));
                Generation gen = onFx(() -> g.model().main().generation());
                assertEquals(slide.probes().get("generate"), gen.primeText(), "written from the slide's prime on " + where);
                assertTrue(gen.text().strip().length() >= 30, "text written on " + where + ": " + gen.text());
            }
            case "experiments" -> checkGrid(where);
            default -> throw new AssertionError("a slide of a view the story does not know: " + where);
        }
    }

    private void checkUnrolled(TalkScript.Slide slide, String title, String where, Map<String, int[]> flavorPictures) throws Exception {
        UnrolledAudience u = unrolled();
        String page = slide.probes().getOrDefault(TalkScript.PAGE, null);
        if (page != null) {
            assertEquals(page, onFx(u::page), where);
        }
        String unroll = slide.probes().get("unroll");
        String step = slide.probes().get("step");
        String pass = slide.probes().get("pass");
        if (unroll != null || step != null || pass != null) {
            await(30, "the walk on " + where, () -> onFx(() -> u.hasWalk() && !u.computing()));
            WaitForAsyncUtils.waitForFxEvents();
        }
        if ("training".equals(slide.probes().get("follow"))) {
            assertTrue(onFx(u::showsTrainingWindow), "the trainer's own window on " + where + ": " + onFx(u::description));
            assertTrue(onFx(u::following), "Follow training on " + where);
            assertTrue(onFx(u::description).startsWith("window of iteration"), onFx(u::description));
        }
        if ("off".equals(unroll)) {
            await(10, "folded on " + where, () -> onFx(u::unrolled) == 0.0);
            assertEquals(1, (int) onFx(u::drawnColumns), "one cell, folded, on " + where);
        } else if ("on".equals(unroll)) {
            await(10, "unrolled on " + where, () -> onFx(u::unrolled) == 1.0);
            WaitForAsyncUtils.waitForFxEvents();
            String status = onFx(u::status);
            int steps = Integer.parseInt(status.replaceAll("^.*? of (\\d+).*$", "$1"));
            String text = slide.probes().get("unrolled");
            if (text != null && slide.probes().get("follow") == null) {
                assertEquals(text.codePointCount(0, text.length()) - 1, steps, "the slide's text, step by step, on " + where);
            }
            if (!"weights & gradients".equals(page) && !"gradient flow".equals(page)) {
                assertTrue(onFx(u::drawnColumns) >= Math.min(steps, 10), "copies of the cell drawn on " + where + ": " + onFx(u::drawnColumns));
            }
        }
        if (step != null) {
            String status = onFx(u::status);
            String expected = ("backward".equals(pass) ? "backward step " : "forward step ");
            if (step.equals("last")) {
                assertTrue(status.startsWith(expected) && status.matches("^\\w+ step (\\d+) of \\1\\b.*"), "the last step on " + where + ": " + status);
            } else {
                assertTrue(status.startsWith(expected + step + " of "), "step " + step + " on " + where + ": " + status);
            }
        }
        if (title.contains("to many") || title.contains("to one")) {
            int[] px = onFx(u::chainPixels);
            for (Map.Entry<String, int[]> other : flavorPictures.entrySet()) {
                assertFalse(Arrays.equals(other.getValue(), px), where + " looks the same as '" + other.getKey() + "'");
            }
            flavorPictures.put(slide.title(), px);
        }
        if (title.contains("how far back")) {
            await(20, "the spectral radius over training on " + where, () -> onFx(() -> {
                SpectralTracker.History h = u.spectralHistory();
                return h != null && h.size() >= 3;
            }));
            SpectralTracker.History h = onFx(u::spectralHistory);
            assertTrue(h.iteration()[h.size() - 1] - h.iteration()[0] >= 1000,
                    "a history, not one dot: iterations " + h.iteration()[0] + " to " + h.iteration()[h.size() - 1]);
        }
    }

    private void checkLoss(String title, String where) throws Exception {
        if (title.contains("model on")) {
            assertFalse(onFx(() -> window.context().training().hasRun()), "the slide resets the run: " + where);
            Label hint = onFx(() -> (Label) window.scene().lookup("#loss-empty-hint"));
            assertTrue(onFx(hint::getText).startsWith("Romanian verses"), "the empty chart names the corpus on " + where + ": " + onFx(hint::getText));
            return;
        }
        // a falling curve: the smooth loss now well below where the run began, the run going on
        long from = onFx(() -> window.context().snapshot().get() == null ? 0 : window.context().snapshot().get().iteration());
        await(60, "a run of 1,500 iterations more on " + where, () -> onFx(() -> {
            TrainingSnapshot s = window.context().snapshot().get();
            return s != null && s.iteration() >= from + 1500;
        }));
        LossHistory.View v = onFx(() -> window.context().snapshot().get().losses());
        double first = v.smooth()[0];
        double last = v.smooth()[v.size() - 1];
        assertTrue(last < first - 5, "the loss falls on " + where + ": smooth loss from " + first + " to " + last);
        assertTrue(onFx(() -> window.context().training().isActive() && !window.context().training().isPaused()), "training on " + where);
    }

    /**
     * The comparison trains, on the slide's corpus, and as soon as every cell has been measured (its
     * first validation) the gated cells read better than the vanilla cell and their gradient curves
     * stay above its: what the notes say, on screen (WhyGatesSlideTest checks the end, headless).
     */
    private void checkComparison(TalkScript.Slide slide, String where) throws Exception {
        await(30, "the comparison trains on " + where, () -> onFx(() -> compare().model().runningProperty().get()));
        assertTrue(onFx(() -> window.context().training().isPaused()), "the run pauses while the cells compare on " + where);
        assertEquals(slide.probes().get(TalkScript.COMPARE_CORPUS), onFx(() -> compare().model().corpusIdProperty().get()), where);
        await(180, "every cell measured on " + where, () -> onFx(() -> {
            CellComparison.Snapshot s = compare().model().snapshotProperty().get();
            return s != null && WhyGatesSlideTest.measured(s);
        }));
        CellComparison.Snapshot s = onFx(() -> compare().model().snapshotProperty().get());
        double vanilla = WhyGatesSlideTest.valBits(s.cells().get(0));
        for (CellComparison.CellState c : s.cells().subList(1, 3)) {
            assertTrue(WhyGatesSlideTest.valBits(c) < vanilla, c.cell() + " reads better than the vanilla cell on " + where);
        }
        WhyGatesSlideTest.assertGradientsStayUp(s, "on " + where);
        // and the view draws them (its analysis charts redraw at most every 2 s): the three cells' curves
        // and the three at the start, not "no data yet"
        CompareAudience view = new CompareAudience(compare());
        await(20, "the gradient curves drawn on " + where, () -> onFx(view::gradientCurves) >= 6);
    }

    /** Nine runs: nine loss curves overlaid and nine rows on screen, ranked by their final loss, each a number. */
    private void checkGrid(String where) throws Exception {
        ExperimentsAudience e = new ExperimentsAudience(window.feature("experiments").orElseThrow());
        await(30, "nine curves drawn on " + where, () -> onFx(() -> e.curvesWithPoints(50) == 9));
        await(10, "nine rows on screen on " + where, () -> onFx(() -> e.tableRows().size() == 9));
        double previous = 0;
        for (String[] row : onFx(e::tableRows)) {
            assertTrue(row[1].matches("\\d+(\\.\\d+)?"), "run " + row[0] + "'s loss is a number on " + where + ": '" + row[1] + "'");
            double loss = Double.parseDouble(row[1]);
            assertTrue(loss >= previous, "ranked by loss on " + where + ": " + loss + " after " + previous);
            previous = loss;
        }
    }

    private List<Sample> samples() {
        TrainingSnapshot s = window.context().snapshot().get();
        return s == null ? List.of() : s.samples();
    }

    private String runMessage() {
        return onFx(() -> ((Label) window.scene().lookup("#run-message")).getText());
    }

    /** Every text the audience can see now, one per line. */
    private String audienceText() {
        List<String> out = new ArrayList<>();
        collectText(window.scene().getRoot(), out);
        return String.join("\n", out);
    }

    private static void collectText(Node n, List<String> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            out.add(l.getText());
        } else if (n instanceof Text t && t.getText() != null && !t.getText().isBlank()) {
            out.add(t.getText());
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collectText(c, out);
            }
        }
    }

    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    /** The messages the Unrolled and Hidden state views show now (visible, non-empty), joined; "" when none. */
    private String viewMessages() {
        StringBuilder out = new StringBuilder();
        for (String id : List.of("#unrolled-message", "#hidden-message")) {
            Node n = window.scene().lookup(id);
            if (n instanceof Label l && !l.getText().isEmpty() && shown(l)) {
                out.append(id).append(": ").append(l.getText()).append(' ');
            }
        }
        return out.toString().strip();
    }

    private void picture(int n) throws Exception {
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS); // a picture for people: the views' last pulse drawn
        WritableImage img = onFx(() -> window.scene().snapshot(null));
        Files.createDirectories(PICTURES);
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", PICTURES.resolve(String.format("slide-%02d.png", n)).toFile());
    }
}
