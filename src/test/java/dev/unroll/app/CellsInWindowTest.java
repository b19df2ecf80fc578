package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.core.Theme;
import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.hidden.HiddenFeature;
import dev.unroll.app.hidden.HiddenModel;
import dev.unroll.app.loss.LossFeature;
import dev.unroll.app.samples.SamplesFeature;
import dev.unroll.app.shell.Preset;
import dev.unroll.app.shell.SidePanel;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.ProbeLayer;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The side panel's cell chooser and weight matching, and the Loss, Samples and Generate views over
 * LSTM and GRU runs started from it.
 */
class CellsInWindowTest extends WindowTest {

    private Corpus openSmallCorpus() {
        Path file = ShellFixtures.writeCorpus(dir, "verses.txt", 20_000);
        runFx(() -> window.context().actions().openCorpus(file));
        await(10, "corpus chosen", () -> window.context().corpus().get() != null
                && window.context().corpus().get().name().equals("verses.txt"));
        return onFx(() -> window.context().corpus().get());
    }

    /** Chooses a cell as a user does: opens the list and clicks the cell's name. */
    private void chooseCell(FxRobot robot, String name) {
        scrollIntoView(robot.lookup("#hp-cell").query());
        robot.clickOn("#hp-cell");
        robot.clickOn(name);
    }

    @SuppressWarnings("unchecked")
    private ComboBox<Cell> cellBox(FxRobot robot) {
        return robot.lookup("#hp-cell").queryAs(ComboBox.class);
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void aGatedRunFromTheSidePanelShowsItsLossSamplesAndGeneratedText(Cell cell, FxRobot robot) {
        openSmallCorpus();
        chooseCell(robot, cell.cliName().toUpperCase(Locale.ROOT));
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("12");
            window.hyperparameters().field("hp-iterations").setText("400");
            window.hyperparameters().field("hp-sample-every").setText("100");
            window.hyperparameters().field("hp-sample-length").setText("30");
            window.hyperparameters().field("hp-eval-every").setText("100");
        });
        assertEquals(cell, onFx(() -> window.hyperparameters().config().cell()), "the settings hold the chosen cell");
        robot.clickOn("#run-start");
        await(60, "finished", () -> window.context().training().state() == RunState.FINISHED);
        assertEquals(cell, onFx(() -> window.context().snapshot().get().config().cell()), "the run trained the chosen cell");
        assertTrue(onFx(() -> cellBox(robot).isDisabled()), "the cell is locked while a run exists");

        LossFeature loss = (LossFeature) window.feature("loss").orElseThrow();
        runFx(() -> window.select("loss"));
        await(10, "loss points", () -> loss.view().pointCount() > 0 && loss.view().validationPointCount() > 0);

        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        runFx(() -> window.select("samples"));
        await(10, "a sample", () -> !samples.model().entries().isEmpty()
                && samples.model().entries().get(0).text().length() == 30);

