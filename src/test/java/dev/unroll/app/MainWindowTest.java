package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.core.Theme;
import dev.unroll.app.loss.LossFeature;
import dev.unroll.app.samples.SamplesFeature;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Drives the real main window headless: choose a corpus, train, pause, step, resume, stop; bad
 * files; live learning rate; invalid settings; themes. Relies on the ids documented on MainWindow,
 * CorpusPanel, HyperparametersPanel, RunControls and StatusBar.
 */
class MainWindowTest extends WindowTest {
    private TrainingSession training() {
        return window.context().training();
    }

    private TrainingSnapshot snapshot() {
        return onFx(() -> window.context().snapshot().get());
    }

    /** Opens a small generated corpus and waits until it is the chosen one. */
    private Corpus openSmallCorpus(String name) {
        Path file = ShellFixtures.writeCorpus(dir, name, 20_000);
        runFx(() -> window.context().actions().openCorpus(file));
        await(10, "corpus " + name + " chosen", () -> window.context().corpus().get() != null
                && window.context().corpus().get().name().equals(name));
        return onFx(() -> window.context().corpus().get());
    }

    /** Small, quick settings: the tests check the window, not learning. */
    private void quickSettings(FxRobot robot, long iterations) {
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("16");
            window.hyperparameters().field("hp-iterations").setText(Long.toString(iterations));
            window.hyperparameters().field("hp-sample-every").setText("20");
            window.hyperparameters().field("hp-sample-length").setText("40");
            window.hyperparameters().field("hp-eval-every").setText("50");
        });
    }

    @Test
    void opensWithTheDefaultBundledCorpusAndShowsItsFacts(FxRobot robot) {
        await(20, "default corpus chosen", () -> window.context().corpus().get() != null);
        assertEquals(BundledCorpus.defaultCorpus().fileName(), onFx(() -> window.context().corpus().get().name()));
        Label size = robot.lookup("#corpus-size").queryAs(Label.class);
        assertTrue(size.getText().contains("characters"), size.getText());
        Label vocab = robot.lookup("#corpus-vocab").queryAs(Label.class);
        assertTrue(vocab.getText().contains("␣") && vocab.getText().contains("↵"), "whitespace made visible: " + vocab.getText());
        assertFalse(robot.lookup("#corpus-preview").queryAs(TextArea.class).getText().isEmpty());
        assertFalse(robot.lookup("#run-start").queryButton().isDisabled(), "one click on Start trains");
    }

    @Test
    void theVocabularyGridLeavesRoomForMarksAboveAndBelowInEveryTheme(FxRobot robot) {
        await(20, "default corpus", () -> window.context().corpus().get() != null);
        for (Theme theme : Theme.values()) {
            runFx(() -> window.setTheme(theme));
            Label vocab = robot.lookup("#corpus-vocab").queryAs(Label.class);
            double[] spacingAndSize = onFx(() -> {
                vocab.applyCss();
                return new double[] {vocab.getLineSpacing(), vocab.getFont().getSize()};
            });
            assertTrue(spacingAndSize[0] >= 0.3 * spacingAndSize[1],
                    theme + ": line spacing " + spacingAndSize[0] + " for a font of " + spacingAndSize[1]);
        }
        runFx(() -> window.setTheme(Theme.LIGHT)); // the theme is remembered: leave the default
    }

    @Test
    void trainsPausesStepsResumesAndStops(FxRobot robot) {
        await(20, "default corpus chosen", () -> window.context().corpus().get() != null);
        // choose another bundled corpus, then the default again, from the list
        robot.clickOn(BundledCorpus.all().get(1).name());
        await(20, "second corpus chosen", () -> window.context().corpus().get().name().equals(BundledCorpus.all().get(1).fileName()));
        robot.clickOn(BundledCorpus.all().get(0).name());
        await(20, "default chosen again", () -> window.context().corpus().get().name().equals(BundledCorpus.all().get(0).fileName()));
        quickSettings(robot, 10_000_000);
        Button start = robot.lookup("#run-start").queryButton();
        await(5, "Start enabled", () -> !start.isDisabled());
        robot.clickOn(start);

        LossFeature loss = (LossFeature) window.feature("loss").orElseThrow();
        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        await(30, "the chart has points", () -> loss.view().pointCount() > 10);
        await(30, "a sample appears", () -> !samples.model().entries().isEmpty());
        assertEquals(RunState.RUNNING, snapshot().state());

        // Space pauses (focus is not in a text field)
        runFx(() -> window.scene().getRoot().requestFocus());
        robot.type(KeyCode.SPACE);
        await(10, "paused", () -> training().state() == RunState.PAUSED);
        long paused = snapshot().iteration();
        // the trainer itself is at the iteration the UI shows: it stopped advancing
        assertEquals(paused, training().exportState().iteration());

        // Right arrow steps exactly one iteration
        robot.type(KeyCode.RIGHT);
        await(10, "one step", () -> window.context().snapshot().get().iteration() == paused + 1);
        assertEquals(paused + 1, training().exportState().iteration(), "a step runs exactly one iteration");
        assertEquals(RunState.PAUSED, snapshot().state());

        // Space resumes; training goes on
        robot.type(KeyCode.SPACE);
        await(10, "resumed", () -> window.context().snapshot().get().iteration() > paused + 50);

        robot.push(KeyCode.SHIFT, KeyCode.F5); // Stop
        await(10, "stopped", () -> training().state() == RunState.STOPPED && !training().isActive());
        Label state = robot.lookup("#status-state").queryAs(Label.class);
        await(5, "status shows it", () -> state.getText().equals("Stopped"));
        // a stopped run has one button to go on with it (Continue), not Continue and Resume; Space goes on too
        Button pause = robot.lookup("#run-pause").queryButton();
        await(5, "one way on", () -> "Continue".equals(start.getText()) && !start.isDisabled() && pause.isDisabled()
                && "Pause".equals(pause.getText()));
        long stoppedAt = snapshot().iteration();
        runFx(() -> window.scene().getRoot().requestFocus());
        robot.type(KeyCode.SPACE);
        await(10, "Space went on", () -> training().state() == RunState.RUNNING && snapshot().iteration() > stoppedAt);
        robot.push(KeyCode.SHIFT, KeyCode.F5);
        await(10, "stopped again", () -> training().state() == RunState.STOPPED && !training().isActive());
        // the chart shows the smooth loss and the samples view has samples with their iteration
        assertTrue(Double.isFinite(onFx(loss.view()::lastSmooth)));
        assertTrue(samples.model().entries().get(0).iteration() >= samples.model().entries().get(samples.model().entries().size() - 1).iteration(),
                "newest first");

        // Ctrl+R asks before it forgets unsaved training: Cancel keeps the run, "Reset without saving" resets
        robot.push(KeyCode.CONTROL, KeyCode.R);
        await(10, "the reset question", () -> robot.lookup("#reset-dialog").tryQuery().isPresent());
        robot.clickOn("Cancel");
        await(10, "the question gone", () -> robot.lookup("#reset-dialog").tryQuery().isEmpty());
        assertTrue(training().hasRun(), "Cancel keeps the run");
        robot.push(KeyCode.CONTROL, KeyCode.R);
        await(10, "the reset question again", () -> robot.lookup("#reset-dialog").tryQuery().isPresent());
        robot.clickOn("Reset without saving");
        await(5, "reset", () -> !training().hasRun() && window.context().snapshot().get() == null);
        await(5, "samples cleared", () -> samples.model().entries().isEmpty());
    }

    @Test
    void aSavedRunResetsWithoutAQuestion(FxRobot robot) {
        openSmallCorpus("verses.txt");
        quickSettings(robot, 300);
        robot.clickOn("#run-start");
        await(30, "finished", () -> training().state() == RunState.FINISHED);
        Path cp = dir.resolve("run.npz");
        runFx(() -> window.context().actions().saveCheckpoint(cp, null));
        await(20, "saved", () -> Files.isRegularFile(cp) && !training().hasUnsavedWork());
        robot.push(KeyCode.CONTROL, KeyCode.R);
        await(10, "reset at once", () -> !training().hasRun());
        assertTrue(robot.lookup("#reset-dialog").tryQuery().isEmpty());
    }

    @Test
    void binaryFileShowsTheEnginesMessageAndKeepsThePreviousCorpus(FxRobot robot) throws IOException {
        Corpus before = openSmallCorpus("good.txt");
        Path binary = dir.resolve("ls"); // a lower-case name that must stay as it is in the message
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2, 3});
        runFx(() -> window.context().actions().openCorpus(binary));
        Label message = robot.lookup("#corpus-message").queryAs(Label.class);
        await(10, "message shown", () -> message.isVisible() && message.getText().contains("binary"));
        assertTrue(onFx(message::getText).startsWith("ls looks binary"), onFx(message::getText));
        assertSame(before, onFx(() -> window.context().corpus().get()), "the previous corpus stays chosen");

        // a UTF-16 file is named for what it is, with what to do
        Path utf16 = dir.resolve("notes.txt");
        Files.write(utf16, "Am plecat de-acasă-n zori,\ncu o traistă și cu flori.\n".repeat(40).getBytes(StandardCharsets.UTF_16LE));
        runFx(() -> window.context().actions().openCorpus(utf16));
        await(10, "UTF-16 message", () -> message.getText().startsWith("notes.txt is UTF-16 (little-endian) text, not UTF-8: save it as UTF-8"));
        // the message goes when the next corpus loads
        openSmallCorpus("good-again.txt");
        await(10, "message gone", () -> !message.isVisible() && message.getText().isEmpty());

        // the app goes on: a run can start
        quickSettings(robot, 200);
        robot.clickOn("#run-start");
        await(20, "the run finishes", () -> training().state() == RunState.FINISHED);
    }

    @Test
    void notUtf8AndTooShortFilesAreRefused(FxRobot robot) throws IOException {
        openSmallCorpus("good.txt");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
        runFx(() -> window.context().actions().openCorpus(latin1));
        Label message = robot.lookup("#corpus-message").queryAs(Label.class);
        await(10, "UTF-8 message", () -> message.getText().contains("UTF-8"));

        Path tiny = dir.resolve("tiny.txt");
        Files.writeString(tiny, "short");
        runFx(() -> window.context().actions().openCorpus(tiny));
        await(10, "too short message", () -> message.getText().contains("too short"));
        assertEquals("good.txt", onFx(() -> window.context().corpus().get().name()));

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        runFx(() -> window.context().actions().openCorpus(empty));
        await(10, "empty message", () -> message.getText().contains("empty"));
    }

    @Test
    void learningRateChangesWhileTraining(FxRobot robot) {
        openSmallCorpus("verses.txt");
        quickSettings(robot, 10_000_000);
        robot.clickOn("#run-start");
        await(20, "running", () -> training().state() == RunState.RUNNING);
        assertEquals(0.1, snapshot().learningRate(), 1e-12);
        TextField lr = robot.lookup("#hp-lr").queryAs(TextField.class);
        assertFalse(lr.isDisabled(), "the learning rate stays editable during a run");
        assertTrue(robot.lookup("#hp-hidden").queryAs(TextField.class).isDisabled(), "sizes are locked");
        robot.doubleClickOn(lr).eraseText(12).write("0.05");
        await(10, "the trainer uses the new rate", () -> window.context().snapshot().get().learningRate() == 0.05);
        TextField temp = robot.lookup("#hp-temperature").queryAs(TextField.class);
        runFx(() -> temp.setText("0.7"));
        await(10, "the trainer uses the new temperature", () -> window.context().snapshot().get().temperature() == 0.7);
    }

    @Test
    void invalidHyperparameterDisablesStartWithTheReason(FxRobot robot) {
        openSmallCorpus("verses.txt");
        Button start = robot.lookup("#run-start").queryButton();
        await(5, "Start enabled", () -> !start.isDisabled());
        TextField hidden = robot.lookup("#hp-hidden").queryAs(TextField.class);
        robot.doubleClickOn(hidden).eraseText(10).write("abc");
        Label reason = robot.lookup("#start-reason").queryAs(Label.class);
        await(5, "Start disabled", start::isDisabled);
        assertTrue(reason.getText().toLowerCase().contains("hidden size"), reason.getText());
        assertTrue(hidden.getPseudoClassStates().contains(PseudoClass.getPseudoClass("invalid")));

        runFx(() -> hidden.setText("0"));
        await(5, "engine message", () -> reason.getText().contains("between 1 and"));
        assertTrue(start.isDisabled());

        runFx(() -> hidden.setText("32"));
        await(5, "Start enabled again", () -> !start.isDisabled() && reason.getText().isEmpty());
        assertFalse(hidden.getPseudoClassStates().contains(PseudoClass.getPseudoClass("invalid")));
    }

    @Test
    void divergedRunShowsItsMessageAndResetWorks(FxRobot robot) {
        openSmallCorpus("verses.txt");
        quickSettings(robot, 10_000_000);
        runFx(() -> window.hyperparameters().field("hp-lr").setText("1e12"));
        robot.clickOn("#run-start");
        await(30, "diverged", () -> training().state() == RunState.DIVERGED);
        Label message = robot.lookup("#run-message").queryAs(Label.class);
        await(5, "message shown", () -> message.isVisible() && message.getText().contains("lower learning rate"));
        assertEquals("Diverged", robot.lookup("#status-state").queryAs(Label.class).getText());
        robot.clickOn("#run-reset");
        await(5, "reset", () -> !training().hasRun());
        await(5, "Start enabled", () -> !robot.lookup("#run-start").queryButton().isDisabled());
    }

    @Test
    void aDivergedRunGoesBackToItsLastGoodIterationAtALowerRateAndTrainsOn(FxRobot robot) {
        openSmallCorpus("verses.txt");
        quickSettings(robot, 10_000_000);
        robot.clickOn("#run-start");
        // over a second of training: a healthy state later than the start is kept
        await(60, "trained a while", () -> snapshot() != null && snapshot().elapsedNanos() > 2_500_000_000L);
        runFx(() -> window.hyperparameters().field("hp-lr").setText("1e12"));
        await(30, "diverged", () -> training().state() == RunState.DIVERGED && !training().isActive());
        Button rewind = robot.lookup("#run-rewind").queryButton();
        await(10, "the way back offered", () -> rewind.isVisible() && !rewind.isDisabled());
        long n = onFx(() -> training().rewindIteration());
        assertTrue(n > 0, "a state after the start: " + n);
        assertEquals("Back to iteration " + String.format(Locale.ROOT, "%,d", n) + " at learning rate 0.01", onFx(rewind::getText),
                "a tenth of the rate it was healthy at (0.1), not of the 1e12 that blew it up");
        assertTrue(onFx(() -> robot.lookup("#run-message").queryAs(Label.class).getText()).contains("Go back to iteration"));
        // the loss chart keeps the range of the curve before the explosion, marked, instead of scaling to it
        LossFeature loss = (LossFeature) window.feature("loss").orElseThrow();
        runFx(() -> window.select("loss"));
        await(10, "the explosion marked", () -> loss.view().chart().getXYPlot().getDomainMarkers(Layer.FOREGROUND) != null
                && !loss.view().chart().getXYPlot().getDomainMarkers(Layer.FOREGROUND).isEmpty());
        double top = onFx(() -> loss.view().chart().getXYPlot().getRangeAxis().getUpperBound());
        assertTrue(top < 1_000, "the loss axis reaches " + top + ", scaled to the explosion");

        robot.clickOn(rewind);
        await(30, "trains on from there", () -> training().state() == RunState.RUNNING && snapshot().iteration() > n + 200);
        assertTrue(Double.isFinite(snapshot().smoothLoss()), "finite loss " + snapshot().smoothLoss());
        assertEquals(0.01, snapshot().learningRate(), 1e-12);
        assertEquals("0.01", onFx(() -> window.hyperparameters().field("hp-lr").getText()));
        assertTrue(snapshot().losses().iteration()[0] < n, "the curve that led to iteration " + n + " is kept");
        await(5, "the message answered", () -> !rewind.isVisible()
                && robot.lookup("#run-message").queryAs(Label.class).getText().isEmpty());
    }

    @Test
    void themeSwitchAppliesTheStylesheet(FxRobot robot) {
        robot.clickOn("View");
        robot.clickOn("#menu-theme-dark");
        await(5, "dark theme", () -> window.context().theme().get() == Theme.DARK);
        assertTrue(onFx(() -> Application.getUserAgentStylesheet().endsWith("/primer-dark.css")), "AtlantaFX's Primer Dark styles the controls");
        assertEquals(1, onFx(() -> window.scene().getStylesheets().stream().filter(s -> s.endsWith("/styles/app.css")).count()));
        assertFalse(onFx(() -> window.scene().getStylesheets().stream().anyMatch(s -> s.endsWith("/styles/presentation.css"))));
        runFx(() -> window.setTheme(Theme.PRESENTATION));
        assertTrue(onFx(() -> Application.getUserAgentStylesheet().endsWith("/primer-light.css")));
        assertEquals(1, onFx(() -> window.scene().getStylesheets().stream().filter(s -> s.endsWith("/styles/app.css")).count()));
        assertTrue(onFx(() -> window.scene().getStylesheets().stream().anyMatch(s -> s.endsWith("/styles/presentation.css"))));
        for (String sheet : Theme.PRESENTATION.stylesheets()) {
            assertNotNull(MainWindow.class.getResource(sheet), sheet);
        }
        runFx(() -> window.setTheme(Theme.LIGHT));
        assertEquals(Theme.LIGHT.name(), AppPrefs.node().get("theme", ""));
    }
}
