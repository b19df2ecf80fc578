package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.core.Theme;
import dev.unroll.app.loss.LossFeature;
import dev.unroll.app.shell.Preset;
import dev.unroll.app.shell.SidePanel;
import dev.unroll.engine.train.RunState;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The side panel at 1280x720 in the presentation theme, and what it and the message bar say around
 * a run (issue 22): it collapses (F9, the Side panel button, remembered; by default in the
 * presentation theme below 1400 pixels), it says why it is greyed out, a loading problem goes when a
 * run starts, Reset gives the learning rate of before back, the preset box agrees with the fields,
 * and a blow-up is told at one iteration with a button whose words fit.
 */
class SidePanelTest extends WindowTest {

    private boolean sideInWindow() {
        return onFx(() -> {
            Node side = window.scene().lookup("#side-panel");
            return side != null && side.getScene() != null;
        });
    }

    private void size(double w, double h, Theme theme) {
        runFx(() -> {
            window.stage().setMaximized(false);
            window.stage().setWidth(w);
            window.stage().setHeight(h);
            window.setTheme(theme);
        });
        await(10, "the window at " + w + "x" + h, () -> onFx(() -> Math.abs(window.scene().getWidth() - w) < 20));
    }

    @Test
    void inThePresentationThemeAt1280TheSidePanelCollapsesAndF9BringsItBack(FxRobot robot) {
        size(1280, 720, Theme.LIGHT);
        assertTrue(sideInWindow(), "in the light theme the side panel shows");
        size(1280, 720, Theme.PRESENTATION);
        await(5, "collapsed", () -> !sideInWindow());
        double views = onFx(() -> window.scene().lookup("#tabs").getBoundsInParent().getWidth());
        assertTrue(views > 1200, "the views get the width: " + views);
        assertFalse(onFx(() -> ((ToggleButton) window.scene().lookup("#side-panel-toggle")).isSelected()));

        robot.type(KeyCode.F9);
        await(5, "shown on F9", this::sideInWindow);
        assertEquals("false", AppPrefs.node().get(SidePanel.COLLAPSED_KEY, null), "the choice is remembered");
        robot.clickOn("#side-panel-toggle");
        await(5, "hidden by the button", () -> !sideInWindow());
        assertEquals("true", AppPrefs.node().get(SidePanel.COLLAPSED_KEY, null));

        // the choice holds at any width and theme, and through presentation mode
        size(1920, 1080, Theme.LIGHT);
        assertFalse(sideInWindow());
        runFx(() -> window.stageSupport().presentation().enter());
        runFx(() -> window.stageSupport().presentation().leave());
        await(5, "Esc does not bring a collapsed side panel back", () -> !onFx(() -> window.stageSupport().presentation().isPresenting())
                && !sideInWindow());
        runFx(() -> window.context().commands().execute(SidePanel.TOGGLE));
        assertTrue(sideInWindow());
        assertEquals(2, onFx(() -> ((SplitPane) window.scene().lookup("#main-split")).getItems().size()));
    }

    @Test
    void aBlowUpIsToldAtOneIterationAndResetGivesTheLearningRateBack(FxRobot robot) {
        AppPrefs.node().put(SidePanel.COLLAPSED_KEY, "false"); // the side panel shows: its note is checked too
        size(1280, 720, Theme.PRESENTATION);
        await(20, "the default corpus", () -> !window.corpusPanel().busyProperty().get() && window.context().corpus().get() != null);
        Label locked = robot.lookup("#side-panel-locked").queryAs(Label.class);
        assertFalse(onFx(locked::isVisible));
        runFx(() -> {
            window.context().actions().applySettings(Preset.QUICK_DEMO.config().withIterations(200_000));
            window.context().commands().execute("run.start");
        });
        await(20, "training", () -> window.context().snapshot().get() != null && window.context().snapshot().get().iteration() > 50);
        assertTrue(onFx(locked::isVisible), "the greyed side panel says why");
        assertEquals("Reset to change the corpus or settings", onFx(locked::getText));
        String lrBefore = onFx(() -> window.hyperparameters().field("hp-lr").getText());
        runFx(() -> window.hyperparameters().field("hp-lr").setText("50"));
        await(60, "the blow-up", () -> window.context().training().state() == RunState.DIVERGED);
        Label message = robot.lookup("#run-message").queryAs(Label.class);
        await(10, "the message", () -> onFx(message::getText).contains("after iteration"));
        String status = onFx(() -> ((Label) window.scene().lookup("#status-iteration")).getText()).replaceAll(" /.*", "");
        assertTrue(onFx(message::getText).startsWith("The loss became infinite after iteration " + status + " ")
                || onFx(message::getText).startsWith("The loss became NaN after iteration " + status + " "),
                "one iteration, as the status bar says it (" + status + "): " + onFx(message::getText));
        // the loss chart marks the blow-up at the same iteration
        LossFeature loss = (LossFeature) window.feature("loss").orElseThrow();
        runFx(() -> window.select("loss"));
        await(10, "the chart's marker at " + status, () -> onFx(() -> {
            var markers = loss.view().chart().getXYPlot().getDomainMarkers(Layer.FOREGROUND);
            return markers != null && markers.size() == 1
                    && ((Marker) markers.iterator().next()).getLabel().equals("loss became infinite after iteration " + status);
        }));
        Button rewind = robot.lookup("#run-rewind").queryAs(Button.class);
        await(10, "the rewind button", () -> onFx(rewind::isVisible));
        await(5, "its words whole", () -> onFx(() -> rewind.getWidth() >= rewind.prefWidth(-1) - 0.5 && rewind.getWidth() > 0));

        runFx(() -> window.controls().reset());
        await(10, "no run", () -> !window.context().training().hasRun());
        assertEquals(lrBefore, onFx(() -> window.hyperparameters().field("hp-lr").getText()), "Reset gives the rate of before back");
        assertFalse(onFx(locked::isVisible));
    }

    @Test
    void aLoadingProblemGoesWhenTheNextRunStarts(FxRobot robot) throws IOException {
        await(20, "the default corpus", () -> !window.corpusPanel().busyProperty().get() && window.context().corpus().get() != null);
        Path utf16 = dir.resolve("notes.txt");
        Files.write(utf16, "Am plecat de-acasă-n zori,\ncu o traistă și cu flori.\n".repeat(40).getBytes(StandardCharsets.UTF_16LE));
        runFx(() -> window.context().actions().openCorpus(utf16));
        Label message = robot.lookup("#corpus-message").queryAs(Label.class);
        await(10, "the UTF-16 message", () -> onFx(message::getText).contains("UTF-16"));
        runFx(() -> window.context().commands().execute("run.start"));
        await(10, "a run", () -> window.context().training().hasRun());
        await(5, "the message gone", () -> onFx(() -> !message.isVisible() && message.getText().isEmpty()));
    }

    @Test
    void thePresetBoxAgreesWithTheFields() {
        @SuppressWarnings("unchecked")
        ComboBox<Preset> box = onFx(() -> (ComboBox<Preset>) window.scene().lookup("#hp-preset"));
        assertEquals(Preset.QUICK_DEMO, onFx(box::getValue));
        // what a restored session does: settings that are no preset
        runFx(() -> window.context().actions().applySettings(Preset.QUICK_DEMO.config().withIterations(500_000)));
        assertNull(onFx(box::getValue), "500000 iterations are not the Quick demo");
        runFx(() -> window.context().actions().applySettings(Preset.QUICK_DEMO.config()));
        assertEquals(Preset.QUICK_DEMO, onFx(box::getValue), "settings that are a preset name it");
    }
}
