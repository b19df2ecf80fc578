package dev.unroll.app.hidden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeLayer;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.inspect.TextFeature;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hidden-state view over an LSTM: a chooser shows h, c and each gate; the heatmap, the unit
 * finder and the saturation follow the chosen quantity with the engine's numbers; a vanilla model
 * hides the chooser and shows h.
 */
@ExtendWith(ApplicationExtension.class)
class HiddenGatedViewTest {
    private static Corpus corpus;
    private static ModelSnapshot lstm;
    private static ModelSnapshot vanilla;

    private AppContext context;
    private HiddenFeature feature;

    @BeforeAll
    static void train() {
        corpus = Fixtures.corpus();
        Trainer t = new Trainer(corpus, TrainingConfig.defaults().withCell(Cell.LSTM, 12).withSampleEvery(0).withSeed(3).withIterations(150));
        for (int i = 0; i < 150; i++) {
            t.iterate();
        }
        lstm = t.modelSnapshot();
        vanilla = Fixtures.trained(corpus, 10, 50);
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

    @Test
    void theChosenQuantityDrivesHeatmapFinderAndSaturation(FxRobot robot) {
        robot.interact(() -> {
            context.corpus().set(corpus);
            context.model().set(lstm);
        });
        HiddenWaits.waitFor(() -> m().analysis() != null && !m().busyProperty().get() && m().cellProperty().get() == Cell.LSTM);
        @SuppressWarnings("unchecked")
        ComboBox<ProbeLayer> chooser = robot.lookup("#hidden-quantity").queryAs(ComboBox.class);
        assertTrue(chooser.isVisible(), "a gated model's view offers the choice");
        assertEquals(ProbeLayer.of(Cell.LSTM), chooser.getItems());
        assertEquals(ProbeLayer.H, m().analysis().result().layer());

        robot.clickOn(chooser);
        robot.clickOn("forget gate");
        HiddenWaits.waitFor(() -> !m().busyProperty().get() && m().analysis().result().layer().name().equals("forget"));
        ProbeAnalysis shown = m().analysis();
        ProbeLayer forget = ProbeLayer.of(Cell.LSTM).get(3);
        ProbeAnalysis engine = ProbeAnalysis.of(ProbeResult.runLayers(lstm, shown.result().probe(), List.of(forget)).get(0));
        assertArrayEquals(engine.result().hidden(), shown.result().hidden(), "the heatmap's values are the engine's forget gates");
        assertEquals(engine.stats().saturatedAll(), shown.stats().saturatedAll());
        assertEquals(engine.best(TextFeature.IN_QUOTES), shown.best(TextFeature.IN_QUOTES), "the unit finder ranks the forget gates");
        assertTrue(robot.lookup("#hidden-status").queryAs(Label.class).getText().contains("forget gate"));

        robot.interact(() -> m().quantityProperty().set(ProbeLayer.C));
        HiddenWaits.waitFor(() -> !m().busyProperty().get() && m().analysis().result().layer().equals(ProbeLayer.C));
        assertEquals(1, m().saturationHistory().size(), "the saturation history is the chosen quantity's alone");

        // a vanilla model: no chooser, h
        robot.interact(() -> context.model().set(vanilla));
        HiddenWaits.waitFor(() -> !m().busyProperty().get() && m().analysis().hiddenSize() == 10);
        assertEquals(ProbeLayer.H, m().quantityProperty().get());
        assertEquals(ProbeLayer.H, m().analysis().result().layer());
        assertFalse(robot.lookup("#hidden-quantity").queryAs(ComboBox.class).getParent().isVisible());
    }
}
