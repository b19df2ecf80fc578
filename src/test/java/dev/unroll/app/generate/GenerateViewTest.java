package dev.unroll.app.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.events.GeneratedText;
import dev.unroll.app.fx.Animations;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Candidate;
import dev.unroll.engine.generate.Generation;
import dev.unroll.engine.generate.Sampler;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.VanillaRnn;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;

import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;

/** Drives the generation view headless: generate, stop, select, what-if, bad input, side by side, save. */
@ExtendWith(ApplicationExtension.class)
class GenerateViewTest {
    private static ModelSnapshot trained;
    private AppContext context;
    private GenerateModel model;
    private GenerateView view;

    @BeforeAll
    static void train() {
        Corpus corpus = Corpus.of("fox", "the quick brown fox jumps over the lazy dog. a cat naps; the dog barks!\n".repeat(40));
        Trainer trainer = new Trainer(corpus, TrainingConfig.defaults().withHiddenSize(32).withIterations(400)
                .withSampleEvery(0).withSeed(3));
        for (int i = 0; i < 400; i++) {
            trainer.iterate();
        }
        trained = trainer.modelSnapshot();
    }

    @Start
    void start(Stage stage) {
        context = new AppContext(new TrainingSession());
        context.window().set(stage);
        GenerateFeature feature = new GenerateFeature(context);
        model = feature.model();
        view = (GenerateView) feature.node();
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private <T> T fx(Callable<T> c) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(c));
    }

    private void setText(FxRobot robot, String id, String text) {
        TextField f = robot.lookup("#" + id).queryAs(TextField.class);
        robot.interact(() -> f.setText(text));
    }

    private Point2D screenPointOf(int generated) {
        return fx(() -> {
            TextCanvas canvas = view.mainCanvas();
            Bounds b = canvas.charBounds(generated);
            return canvas.localToScreen(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2);
        });
    }

    @Test
    void generateStopSelectAndContinueWithAnotherCharacter(FxRobot robot) throws Exception {
        robot.interact(() -> {
            context.model().set(trained);
            model.paceProperty().set(40);
        });
        setText(robot, "prime", "the ");
        setText(robot, "length", "3000");
        robot.clickOn("#generate");
        waitFor(() -> model.main().shown() >= 15);
        assertTrue(model.runningProperty().get());
        robot.clickOn("#stop");
        WaitForAsyncUtils.waitForFxEvents();
        int kept = model.main().shown();
        assertFalse(model.runningProperty().get());
        assertTrue(kept >= 15 && kept < 3000, "kept " + kept);
        Generation g = model.main().generation();
        // nothing more arrives after a stop, and the text is what was shown
        robot.sleep(200);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(kept, model.main().shown());
        assertEquals(kept, g.size());
        assertEquals("the " + g.text(), fx(model::text));

        // select character 5 by clicking it: its distribution appears, the drawn character marked
        robot.clickOn(screenPointOf(5));
        waitFor(() -> model.selectedProperty().get() == 5);
        assertNotNull(robot.lookup("#bar-9").tryQuery().orElse(null));
        List<Candidate> atStart = model.distributionProperty().get();
        assertEquals(10, atStart.size());
        assertEquals(g.top(5, 0.8, 10), atStart);
        boolean drawnMarked = robot.lookup(".bar-row.drawn").tryQuery().isPresent();
        assertEquals(atStart.stream().anyMatch(c -> c.index() == g.indexAt(5)), drawnMarked);

        // turning the temperature recomputes the bars from the stored logits
        setText(robot, "temperature", "2.5");
        robot.clickOn("#temperature").type(KeyCode.ENTER);
        waitFor(() -> model.temperatureProperty().get() == 2.5);
        List<Candidate> hot = model.distributionProperty().get();
        assertEquals(g.top(5, 2.5, 10), hot);
        assertTrue(hot.get(0).probability() < atStart.get(0).probability());

        // the distribution exports as a PNG at twice its size and an SVG (the chooser answered through its seam)
        Path pictures = Files.createTempDirectory(Path.of("target"), "generate-export");
        PictureExport.Chooser chooser = PictureExport.useChooser((owner, name) -> pictures.resolve(name));
        try {
            robot.interact(() -> assertTrue(context.commands().execute("generate.export-picture")));
            waitFor(() -> Files.exists(pictures.resolve("generate-distribution-char6.svg")));
        } finally {
            PictureExport.useChooser(chooser);
        }
        String svg = Files.readString(pictures.resolve("generate-distribution-char6.svg"));
        assertTrue(svg.contains("Character 6") && svg.contains("T 2.50"), "the distribution shown");
        assertTrue(ImageIO.read(pictures.resolve("generate-distribution-char6.png").toFile()).getWidth() >= 960);

        // what-if: click the bar of a character other than the one drawn; generation continues from it
        int rank = hot.get(0).index() == g.indexAt(5) ? 1 : 0;
        int chosen = hot.get(rank).index();
        robot.interact(() -> model.instantProperty().set(true));
        robot.clickOn("#bar-" + rank);
        waitFor(() -> !model.runningProperty().get() && model.main().shown() == 3000);
        Generation w = model.main().generation();
        assertNotEquals(g, w);
        assertEquals(g.text(0, 5), w.text(0, 5));
        assertEquals(chosen, w.indexAt(5));
        assertTrue(w.wasPicked(5));
        assertEquals("the " + w.text(), fx(model::text));
        // the click filled the what-if with the character, and the message names the one it replaced
        assertEquals(w.vocabulary().symbol(chosen), fx(() -> robot.lookup("#whatif-char").queryAs(TextField.class).getText()));
        String said = fx(() -> model.messageProperty().get());
        assertTrue(said.endsWith(" at position 6 instead of " + Vocabulary.describe(g.vocabulary().codePoint(g.indexAt(5))) + "."), said);

        // and typing a character there works too
        robot.clickOn(screenPointOf(7));
        waitFor(() -> model.selectedProperty().get() == 7);
        setText(robot, "whatif-char", "z");
        robot.clickOn("#whatif-go");
        waitFor(() -> !model.runningProperty().get() && model.main().generation() != w);
        assertEquals('z', model.main().generation().symbolAt(7).charAt(0));
        assertTrue(model.main().generation().wasPicked(5));
        // a second what-if at the same place (the same character's bar clicked again) still names the sampler's character
        Generation typed = model.main().generation();
        robot.interact(() -> {
            model.select(5);
            model.pick(chosen);
        });
        waitFor(() -> !model.runningProperty().get() && model.main().generation() != typed && model.main().shown() == 3000);
        String again = fx(() -> model.messageProperty().get());
        assertTrue(again.endsWith(" at position 6 instead of " + Vocabulary.describe(g.vocabulary().codePoint(g.indexAt(5))) + "."), again);
    }

    @Test
    void badInputGivesClearMessagesAndNoExceptions(FxRobot robot) throws Exception {
        robot.clickOn("#generate");
        assertTrue(message(robot).startsWith("No model yet"), message(robot));

        robot.interact(() -> context.model().set(trained));
        setText(robot, "prime", "The Quick fox");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#missing-bar").query().isVisible());
        String missing = robot.lookup("#missing-text").queryAs(Label.class).getText();
        assertTrue(missing.contains("'T'") && missing.contains("'Q'"), missing);
        robot.clickOn("#generate");
        assertTrue(message(robot).contains("'T', 'Q'"), message(robot));
        robot.clickOn("#drop-missing");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("he uick fox", model.primeProperty().get());
        assertFalse(robot.lookup("#missing-bar").query().isVisible());

        setText(robot, "length", "0");
        robot.clickOn("#generate");
        assertTrue(message(robot).contains("at least 1"), message(robot));
        setText(robot, "length", "5000000000");
        robot.clickOn("#generate");
        assertTrue(message(robot).contains("at most 100,000"), message(robot));
        setText(robot, "length", "lots");
        robot.clickOn("#generate");
        assertTrue(message(robot).contains("length must be a whole number (got 'lots')"), message(robot));

        // an empty prime starts from the chosen character, or a random one
        setText(robot, "length", "50");
        setText(robot, "prime", "");
        setText(robot, "start-char", "d");
        robot.interact(() -> model.instantProperty().set(true));
        robot.clickOn("#generate");
        waitFor(() -> model.main().shown() == 50 && !model.runningProperty().get());
        assertEquals("d", model.main().generation().primeText());
        setText(robot, "start-char", "Q");
        robot.clickOn("#generate");
        assertTrue(message(robot).contains("'Q'"), message(robot));
        setText(robot, "start-char", "");
        robot.clickOn("#generate");
        waitFor(() -> model.main().shown() == 50 && !model.runningProperty().get());
        assertEquals(1, model.main().generation().primeText().length());

        // what-if without a selection
        robot.interact(() -> model.pick(0));
        assertTrue(message(robot).startsWith("Select a generated character"), message(robot));
    }

    /** The seed is read like every other typed number: bad input is refused, said and marked, never silently replaced. */
    @Test
    void aBadSeedIsRefusedWithTheFormsSentence(FxRobot robot) throws Exception {
        // the registry is the JVM's: timers of models from earlier tests may still run
        List<Object> before = fx(Animations::runningTimers);
        robot.interact(() -> {
            context.model().set(trained);
            model.instantProperty().set(true);
        });
        setText(robot, "prime", "the ");
        setText(robot, "length", "40");
        TextField seed = robot.lookup("#seed").queryAs(TextField.class);
        robot.clickOn(seed);
        robot.interact(seed::selectAll);
        robot.write("4x2");
        WaitForAsyncUtils.waitForFxEvents();
        String refusal = "seed must be a whole number (got '4x2')";
        assertTrue(seed.getPseudoClassStates().contains(PseudoClass.getPseudoClass("invalid")), "the field looks refused");
        assertEquals(refusal, fx(() -> seed.getTooltip().getText()));
        robot.clickOn("#generate");
        assertTrue(message(robot).contains(refusal), message(robot));
        assertEquals(null, model.main().generation(), "nothing generated with a seed that was not typed");

        // a good seed (group separators read as everywhere) clears the mark and is the one used
        setText(robot, "seed", " 1_234 ");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(seed.getPseudoClassStates().contains(PseudoClass.getPseudoClass("invalid")), "the field looks accepted");
        assertEquals("Same seed, same text", fx(() -> seed.getTooltip().getText()));
        robot.clickOn("#generate");
        waitFor(() -> model.main().generation() != null && !model.runningProperty().get());
        assertEquals(1234, model.main().generation().settings().seed());
        // generation over, the app is idle: neither the pacing timer nor a lane's hand-off runs
        Callable<List<String>> generateTimers = () -> Animations.runningTimers().stream().filter(t -> !before.contains(t))
                .map(Animations::nameOf).filter(name -> name != null && name.startsWith("generate-")).toList();
        try {
            waitFor(() -> generateTimers.call().isEmpty());
        } catch (TimeoutException e) {
            assertEquals(List.of(), generateTimers.call(), "generate's timers still run with nothing to do");
        }
    }

    @Test
    void aBadTemperatureOrRefreshCountIsShownRefusedNotQuietlyPutBack(FxRobot robot) {
        PseudoClass invalid = PseudoClass.getPseudoClass("invalid");
        double before = fx(() -> model.temperatureProperty().get());
        TextField exact = robot.lookup("#temperature").queryAs(TextField.class);
        robot.clickOn(exact);
        robot.interact(exact::selectAll);
        robot.write("900").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("900", fx(exact::getText), "the refused text stays where the person typed it");
        assertTrue(exact.getPseudoClassStates().contains(invalid), "the field looks refused");
        assertEquals("temperature must be between 0.001 and 100 (got '900')", fx(() -> exact.getTooltip().getText()));
        assertEquals(before, fx(() -> model.temperatureProperty().get()), "a refused temperature is not used");
        robot.interact(exact::selectAll);
        robot.write("0.5").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(exact.getPseudoClassStates().contains(invalid), "the field looks accepted");
        assertEquals(0.5, fx(() -> model.temperatureProperty().get()));

        TextField every = robot.lookup("#refresh-every").queryAs(TextField.class);
        robot.clickOn(every);
        robot.interact(every::selectAll);
        robot.write("ten").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(every.getPseudoClassStates().contains(invalid), "the field looks refused");
        assertEquals("refresh every must be a whole number (got 'ten')", fx(() -> every.getTooltip().getText()));
        robot.interact(every::selectAll);
        robot.write("500").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(every.getPseudoClassStates().contains(invalid), "the field looks accepted");
        assertEquals(500L, fx(() -> model.refreshEveryProperty().get()));
        // leaving a refused field shows the value in use again
        robot.interact(every::selectAll);
        robot.write("-3");
        robot.clickOn("#prime");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("500", fx(every::getText));
        assertFalse(every.getPseudoClassStates().contains(invalid));
    }

    private String message(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#message").queryAs(Label.class).getText();
    }

    @Test
    void instantGenerationSavesAndSendsToTheSamplesView(FxRobot robot, @TempDir Path dir) throws Exception {
        List<GeneratedText> received = new ArrayList<>();
        robot.interact(() -> {
            context.model().set(trained);
            context.events().subscribe(GeneratedText.class, received::add);
            model.instantProperty().set(true);
            model.modeProperty().set(Sampler.Mode.TOP_K);
            model.topKProperty().set(3);
        });
        setText(robot, "prime", "a cat");
        setText(robot, "length", "20000");
        robot.clickOn("#generate");
        waitFor(() -> model.main().shown() == 20000 && !model.runningProperty().get());
        String text = fx(model::text);
        assertEquals(20005, text.length());
        assertTrue(fx(() -> view.mainCanvas().lineCount()) > 100);

        Path file = dir.resolve("out.txt");
        assertTrue(fx(() -> model.save(file)));
        assertEquals(text, Files.readString(file, StandardCharsets.UTF_8));
        assertFalse(fx(() -> model.save(dir.resolve("no/such/folder/out.txt"))));
        assertTrue(message(robot).startsWith("Could not save"), message(robot));

        robot.clickOn("#send");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, received.size());
        assertEquals(trained.iteration(), received.get(0).iteration());
        assertEquals(text, received.get(0).text());
        assertTrue(received.get(0).settings().contains("top-k 3"), received.get(0).settings());
    }

    @Test
    void sideBySideAtThreeTemperaturesAndTwoModels(FxRobot robot) throws Exception {
        robot.interact(() -> {
            context.model().set(trained);
            model.instantProperty().set(true);
        });
        setText(robot, "prime", "the ");
        setText(robot, "length", "400");
        robot.clickOn("#side-by-side");
        setText(robot, "temperatures", "0.2, 1, 2.5");
        robot.clickOn("#generate");
        waitFor(() -> model.lanes().size() == 3 && !model.runningProperty().get()
                && model.lanes().stream().allMatch(l -> l.shown() == 400));
        assertNotNull(robot.lookup("#lane-2").tryQuery().orElse(null));
        assertEquals(0.2, model.lanes().get(0).generation().settings().temperature());
        assertEquals(2.5, model.lanes().get(2).generation().settings().temperature());
        assertTrue(robot.lookup("#lane-label-2").queryAs(Label.class).getText().contains("T 2.50"));
        assertTrue(fx(model::allText).contains("T 1.00"));

        setText(robot, "temperatures", "1");
        robot.clickOn("#generate");
        assertTrue(message(robot).contains("two or three"), message(robot));

        // models: A must be pinned first; then A (pinned) and B (current) from the same prime and seed
        robot.clickOn("#compare-models");
        robot.clickOn("#generate");
        assertTrue(message(robot).startsWith("Pin a model"), message(robot));
        ModelSnapshot early = new ModelSnapshot(0, trained.vocabulary(), untrained(), trained.gradients(), List.of());
        robot.interact(() -> context.model().set(early));
        robot.clickOn("#pin");
        robot.interact(() -> context.model().set(trained));
        robot.clickOn("#generate");
        waitFor(() -> model.lanes().size() == 2 && !model.runningProperty().get()
                && model.lanes().stream().allMatch(l -> l.shown() == 400));
        assertEquals(early, model.lanes().get(0).generation().model());
        assertEquals(trained, model.lanes().get(1).generation().model());
        assertTrue(robot.lookup("#lane-label-0").queryAs(Label.class).getText().startsWith("A: iteration 0"));
    }

    /** Issue 25: a stacked model's checkpoint (format 3) is pinned as A and generates, its layers named (it was refused). */
    @Test
    void loadsAStackedModelAsModelA(FxRobot robot, @TempDir Path dir) throws Exception {
        Corpus corpus = Corpus.of("verses.txt", "ce frumoasa e luna, ce dulce e vantul\n".repeat(20));
        TrainerState state = new Trainer(corpus, TrainingConfig.defaults().withCell(Cell.LSTM).withHiddenSize(6).withSequenceLength(5)
                .withDepth(new Depth(2, 3, 0.0))).exportState();
        Path deep = dir.resolve("deep.npz");
        Checkpoint.save(deep, state, Checkpoint.CorpusInfo.of(corpus));
        robot.interact(() -> model.loadPinned(deep));
        waitFor(() -> model.pinnedProperty().get() != null || model.messageProperty().get().startsWith("Could not"));
        assertEquals("Pinned deep.npz (iteration 0, H 6, 2 layers) as model A.", model.messageProperty().get());
        assertEquals(2, model.pinnedProperty().get().layers());
        robot.interact(() -> {
            context.model().set(model.pinnedProperty().get());
            model.instantProperty().set(true);
            model.primeProperty().set("ce "); // the checkpoint's characters
            model.lengthProperty().set("40");
        });
        robot.clickOn("#generate");
        waitFor(() -> !model.runningProperty().get() && model.text().length() >= 40);
        assertTrue(model.text().chars().allMatch(ch -> corpus.vocabulary().contains(ch)), model.text());
    }

    @Test
    void loadsModelAFromACheckpointFileAndComparesIt(FxRobot robot, @TempDir Path dir) throws Exception {
        Path fixture = Path.of(getClass().getResource("/checkpoints/format1-tiny.npz").toURI());
        robot.interact(() -> model.loadPinned(dir.resolve("missing.npz")));
        waitFor(() -> model.messageProperty().get().contains("not found"));
        Path garbage = Files.writeString(dir.resolve("garbage.npz"), "not a zip");
        robot.interact(() -> model.loadPinned(garbage));
        waitFor(() -> !model.messageProperty().get().startsWith("Loading"));
        assertEquals(null, model.pinnedProperty().get());

        robot.interact(() -> model.loadPinned(fixture));
        waitFor(() -> model.pinnedProperty().get() != null);
        ModelSnapshot a = model.pinnedProperty().get();
        assertTrue(model.pinnedInfoProperty().get().contains("format1-tiny.npz"), model.pinnedInfoProperty().get());
        assertEquals(8, a.hiddenSize());
        // the current model is a copy of A trained further... here simply the same file loaded again: same text
        robot.interact(() -> {
            context.model().set(Checkpoint.loadModel(fixture));
            model.instantProperty().set(true);
            model.sideBySideProperty().set(true);
            model.compareProperty().set(GenerateModel.Compare.MODELS);
            model.primeProperty().set("");
            model.lengthProperty().set("300");
        });
        robot.clickOn("#generate");
        waitFor(() -> model.lanes().size() == 2 && !model.runningProperty().get()
                && model.lanes().stream().allMatch(l -> l.shown() == 300));
        assertEquals(a, model.lanes().get(0).generation().model());
        assertEquals(model.lanes().get(0).generation().text(), model.lanes().get(1).generation().text());
    }

    @Test
    void generatesFromTheLiveRunAndTakesItsLatestWeightsOnRequest(FxRobot robot) throws Exception {
        Corpus corpus = Corpus.of("fox", "the quick brown fox jumps over the lazy dog. ".repeat(30));
        robot.interact(() -> {
            context.training().setSpeed(200); // slow enough that iterations pass between requests
            context.training().start(corpus, TrainingConfig.defaults().withHiddenSize(16).withIterations(1_000_000).withSampleEvery(0));
        });
        try {
            // a running trainer copies its weights only on request: Generate asks, and starts when they come
            waitFor(() -> context.snapshot().get() != null && context.snapshot().get().iteration() > 5);
            assertEquals(null, context.model().get());
            robot.interact(() -> model.instantProperty().set(true));
            setText(robot, "prime", "the ");
            setText(robot, "length", "200");
            robot.clickOn("#generate");
            waitFor(() -> context.model().get() != null && model.main().shown() == 200 && !model.runningProperty().get());
            assertEquals(context.model().get(), model.main().generation().model());
            long first = context.model().get().iteration();
            waitFor(() -> context.snapshot().get().iteration() > first + 20);
            assertEquals(first, context.model().get().iteration(), "no copy without a request");
            robot.clickOn("#use-latest");
            waitFor(() -> context.model().get().iteration() > first);
            assertTrue(robot.lookup("#model-info").queryAs(Label.class).getText()
                    .contains(String.format(Locale.ROOT, "iteration %,d", context.model().get().iteration())));

            // generation runs from the copy while training goes on
            robot.clickOn("#generate");
            waitFor(() -> model.main().shown() == 200 && !model.runningProperty().get());
            assertEquals(context.model().get(), model.main().generation().model());

            // or every N iterations
            setText(robot, "refresh-every", "10");
            robot.clickOn("#refresh-every").type(KeyCode.ENTER);
            long now = context.model().get().iteration();
            waitFor(() -> context.model().get().iteration() >= now + 10);
        } finally {
            robot.interact(() -> context.training().reset());
        }
    }

    private static List<Tensor> untrained() {
        return new VanillaRnn(trained.vocabSize(), trained.hiddenSize(), new Rng(1)).parameters();
    }
}
