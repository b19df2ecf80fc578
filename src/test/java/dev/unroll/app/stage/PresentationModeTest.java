package dev.unroll.app.stage;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.MainWindow;
import dev.unroll.app.ShellFixtures;
import dev.unroll.app.compare.CompareFeature;
import dev.unroll.app.compare.CompareModel;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Theme;
import dev.unroll.app.events.ProbeText;
import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.generate.GenerateModel;
import dev.unroll.app.hidden.HiddenFeature;
import dev.unroll.app.hidden.HiddenModel;
import dev.unroll.app.hidden.ProbeSource;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.ColorMap;

import javafx.embed.swing.SwingFXUtils;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Shape;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Presentation mode in the real main window: F5 enters (presentation theme, side panel, menus,
 * toolbars and tab headers hidden), Page Down / Page Up / Ctrl+arrows walk through the talk, Esc
 * leaves and brings everything back; talk scripts order the slides and apply their settings.
 * Ids: side-panel, menu-bar, run-toolbar, status-bar, tabs, tab-*, slide-counter, present-button,
 * run-message, hp-lr, speed-label.
 */
@ExtendWith(ApplicationExtension.class)
class PresentationModeTest {
    @TempDir
    Path dir;
    private MainWindow window;
    private Theme themeBefore;

    @Start
    void start(Stage stage) {
        ShellFixtures.freshPrefs();
        window = new MainWindow(stage);
        window.setTheme(Theme.LIGHT);
        window.select("loss");
        themeBefore = window.context().theme().get();
        window.show();
    }

    @AfterEach
    void tearDown() {
        runFx(() -> {
            window.stageSupport().presentation().leave();
            window.context().training().reset();
        });
    }

    private PresentationController presentation() {
        return window.stageSupport().presentation();
    }

    private String view() {
        return onFx(() -> window.stageSupport().selectedView());
    }

    private boolean shown(String id) {
        return onFx(() -> {
            Node n = window.scene().lookup("#" + id);
            if (n == null || n.getScene() == null) {
                return false;
            }
            for (Node p = n; p != null; p = p.getParent()) {
                if (!p.isVisible()) {
                    return false;
                }
            }
            return true;
        });
    }

    private String counter() {
        return onFx(() -> ((Label) window.scene().lookup("#slide-counter")).getText());
    }

