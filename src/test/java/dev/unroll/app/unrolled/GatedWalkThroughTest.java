package dev.unroll.app.unrolled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Theme;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.GatedWalk;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.GateTrace;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The Unrolled view on LSTM and GRU runs (issue 15): the walk-through loads the engine's
 * {@link GatedWalk} of the training window, draws the gated cell's inside at the step showing (one
 * heatmap cell per unit per gate, the highway's states), steps forward and back, the gradient flow
 * page shows ||dL/dh_t|| (and the LSTM's ||dL/dc_t||) and says its Whh charts are the vanilla cell's,
 * and the weights page shows the gated matrices.
 */
@ExtendWith(ApplicationExtension.class)
class GatedWalkThroughTest {
    private static final Corpus CORPUS = Corpus.of("test", "the cat sat on the mat, the rat ate the hat; ".repeat(30));
    private static final int T = 12;
    private static final int H = 10;
    private static final long ITERATIONS = 40;

    private TrainingSession session;
    private AppContext context;
    private UnrolledFeature feature;
    private Scene scene;

    @Start
    void start(Stage stage) {
        session = new TrainingSession();
        context = new AppContext(session);
        feature = new UnrolledFeature(context);
        scene = UnrolledFeatureTest.show(stage, context, feature);
    }

    @AfterEach
    void tearDown() {
        WaitForAsyncUtils.asyncFx(() -> session.dispose());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void train(FxRobot robot, Cell cell) throws Exception {
        robot.interact(() -> session.start(CORPUS, TrainingConfig.defaults().withCell(cell).withHiddenSize(H).withSequenceLength(T)
                .withIterations(ITERATIONS).withSampleEvery(0).withSeed(5)));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.state() == RunState.FINISHED);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> feature.model().gated() != null
                && feature.model().walkModelIteration() == ITERATIONS && !feature.model().computingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void theWalkThroughDrawsTheGatedCellAtEachStepForwardAndBack(Cell cell, FxRobot robot) throws Exception {
        train(robot, cell);
        UnrolledModel model = feature.model();
        UnrolledView view = feature.view();
        TrainingSnapshot s = context.snapshot().get();
        ModelSnapshot m = s.model();
        assertEquals(cell, m.cell());
        // the engine's walk of the trainer's last window on the same weights, not a vanilla trace
        assertNull(model.trace(), "no vanilla trace for a gated model");
        WindowTrace expected = GatedWalk.ofWindow(m, s.trace(), s.config().clip());
        WindowTrace shown = model.gated();
        assertEquals(T, shown.length());
        UnrolledFeatureTest.assertClose(expected.hidden(), shown.hidden(), "h");
        UnrolledFeatureTest.assertClose(expected.dhNorms(), shown.dhNorms(), "dL/dh");
        assertTrue(view.gatedChain.isVisible() && !view.chain.isVisible(), "the gated cell is drawn, not the vanilla chain");

        robot.interact(model::toStart);
        assertTrue(view.gatedChain.columns().isEmpty(), "no step yet");
        List<Integer> visits = new ArrayList<>();
        robot.interact(() -> model.positionProperty().addListener((o, a, b) -> visits.add(model.currentStep())));
        // forward to step 3 with the button and the key, then look at what is drawn
        robot.clickOn("#unrolled-step-forward");
        robot.clickOn("#unrolled-gated-canvas").type(KeyCode.RIGHT);
        robot.clickOn("#unrolled-step-forward");
        assertEquals(List.of(0, 1, 2), visits);
        assertGatesDrawn(cell, shown, 2, view);
        Label status = robot.lookup("#unrolled-status").queryAs(Label.class);
        assertTrue(status.getText().contains(String.format("forward step 3 of %d · loss of step %.3f", T, shown.stepLoss()[2])), status.getText());
        writePicture("gated-walk-" + cell.cliName() + "-forward.png");

        // on through the forward pass into the backward pass: step T-2 going back carries the error signals
        for (int i = 3; i < T + 2; i++) {
            robot.type(KeyCode.RIGHT);
        }
        assertEquals(T + 2, model.position());
        assertTrue(model.inBackward());
        assertEquals(T - 2, model.currentStep());
        assertGatesDrawn(cell, shown, T - 2, view);
        String back = status.getText();
        assertTrue(back.contains(String.format("‖dL/dh_%d‖ = %.4g", T - 1, shown.dhNorms()[T - 2])), back);
        assertEquals(cell == Cell.LSTM, back.contains("‖dL/dc_"), back);
        writePicture("gated-walk-" + cell.cliName() + "-backward.png");
        robot.interact(() -> context.theme().set(Theme.PRESENTATION));
        assertGatesDrawn(cell, shown, T - 2, view);
        writePicture("gated-walk-" + cell.cliName() + "-presentation.png");
        robot.interact(() -> context.theme().set(Theme.LIGHT));

        // and back again to before step 1
        visits.clear();
        robot.clickOn("#unrolled-step-back");
        assertEquals(T - 1, model.currentStep());
        for (int i = 0; i < T + 1; i++) {
            robot.type(KeyCode.LEFT);
        }
        assertEquals(0, model.position());
        assertEquals(-1, (int) visits.get(visits.size() - 1));
        assertEquals(0, (int) visits.get(visits.size() - 2));

        // a typed text unrolls the same way: the engine's walk of the text from a zero state
        robot.clickOn("#unrolled-text").write("the cat").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.gated() != null && model.gated().length() == 6
                && !model.computingProperty().get());
        UnrolledFeatureTest.assertClose(GatedWalk.ofText(m, "the cat", s.config().clip()).hidden(), model.gated().hidden(), "h of the typed text");
    }

    /** Every gate a column of H cells holding that gate's units at step t; the highway's states around them. */
    private static void assertGatesDrawn(Cell cell, WindowTrace shown, int t, UnrolledView view) {
        GateTrace g = shown.gates();
        List<GatedCanvas.Column> columns = view.gatedChain.columns();
        for (int k = 0; k < cell.gateNames().size(); k++) {
            String name = cell.gateNames().get(k);
            GatedCanvas.Column c = columns.stream().filter(x -> x.name().endsWith(" " + name)).findFirst().orElse(null);
            assertNotNull(c, "a column for the " + name + " gate in " + columns);
            assertEquals(H, c.values().length, name + ": one cell per unit");
            for (int u = 0; u < H; u++) {
                assertEquals(g.gate(t, k, u), c.values()[u], 0, name + " unit " + u + " at step " + (t + 1));
            }
        }
        String state = cell == Cell.LSTM ? "c" : "h";
        GatedCanvas.Column after = columns.stream().filter(x -> x.name().equals(state + "_t")).findFirst().orElseThrow();
        GatedCanvas.Column before = columns.stream().filter(x -> x.name().equals(state + "_t−1")).findFirst().orElseThrow();
        for (int u = 0; u < H; u++) {
            assertEquals(cell == Cell.LSTM ? g.cell(t, u) : shown.hidden(t, u), after.values()[u], 0);
            double prev = t == 0 ? (cell == Cell.LSTM ? g.c0()[u] : shown.h0()[u]) : cell == Cell.LSTM ? g.cell(t - 1, u) : shown.hidden(t - 1, u);
            assertEquals(prev, before.values()[u], 0);
        }
        assertTrue(before.x() < after.x(), "the highway runs left to right");
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void theFlowPageShowsTheGatedErrorSignalsAndTheWeightsPageTheGatedMatrices(Cell cell, FxRobot robot) throws Exception {
        train(robot, cell);
        UnrolledView view = feature.view();
        robot.interact(() -> view.showPage("flow"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !view.flowDh.series().isEmpty());
        List<String> names = new ArrayList<>();
        view.flowDh.series().forEach(x -> names.add(x.name()));
        assertTrue(names.contains("‖dL/dh_t‖ (walk-through)"), names.toString());
        assertEquals(cell == Cell.LSTM, names.contains("‖dL/dc_t‖ (walk-through)"), names.toString());
        PlotCanvas.Series dh = view.flowDh.series().stream().filter(x -> x.name().equals("‖dL/dh_t‖ (walk-through)")).findFirst().orElseThrow();
        UnrolledFeatureTest.assertClose(feature.model().gated().dhNorms(), dh.y(), "dL/dh");
        if (cell == Cell.LSTM) {
            PlotCanvas.Series dc = view.flowDh.series().stream().filter(x -> x.name().equals("‖dL/dc_t‖ (walk-through)")).findFirst().orElseThrow();
            UnrolledFeatureTest.assertClose(feature.model().gated().gates().dcNorms(), dc.y(), "dL/dc");
        }
        assertFalse(names.stream().anyMatch(n -> n.contains("dh_T/dh_t") || n.contains("∂ℓ_T")), "no vanilla-only curve: " + names);
        // the vanilla cell's Whh charts give way to a sentence saying so
        assertFalse(view.flowRadius.isVisible() || view.flowEigen.isVisible(), "Whh charts for a gated model");
        assertTrue(view.flowVanillaOnly.isVisible() && view.flowVanillaOnly.getText().contains("vanilla cell"));
        writePicture("gated-flow-" + cell.cliName() + ".png");

        robot.interact(() -> view.showPage("weights"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.heat[1][0].scaleMax() > 0);
        ModelSnapshot m = context.model().get();
        assertEquals("weight_hh", view.heat[1][0].title());
        double max = 0;
        for (double v : m.parameter("weight_hh").data) {
            max = Math.max(max, Math.abs(v));
        }
        assertEquals(max, view.heat[1][0].scaleMax(), 0, "the newest weight_hh");
        assertEquals("weight_ih", view.heat[0][0].title());
        assertTrue(view.weightsNote.getText().contains("gates' rows"), view.weightsNote.getText());
    }

    /** The view as shown, to look at: target/gated-walk/NAME. */
    private void writePicture(String name) throws Exception {
        File dir = new File("target/gated-walk");
        dir.mkdirs();
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(dir, name));
    }
}
