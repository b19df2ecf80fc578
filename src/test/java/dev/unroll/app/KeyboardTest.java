package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.events.GeneratedText;
import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.generate.GenerateModel;
import dev.unroll.app.samples.SamplesFeature;
import dev.unroll.app.samples.SamplesModel;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The keyboard discipline, driven as a user would: Space and → are training's transport whichever
 * control has the focus, Ctrl+Enter leaves no text field focused, a clicked text field still types
 * a space, Escape hands the keys back, and the shortcuts dialog lists exactly the registry's keys.
 * The walk-through's keys while Unrolled shows are tested in {@code unrolled.UnrolledKeysTest}.
 */
class KeyboardTest extends WindowTest {

    private TrainingSession training() {
        return window.context().training();
    }

    private long iteration() {
        return onFx(() -> window.context().snapshot().get().iteration());
    }

    private void smallRun() {
        await(20, "default corpus chosen", () -> window.context().corpus().get() != null);
        runFx(() -> {
            window.hyperparameters().field("hp-iterations").setText("100000000");
            window.hyperparameters().field("hp-sample-every").setText("200");
            window.hyperparameters().field("hp-eval-every").setText("200");
        });
    }

    /**
     * ← and → move the selection in Generate's text, as commands scoped to Generate: the scene's key
     * routing takes the transport keys before any node sees them, so the canvas's own handler never had them.
     */
    /** Generate shows 40 characters written by a barely trained model, nothing selected yet. */
    private GenerateModel generated40() {
        GenerateModel generate = ((GenerateFeature) window.feature("generate").orElseThrow()).model();
        Trainer trainer = new Trainer(Corpus.of("fox", "the quick brown fox jumps over the lazy dog.\n".repeat(20)),
                TrainingConfig.defaults().withHiddenSize(16).withIterations(1).withSampleEvery(0).withSeed(3));
        trainer.iterate();
        runFx(() -> {
            window.select("generate");
            window.context().model().set(trainer.modelSnapshot());
            generate.instantProperty().set(true);
            generate.primeProperty().set("the ");
            generate.lengthProperty().set("40");
            generate.generate();
        });
        await(20, "40 characters generated", () -> !generate.runningProperty().get() && generate.main().shown() == 40);
        assertEquals("", onFx(() -> generate.messageProperty().get()));
        return generate;
    }

    @Test
    void arrowsMoveTheSelectionInGeneratesText(FxRobot robot) {
        GenerateModel generate = generated40();
        runFx(() -> generate.select(5));

        robot.type(KeyCode.RIGHT);
        await(5, "→ selects the next character", () -> generate.selectedProperty().get() == 6);
        robot.type(KeyCode.LEFT).type(KeyCode.LEFT);
        await(5, "← ← go back two", () -> generate.selectedProperty().get() == 4);
        runFx(() -> generate.select(39));
        robot.type(KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(39, onFx(() -> generate.selectedProperty().get()), "→ stops at the last character");
    }

    /**
     * Escape in Generate is generate.stop: with nothing generating it clears the selected character,
     * whichever control has the focus (the canvas no longer has a key handler of its own).
     */
    @Test
    void escapeClearsTheSelectedCharacterInGenerate(FxRobot robot) {
        GenerateModel generate = generated40();
        runFx(() -> generate.select(7));
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ESCAPE);
        await(5, "Escape clears the selection", () -> generate.selectedProperty().get() == -1);
        assertEquals(40, onFx(() -> generate.main().shown()), "the text stays");
    }

    /** Ctrl+C in Samples is the scoped command samples.copy: the selected sample's text goes to the clipboard. */
    @Test
    void ctrlCCopiesTheSelectedSample(FxRobot robot) {
        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        runFx(() -> {
            window.select("samples");
            window.context().events().publish(new GeneratedText(10, "prime 'Th', temperature 0.5", "The river sings"));
            window.context().events().publish(new GeneratedText(20, "prime 'Th', temperature 1.5", "Thy quiet hills"));
            ClipboardContent nothing = new ClipboardContent();
            nothing.putString("nothing copied yet");
            Clipboard.getSystemClipboard().setContent(nothing);
        });
        await(5, "both listed", () -> samples.model().entries().size() == 2);
        // the list's cells are made on the next layout pulse: wait for the sample's cell, then click it
        Predicate<Node> riverCell = n -> n instanceof Label l && "The river sings".equals(l.getText()) && l.isVisible();
        await(5, "the sample's cell drawn", () -> robot.lookup(riverCell).tryQuery().isPresent());
        Node river = robot.lookup(riverCell).query();
        robot.clickOn(river);
        await(5, "the older sample selected", () -> robot.lookup("#samples-list").queryListView().getSelectionModel()
                .getSelectedItems().stream().map(e -> ((SamplesModel.Entry) e).text()).toList().equals(List.of("The river sings")));

        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        await(5, "the sample on the clipboard", () -> String.valueOf(Clipboard.getSystemClipboard().getString()).contains("The river sings"));
        String copied = onFx(() -> Clipboard.getSystemClipboard().getString());
        assertFalse(copied.contains("Thy quiet hills"), "only the selected sample: " + copied);
    }