    private Path script(String text) throws IOException {
        Path f = dir.resolve("talk.talk");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void f5EntersEscLeavesAndEverythingComesBack(FxRobot robot) {
        assertTrue(shown("side-panel"));
        assertTrue(shown("menu-bar"));
        assertEquals(Theme.LIGHT, themeBefore);
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        assertEquals(Theme.PRESENTATION, onFx(() -> window.context().theme().get()));
        assertFalse(shown("side-panel"), "the side panel is hidden");
        assertFalse(shown("menu-bar"));
        assertFalse(shown("run-toolbar"));
        assertFalse(shown("status-bar"));
        assertTrue(onFx(() -> window.scene().lookup("#tabs").getStyleClass().contains("presenting")), "tab headers hidden");
        assertTrue(shown("slide-counter"));
        assertEquals("1 / 7  ·  Loss", counter(), "the default talk starts at the view showing");
        assertEquals("loss", view());
        // the title strip and the presenter's status take rows of their own: they cover no part of the slide
        Bounds strip = onFx(() -> window.scene().lookup("#slide-title-strip").localToScene(
                window.scene().lookup("#slide-title-strip").getLayoutBounds()));
        Bounds status = onFx(() -> window.scene().lookup("#presenter-status").localToScene(
                window.scene().lookup("#presenter-status").getLayoutBounds()));
        Bounds tabs = onFx(() -> window.scene().lookup("#tabs").localToScene(window.scene().lookup("#tabs").getLayoutBounds()));
        assertTrue(strip.getMaxY() <= tabs.getMinY() + 0.5 && status.getMinY() >= tabs.getMaxY() - 0.5,
                "strip " + strip + ", status " + status + ", views " + tabs);
        assertTrue(shown("presenter-status"));
        assertTrue(onFx(() -> window.stageSupport().presenterStatusText()).matches("no run \\| .*\\| 0:0\\d"),
                onFx(() -> window.stageSupport().presenterStatusText()));

        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("samples", view());
        assertEquals("2 / 7  ·  Samples", counter());
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("unrolled", view(), "the order of a talk: loss, samples, unrolled, hidden, generate, then the rest");
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("hidden", view());
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("generate", view());
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("experiments", view());
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("compare", view());
        assertTrue(counter().startsWith("7 / 7  ·  "), counter());
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("compare", view(), "the last slide stays");
        robot.type(KeyCode.PAGE_UP, 4);
        assertEquals("unrolled", view());
        robot.press(KeyCode.CONTROL).type(KeyCode.LEFT).release(KeyCode.CONTROL);
        assertEquals("samples", view());
        robot.press(KeyCode.CONTROL).type(KeyCode.RIGHT).release(KeyCode.CONTROL);
        assertEquals("unrolled", view());

        robot.type(KeyCode.ESCAPE);
        await(10, "presentation mode left", () -> !presentation().isPresenting());
        assertEquals(Theme.LIGHT, onFx(() -> window.context().theme().get()));
        assertEquals("unrolled", view(), "Esc leaves to the view of the slide showing");
        assertTrue(shown("side-panel"));
        assertTrue(shown("menu-bar"));
        assertTrue(shown("run-toolbar"));
        assertTrue(shown("status-bar"));
        assertFalse(shown("slide-counter"));
        assertFalse(shown("presenter-status"));
        assertFalse(onFx(() -> window.scene().lookup("#tabs").getStyleClass().contains("presenting")));
        assertEquals(2, onFx(() -> ((SplitPane) window.scene().lookup("#main-split")).getItems().size()));
    }

    /**
     * The stage package's sheet (stage.css) is attached one way, once to each of its nodes (the
     * slide's title strip, the resume bar, the tab pane), and its rules hold in every theme:
     * a theme change swaps the scene's theme sheet and leaves the package's sheet in place.
     */
    @Test
    void theStageSheetHoldsInEveryTheme(FxRobot robot) {
        String sheet = PresentationController.class.getResource("stage.css").toExternalForm();
        for (Theme theme : Theme.values()) {
            runFx(() -> window.setTheme(theme));
            onFx(() -> {
                for (String id : List.of("tabs", "resume-bar")) {
                    Node n = window.scene().lookup("#" + id);
                    assertNotNull(n, id);
                    assertEquals(1, ((Parent) n).getStylesheets().stream().filter(sheet::equals).count(), id + " in " + theme);
                }
                Region strip = (Region) window.scene().lookup("#slide-title-strip");
                assertEquals(1, strip.getStylesheets().stream().filter(sheet::equals).count(), "title strip in " + theme);
                strip.applyCss();
                // stage.css paints the strip in the theme's strong accent (the palette's selection colour)
                assertEquals(ColorMap.unpack(theme.palette().selection()),
                        strip.getBackground().getFills().get(0).getFill(), "the title strip's stage.css colour in " + theme);
                return null;
            });
        }
        runFx(() -> window.setTheme(Theme.LIGHT));
    }

    @Test
    void controlsAViewMarksForHidingAreHiddenWhilePresenting(FxRobot robot) {
        Label secondary = new Label("secondary toolbar");
        secondary.setId("test-secondary");
        secondary.getStyleClass().add(StageSupport.HIDDEN_IN_TALK_CLASS);
        runFx(() -> ((Pane) window.feature("samples").orElseThrow().node()).getChildren().add(0, secondary));
        runFx(() -> window.select("samples"));
        assertTrue(shown("test-secondary"));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        assertFalse(onFx(secondary::isVisible));
        assertFalse(onFx(secondary::isManaged));
        robot.type(KeyCode.ESCAPE);
        await(10, "presentation mode left", () -> !presentation().isPresenting());
        assertTrue(shown("test-secondary"));
        assertTrue(onFx(secondary::isManaged));
    }

    @Test
    void theToolbarButtonEntersAndF5AgainLeaves(FxRobot robot) {
        robot.clickOn("#present-button");
        await(10, "presentation mode", () -> presentation().isPresenting());
        robot.type(KeyCode.F5);
        await(10, "presentation mode left", () -> !presentation().isPresenting());
        assertEquals(Theme.LIGHT, onFx(() -> window.context().theme().get()));
    }

    @Test
    void aTalkScriptOrdersTheSlidesAndSetsTheirTheme(FxRobot robot) throws IOException {
        Path f = script("""
                title = Test talk
                [hidden]
                title = Inside
                [loss]
                theme = dark
                [unrolled]
                title = Unrolled in time
                """);
        assertTrue(onFx(() -> presentation().loadScript(f)));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        assertEquals("hidden", view(), "a script starts at its first slide");
        assertEquals("1 / 3  ·  Inside", counter());
        assertEquals(Theme.PRESENTATION, onFx(() -> window.context().theme().get()));
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("loss", view());
        assertEquals("2 / 3  ·  Loss", counter(), "without a title the view's title");
        assertEquals(Theme.DARK, onFx(() -> window.context().theme().get()));
        robot.press(KeyCode.CONTROL).type(KeyCode.RIGHT).release(KeyCode.CONTROL);
        assertEquals("unrolled", view());
        assertEquals("3 / 3  ·  Unrolled in time", counter());
        assertEquals(Theme.PRESENTATION, onFx(() -> window.context().theme().get()));
        robot.type(KeyCode.PAGE_UP, 2);
        assertEquals("hidden", view());
        robot.type(KeyCode.ESCAPE);
        await(10, "presentation mode left", () -> !presentation().isPresenting());
        assertEquals("hidden", view(), "Esc leaves to the slide's view");
        assertEquals(Theme.LIGHT, onFx(() -> window.context().theme().get()));
    }

    @Test
    void aSlidesSettingsAreApplied(FxRobot robot) throws IOException {
        List<String> probes = new CopyOnWriteArrayList<>();
        runFx(() -> window.context().events().subscribe(ProbeText.class, e -> probes.add(e.text())));
        Path f = script("""
                [loss]
                corpus = structured
                preset = quick demo
                learning-rate = 0.05
                speed = 5
                [unrolled]
                probe = "Drumul spre casă"
                temperature = 0.7
                """);
        assertTrue(onFx(() -> presentation().loadScript(f)));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        await(20, "the structured corpus", () -> "structured".equals(window.stageSupport().bundledCorpus())
                && window.context().corpus().get() != null && window.context().corpus().get().name().equals("structured.txt"));
        assertEquals("0.05", onFx(() -> window.hyperparameters().field("hp-lr").getText()));
        assertEquals(0.05, onFx(() -> window.hyperparameters().config().learningRate()));
        assertEquals(20_000, onFx(() -> window.hyperparameters().config().iterations()), "the Quick demo preset");
        assertEquals("5 it/s", onFx(() -> ((Label) window.scene().lookup("#speed-label")).getText()));
        assertEquals(5.0, onFx(() -> window.context().training().speed()));
        assertEquals(List.of(), probes);
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals(List.of("Drumul spre casă"), probes);
        // the inspection views take it as if typed: hidden state's probe, the unrolled text, generation's prime
        HiddenModel hidden = onFx(() -> ((HiddenFeature) window.feature("hidden").orElseThrow()).model());
        assertEquals(ProbeSource.OWN, onFx(() -> hidden.sourceProperty().get()));
        assertEquals("Drumul spre casă", onFx(() -> hidden.ownTextProperty().get()));
        assertEquals("Drumul spre casă", onFx(() -> ((GenerateFeature) window.feature("generate").orElseThrow())
                .model().primeProperty().get()));
        assertEquals("Drumul spre casă", onFx(() -> ((TextField) window.scene().lookup("#unrolled-text")).getText()));
        assertTrue(onFx(() -> ((ToggleButton) window.scene().lookup("#unrolled-source-text")).isSelected()));
        assertEquals("0.7", onFx(() -> window.hyperparameters().field("hp-temperature").getText()));
        assertEquals("", onFx(() -> ((Label) window.scene().lookup("#run-message")).getText()), "no problem to report");
    }

    /**
     * A slide's view and run command go through the app's registered commands, the same that menus,
     * buttons and keys run (no second path into the training session or the tabs): each slide is
     * checked by the commands that ran while it came up, and by their effect.
     */
    @Test
    void aSlidesViewAndRunCommandExecuteTheRegisteredCommands(FxRobot robot) throws IOException {
        List<String> ran = new CopyOnWriteArrayList<>();
        Consumer<Command> record = c -> ran.add(c.id());
        runFx(() -> window.context().commands().addExecutedListener(record));
        try {
            Path f = script("""
                    [samples]
                    preset = quick demo
                    speed = 100
                    run = start
                    [hidden]
                    run = pause
                    [loss]
                    run = continue
                    [samples]
                    run = stop
                    [loss]
                    run = continue
                    """);
            assertTrue(onFx(() -> presentation().loadScript(f)));
            await(20, "a corpus chosen", () -> window.context().corpus().get() != null);
            TrainingSession training = onFx(() -> window.context().training());
            runFx(() -> presentation().enter());
            assertEquals(List.of("view.samples", "run.start"), slide(ran));
            assertTrue(onFx(training::isActive), "the run started");

            runFx(() -> presentation().next());
            assertEquals(List.of("view.hidden", "run.pause"), slide(ran));
            assertEquals("hidden", view());
            assertTrue(onFx(training::isPaused), "paused");

            runFx(() -> presentation().next());
            assertEquals(List.of("view.loss", "run.pause"), slide(ran), "continue resumes a paused run with Pause / Resume");
            assertFalse(onFx(training::isPaused), "running again");

            runFx(() -> presentation().next());
            assertEquals(List.of("view.samples", "run.stop"), slide(ran));
            await(10, "stopped", () -> !training.isActive());

            runFx(() -> presentation().next());
            assertEquals(List.of("view.loss", "run.pause"), slide(ran), "continue goes on with a stopped run, as Resume does");
            assertTrue(onFx(training::isActive), "the stopped run continues");

            runFx(() -> presentation().leave());
            assertEquals(List.of("view.loss"), slide(ran), "leaving shows the view of before through its command");
        } finally {
            runFx(() -> window.context().commands().removeExecutedListener(record));
        }
    }

    /** The commands that ran since the last call. */
    private static List<String> slide(List<String> ran) {
        List<String> out = List.copyOf(ran);
        ran.clear();
        return out;
    }

    @Test
    void aBadScriptIsRefusedWithItsLineAndTheDefaultTalkStays(FxRobot robot) throws IOException {
        Path f = script("[loss]\nspeed = fast\n");
        assertFalse(onFx(() -> presentation().loadScript(f)));
        assertEquals("Talk script talk.talk, line 2: speed must be a positive number or max (got 'fast')",
                onFx(() -> ((Label) window.scene().lookup("#run-message")).getText()));
        assertNull(onFx(() -> presentation().scriptProperty().get()));
        assertFalse(onFx(() -> presentation().loadScript(dir.resolve("nothing.talk"))));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        assertEquals(7, onFx(() -> presentation().talk().slides().size()));
    }

    @Test
    void aBadScriptIsToldToTheSpeakerInADialogBeforePresentingAndNothingGoesOnTheSlide(FxRobot robot) throws IOException {
        Path f = script("[loss]\npreset = no such preset\ncorpus = missing.txt\n[samples]\n[unrolled]\nunrolled-probe = M\n");
        assertTrue(onFx(() -> presentation().loadScript(f)));
        Label message = onFx(() -> (Label) window.scene().lookup("#run-message"));
        assertTrue(onFx(message::getText).contains("slide 1 [loss]: no corpus file " + dir.resolve("missing.txt")), onFx(message::getText));
        assertTrue(onFx(message::getText).contains("no preset 'no such preset'"), onFx(message::getText));
        assertTrue(onFx(message::getText).contains("slide 3 [unrolled]: the Unrolled view needs a text of at least two characters"),
                onFx(message::getText));
        // F5 checks it again and asks the speaker, on the window, before anything is projected
        robot.type(KeyCode.F5);
        await(10, "the speaker is asked", () -> robot.lookup("#talk-problems").tryQuery().isPresent());
        assertFalse(presentation().isPresenting());
        robot.clickOn("Cancel");
        await(10, "the dialog gone", () -> robot.lookup("#talk-problems").tryQuery().isEmpty());
        assertFalse(onFx(() -> presentation().isPresenting()), "Cancel: no presentation");
        // present anyway: the slides show nothing of it; leaving tells the speaker what did not apply
        robot.type(KeyCode.F5);
        await(10, "asked again", () -> robot.lookup("#talk-problems").tryQuery().isPresent());
        robot.clickOn("Present anyway");
        await(10, "presentation mode", () -> presentation().isPresenting());
        assertEquals("", onFx(message::getText), "nothing on the projected slide");
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("", onFx(message::getText));
        robot.type(KeyCode.ESCAPE);
        await(10, "left", () -> !presentation().isPresenting());
        assertTrue(onFx(message::getText).startsWith("Slide 1: no corpus file"), onFx(message::getText));
        assertNotNull(onFx(() -> (TabPane) window.scene().lookup("#tabs")));
    }

    @Test
    void aGenerateSlidesTemperatureIsGeneratesAndEachViewMayHaveItsOwnText(FxRobot robot) throws IOException {
        Path f = script("""
                [generate]
                temperature = 1.5
                prime = "Mama "
                [unrolled]
                unrolled-probe = "cu o traistă"
                hidden-probe = "și cu flori"
                flavor = many-to-one
                page = Gradient  flow
                [unrolled]
                page = weights
                """);
        String trainingTemperature = onFx(() -> window.hyperparameters().field("hp-temperature").getText());
        assertTrue(onFx(() -> presentation().loadScript(f)));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        GenerateModel generate = onFx(() -> ((GenerateFeature) window.feature("generate")
                .orElseThrow()).model());
        await(5, "Generate's temperature", () -> generate.temperatureProperty().get() == 1.5);
        assertEquals(trainingTemperature, onFx(() -> window.hyperparameters().field("hp-temperature").getText()),
                "the training run's temperature stays");
        assertEquals("Mama ", onFx(() -> generate.primeProperty().get()));
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("cu o traistă", onFx(() -> ((TextField) window.scene().lookup("#unrolled-text")).getText()));
        HiddenModel hidden = onFx(() -> ((HiddenFeature) window.feature("hidden").orElseThrow()).model());
        assertEquals("și cu flori", onFx(() -> hidden.ownTextProperty().get()));
        assertEquals("Mama ", onFx(() -> generate.primeProperty().get()), "each text went to its own view");
        assertEquals("many to one", onFx(() -> ((ChoiceBox<?>) window.scene().lookup("#unrolled-flavor")).getValue().toString()),
                "the slide's flavor is drawn on the unrolled cell");
        TabPane pages = onFx(() -> (TabPane) window.scene().lookup("#unrolled-pages"));
        assertEquals("unrolled-page-flow", onFx(() -> pages.getSelectionModel().getSelectedItem().getId()), "the slide's page");
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("unrolled-page-weights", onFx(() -> pages.getSelectionModel().getSelectedItem().getId()), "by its short name");
    }

    @Test
    void anUnrolledSlideShowsItsChainPassAndStepOnArrivalWithPageDownOnly(FxRobot robot) throws IOException {
        runFx(() -> window.context().model().set(DemoModel.load().model()));
        Path f = script("""
                [unrolled]
                unrolled-probe = "Mama a rămas"
                unroll = on
                step = last
                [unrolled]
                unroll = off
                pass = backward
                step = 2
                [unrolled]
                follow = typed
                pass = forward
                """);
        assertTrue(onFx(() -> presentation().loadScript(f)));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        Label status = onFx(() -> (Label) window.scene().lookup("#unrolled-status"));
        ToggleButton fold = onFx(() -> (ToggleButton) window.scene().lookup("#unrolled-fold"));
        await(20, "the slide's text at its last forward step", () -> onFx(status::getText).startsWith("forward step 11 of 11"));
        assertTrue(onFx(fold::isSelected), "unrolled on arrival");
        robot.type(KeyCode.PAGE_DOWN);
        await(10, "the backward pass's second step", () -> onFx(status::getText).startsWith("backward step 2 of 11"));
        assertFalse(onFx(fold::isSelected), "folded");
        robot.type(KeyCode.PAGE_DOWN);
        await(10, "the start of the forward pass", () -> onFx(status::getText).startsWith("ready: step forward"));
        assertTrue(onFx(() -> ((ToggleButton) window.scene().lookup("#unrolled-source-text")).isSelected()));
    }

    @Test
    void theSpeakersNotesShowOnNAndNeverUnasked(FxRobot robot) throws IOException {
        Path f = script("[loss]\nnotes = \"Ask who has trained one.\\nThen press Space.\"\n[samples]\n");
        assertTrue(onFx(() -> presentation().loadScript(f)));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        assertEquals("Ask who has trained one.\nThen press Space.", onFx(() -> presentation().notesText()));
        assertFalse(onFx(() -> presentation().notesShowing()), "notes only when asked for");
        robot.type(KeyCode.N);
        await(5, "the notes show", () -> presentation().notesShowing());
        robot.type(KeyCode.PAGE_DOWN);
        assertFalse(onFx(() -> presentation().notesShowing()), "a slide without notes shows none");
        robot.type(KeyCode.PAGE_UP);
        assertTrue(onFx(() -> presentation().notesShowing()));
        robot.type(KeyCode.N);
        await(5, "hidden again", () -> !presentation().notesShowing());
        robot.type(KeyCode.ESCAPE);
        await(10, "left", () -> !presentation().isPresenting());
        assertEquals("", onFx(() -> presentation().notesText()));
    }

    @Test
    void theSpotlightDimsAllButTheRegionUnderThePointer(FxRobot robot) {
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        assertFalse(onFx(() -> presentation().spotlightShowing()));
        robot.type(KeyCode.S);
        await(5, "the spotlight", () -> presentation().spotlightShowing());
        runFx(() -> presentation().pointAt(300, 200));
        Shape dim = onFx(() -> presentation().spotlightShape());
        assertTrue(onFx(() -> !dim.contains(300, 200) && dim.contains(300 + PresentationController.SPOTLIGHT_RADIUS + 20, 200)),
                "lit under the pointer, dimmed beyond the circle");
        robot.type(KeyCode.S);
        await(5, "off", () -> !presentation().spotlightShowing());
        robot.type(KeyCode.S);
        robot.type(KeyCode.ESCAPE);
        await(10, "left", () -> !presentation().isPresenting());
        assertFalse(onFx(() -> presentation().spotlightShowing()), "leaving turns it off");
    }

    private CompareModel comparison() {
        return ((CompareFeature) window.feature("compare").orElseThrow()).model();
    }

    /** The messages the Unrolled and Hidden state views show now (visible, non-empty), joined; "" when none. */
    private String viewMessages() {
        StringBuilder out = new StringBuilder();
        for (String id : List.of("#unrolled-message", "#hidden-message")) {
            Node n = window.scene().lookup(id);
            if (n instanceof Label l && l.isVisible() && !l.getText().isEmpty() && l.getScene() != null
                    && l.localToScreen(l.getBoundsInLocal()) != null && l.isVisible() && treeVisible(l)) {
                out.append(id).append(": ").append(l.getText()).append(' ');
            }
        }
        return out.toString().strip();
    }

    private static boolean treeVisible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void withASecondScreenTheNotesTheNextSlideAndTheClockGoToTheSpeakersWindow(FxRobot robot) throws IOException {
        Path f = script("[loss]\nnotes = \"Ask who has trained one.\"\n[samples]\ntitle = What it writes\n");
        assertTrue(onFx(() -> presentation().loadScript(f)));
        Rectangle2D audience = onFx(() -> Screen.getPrimary().getVisualBounds());
        Rectangle2D second = new Rectangle2D(audience.getMaxX(), 0, 1280, 720);
        runFx(() -> presentation().setScreens(() -> List.of(audience, second)));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        Stage speaker = onFx(() -> presentation().speakerWindow());
        assertNotNull(speaker, "a speaker's window on the second screen");
        assertEquals(second.getMinX(), onFx(speaker::getX));
        assertEquals(second.getWidth(), onFx(speaker::getWidth));
        assertEquals("Ask who has trained one.", onFx(() -> ((Label) speaker.getScene().lookup("#speaker-notes")).getText()));
        assertTrue(onFx(() -> ((Label) speaker.getScene().lookup("#speaker-slide")).getText()).startsWith("1 / 2"));
        assertEquals("Next: 2  ·  What it writes", onFx(() -> ((Label) speaker.getScene().lookup("#speaker-next")).getText()));
        await(5, "the clock", () -> onFx(() -> ((Label) speaker.getScene().lookup("#speaker-clock")).getText()).matches("\\d+:\\d\\d"));
        assertFalse(onFx(() -> presentation().notesShowing()), "the audience's screen shows no notes");
        if (Boolean.getBoolean("unroll.screenshots")) {
            Files.createDirectories(Path.of("target", "talk"));
            WritableImage img = onFx(() -> speaker.getScene().snapshot(null));
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png",
                    Path.of("target", "talk", "speaker-window.png").toFile());
        }
        // the speaker clicked their window: Page Down there still moves the talk
        runFx(() -> Event.fireEvent(speaker.getScene().getRoot(), new KeyEvent(
                KeyEvent.KEY_PRESSED, "", "", KeyCode.PAGE_DOWN, false, false, false, false)));
        await(5, "slide 2", () -> presentation().slideProperty().get() == 1);
        assertEquals("(no notes for this slide)", onFx(() -> ((Label) speaker.getScene().lookup("#speaker-notes")).getText()));
        assertEquals("Last slide", onFx(() -> ((Label) speaker.getScene().lookup("#speaker-next")).getText()));
        robot.type(KeyCode.ESCAPE);
        await(10, "left", () -> !presentation().isPresenting());
        assertNull(onFx(() -> presentation().speakerWindow()), "the speaker's window closes with presentation mode");
        assertFalse(onFx(speaker::isShowing));
    }

