package dev.unroll.app.hidden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.GateSaturation;
import dev.unroll.engine.inspect.LayerInspection;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeLayer;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.inspect.ProbeText;
import dev.unroll.engine.inspect.TextFeature;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The Hidden state view over a 2-layer LSTM (issue 25, "Depth in every view"): the layer chooser shows the
 * engine's numbers of the layer chosen ({@link LayerInspection}); the unit finder searches both layers,
 * names the layer of its best unit and switches the chooser to it; the Saturation page draws each layer's
 * gates as the 2015 paper's Fig. 4 with the engine's fractions. A one-layer model shows neither chooser.
 * Pictures go to {@code target/hidden-layers/}.
 */
@ExtendWith(ApplicationExtension.class)
class HiddenLayersViewTest {
    private static final Path OUT = Path.of("target", "hidden-layers");
    private static Corpus corpus;
    private static ModelSnapshot stacked;
    private static ModelSnapshot oneLayer;

    private AppContext context;
    private HiddenFeature feature;

    @BeforeAll
    static void train() throws IOException {
        Files.createDirectories(OUT);
        corpus = Fixtures.corpus();
        stacked = trained(2);
        oneLayer = trained(1);
    }

    private static ModelSnapshot trained(int layers) {
        Trainer t = new Trainer(corpus, TrainingConfig.defaults().withCell(Cell.LSTM, 16).withDepth(new Depth(layers, 4, 0.0))
                .withSampleEvery(0).withSeed(3).withIterations(300));
        for (int i = 0; i < 300; i++) {
            t.iterate();
        }
        return t.modelSnapshot();
    }

    @Start
    void start(Stage stage) {
        context = new AppContext(new TrainingSession());
        feature = new HiddenFeature(context);
        stage.setScene(new Scene((Parent) feature.node(), 1260, 780));
        stage.show();
        feature.setShowing(true);
    }

    private HiddenModel m() {
        return feature.model();
    }

    private void showStacked(FxRobot robot) {
        robot.interact(() -> {
            context.corpus().set(corpus);
            context.model().set(stacked);
        });
        HiddenWaits.waitFor(() -> m().analysis() != null && !m().busyProperty().get() && m().layersProperty().get() == 2);
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#hidden-status").queryAs(Label.class).getText();
    }

    /** Picks {@code item} in an open combo box's list, as a person clicks it. */
    private static void pick(FxRobot robot, ComboBox<?> box, String item) {
        robot.clickOn(box);
        Node cell = robot.lookup(".combo-box-popup .list-cell").match((ListCell<?> c) -> item.equals(c.getText())).query();
        robot.clickOn(cell);
    }

