package dev.unroll.app.unrolled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Icons;
import dev.unroll.app.events.ProbeText;
import dev.unroll.app.events.ShowFlavor;
import dev.unroll.app.events.ShowWalk;
import dev.unroll.app.stage.DemoModel;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.BpttTrace;
import dev.unroll.engine.inspect.SpectralTracker;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.render.Pictures;

import javafx.animation.Animation;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * What a talk's {@code [unrolled]} slides show on arrival (the walk-through's slide settings), and what the
 * speaker and the audience see around them: Reset after a blow-up, the spectral radius over training, the
 * transport buttons' icons, and a walk held while the speaker steps. Pictures go to target/unrolled-slides/.
 */
@ExtendWith(ApplicationExtension.class)
class UnrolledSlidesTest {
    private static final Corpus CORPUS = Corpus.of("test", "the cat sat on the mat, the rat ate the hat; ".repeat(30));
    private static final Path PICTURES = Path.of("target", "unrolled-slides");

    private TrainingSession session;
    private AppContext context;
    private UnrolledFeature feature;

    @Start
    void start(Stage stage) {
        session = new TrainingSession();
        context = new AppContext(session);
        feature = new UnrolledFeature(context);
        UnrolledFeatureTest.show(stage, context, feature);
    }

    @AfterEach
    void tearDown() {
        WaitForAsyncUtils.asyncFx(() -> {
            feature.dispose();
            session.dispose();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static TrainingConfig config(long iterations) {
        return TrainingConfig.defaults().withHiddenSize(16).withSequenceLength(25).withIterations(iterations).withSampleEvery(0).withSeed(5);
    }

    private void train(FxRobot robot, long iterations) throws Exception {
        robot.interact(() -> session.start(CORPUS, config(iterations)));
        await(60, () -> session.state() == RunState.FINISHED);
        await(20, () -> walk().trace() != null && walk().trace().modelIteration() == iterations && !walk().computingProperty().get());
    }

    private UnrolledModel walk() {
        return feature.model();
    }

    private static void await(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private void publish(FxRobot robot, Object event) {
        robot.interact(() -> context.events().publish(event));
    }

    private String status() throws Exception {
        return fx(() -> feature.view().status.getText());
    }

    private void awaitSettled() throws Exception {
        await(20, () -> !walk().computingProperty().get() && walk().hasWalk()
                && feature.view().unrollAnimation().getStatus() == Animation.Status.STOPPED);
    }

    /** The canvas of the chain as pixels (and as a PNG under target/unrolled-slides/ to look at). */
    private int[] picture(String name) throws Exception {
        WritableImage img = fx(() -> feature.view().chain.snapshot(null, null));
        Files.createDirectories(PICTURES);
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", new File(PICTURES.toFile(), name + ".png"));
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] px = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return px;
    }

    @Test
    void aSlidesSettingsShowTheChainThePassAndStepAndTheSourceWithoutAClick(FxRobot robot) throws Exception {
        train(robot, 300);
        String text = "the cat sat on the mat";
        int steps = text.length() - 1;
        // as a slide publishes them: its text, then its walk-through; the step waits for the text's walk
        robot.interact(() -> {
            context.events().publish(new ProbeText(text, "unrolled"));
            context.events().publish(new ShowWalk(true, null, 3, null));
        });
        awaitSettled();
        assertEquals(UnrolledModel.Source.TEXT, walk().sourceProperty().get());
        assertEquals(steps, walk().length());
        assertEquals(3, (int) fx(walk()::position));
        assertTrue(status().startsWith("forward step 3 of " + steps + " · loss of step"), status());
        assertEquals(1.0, fx(() -> feature.view().chain.unrollProperty().get()), "unrolled: the chain of copies");
        int unrolledColumns = fx(() -> feature.view().chain.drawnColumns());
        assertTrue(unrolledColumns > 10, "copies of the cell drawn: " + unrolledColumns);

        // the four flavors on the unrolled chain: four different pictures
        List<int[]> flavors = new ArrayList<>();
        for (String name : ShowFlavor.NAMES) {
            publish(robot, new ShowFlavor(name));
            WaitForAsyncUtils.waitForFxEvents();
            flavors.add(picture("flavor-" + name.replace(' ', '-').replace(",", "")));
        }
        for (int a = 0; a < flavors.size(); a++) {
            for (int b = a + 1; b < flavors.size(); b++) {
                assertFalse(Arrays.equals(flavors.get(a), flavors.get(b)),
                        ShowFlavor.NAMES.get(a) + " and " + ShowFlavor.NAMES.get(b) + " look the same");
            }
        }

        // the backward pass: its last step, whatever the walk's length; and its start
        publish(robot, new ShowWalk(null, ShowWalk.BACKWARD, ShowWalk.LAST, null));
        assertEquals(2 * steps, (int) fx(walk()::position));
        assertTrue(status().startsWith("backward step " + steps + " of " + steps), status());
        publish(robot, new ShowWalk(null, ShowWalk.BACKWARD, 2, null));
        assertTrue(status().startsWith("backward step 2 of " + steps), status());
        publish(robot, new ShowWalk(null, ShowWalk.BACKWARD, null, null));
        assertEquals(steps, (int) fx(walk()::position), "the start of the backward pass: the forward pass done");
        picture("backward-start");

        // folded: one cell
        publish(robot, new ShowWalk(false, ShowWalk.FORWARD, 0, null));
        awaitSettled();
        assertEquals(0.0, fx(() -> feature.view().chain.unrollProperty().get()));
        assertEquals(1, (int) fx(() -> feature.view().chain.drawnColumns()), "folded: one cell");
        assertTrue(status().startsWith("ready: step forward"), status());
        picture("folded");

        // Follow training: the trainer's own window; typed: the text again
        publish(robot, new ShowWalk(null, null, null, ShowWalk.TRAINING));
        awaitSettled();
        assertEquals(UnrolledModel.Source.WINDOW, walk().sourceProperty().get());
        assertTrue(fx(() -> feature.view().follow.isSelected()));
        assertTrue(fx(() -> feature.view().sourceWindow.isSelected()));
        assertTrue(fx(() -> feature.view().description.getText()).startsWith("window of iteration 300"));
        publish(robot, new ShowWalk(null, null, ShowWalk.LAST, ShowWalk.TYPED));
        awaitSettled();
        assertEquals(UnrolledModel.Source.TEXT, walk().sourceProperty().get());
        assertTrue(fx(() -> feature.view().sourceText.isSelected()));
        assertTrue(fx(() -> feature.view().description.getText()).startsWith("typed text"));
        assertEquals(steps, (int) fx(walk()::position), "the last forward step of the typed text");
    }

    @Test
    void afterABlowUpResetShowsTheDemoNetworkNotTheInfiniteWeights(FxRobot robot) throws Exception {
        ModelSnapshot demo = DemoModel.load().model();
        // as the session controller does: after a reset the model is the demo network again
        robot.interact(() -> session.runExistsProperty().addListener((o, was, exists) -> {
            if (was && !exists) {
                context.model().set(demo);
            }
        }));
        robot.interact(() -> session.start(CORPUS, config(100_000).withLearningRate(1e12)));
        await(30, () -> session.state() == RunState.DIVERGED && !session.isActive());
        await(20, () -> walk().trace() != null && !walk().computingProperty().get());
        robot.interact(() -> {
            walk().toStart();
            walk().stepForward();
        });
        String blownUp = status();
        assertFalse(blownUp.matches(".*loss of step \\d.*"), "the blown-up window's loss is not finite: " + blownUp);

        robot.interact(session::reset);
        await(20, () -> !walk().computingProperty().get() && walk().trace() != null
                && walk().trace().modelIteration() == demo.iteration());
        assertEquals("typed text · weights of iteration " + Pictures.count(demo.iteration()),
                fx(() -> feature.view().description.getText()));
        BpttTrace t = walk().trace();
        for (double loss : t.stepLoss()) {
            assertTrue(Double.isFinite(loss) && loss > 0 && loss < 50, "a step's loss on the demo network: " + loss);
        }
        robot.interact(() -> {
            walk().toStart();
            walk().stepForward();
        });
        assertTrue(status().matches("forward step 1 of \\d+ · loss of step \\d+\\.\\d{3} · loss so far \\d+\\.\\d{3}"), status());

        // leaving and coming back: still the demo network
        robot.interact(() -> feature.setShowing(false));
        robot.interact(() -> feature.setShowing(true));
        await(20, () -> !walk().computingProperty().get());
        assertEquals(demo.iteration(), walk().trace().modelIteration());
        assertTrue(fx(() -> feature.view().description.getText()).endsWith(Pictures.count(demo.iteration())));
    }

    @Test
    void theSpectralRadiusIsAHistoryFromTheRunsStartAlsoWhenTheViewWasHidden(FxRobot robot) throws Exception {
        robot.interact(() -> feature.setShowing(false)); // the talk is on the loss slide while training runs
        robot.interact(() -> {
            session.setSpeed(600);
            session.start(CORPUS, config(100_000_000));
        });
        // about a decomposition a second while training: wait for four, then pause (the talk's next slide)
        await(60, () -> feature.spectralHistory().size() >= 4);
        robot.interact(session::pause);
        await(10, () -> session.state() == RunState.PAUSED);
        assertNull(walk().trace(), "hidden, the view unrolled nothing");
        robot.interact(() -> {
            feature.setShowing(true);
            feature.view().showPage("flow");
        });
        await(20, () -> fx(() -> feature.view().flowRadius.series().get(0).x().length) >= 4);
        SpectralTracker.History h = feature.spectralHistory();
        long first = h.iteration()[0];
        long last = h.iteration()[h.size() - 1];
        assertTrue(h.size() >= 4 && first < last / 2, "the history starts near the run's start, not when the view was shown: "
                + Arrays.toString(h.iteration()));
        double[] x = fx(() -> feature.view().flowRadius.series().get(0).x());
        assertEquals(h.size(), x.length);
        for (double r : h.radius()) {
            assertTrue(r > 0 && Double.isFinite(r), "a radius " + r);
        }
        WritableImage img = fx(() -> feature.view().flowRadius.snapshot(null, null));
        Files.createDirectories(PICTURES);
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", new File(PICTURES.toFile(), "spectral-radius.png"));
    }

    @Test
    void theTransportButtonsDrawIconsFromTheBundledFontWithTheirWordsAsTooltips(FxRobot robot) throws Exception {
        train(robot, 30);
        UnrolledView v = feature.view();
        Object[][] expected = {{v.start, MaterialDesignS.SKIP_PREVIOUS, "start"}, {v.stepBack, MaterialDesignS.STEP_BACKWARD, "back"},
            {v.play, MaterialDesignP.PLAY, "Play"}, {v.stepForward, MaterialDesignS.STEP_FORWARD, "forward"},
            {v.end, MaterialDesignS.SKIP_NEXT, "end"}};
        for (Object[] e : expected) {
            Button b = (Button) e[0];
            assertEquals("", fx(b::getText), "no glyph from the system's fonts");
            Node g = fx(b::getGraphic);
            assertTrue(g instanceof FontIcon, "an icon from the bundled font");
            assertEquals(e[1], Icons.iconOf(b));
            String family = fx(() -> ((FontIcon) g).getFont().getFamily());
            assertTrue(family.startsWith("Material Design Icons"), family);
            assertTrue(fx(() -> b.getTooltip().getText()).contains((String) e[2]), fx(() -> b.getTooltip().getText()));
            assertTrue(fx(() -> b.getWidth()) > 10 && fx(() -> ((FontIcon) g).getLayoutBounds().getWidth()) > 5, "drawn with a size");
        }
        robot.clickOn("#unrolled-play");
        await(5, walk()::isPlaying);
        assertEquals(MaterialDesignP.PAUSE, fx(() -> Icons.iconOf(v.play)));
        assertEquals("Pause", fx(v.play::getAccessibleText));
        robot.interact(walk()::pause);
        assertEquals(MaterialDesignP.PLAY, fx(() -> Icons.iconOf(v.play)));
        WritableImage img = fx(() -> ((Parent) v.play.getParent()).snapshot(null, null));
        Files.createDirectories(PICTURES);
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", new File(PICTURES.toFile(), "transport.png"));
    }

    @Test
    void steppingHoldsTheFollowedWindowUntilFollowIsOnAgain(FxRobot robot) throws Exception {
        robot.interact(() -> {
            session.setSpeed(400);
            session.start(CORPUS, config(100_000_000));
        });
        await(30, () -> walk().trace() != null && !walk().computingProperty().get() && walk().windowIteration() > 0);
        // following: a newer window replaces the walk
        long firstWindow = walk().windowIteration();
        await(30, () -> walk().windowIteration() > firstWindow && !walk().computingProperty().get());
        // the speaker steps: the walk is held
        robot.clickOn("#unrolled-canvas");
        robot.type(KeyCode.RIGHT, 5);
        robot.type(KeyCode.LEFT);
        long held = walk().windowIteration();
        assertEquals(4, (int) fx(walk()::position));
        assertFalse(fx(() -> feature.view().follow.isSelected()), "Follow turned off by stepping");
        // two more copies of the weights come: the window and the step stay
        long copy = context.model().get().iteration();
        await(30, () -> context.model().get().iteration() > copy);
        long copy2 = context.model().get().iteration();
        await(30, () -> context.model().get().iteration() > copy2);
        assertEquals(held, walk().windowIteration(), "the held window");
        assertEquals(4, (int) fx(walk()::position));
        robot.type(KeyCode.LEFT);
        assertEquals(3, (int) fx(walk()::position), "one ← is one step back in the same window");
        assertEquals(held, walk().windowIteration());
        // Follow on again: the newest window at once
        robot.clickOn("#unrolled-follow");
        await(30, () -> walk().windowIteration() > held && !walk().computingProperty().get());
        assertNotEquals(held, walk().windowIteration());
        robot.interact(session::pause);
    }
}
