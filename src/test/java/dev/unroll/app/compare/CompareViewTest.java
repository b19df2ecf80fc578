package dev.unroll.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.events.RunComparison;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.compare.CellComparison;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.render.Pictures;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.stage.Stage;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The Compare view driven headless: the three cells train side by side and every part of the comparison is drawn, live. */
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {
    static final String TEXT = """
            Pe langa plopii fara sot adesea am trecut;
            Ma cunosteau vecinii toti - tu nu m-ai cunoscut.
            La geamul tau ce stralucea privii atat de des;
            O lume toata-ntelegea - tu nu m-ai inteles.
            Ea a zis "vino (acasa, (la noi))" si a plecat.
            """.repeat(12);

    private AppContext context;
    private CompareFeature feature;

    @Start
    void start(Stage stage) {
        context = new AppContext(new TrainingSession());
        context.corpus().set(Corpus.of("verses.txt", TEXT));
        feature = new CompareFeature(context);
        stage.setScene(new Scene((Parent) feature.node(), 1400, 900));
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1400);
        stage.setHeight(900);
        stage.show();
        feature.setShowing(true);
    }

    @AfterEach
    void stop() {
        WaitForAsyncUtils.asyncFx(feature::dispose);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }

    private static int points(XYSeriesCollection data, int series) {
        return data.getSeriesCount() > series ? data.getSeries(series).getItemCount() : 0;
    }

    @Test
    void trainsTheThreeCellsAndDrawsTheirCurvesSamplesAndGateSaturationLive(FxRobot robot) throws Exception {
        robot.interact(() -> {
            feature.model().weightsProperty().set("3000");
            feature.model().iterationsProperty().set("1000000");
        });
        // the matched hidden sizes show before training
        String sizes = robot.lookup("#compare-sizes").queryLabeled().getText();
        assertTrue(sizes.matches("vanilla h\\d+, lstm h\\d+, gru h\\d+"), sizes);
        robot.clickOn("#compare-start");
        assertTrue(fx(() -> feature.model().runningProperty().get()));
        CompareView view = feature.view();
        int T = 25;
        // live: while the runs train, three loss curves, the baseline, three vanishing-gradient curves of k = 1..T
        waitFor(120, () -> fx(() -> points(view.losses(), 0) > 1 && points(view.losses(), 1) > 1 && points(view.losses(), 2) > 1
                && view.losses().getSeriesCount() == 4
                && points(view.gradients(), 0) == T && points(view.gradients(), 1) == T && points(view.gradients(), 2) == T
                && !robot.lookup("#compare-sample-gru").queryTextInputControl().getText().isEmpty()
                && view.saturation().values().stream().allMatch(d -> points(d, 0) > 0)));
        assertTrue(fx(() -> feature.model().runningProperty().get()), "drawn while training, not only at the end");
        List<String> names = fx(() -> List.of(String.valueOf(view.losses().getSeriesKey(0)), String.valueOf(view.losses().getSeriesKey(1)),
                String.valueOf(view.losses().getSeriesKey(2)), String.valueOf(view.losses().getSeriesKey(3))));
        assertEquals(List.of("vanilla", "lstm", "gru"), names.subList(0, 3));
        assertTrue(names.get(3).contains("-gram baseline"), names.get(3));
        // the baseline is a flat line
        XYSeries baseline = fx(() -> view.losses().getSeries(3).createCopy(0, 1));
        assertEquals(baseline.getY(0).doubleValue(), baseline.getY(1).doubleValue(), 0);
        // the gradient curves on a log axis, relative to k = 1: all positive; the curves at the start beside them (dashed)
        assertEquals(List.of("vanilla", "lstm", "gru", "vanilla at the start", "lstm at the start", "gru at the start"),
                fx(() -> view.gradients().getSeries().stream().map(x -> String.valueOf(((XYSeries) x).getKey())).toList()));
        for (int s = 0; s < 6; s++) {
            int series = s;
            XYSeries g = fx(() -> view.gradients().getSeries(series).createCopy(0, T - 1));
            for (int k = 0; k < T; k++) {
                assertEquals(k + 1, g.getX(k).intValue());
                assertTrue(g.getY(k).doubleValue() > 0);
            }
            assertEquals(1, g.getY(0).doubleValue(), 1e-12, "k = 1 is the reference");
        }
        // one saturation plot per sigmoid gate of the gated cells, one point per gate unit
        CellComparison.Snapshot snap = fx(() -> feature.model().snapshotProperty().get());
        assertEquals(List.of("lstm-input", "lstm-forget", "lstm-output", "gru-reset", "gru-update"), List.copyOf(view.saturation().keySet()));
        for (CellComparison.CellState c : snap.cells()) {
            for (String gate : c.cell() == Cell.VANILLA ? List.<String>of() : c.saturation().gates()) {
                String key = c.cell().cliName() + "-" + gate;
                assertEquals(c.config().hiddenSize(), fx(() -> points(view.saturation().get(key), 0)), key);
                assertTrue(robot.lookup("#compare-saturation-" + key).tryQuery().isPresent(), key);
            }
        }
        assertFalse(robot.lookup("#compare-saturation-vanilla-input").tryQuery().isPresent());
        // the three samples are of one iteration, and each is that cell's sample there
        waitFor(20, () -> fx(() -> robot.lookup("#compare-sample-iteration").queryLabeled().getText()).startsWith("Samples at iteration "));
        for (Cell c : CompareModel.CELLS) {
            assertFalse(robot.lookup("#compare-sample-" + c.cliName()).queryTextInputControl().getText().isBlank(), c.cliName());
        }
        // Stop ends the three runs; the curves stay
        robot.clickOn("#compare-stop");
        waitFor(30, () -> fx(() -> !feature.model().runningProperty().get()));
        waitFor(10, () -> robot.lookup("#compare-message").queryLabeled().getText().startsWith("Comparison over at iteration"));
        assertEquals(4, (int) fx(() -> view.losses().getSeriesCount()));
        // the analyses' charts redraw at most every few seconds while training, but the end is drawn: the last analysis shows
        CellComparison.Snapshot last = fx(() -> feature.model().snapshotProperty().get());
        assertTrue(last.over());
        waitFor(10, () -> fx(() -> !view.isRedrawPending()));
        // and each cell's long-range units, measured when its run ended, say which cell found quotes and brackets
        for (CellComparison.CellState c : last.cells()) {
            String shown = robot.lookup("#compare-units-" + c.cell().cliName()).queryLabeled().getText();
            assertEquals(CompareView.unitsText(c.longRange()), shown);
            assertTrue(shown.matches("Best unit for inside quotes: [hc] \\d+, r = [+-]\\d\\.\\d{3} · bracket depth: [hc] \\d+, r = [+-]\\d\\.\\d{3}"), shown);
        }
        // the last averaged curves and the curves at the start, each relative to its value at k = 1
        for (int s = 0; s < 6; s++) {
            int series = s;
            CellComparison.CellState c = last.cells().get(s % 3);
            double[] dh = (s < 3 ? c.gradient() : c.startGradient()).dh();
            XYSeries g = fx(() -> view.gradients().getSeries(series).createCopy(0, T - 1));
            for (int k = 1; k <= T; k++) {
                assertEquals(dh[k] / dh[1], g.getY(k - 1).doubleValue(), 0, "series " + s + ", k " + k);
            }
        }
        assertFalse(robot.lookup("#compare-units-none").queryLabeled().isVisible(), "the text has quotes and brackets");
        // one layer, the seed's comparison: the titles as they were
        assertEquals("Loss (smoothed)", fx(() -> view.lossTitle()));
        assertEquals("Vanishing gradient (dashed: at the start)", fx(() -> view.gradientTitle()));
        assertEquals("lstm forget", fx(() -> view.saturationTitle("lstm-forget")));
    }

    @Test
    void aComparisonThatEndsWhileTheViewIsHiddenIsKnownToHaveEnded(FxRobot robot) throws Exception {
        robot.interact(() -> {
            feature.model().weightsProperty().set("3000");
            feature.model().iterationsProperty().set("300");
        });
        // started and hidden in one go, so the runs end while the view is hidden however fast they are
        robot.interact(() -> {
            assertTrue(feature.model().start());
            feature.setShowing(false);
        });
        // the view stays hidden: its pump is stopped, yet the end reaches the model, and closing interrupts nothing
        waitFor(60, () -> fx(() -> !feature.model().runningProperty().get()));
        assertEquals("", fx(() -> feature.model().closingNote()));
        assertTrue(fx(() -> feature.model().messageProperty().get()).startsWith("Comparison over at iteration"));
    }

    @Test
    void aTextWithoutQuotesOrBracketsIsSaidOnceAndTheSamplesAreOfTheIterationTheRunsEndedAt(FxRobot robot) throws Exception {
        robot.interact(() -> {
            context.corpus().set(Corpus.of("plain.txt", TEXT.replaceAll("[\"()]", "")));
            feature.model().weightsProperty().set("3000");
            feature.model().iterationsProperty().set("300");
        });
        robot.clickOn("#compare-start");
        waitFor(120, () -> fx(() -> !feature.model().runningProperty().get()));
        waitFor(10, () -> fx(() -> !feature.view().isRedrawPending()));
        // the text has no quotes or brackets: said once for the three cells, not once per cell
        assertTrue(robot.lookup("#compare-units-none").queryLabeled().isVisible());
        assertEquals(CompareView.NO_UNITS, robot.lookup("#compare-units-none").queryLabeled().getText());
        for (Cell c : CompareModel.CELLS) {
            assertFalse(robot.lookup("#compare-units-" + c.cliName()).queryLabeled().isVisible(), c.cliName());
        }
        // the samples are of the iteration each heading says the run ended at
        assertEquals("Samples at iteration 300, the newest all three share:", robot.lookup("#compare-sample-iteration").queryLabeled().getText());
        for (Cell c : CompareModel.CELLS) {
            String heading = robot.lookup("#compare-title-" + c.cliName()).queryLabeled().getText();
            assertTrue(heading.contains(", iteration 300, "), heading);
            assertTrue(heading.matches(c.cliName() + "  h\\d+, [\\d,]+ weights, .*"), "one layer is not said: " + heading);
            assertFalse(robot.lookup("#compare-sample-" + c.cliName()).queryTextInputControl().getText().isBlank(), c.cliName());
        }
    }

    @Test
    void aTalksCorpusForTheComparisonIsChosenAndTrainedOnWhileTheSidePanelsStays(FxRobot robot) throws Exception {
        robot.interact(() -> {
            feature.model().weightsProperty().set("3000");
            feature.model().iterationsProperty().set("300");
        });
        // what a talk slide's compare = start with compare-corpus = structured publishes
        robot.interact(() -> context.events().publish(new RunComparison(true, "structured")));
        assertTrue(fx(() -> feature.model().runningProperty().get()));
        assertEquals("Structured text", robot.lookup("#compare-corpus").queryAs(ChoiceBox.class).getConverter()
                .toString(fx(() -> feature.model().corpusIdProperty().get())));
        assertTrue(robot.lookup("#compare-message").queryLabeled().getText().endsWith(" on structured.txt."),
                robot.lookup("#compare-message").queryLabeled().getText());
        assertEquals("verses.txt", fx(() -> context.corpus().get().name()), "the side panel's corpus stays");
        waitFor(120, () -> fx(() -> !feature.model().runningProperty().get()));
        CellComparison.Snapshot s = fx(() -> feature.model().snapshotProperty().get());
        int structuredVocabulary = BundledCorpus.byId("structured").orElseThrow().load().vocabulary().size();
        assertEquals(structuredVocabulary, s.cells().get(0).training().vocabulary().size());
    }

    /**
     * Layers 2: the three runs are stacked models of 2 layers, each cell's hidden size matched to the whole stack's
     * weights as compare-cells --layers 2 matches it (the closest count, within 5%), and the view says the depth and
     * that the analyses are the top layer's. At 1 layer (the default) nothing of it shows.
     */
    @Test
    void atTwoLayersTheCellsAreStackedModelsOfEqualWeightsAndTheViewSaysSo(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        ChoiceBox<Integer> layers = robot.lookup("#compare-layers").queryAs(ChoiceBox.class);
        assertEquals(1, layers.getValue(), "the seed's comparison by default");
        assertEquals(List.of(1, 2, 3), layers.getItems());
        CompareView view = feature.view();
        assertEquals("Loss (smoothed)", fx(() -> view.lossTitle()));
        robot.interact(() -> {
            feature.model().weightsProperty().set("25000");
            feature.model().iterationsProperty().set("60");
            layers.setValue(2);
        });
        String sizes = robot.lookup("#compare-sizes").queryLabeled().getText();
        assertTrue(sizes.matches("vanilla h\\d+, lstm h\\d+, gru h\\d+, 2 layers each"), sizes);
        assertEquals("Loss (smoothed), 2 layers each", fx(() -> view.lossTitle()), "said before training");
        robot.clickOn("#compare-start");
        assertTrue(fx(() -> layers.isDisabled()), "the depth is fixed while the comparison trains");
        waitFor(120, () -> fx(() -> !feature.model().runningProperty().get()));
        waitFor(10, () -> fx(() -> !view.isRedrawPending()));
        CellComparison.Snapshot s = fx(() -> feature.model().snapshotProperty().get());
        int v = context.corpus().get().vocabulary().size();
        for (CellComparison.CellState c : s.cells()) {
            String name = c.cell().cliName();
            assertEquals(2, c.config().depth().layers(), name);
            assertEquals(2, c.training().model().layers(), name + " trained a stacked model");
            int h = c.config().hiddenSize();
            assertEquals(c.cell().hiddenSizeMatching(v, 25_000, 2), h, name + ": compare-cells --layers 2 --match-params 25000 picks it");
            long n = DeepRnn.parameterCount(c.cell(), v, h, 2);
            assertEquals(n, c.parameters(), name + ": the whole stack's weights");
            assertTrue(Math.abs(n - 25_000) <= Math.abs(DeepRnn.parameterCount(c.cell(), v, h + 1, 2) - 25_000)
                    && Math.abs(n - 25_000) <= Math.abs(DeepRnn.parameterCount(c.cell(), v, h - 1, 2) - 25_000), name + ": the closest count");
            assertTrue(Math.abs(n - 25_000) < 0.05 * 25_000, name + " has " + n + " weights");
            String heading = robot.lookup("#compare-title-" + name).queryLabeled().getText();
            assertTrue(heading.startsWith(name + "  2 layers of h" + h + ", " + Pictures.count(n) + " weights, iteration 60, "), heading);
            String units = robot.lookup("#compare-units-" + name).queryLabeled().getText();
            assertTrue(units.startsWith("Top layer's best unit for inside quotes: "), units);
        }
        assertEquals("Loss (smoothed), 2 layers each", fx(() -> view.lossTitle()));
        assertEquals("Vanishing gradient, top layer of 2 (dashed: at the start)", fx(() -> view.gradientTitle()));
        assertEquals("lstm forget, top layer", fx(() -> view.saturationTitle("lstm-forget")));
        assertTrue(robot.lookup("#compare-message").queryLabeled().getText().endsWith(", 2 layers each)."),
                robot.lookup("#compare-message").queryLabeled().getText());
        // choosing 1 layer again sizes the next comparison at 1 layer; the one on screen keeps saying its depth
        robot.interact(() -> layers.setValue(1));
        assertTrue(robot.lookup("#compare-sizes").queryLabeled().getText().matches("vanilla h\\d+, lstm h\\d+, gru h\\d+"));
        assertEquals("Loss (smoothed), 2 layers each", fx(() -> view.lossTitle()));
    }

    @Test
    void aBadSettingIsSaidAndNothingStarts(FxRobot robot) throws Exception {
        robot.interact(() -> feature.model().weightsProperty().set("12"));
        robot.clickOn("#compare-start");
        assertFalse(fx(() -> feature.model().runningProperty().get()));
        assertTrue(robot.lookup("#compare-message").queryLabeled().getText().contains("out of range"),
                robot.lookup("#compare-message").queryLabeled().getText());
        // a typed number is refused with the sentence every form says (app.ui.TypedNumber)
        robot.interact(() -> feature.model().iterationsProperty().set(" ten "));
        robot.clickOn("#compare-start");
        assertFalse(fx(() -> feature.model().runningProperty().get()));
        assertEquals("iterations must be a whole number (got 'ten')", robot.lookup("#compare-message").queryLabeled().getText());
    }
}