        GenerateFeature generate = (GenerateFeature) window.feature("generate").orElseThrow();
        runFx(() -> window.select("generate"));
        await(20, "the run's weights to generate with", () -> window.context().model().get() != null
                && window.context().model().get().cell() == cell);
        runFx(() -> {
            generate.model().lengthProperty().set("50");
            generate.model().instantProperty().set(true);
            assertTrue(generate.model().generate(), "generation starts");
        });
        await(30, "generated text", () -> !generate.model().runningProperty().get()
                && generate.model().text().length() >= 50);
        assertEquals("", onFx(() -> generate.model().messageProperty().get()));
    }

    @Test
    void keepingTheWeightsSetsTheHiddenSizeOfTheNewCellAndShowsTheCount(FxRobot robot) {
        Corpus corpus = openSmallCorpus();
        int vocab = corpus.vocabulary().size();
        TextField hidden = window.hyperparameters().field("hp-hidden");
        Label weights = robot.lookup("#hp-weights").queryAs(Label.class);
        runFx(() -> hidden.setText("100"));
        await(5, "the vanilla count", () -> weights.getText().startsWith(String.format(Locale.ROOT, "%,d ", Cell.VANILLA.parameterCount(vocab, 100))));

        // without the box ticked the hidden size stays
        chooseCell(robot, "GRU");
        assertEquals("100", onFx(hidden::getText));
        assertTrue(onFx(weights::getText).startsWith(String.format(Locale.ROOT, "%,d ", Cell.GRU.parameterCount(vocab, 100))));

        chooseCell(robot, "Vanilla RNN");
        CheckBox match = robot.lookup("#hp-match").queryAs(CheckBox.class);
        runFx(match::fire);
        assertTrue(onFx(match::isSelected));
        chooseCell(robot, "LSTM");
        int matched = Cell.LSTM.hiddenSizeMatching(vocab, Cell.VANILLA.parameterCount(vocab, 100));
        assertEquals(Integer.toString(matched), onFx(hidden::getText));
        TrainingConfig c = onFx(() -> window.hyperparameters().config());
        assertEquals(Cell.LSTM, c.cell());
        assertEquals(matched, c.hiddenSize());
        String shown = onFx(weights::getText);
        assertTrue(shown.startsWith(String.format(Locale.ROOT, "%,d ", Cell.LSTM.parameterCount(vocab, matched))), shown);
        assertTrue(shown.contains(String.format(Locale.ROOT, "Vanilla RNN at H 100: %,d", Cell.VANILLA.parameterCount(vocab, 100))), shown);

        // typing another hidden size drops the note of the match
        runFx(() -> hidden.setText("20"));
        assertFalse(onFx(weights::getText).contains("matched"), onFx(weights::getText));
    }

    /**
     * The side panel's new rows keep their words at 1280x720 in the presentation theme, scrolled into view
     * (the window's layout test sees the side panel scrolled to its top, the corpus).
     */
    @Test
    void theCellRowsKeepTheirWordsAt1280x720InThePresentationTheme(FxRobot robot) {
        openSmallCorpus();
        CheckBox match = robot.lookup("#hp-match").queryAs(CheckBox.class);
        runFx(match::fire);
        chooseCell(robot, "LSTM");
        // collapsed by default at this size and theme: shown, as F9 shows it
        AppPrefs.node().put(SidePanel.COLLAPSED_KEY, "false");
        runFx(() -> {
            window.stage().setMaximized(false);
            window.stage().setWidth(1280);
            window.stage().setHeight(720);
            window.setTheme(Theme.PRESENTATION);
        });
        await(10, "the window at 1280x720", () -> Math.abs(window.stage().getWidth() - 1280) < 1 && Math.abs(window.stage().getHeight() - 720) < 1);
        for (String id : new String[] {"#hp-cell", "#hp-match", "#hp-weights"}) {
            scrollIntoView(robot.lookup(id).query());
            List<String> problems = onFx(() -> {
                window.scene().getRoot().applyCss();
                window.scene().getRoot().layout();
                return LayoutTest.LayoutProblems.of(window.scene().getRoot(), window.scene().getWidth(), window.scene().getHeight());
            });
            assertTrue(problems.isEmpty(), id + " in view: " + problems);
        }
        assertTrue(onFx(() -> robot.lookup("#hp-weights").queryAs(Label.class).getText()).contains("matched to Vanilla RNN"));
    }

    /** Scrolls the side panel so the node shows near its top. */
    private static void scrollIntoView(Node node) {
        runFx(() -> {
            ScrollPane scroll = (ScrollPane) ancestor(node, ScrollPane.class);
            Bounds b = scroll.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal()));
            double room = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(room <= 0 ? 0 : Math.max(0, Math.min(1, (b.getMinY() - 40) / room)));
            scroll.layout();
        });
    }

    /** The Hidden state view of a paused LSTM run keeps its words at 1280x720 in the presentation theme, showing a gate. */
    @Test
    void theHiddenViewOfAnLstmRunKeepsItsWordsAt1280x720InThePresentationTheme() {
        openSmallCorpus();
        runFx(() -> {
            window.hyperparameters().settings().apply(Preset.QUICK_DEMO.config().withCell(Cell.LSTM, 16).withIterations(100_000_000));
            window.context().commands().execute("run.start");
        });
        await(60, "some training", () -> window.context().snapshot().get() != null && window.context().snapshot().get().iteration() > 100);
        runFx(() -> window.context().commands().execute("run.pause"));
        await(20, "paused", () -> window.context().training().state() == RunState.PAUSED);
        HiddenModel hidden = ((HiddenFeature) window.feature("hidden").orElseThrow()).model();
        runFx(() -> {
            window.stage().setMaximized(false);
            window.stage().setWidth(1280);
            window.stage().setHeight(720);
            window.setTheme(Theme.PRESENTATION);
            window.select("hidden");
        });
        await(30, "the LSTM's probe", () -> hidden.analysis() != null && !hidden.busyProperty().get()
                && hidden.cellProperty().get() == Cell.LSTM);
        runFx(() -> hidden.quantityProperty().set(ProbeLayer.of(Cell.LSTM).get(3)));
        await(30, "the forget gates", () -> !hidden.busyProperty().get() && hidden.analysis().result().layer().name().equals("forget"));
        TabPane tabs = (TabPane) window.scene().lookup("#hidden-tabs");
        for (Tab tab : onFx(() -> List.copyOf(tabs.getTabs()))) {
            runFx(() -> tabs.getSelectionModel().select(tab));
            List<String> problems = onFx(() -> {
                window.scene().getRoot().applyCss();
                window.scene().getRoot().layout();
                return LayoutTest.LayoutProblems.of(window.scene().getRoot(), window.scene().getWidth(), window.scene().getHeight());
            });
            assertTrue(problems.isEmpty(), tab.getId() + ": " + problems);
        }
    }

    private static Node ancestor(Node node, Class<?> type) {
        Node n = node;
        while (n != null && !type.isInstance(n)) {
            n = n.getParent();
        }
        return n;
    }

    @Test
    void aConfigurationPutIntoTheSettingsShowsItsCellAndThePresetsHoldTheTrio(FxRobot robot) {
        openSmallCorpus();
        TrainingConfig gru = Preset.QUICK_DEMO.config().withCell(Cell.GRU, 40);
        runFx(() -> window.hyperparameters().settings().apply(gru));
        assertEquals(Cell.GRU, onFx(() -> cellBox(robot).getValue()));
        assertEquals(gru, onFx(() -> window.hyperparameters().config()), "a saved session's cell comes back");

        @SuppressWarnings("unchecked")
        ComboBox<Preset> presets = robot.lookup("#hp-preset").queryAs(ComboBox.class);
        for (Cell cell : Cell.values()) {
            Preset p = Preset.trio(cell);
            assertTrue(onFx(() -> presets.getItems().contains(p)), p.name());
            runFx(() -> presets.getSelectionModel().select(p));
            assertEquals(cell, onFx(() -> cellBox(robot).getValue()));
            assertEquals(p.config(), onFx(() -> window.hyperparameters().config()));
        }
    }
}
