package dev.unroll.app.unrolled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.BpttTrace;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hidden Unrolled view does no work beyond the spectral radius's history: model copies made for another view
 * are not unrolled until it shows, and Whh is decomposed at most once per {@link UnrolledFeature#COPY_CADENCE}.
 */
@ExtendWith(ApplicationExtension.class)
class UnrolledWhileHiddenTest {
    private static final Corpus CORPUS = Corpus.of("test", "the cat sat on the mat, the rat ate the hat; ".repeat(30));

    private TrainingSession session;
    private UnrolledFeature feature;

    @Start
    void start(Stage stage) {
        session = new TrainingSession();
        feature = new UnrolledFeature(new AppContext(session));
        stage.setScene(new Scene((Parent) feature.node(), 1280, 800));
        stage.show();
        feature.setShowing(false); // another tab shows
    }

    @AfterEach
    void tearDown() {
        WaitForAsyncUtils.asyncFx(() -> {
            feature.dispose();
            session.dispose();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void computesNothingWhileHiddenAndCatchesUpWhenShown(FxRobot robot) throws Exception {
        AtomicBoolean computed = new AtomicBoolean();
        Object otherView = new Object();
        robot.interact(() -> {
            feature.model().computingProperty().addListener((o, a, busy) -> computed.compareAndSet(false, busy));
            // another view (hidden state, say) asks training for copies of the weights
            session.setModelCopyEvery(otherView, 10);
            session.start(CORPUS, TrainingConfig.defaults().withHiddenSize(16).withSequenceLength(25)
                    .withIterations(200).withSampleEvery(0).withSeed(5));
        });
        long started = System.nanoTime();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.state() == RunState.FINISHED && !session.isActive());
        WaitForAsyncUtils.waitForFxEvents();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertFalse(computed.get(), "the hidden view unrolled a window");
        assertNull(feature.model().trace());
        // the other view's copies come every 10 iterations: Whh is decomposed at most once per cadence of them
        int decomposed = feature.spectralHistory().size();
        assertTrue(decomposed <= 2 + seconds / UnrolledFeature.COPY_CADENCE.toSeconds(),
                decomposed + " decompositions in " + seconds + " s: more than one per " + UnrolledFeature.COPY_CADENCE);

        // shown: it unrolls the newest window on the newest copy of the weights
        robot.interact(() -> feature.setShowing(true));
        TrainingSnapshot last = session.snapshot();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            BpttTrace t = feature.model().trace();
            return t != null && t.modelIteration() == last.model().iteration() && !feature.model().computingProperty().get();
        });
        // and the spectral radius of the newest weights
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> feature.spectralHistory().latest() != null
                && feature.spectralHistory().latest().iteration() == last.model().iteration());
    }
}
