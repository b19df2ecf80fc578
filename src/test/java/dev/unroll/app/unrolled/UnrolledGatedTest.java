package dev.unroll.app.unrolled;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.WindowTest;
import dev.unroll.app.shell.Preset;
import dev.unroll.engine.Cell;
import dev.unroll.engine.RunState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Tab;
import org.junit.jupiter.api.Test;

/**
 * The Unrolled view with an LSTM run: its walk-through follows the vanilla cell's equations, so it
 * draws no walk-through for a gated run and says so in a sentence, on the window and on a typed
 * text; no page throws, and the weights page says its heatmaps are the vanilla cell's.
 */
class UnrolledGatedTest extends WindowTest {

    @Test
    void anLstmRunGetsASentenceInsteadOfAWalkThroughAndNoPageFails() {
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = onFx(() -> Thread.currentThread().getUncaughtExceptionHandler());
        runFx(() -> Thread.currentThread().setUncaughtExceptionHandler((t, e) -> thrown.add(e)));
        try {
            UnrolledFeature feature = (UnrolledFeature) window.feature("unrolled").orElseThrow();
            UnrolledModel walk = feature.model();
            await(20, "default corpus chosen", () -> window.context().corpus().get() != null);
            runFx(() -> window.select("unrolled"));
            runFx(() -> {
                window.hyperparameters().settings().apply(Preset.QUICK_DEMO.config().withCell(Cell.LSTM, 12).withIterations(100_000_000));
                window.controls().setSpeed(50);
                window.context().commands().execute("run.start");
            });
            await(30, "LSTM weights in the view", () -> window.context().model().get() != null
                    && window.context().model().get().cell() == Cell.LSTM && window.context().snapshot().get() != null
                    && window.context().snapshot().get().iteration() > 20);
            String sentence = UnrolledModel.gatedSentence(Cell.LSTM);
            await(20, "the sentence instead of the demo's walk-through", () -> walk.trace() == null
                    && sentence.equals(walk.messageProperty().get()));
            assertTrue(sentence.contains("vanilla") && sentence.contains("LSTM") && sentence.contains("not drawn yet"), sentence);
            UnrolledView view = feature.view();
            assertEquals(sentence, onFx(view.message::getText));
            assertTrue(onFx(view.message::isVisible));
            assertTrue(onFx(() -> view.stepForward.isDisabled()), "nothing to step through");

            // a typed text on the LSTM's weights: the same sentence, no trace
            runFx(() -> {
                view.text.setText("abc abc");
                view.text.fireEvent(new javafx.event.ActionEvent());
            });
            await(10, "the typed text refused too", () -> walk.trace() == null && !walk.computingProperty().get()
                    && sentence.equals(walk.messageProperty().get()));

            // every page shows without an exception; the weights page says its heatmaps are the vanilla cell's
            for (Tab page : onFx(() -> List.copyOf(view.pages.getTabs()))) {
                runFx(() -> view.pages.getSelectionModel().select(page));
                await(10, "page " + page.getId() + " after a few snapshots", () -> window.context().snapshot().get().iteration() > 0);
            }
            runFx(() -> window.context().commands().execute("run.pause"));
            await(20, "paused", () -> window.context().training().state() == RunState.PAUSED);
            runFx(() -> view.pages.getSelectionModel().select(view.pages.getTabs().get(view.pages.getTabs().size() - 1)));
            await(10, "the weights note", () -> view.weightsNote.getText().contains("LSTM"));
            for (HeatmapCanvas[] row : view.heat) {
                for (HeatmapCanvas h : row) {
                    assertNull(onFx(() -> h.figure(dev.unroll.app.ui.PictureExport.style(dev.unroll.app.core.Theme.LIGHT))), h.getId() + " draws no vanilla matrix");
                }
            }
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
            assertTrue(thrown.isEmpty(), "no exception on the JavaFX thread: " + thrown);
        } finally {
            runFx(() -> Thread.currentThread().setUncaughtExceptionHandler(before));
        }
    }
}
