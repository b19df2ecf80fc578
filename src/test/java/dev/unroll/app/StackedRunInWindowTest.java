package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Feature;
import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.hidden.HiddenFeature;
import dev.unroll.app.shell.Preset;
import dev.unroll.app.unrolled.UnrolledAudience;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.Locale;

/** Issue 25, "Depth in every view": a 2-layer run set up in the side panel, trained, and seen in every view. */
class StackedRunInWindowTest extends WindowTest {

    private Corpus openSmallCorpus() {
        Path file = ShellFixtures.writeCorpus(dir, "verses.txt", 20_000);
        runFx(() -> window.context().actions().openCorpus(file));
        await(10, "corpus chosen", () -> window.context().corpus().get() != null
                && window.context().corpus().get().name().equals("verses.txt"));
        return onFx(() -> window.context().corpus().get());
    }

    /** Whether a visible label under {@code n} contains {@code text} (JavaFX thread). */
    private static boolean shows(Node n, String text) {
        if (!n.isVisible()) {
            return false;
        }
        if (n instanceof Labeled l && l.getText() != null && l.getText().contains(text)) {
            return true;
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                if (shows(c, text)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aTwoLayerRunFromTheSidePanelIsSeenInEveryView(FxRobot robot) {
        Corpus corpus = openSmallCorpus();
        int vocab = corpus.vocabulary().size();
        @SuppressWarnings("unchecked")
        ComboBox<Preset> presets = robot.lookup("#hp-preset").queryAs(ComboBox.class);
        runFx(() -> presets.getSelectionModel().select(Preset.CHAR_RNN));
        assertEquals("2", onFx(() -> window.hyperparameters().field("hp-layers").getText()), "the preset's layers");
        assertEquals("50", onFx(() -> window.hyperparameters().field("hp-batch").getText()), "the preset's batch");
        // a small char-rnn, so the test trains it in seconds
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("16");
            window.hyperparameters().field("hp-batch").setText("8");
            window.hyperparameters().field("hp-sequence").setText("20");
            window.hyperparameters().field("hp-iterations").setText("200");
            window.hyperparameters().field("hp-sample-every").setText("100");
            window.hyperparameters().field("hp-eval-every").setText("100");
        });
        Label weights = robot.lookup("#hp-weights").queryAs(Label.class);
        long count = DeepRnn.parameterCount(Cell.LSTM, vocab, 16, 2);
        assertTrue(onFx(weights::getText).startsWith(String.format(Locale.ROOT, "%,d ", count)),
                "the weights of the stacked model: " + onFx(weights::getText));
        TrainingConfig config = onFx(() -> window.hyperparameters().config());
        assertEquals(2, config.depth().layers());
        assertEquals(count, config.parameterCount(vocab));

        robot.clickOn("#run-start");
        await(120, "finished", () -> window.context().training().state() == RunState.FINISHED);
        TrainingSnapshot s = onFx(() -> window.context().snapshot().get());
        assertEquals(200, s.iteration(), "the run's iterations");
        assertEquals(2, s.config().depth().layers(), "the run trained two layers");
        assertEquals(8, s.config().depth().batchSize());
        assertEquals(null, s.trace(), "no view showed the training window: the stacked run never recomputed it");
        String status = String.format(Locale.ROOT, "%,d", s.iteration());
        assertTrue(onFx(() -> shows(window.scene().getRoot(), status)), "the status bar shows the trainer's iteration");

        for (String id : new String[] {"loss", "samples", "unrolled", "hidden", "generate", "experiments", "compare"}) {
            runFx(() -> window.select(id));
        }
        Feature unrolled = window.feature("unrolled").orElseThrow();
        runFx(() -> window.select("unrolled"));
        await(30, "the walk-through shown, the stopped run publishes its window", () -> onFx(() -> window.context().snapshot().get().trace()) != null);
        UnrolledAudience audience = new UnrolledAudience(unrolled);
        await(30, "the walk-through draws both layers", () -> onFx(() -> shows(unrolled.node(), "· 2 layers") && audience.stackRowsDrawn() == 2));
        TabPane pages = robot.lookup("#unrolled-pages").queryAs(TabPane.class);
        selectPage(pages, "unrolled-page-weights");
        await(30, "the weights page says its layer", () -> onFx(() -> shows(unrolled.node(), "Showing layer 2 (top) of 2")));
        selectPage(pages, "unrolled-page-flow");
        await(30, "the gradient flow has a curve per layer", () -> onFx(() -> shows(unrolled.node(), "One curve per layer of the stacked lstm")));

        HiddenFeature hidden = (HiddenFeature) window.feature("hidden").orElseThrow();
        runFx(() -> window.select("hidden"));
        await(30, "the hidden state of the top layer", () -> onFx(() -> hidden.model().statusProperty().get())
                .contains("16 units · layer 2 of 2 (top)"));

        GenerateFeature generate = (GenerateFeature) window.feature("generate").orElseThrow();
        runFx(() -> window.select("generate"));
        await(30, "the stacked weights to generate with", () -> onFx(() -> generate.model().modelInfoProperty().get())
                .equals(String.format(Locale.ROOT, "Weights of iteration 200 · H 16 · 2 layers · %d characters", vocab)));
        runFx(() -> {
            generate.model().lengthProperty().set("50");
            generate.model().instantProperty().set(true);
            assertTrue(generate.model().generate(), "generation starts");
        });
        await(30, "generated text", () -> !generate.model().runningProperty().get() && generate.model().text().length() >= 50);
        assertEquals("", onFx(() -> generate.model().messageProperty().get()));
    }

    private static void selectPage(TabPane pages, String id) {
        runFx(() -> pages.getSelectionModel().select(pages.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
    }

    /** A stacked vanilla RNN: the walk-through draws its grid of layers and steps, as the gated cells'. */
    @Test
    void aStackedVanillaRunsWalkThroughDrawsItsLayers(FxRobot robot) {
        openSmallCorpus();
        runFx(() -> window.hyperparameters().settings().apply(Preset.QUICK_DEMO.config().withHiddenSize(12).withIterations(100)
                .withSampleEvery(50).withEvalEvery(50).withDepth(new Depth(2, 4, 0.0))));
        robot.clickOn("#run-start");
        await(120, "finished", () -> window.context().training().state() == RunState.FINISHED);
        Feature unrolled = window.feature("unrolled").orElseThrow();
        runFx(() -> window.select("unrolled"));
        UnrolledAudience audience = new UnrolledAudience(unrolled);
        await(30, "the grid of both layers", () -> onFx(() -> audience.stackRowsDrawn() == 2 && !shows(unrolled.node(), "not drawn yet")));
        TabPane pages = robot.lookup("#unrolled-pages").queryAs(TabPane.class);
        selectPage(pages, "unrolled-page-flow");
        await(30, "the flow page says what it shows", () -> onFx(() -> shows(unrolled.node(),
                "One curve per layer of the stacked vanilla")));
        selectPage(pages, "unrolled-page-weights");
        await(30, "the top layer's weights", () -> onFx(() -> shows(unrolled.node(), "Showing layer 2 (top) of 2")));
    }

    @Test
    void aBadLayersValueIsRefusedWithASentence(FxRobot robot) {
        TextField layers = window.hyperparameters().field("hp-layers");
        runFx(() -> layers.setText("5"));
        assertNull(onFx(() -> window.hyperparameters().config()), "no configuration with 5 layers");
        assertEquals("Layers must be between 1 and 4 (got 5)", onFx(() -> window.hyperparameters().settings().problemProperty().get()));
        assertTrue(onFx(() -> layers.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("invalid"))));
        // dropout needs a second layer: the field that breaks the settings says why
        TextField dropout = window.hyperparameters().field("hp-dropout");
        runFx(() -> {
            layers.setText("1");
            dropout.setText("0.2");
        });
        assertEquals("Dropout acts between layers: it needs 2 or more layers (got dropout 0.2 with 1 layer)",
                onFx(() -> window.hyperparameters().settings().problemProperty().get()));
        assertTrue(onFx(() -> dropout.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("invalid"))));
        runFx(() -> layers.setText("2"));
        assertEquals(0.2, onFx(() -> window.hyperparameters().config().depth().dropout()));
    }
}
