package dev.unroll.app.unrolled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Theme;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.LayerInspection;
import dev.unroll.engine.inspect.StackWalk;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.app.ui.VisibleWhitespace;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Issue 25, the Unrolled bullet: a stacked run's walk-through is the grid of layers (up) and steps (across),
 * for every cell. What is drawn is read from the canvas's model of its drawing: L rows of T cells, the
 * characters in the bottom row and each layer above reading the layer below; stepping forward lights layer 1
 * at step t, then layer 2 at t, then step t+1; stepping backward the error reaches the top layer at the last
 * step first, then down, then the step before, each cell showing the engine's ||dL/dh^k_t||
 * ({@link LayerInspection#window} of that layer). Pictures in target/stack-walk to look at.
 */
@ExtendWith(ApplicationExtension.class)
class StackedWalkThroughTest {
    private static final Corpus CORPUS = Corpus.of("test", "the cat sat on the mat, the rat ate the hat; ".repeat(30));
    private static final int T = 12;
    private static final int H = 10;
    private static final long ITERATIONS = 30;
    /** T + 1 characters: T steps, the last predicting the last character. */
    private static final String TEXT = "the cat sat o";

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

    private void train(FxRobot robot, Cell cell, int layers) throws Exception {
        robot.interact(() -> session.start(CORPUS, TrainingConfig.defaults().withCell(cell).withHiddenSize(H).withSequenceLength(T)
                .withIterations(ITERATIONS).withSampleEvery(0).withSeed(5).withDepth(new Depth(layers, 1, 0.0))));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.state() == RunState.FINISHED);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> feature.model().stack() != null
                && feature.model().walkModelIteration() == ITERATIONS && !feature.model().computingProperty().get());
        // a stacked run's snapshots carry no training window (the trainer publishes the one-layer cells' only): a typed text
        robot.interact(() -> {
            feature.model().typedTextProperty().set(TEXT);
            feature.model().unrollTypedText();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> feature.model().stack() != null && feature.model().stack().length() == T
                && feature.model().walkModelIteration() == ITERATIONS && !feature.model().computingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @ParameterizedTest
    @CsvSource({"LSTM, 2", "GRU, 2", "VANILLA, 2", "LSTM, 3"})
    void theStackIsAGridSteppedLayerByLayerForwardAndBack(Cell cell, int L, FxRobot robot) throws Exception {
        train(robot, cell, L);
        UnrolledModel model = feature.model();
        UnrolledView view = feature.view();
        TrainingSnapshot s = context.snapshot().get();
        ModelSnapshot m = context.model().get();
        assertEquals(L, m.layers());
        assertNull(model.trace());
        assertNull(model.gated());
        StackWalk walk = model.stack();
        assertEquals(L, walk.layerCount());
        assertEquals(T, walk.length());
        // every layer's numbers are the engine's inspection of that layer, the window read from a zero state
        int[] codes = m.vocabulary().encode(TEXT);
        int[] inputs = Arrays.copyOf(codes, T);
        int last = codes[T];
        double[] zero = new double[LayerInspection.model(m).stateSize()];
        List<double[]> engineDh = new ArrayList<>();
        for (int k = 0; k < L; k++) {
            WindowTrace expected = LayerInspection.window(m, k, inputs, last, zero, s.config().clip());
            UnrolledFeatureTest.assertClose(expected.hidden(), walk.layer(k).hidden(), "h of layer " + k);
            UnrolledFeatureTest.assertClose(expected.dhNorms(), walk.layer(k).dhNorms(), "dL/dh of layer " + k);
            engineDh.add(expected.dhNorms());
        }
        assertTrue(view.stackChain.isVisible() && !view.gatedChain.isVisible() && !view.chain.isVisible(), "the grid is drawn");

        // the grid: L rows of T cells, the characters at the bottom, each layer above reading the one below
        robot.interact(model::toStart);
        StackCanvas grid = view.stackChain;
        assertEquals(T, count(grid, -1), "one character per step");
        for (int k = 0; k < L; k++) {
            assertEquals(T, count(grid, k), "row of layer " + (k + 1));
        }
        assertEquals(T, count(grid, L), "one output per step");
        for (int t = 0; t < T; t++) {
            String ch = VisibleWhitespace.symbol(m.vocabulary().symbol(inputs[t]));
            assertEquals(ch, grid.box(-1, t).text(), "the character read at step " + (t + 1));
            for (int k = 0; k < L; k++) {
                assertEquals(StackCanvas.Lit.DARK, grid.box(k, t).lit(), "nothing run yet");
            }
        }
        List<StackCanvas.Link> links = grid.links();
        for (int k = 1; k < L; k++) {
            int row = k;
            for (int t = 0; t < T; t++) {
                int step = t;
                assertTrue(links.contains(new StackCanvas.Link(row - 1, step, row, step, StackCanvas.Lit.DARK)),
                        "layer " + (row + 1) + " reads layer " + row + "'s h at step " + (step + 1));
            }
            assertTrue(links.stream().noneMatch(l -> l.toRow() == row && l.fromRow() == -1), "only layer 1 reads the characters");
        }
        assertTrue(links.stream().filter(l -> l.fromRow() == -1).allMatch(l -> l.toRow() == 0), "the characters go into layer 1");
        assertTrue(links.contains(new StackCanvas.Link(L - 1, 3, L, 3, StackCanvas.Lit.DARK)), "the top layer feeds the output");
        assertEquals("layer " + L + " (top)", grid.rowLabels().get(L));
        assertEquals("input x_t", grid.rowLabels().get(0));

        // forward: layer 1 at step 1, layer 2 at step 1, ..., then step 2
        List<int[]> lit = new ArrayList<>();
        robot.interact(() -> model.positionProperty().addListener((o, a, b) -> lit.add(new int[] {model.currentLayer(), model.currentStep()})));
        robot.clickOn("#unrolled-step-forward");
        robot.clickOn("#unrolled-stack-canvas");
        for (int i = 1; i < L + 2; i++) {
            robot.type(KeyCode.RIGHT);
        }
        WaitForAsyncUtils.waitForFxEvents();
        List<int[]> expectedOrder = new ArrayList<>();
        for (int i = 0; i < L + 2; i++) {
            expectedOrder.add(new int[] {i % L, i / L});
        }
        assertEquals(toString(expectedOrder), toString(lit), "lit layer by layer, then the next step");
        int nowLayer = (L + 1) % L;
        int nowStep = (L + 1) / L;
        assertEquals(StackCanvas.Lit.FORWARD_NOW, grid.box(nowLayer, nowStep).lit());
        for (int k = 0; k < L; k++) {
            assertEquals(StackCanvas.Lit.FORWARD, grid.box(k, 0).lit(), "step 1 done in layer " + (k + 1));
        }
        assertEquals(nowLayer + 1 < L ? StackCanvas.Lit.DARK : StackCanvas.Lit.FORWARD_NOW, grid.box(L - 1, 1).lit());
        assertEquals(StackCanvas.Lit.DARK, grid.box(0, 2).lit(), "step 3 not run");
        Label status = robot.lookup("#unrolled-status").queryAs(Label.class);
        assertTrue(status.getText().startsWith("forward: layer " + (nowLayer + 1)), status.getText());
        writePicture("stack-" + L + "-" + cell.cliName() + "-forward.png");

        // backward: the top layer at the last step first, then down through the layers, then the step before
        robot.interact(model::toForwardEnd);
        lit.clear();
        for (int i = 0; i < L + 1; i++) {
            robot.type(KeyCode.RIGHT);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(model.inBackward());
        List<int[]> back = new ArrayList<>();
        for (int i = 0; i < L + 1; i++) {
            back.add(new int[] {L - 1 - i % L, T - 1 - i / L});
        }
        assertEquals(toString(back), toString(lit), "the error flows down the layers, then back a step");
        for (int i = 0; i < L + 1; i++) {
            int k = back.get(i)[0];
            int t = back.get(i)[1];
            StackCanvas.Box b = grid.box(k, t);
            assertEquals(i == L ? StackCanvas.Lit.BACKWARD_NOW : StackCanvas.Lit.BACKWARD, b.lit());
            assertEquals(engineDh.get(k)[t], b.value(), 0, "‖dL/dh‖ of layer " + (k + 1) + " at step " + (t + 1) + ", the engine's");
            assertEquals(StackCanvas.number(engineDh.get(k)[t]), b.text());
        }
        assertEquals(StackCanvas.Lit.FORWARD, grid.box(L - 2, T - 2).lit(), "not reached yet");
        assertTrue(Double.isNaN(grid.box(L - 2, T - 2).value()));
        assertTrue(status.getText().contains(String.format(Locale.ROOT, "‖dL/dh_%d‖ = %.4g", T - 1, engineDh.get(L - 1)[T - 2])),
                status.getText());
        writePicture("stack-" + L + "-" + cell.cliName() + "-backward.png");
        for (Theme theme : List.of(Theme.DARK, Theme.PRESENTATION)) {
            robot.interact(() -> context.theme().set(theme));
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(engineDh.get(L - 1)[T - 2], grid.box(L - 1, T - 2).value(), 0);
            writePicture("stack-" + L + "-" + cell.cliName() + "-backward-" + theme.name().toLowerCase(Locale.ROOT) + ".png");
        }
        robot.interact(() -> context.theme().set(Theme.LIGHT));

        // to the end: every cell reached, the window's clipped fraction said
        robot.interact(model::toEnd);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2 * T * L, model.position());
        assertEquals(StackCanvas.Lit.BACKWARD_NOW, grid.box(0, 0).lit());
        assertTrue(status.getText().endsWith("% clipped"), status.getText());
        // a typed text unrolls the stack from a zero state the same way
        robot.interact(() -> {
            model.typedTextProperty().set("the cat");
            model.unrollTypedText();
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.stack() != null && model.stack().length() == 6
                && !model.computingProperty().get());
        UnrolledFeatureTest.assertClose(StackWalk.ofText(m, "the cat", s.config().clip()).layer(0).dhNorms(),
                model.stack().layer(0).dhNorms(), "dL/dh of layer 1 over the typed text");
        assertNotNull(grid.box(0, 5));
    }

    /**
     * The gradient flow page draws ||dL/dh_t|| of every layer (one series each, named "layer 1", "layer 2 (top)",
     * the values LayerInspection's); the weights page's layer chooser switches weight_ih and weight_hh to layer k's.
     */
    @ParameterizedTest
    @CsvSource({"LSTM, 2", "GRU, 3"})
    void theFlowPageHasACurvePerLayerAndTheWeightsPageALayerChooser(Cell cell, int L, FxRobot robot) throws Exception {
        train(robot, cell, L);
        UnrolledView view = feature.view();
        ModelSnapshot m = context.model().get();
        TrainingSnapshot s = context.snapshot().get();
        int[] codes = m.vocabulary().encode(TEXT);
        double[] zero = new double[LayerInspection.model(m).stateSize()];
        robot.interact(() -> view.showPage("flow"));
        WaitForAsyncUtils.waitForFxEvents();
        List<PlotCanvas.Series> series = view.flowDh.series();
        for (int k = 0; k < L; k++) {
            String name = k == L - 1 ? "layer " + L + " (top)" : "layer " + (k + 1);
            PlotCanvas.Series curve = series.stream().filter(c -> name.equals(c.name())).findFirst().orElseThrow(() -> new AssertionError(
                    "no curve named " + name + " in " + series.stream().map(PlotCanvas.Series::name).toList()));
            double[] expected = LayerInspection.window(m, k, Arrays.copyOf(codes, T), codes[T], zero, s.config().clip()).dhNorms();
            UnrolledFeatureTest.assertClose(expected, curve.y(), "‖dL/dh_t‖ of " + name);
            assertEquals(1.0, curve.x()[0]);
            assertEquals(T, curve.x()[T - 1]);
        }
        assertEquals(L, series.stream().filter(c -> c.name().startsWith("layer ")).count(), "one curve per layer");
        assertTrue(view.flowVanillaOnly.getText().startsWith("One curve per layer of the stacked " + cell.cliName()), view.flowVanillaOnly.getText());
        writePicture("stack-" + L + "-" + cell.cliName() + "-flow.png");

        robot.interact(() -> view.showPage("weights"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.weightsLayer.isVisible(), "a layer chooser for a stack");
        assertEquals(L, view.weightsLayer.getItems().size());
        assertEquals("layer " + L + " (top)", view.weightsLayer.getValue(), "the top layer first");
        assertShowsLayer(view, m, L - 1);
        for (int k = L - 2; k >= 0; k--) {
            int layer = k;
            robot.interact(() -> view.weightsLayer.getSelectionModel().select(layer));
            WaitForAsyncUtils.waitForFxEvents();
            assertShowsLayer(view, m, layer);
        }
        assertTrue(view.weightsNote.getText().contains("Showing layer 1 of " + L + ": its weight_ih reads the characters."),
                view.weightsNote.getText());
        writePicture("stack-" + L + "-" + cell.cliName() + "-weights-layer1.png");
    }

    /** weight_ih_lk and weight_hh_lk of the model in the weights page's first two rows, Why in the third. */
    private static void assertShowsLayer(UnrolledView view, ModelSnapshot m, int k) {
        String[] names = {"weight_ih_l" + k, "weight_hh_l" + k, "Why"};
        for (int r = 0; r < 3; r++) {
            assertEquals(names[r], view.heat[r][0].title());
            double max = 0;
            for (double v : m.parameter(names[r]).data) {
                max = Math.max(max, Math.abs(v));
            }
            assertEquals(max, view.heat[r][0].scaleMax(), 0, names[r] + " drawn on its own scale");
        }
        assertTrue(view.weightsNote.getText().contains(String.format(Locale.ROOT, "‖%s‖ %.3g", names[1], m.parameter(names[1]).norm())),
                view.weightsNote.getText());
    }

    private static long count(StackCanvas grid, int row) {
        return grid.boxes().stream().filter(b -> b.row() == row).count();
    }

    private static String toString(List<int[]> cells) {
        StringBuilder b = new StringBuilder();
        for (int[] c : cells) {
            b.append("(layer ").append(c[0] + 1).append(", step ").append(c[1] + 1).append(") ");
        }
        return b.toString();
    }

    /** The view as shown, to look at: target/stack-walk/NAME. */
    private void writePicture(String name) throws Exception {
        File dir = new File("target/stack-walk");
        dir.mkdirs();
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(dir, name));
    }
}