    @Test
    void ctrlEnterFromAFieldThenSpacePausesAndRightStepsExactlyOne(FxRobot robot) {
        smallRun();
        // the user edits a side-panel field, then starts with Ctrl+Enter
        TextField hidden = robot.lookup("#hp-hidden").queryAs(TextField.class);
        robot.doubleClickOn(hidden).write("16");
        assertEquals("16", onFx(hidden::getText));
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        await(20, "running", () -> training().state() == RunState.RUNNING && window.context().snapshot().get() != null);
        // after a layout pulse the locked fields are disabled: the focus must not land in a field
        robot.interrupt();
        Node focus = onFx(() -> window.scene().getFocusOwner());
        assertFalse(focus instanceof TextInputControl, "focus left in a text field: " + focus);
        String lr = onFx(() -> window.hyperparameters().field("hp-lr").getText());

        robot.type(KeyCode.SPACE);
        await(10, "paused", () -> training().state() == RunState.PAUSED);
        long paused = iteration();
        assertEquals(paused, training().exportState().iteration(), "the trainer stopped where the UI shows");
        assertEquals(lr, onFx(() -> window.hyperparameters().field("hp-lr").getText()), "Space typed into no field");
        assertEquals("16", onFx(hidden::getText));

        robot.type(KeyCode.RIGHT);
        await(10, "one step", () -> window.context().snapshot().get().iteration() == paused + 1);
        robot.interrupt();
        assertEquals(paused + 1, training().exportState().iteration(), "a step runs exactly one iteration");
        assertEquals(RunState.PAUSED, training().state());
    }

    @Test
    void spaceTypesIntoAClickedFieldAndEscapeHandsTheKeysBack(FxRobot robot) {
        smallRun();
        runFx(() -> window.context().commands().execute("run.start"));
        await(20, "running", () -> training().state() == RunState.RUNNING);
        robot.clickOn("#run-pause");
        await(10, "paused", () -> training().state() == RunState.PAUSED);
        long paused = training().exportState().iteration();

        runFx(() -> window.select("generate"));
        TextField prime = robot.lookup("#prime").queryAs(TextField.class);
        robot.clickOn(prime).eraseText(onFx(() -> prime.getText().length())).write("to be");
        robot.type(KeyCode.SPACE).write("or");
        assertEquals("to be or", onFx(prime::getText), "a clicked text field types spaces");
        robot.type(KeyCode.LEFT);
        assertEquals(7, (int) onFx(prime::getCaretPosition), "← moves the caret while editing");
        assertEquals(RunState.PAUSED, training().state());
        assertEquals(paused, training().exportState().iteration(), "training untouched while typing");

        robot.type(KeyCode.ESCAPE);
        assertNull(onFx(() -> window.context().commands().editing()));
        robot.type(KeyCode.SPACE);
        await(10, "Space resumes training again", () -> training().state() == RunState.RUNNING);
        assertEquals("to be or", onFx(prime::getText), "the field got no space after Escape");
    }

    @Test
    void tabIntoAFieldEditsIt(FxRobot robot) {
        runFx(() -> window.select("generate"));
        TextField prime = robot.lookup("#prime").queryAs(TextField.class);
        robot.clickOn(prime).eraseText(onFx(() -> prime.getText().length()));
        robot.type(KeyCode.ENTER); // hands the keys back (and generates nothing: no model)
        assertNull(onFx(() -> window.context().commands().editing()));
        robot.push(KeyCode.SHIFT, KeyCode.TAB).push(KeyCode.TAB); // away and back by the keyboard
        assertEquals(prime, onFx(() -> window.scene().getFocusOwner()));
        assertEquals(prime, onFx(() -> window.context().commands().editing()));
        robot.write("a").type(KeyCode.SPACE).write("b");
        assertEquals("a b", onFx(prime::getText));
    }

    @Test
    void theShortcutsDialogListsExactlyTheRegistrysKeys(FxRobot robot) {
        robot.type(KeyCode.F1);
        await(10, "dialog open", () -> robot.listWindows().stream().anyMatch(w -> w != window.stage() && w.isShowing()));
        Window dialog = onFx(() -> robot.listWindows().stream().filter(w -> w != window.stage() && w.isShowing()).findFirst().orElseThrow());
        Node grid = robot.from(dialog.getScene().getRoot()).lookup("#shortcuts-grid").query();
        assertNotNull(grid);
        List<String> shown = onFx(() -> robot.from(grid).lookup(".shortcut-keys").queryAllAs(Label.class).stream()
                .map(Label::getText).collect(Collectors.toList()));
        Commands commands = window.context().commands();
        List<String> registered = onFx(() -> commands.withKeys().stream().map(Commands::keysText).collect(Collectors.toList()));
        assertEquals(registered, shown);
        // every key the user can press is there: the run's, the views', presentation's and the walk-through's
        List<String> ids = onFx(() -> commands.withKeys().stream().map(Command::id).collect(Collectors.toList()));
        for (String id : List.of("run.start", "run.pause", "run.step", "run.stop", "run.reset", "view.loss", "present.toggle",
                "talk.next", "walk.play", "walk.forward", "walk.back", "generate.run", "help.shortcuts", "app.quit")) {
            assertFalse(!ids.contains(id), id + " missing from " + ids);
        }
        runFx(dialog::hide);
    }
}