    /**
     * A slide's title is its claim: the strip shows it whole. A short one in 28 px type; one too long for a line at
     * 28 px in smaller type on one line; one too long even at 20 px on two lines. Never cut with an ellipsis.
     */
    @Test
    void aLongSlideTitleIsShownWholeInSmallerTypeOrOnTwoLines(FxRobot robot) throws IOException {
        String medium = "Adagrad updates every weight, every window, and the loss goes on falling as the network learns its verses, line after line, chorus by chorus";
        String longer = (medium + " ").repeat(2) + "while the speaker keeps talking about gradients";
        assertTrue(onFx(() -> presentation().loadScript(script("[loss]\ntitle = Loss\n[loss]\ntitle = " + medium
                + "\n[loss]\ntitle = " + longer + "\n"))));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        double[] sizes = new double[3];
        double[] heights = new double[3];
        for (int i = 0; i < 3; i++) {
            int n = i;
            await(10, "slide " + (n + 1), () -> presentation().slideProperty().get() == n);
            await(10, "laid out", () -> onFx(() -> window.scene().lookup("#slide-counter").getLayoutBounds().getWidth() > 0));
            WaitForAsyncUtils.waitForFxEvents();
            Label counter = onFx(() -> (Label) window.scene().lookup("#slide-counter"));
            String shownText = onFx(() -> ((Text) counter.lookup(".text")).getText());
            assertEquals(onFx(counter::getText), shownText, "slide " + (n + 1) + "'s title is shown whole");
            sizes[i] = onFx(() -> counter.getFont().getSize());
            heights[i] = onFx(() -> counter.getHeight());
            robot.type(KeyCode.PAGE_DOWN);
        }
        assertEquals(PresentationController.TITLE_PX, sizes[0], "a short title in full size");
        assertTrue(sizes[1] < PresentationController.TITLE_PX && sizes[1] >= PresentationController.MIN_TITLE_PX,
                "a long title in smaller type: " + sizes[1]);
        assertTrue(heights[1] < 1.6 * sizes[1] * 1.4, "on one line: " + heights[1]);
        assertEquals(PresentationController.MIN_TITLE_PX, sizes[2], "a very long title at the smallest type");
        assertTrue(heights[2] > 1.6 * sizes[2], "on more than one line: " + heights[2]);

        // a title just too long for the strip in the label's own face at full size (as slide 17 of the example talk
        // is at 1280x720): shown whole too
        Label counter = onFx(() -> (Label) window.scene().lookup("#slide-counter"));
        double room = onFx(() -> {
            Region strip = (Region) window.scene().lookup("#slide-title-strip");
            return strip.getWidth() - strip.getInsets().getLeft() - strip.getInsets().getRight();
        });
        String face = onFx(() -> counter.getFont().getName());
        StringBuilder borderline = new StringBuilder("the loss goes on falling");
        while (onFx(() -> width("1 / 1  ·  " + borderline, face)) < room * 1.02) {
            borderline.insert(0, "every window, ");
        }
        robot.type(KeyCode.ESCAPE);
        await(10, "left", () -> !presentation().isPresenting());
        assertTrue(onFx(() -> presentation().loadScript(script("[loss]\ntitle = " + borderline + "\n"))));
        robot.type(KeyCode.F5);
        await(10, "presentation mode again", () -> presentation().isPresenting());
        await(10, "the borderline title", () -> onFx(counter::getText).endsWith(borderline.toString()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(onFx(counter::getText), onFx(() -> ((Text) counter.lookup(".text")).getText()),
                "a title just too long at full size is shown whole");
        assertTrue(onFx(() -> counter.getFont().getSize()) < PresentationController.TITLE_PX, "in smaller type");
    }

    private static double width(String text, String face) {
        Text t = new Text(text);
        t.setFont(new Font(face, PresentationController.TITLE_PX));
        return t.getLayoutBounds().getWidth();
    }

    @Test
    void withOneScreenThereIsNoSpeakersWindow(FxRobot robot) {
        runFx(() -> presentation().setScreens(() -> List.of(new Rectangle2D(0, 0, 1280, 800))));
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        assertNull(onFx(() -> presentation().speakerWindow()));
        robot.type(KeyCode.ESCAPE);
        await(10, "left", () -> !presentation().isPresenting());
    }

    @Test
    void escLeavesEvenWhileATooltipShows(FxRobot robot) {
        robot.type(KeyCode.F5);
        await(10, "presentation mode", () -> presentation().isPresenting());
        // the pointer rests on a control: its tooltip shows (as it does on a chart while the speaker talks)
        Tooltip tip = onFx(() -> ((Control) window.scene().lookup("#present-button")).getTooltip());
        runFx(() -> tip.show(window.stage(), 100, 100));
        await(5, "the tooltip shows", tip::isShowing);
        robot.type(KeyCode.ESCAPE);
        await(10, "Esc left presentation mode", () -> !presentation().isPresenting());
        runFx(tip::hide);
    }

    @Test
    void aSlideMayResetTheRunSoThatItsPresetApplies(FxRobot robot) throws IOException {
        runFx(() -> window.controls().start());
        await(20, "a run", () -> window.context().training().hasRun());
        Path f = script("[loss]\nrun = reset\npreset = quick demo\nrun = start\n".replace("run = start\n", ""));
        assertTrue(onFx(() -> presentation().loadScript(f)));
        assertEquals("", onFx(() -> ((Label) window.scene().lookup("#run-message")).getText()), "a reset slide needs no Reset first");
        robot.type(KeyCode.F5);
        await(10, "presentation mode without a question", () -> presentation().isPresenting());
        await(10, "the run reset by the slide", () -> !window.context().training().hasRun());
        assertEquals(20_000, onFx(() -> window.hyperparameters().config().iterations()), "the Quick demo preset");
        // without the reset, the same preset change is a problem before presenting
        robot.type(KeyCode.ESCAPE);
        runFx(() -> window.hyperparameters().field("hp-iterations").setText("1234"));
        runFx(() -> window.controls().start());
        await(20, "a run again", () -> window.context().training().hasRun());
        Path g = script("[loss]\npreset = quick demo\n");
        assertTrue(onFx(() -> presentation().loadScript(g)));
        assertTrue(onFx(() -> ((Label) window.scene().lookup("#run-message")).getText()).contains("cannot change while a run exists"));
    }
}