    private Image heatmapPicture(FxRobot robot, String name) throws IOException {
        Image[] img = new Image[1];
        robot.interact(() -> img[0] = feature.view().heatmap().snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", OUT.resolve(name + ".png").toFile());
        return img[0];
    }

    private static double differentPixels(Image a, Image b) {
        PixelReader ra = a.getPixelReader();
        PixelReader rb = b.getPixelReader();
        int w = (int) Math.min(a.getWidth(), b.getWidth());
        int h = (int) Math.min(a.getHeight(), b.getHeight());
        long diff = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                diff += ra.getArgb(x, y) != rb.getArgb(x, y) ? 1 : 0;
            }
        }
        return diff / (double) (w * h);
    }

    @Test
    void choosingALayersForgetGateShowsTheEnginesNumbersOfThatLayer(FxRobot robot) throws Exception {
        showStacked(robot);
        @SuppressWarnings("unchecked")
        ComboBox<Integer> layer = robot.lookup("#hidden-layer").queryAs(ComboBox.class);
        assertTrue(layer.getParent().isVisible(), "a stacked model's view offers the layer");
        assertEquals(List.of(0, 1), layer.getItems());
        assertEquals("2 (top)", layer.getConverter().toString(layer.getValue()), "the top layer by default");
        ProbeText probe = m().analysis().result().probe();
        assertArrayEquals(LayerInspection.probe(stacked, probe, 1, List.of(ProbeLayer.H)).get(0).hidden(), m().analysis().result().hidden(),
                "by default the top layer's h");
        assertTrue(status(robot).contains("16 units · layer 2 of 2 (top)"), status(robot));

        pick(robot, layer, "1");
        @SuppressWarnings("unchecked")
        ComboBox<ProbeLayer> quantity = robot.lookup("#hidden-quantity").queryAs(ComboBox.class);
        pick(robot, quantity, "forget gate");
        HiddenWaits.waitFor(() -> !m().busyProperty().get() && m().analysis().result().layer().name().equals("forget")
                && status(robot).contains("layer 1 of 2"));
        ProbeLayer forget = ProbeLayer.of(Cell.LSTM).get(3);
        ProbeResult engine1 = LayerInspection.probe(stacked, probe, 0, List.of(forget)).get(0);
        ProbeAnalysis shown1 = m().analysis();
        assertEquals(forget, shown1.result().layer());
        assertArrayEquals(engine1.hidden(), shown1.result().hidden(), "the heatmap's values are the engine's forget gates of layer 1");
        assertEquals(ProbeAnalysis.of(engine1).stats().saturatedAll(), shown1.stats().saturatedAll(), "and their saturation");
        assertTrue(status(robot).contains("showing forget gate"), status(robot));
        Image picture1 = heatmapPicture(robot, "layer1-forget");
        String exported = WaitForAsyncUtils.asyncFx(() -> feature.picture().name()).get();
        assertTrue(exported.startsWith("hidden-state-layer1"), "the exported picture names its layer: " + exported);

        pick(robot, layer, "2 (top)");
        HiddenWaits.waitFor(() -> !m().busyProperty().get() && status(robot).contains("layer 2 of 2 (top)"));
        ProbeResult engine2 = LayerInspection.probe(stacked, probe, 1, List.of(forget)).get(0);
        assertArrayEquals(engine2.hidden(), m().analysis().result().hidden(), "layer 2's forget gates");
        double meanDiff = 0;
        for (int i = 0; i < engine1.hidden().length; i++) {
            meanDiff += Math.abs(engine1.hidden()[i] - engine2.hidden()[i]) / engine1.hidden().length;
        }
        assertTrue(meanDiff > 0.01, "the two layers' forget gates differ (mean |difference| " + meanDiff + ")");
        Image picture2 = heatmapPicture(robot, "layer2-forget");
        double differ = differentPixels(picture1, picture2);
        assertTrue(differ > 0.2, "the heatmap of layer 2 is another picture than layer 1's (" + differ + " of the pixels differ)");
    }

    /** "Unit 37 of layer 1 follows “inside quotes”, r = +0.82 ..." */
    private static final Pattern BEST = Pattern.compile("Unit (\\d+) of layer (\\d+) follows \u201c(.+)\u201d, r = ([+-]\\d\\.\\d\\d)");

    @Test
    void theFinderSearchesEveryLayerAndTakesTheChooserToItsUnit(FxRobot robot) {
        showStacked(robot);
        ProbeText probe = m().analysis().result().probe();
        List<ProbeAnalysis> engine = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            engine.add(ProbeAnalysis.of(LayerInspection.probe(stacked, probe, k, List.of(ProbeLayer.H)).get(0)));
        }
        // a feature whose best unit is in layer 1, not the top layer shown: the finder must find it there
        TextFeature inLower = null;
        for (TextFeature f : TextFeature.values()) {
            ProbeAnalysis.UnitCorrelation lower = engine.get(0).best(f);
            ProbeAnalysis.UnitCorrelation top = engine.get(1).best(f);
            if (lower != null && top != null && Math.abs(lower.r()) > Math.abs(top.r())) {
                inLower = f;
                break;
            }
        }
        assertNotNull(inLower, "some feature is followed best by a unit of layer 1");
        TextFeature f = inLower;
        @SuppressWarnings("unchecked")
        ComboBox<TextFeature> features = robot.lookup("#hidden-feature").queryAs(ComboBox.class);
        pick(robot, features, f.toString());
        Label best = robot.lookup("#hidden-finder-best").queryAs(Label.class);
        HiddenWaits.waitFor(() -> BEST.matcher(best.getText()).find());
        assertTrue(best.isVisible());
        Matcher said = BEST.matcher(best.getText());
        assertTrue(said.find());
        int unit = Integer.parseInt(said.group(1));
        int layer = Integer.parseInt(said.group(2));
        assertEquals(f.label(), said.group(3));
        ProbeAnalysis.UnitCorrelation expected = ProbeAnalysis.best(engine, f);
        assertEquals(1, layer, "the best unit of all layers is in layer 1: " + best.getText());
        assertEquals(expected.unit(), unit, best.getText());
        assertEquals(String.format("%+.2f", engine.get(layer - 1).correlations().get(f)[unit]), said.group(4),
                "r is the engine's correlation of that layer's unit");

        // the table's row says the same, and choosing it shows that unit in its layer
        @SuppressWarnings("unchecked")
        TableView<FinderPanel.FeatureRow> table = robot.lookup("#hidden-feature-table").queryAs(TableView.class);
        int row = -1;
        for (int i = 0; i < table.getItems().size(); i++) {
            row = table.getItems().get(i).feature() == f ? i : row;
        }
        assertEquals("u" + unit + ", layer 1", table.getColumns().get(1).getCellData(row));
        assertEquals(2, m().layerProperty().get() + 1, "the top layer shows before the choice");
        int r = row;
        robot.interact(() -> table.getSelectionModel().select(r));
        HiddenWaits.waitFor(() -> !m().busyProperty().get() && status(robot).contains("layer 1 of 2"));
        @SuppressWarnings("unchecked")
        ComboBox<Integer> chooser = robot.lookup("#hidden-layer").queryAs(ComboBox.class);
        assertEquals("1", chooser.getConverter().toString(chooser.getValue()), "the chooser went to the unit's layer");
        assertEquals(List.of(unit), m().pinned(), "the unit is pinned for the coloured text");
        assertArrayEquals(engine.get(0).result().hidden(), m().analysis().result().hidden(), "the heatmap shows layer 1's h");
    }

    @Test
    void theSaturationPageHasOnePanelPerLayerWithTheEnginesFractions(FxRobot robot) throws IOException {
        robot.interact(() -> m().warmupProperty().set(0)); // the paper's counts read from a zero state
        showStacked(robot);
        HiddenWaits.waitFor(() -> m().analysis().result().probe().warmup().length == 0);
        TabPane tabs = robot.lookup("#hidden-tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(2));
        LayerSaturationCanvas canvas = robot.lookup("#hidden-layer-saturation").queryAs(LayerSaturationCanvas.class);
        HiddenWaits.waitFor(() -> canvas.isVisible() && canvas.plots().size() == 2);
        assertFalse(robot.lookup("#hidden-saturation").query().isVisible(), "the per-layer panels in place of the signal's");

        List<GateSaturation> engine = LayerInspection.saturation(stacked, m().analysis().result().probe().inputs());
        assertEquals(List.of("input", "forget", "output"), engine.get(0).gates());
        List<LayerSaturationCanvas.Dot> dots = canvas.dots();
        assertEquals(2 * 3 * 16, dots.size(), "a dot per layer, gate and unit");
        for (LayerSaturationCanvas.Dot d : dots) {
            var box = canvas.plots().get(d.layer()).box();
            double left = (d.x() - box.getMinX()) / box.getWidth();
            double right = (box.getMaxY() - d.y()) / box.getHeight();
            assertEquals(engine.get(d.layer()).left()[d.gate()][d.unit()], left, 1e-9, "left-saturated, " + d);
            assertEquals(engine.get(d.layer()).right()[d.gate()][d.unit()], right, 1e-9, "right-saturated, " + d);
        }
        double spread = 0;
        for (LayerSaturationCanvas.Dot d : dots) {
            spread += engine.get(d.layer()).left()[d.gate()][d.unit()] + engine.get(d.layer()).right()[d.gate()][d.unit()];
        }
        assertTrue(spread > 1, "the trained gates saturate somewhere (sum of fractions " + spread + ")");
        List<String> titles = canvas.drawn().stream().filter(t -> t.text().startsWith("Layer")).map(LayerSaturationCanvas.Drawn::text).toList();
        assertEquals(List.of("Layer 1", "Layer 2 (top)"), titles);
        assertTrue(canvas.plots().get(0).box().getMaxX() < canvas.plots().get(1).box().getMinX(), "the panels side by side");
        Image[] img = new Image[1];
        robot.interact(() -> img[0] = tabs.snapshot(null, null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", OUT.resolve("saturation-per-layer.png").toFile());

        // the signal's panels, as for one layer, one click away
        robot.clickOn("#hidden-saturation-signal");
        assertTrue(robot.lookup("#hidden-saturation").query().isVisible());
        assertFalse(canvas.isVisible());
    }

    @Test
    void aOneLayerModelShowsNeitherTheLayerChooserNorThePerLayerPanels(FxRobot robot) {
        robot.interact(() -> {
            context.corpus().set(corpus);
            context.model().set(oneLayer);
        });
        HiddenWaits.waitFor(() -> m().analysis() != null && !m().busyProperty().get() && m().cellProperty().get() == Cell.LSTM);
        assertFalse(robot.lookup("#hidden-layer").queryAs(ComboBox.class).getParent().isVisible(), "no layer to choose");
        assertFalse(robot.lookup("#hidden-finder-best").query().isVisible());
        assertFalse(robot.lookup("#hidden-saturation-layers").query().getParent().isVisible(), "no choice of saturation panels");
        assertTrue(robot.lookup("#hidden-saturation").query().isVisible(), "the Saturation page as before");
        assertFalse(status(robot).contains("layer"), status(robot));
        assertArrayEquals(ProbeResult.run(oneLayer, m().analysis().result().probe()).hidden(), m().analysis().result().hidden(),
                "the cell's own h, as before");
        @SuppressWarnings("unchecked")
        TableView<FinderPanel.FeatureRow> table = robot.lookup("#hidden-feature-table").queryAs(TableView.class);
        Object unit = table.getColumns().get(1).getCellData(0);
        assertTrue(String.valueOf(unit).matches("u\\d+"), "a unit without a layer: " + unit);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
