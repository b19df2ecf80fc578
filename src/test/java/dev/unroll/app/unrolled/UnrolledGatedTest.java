package dev.unroll.app.unrolled;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.WindowTest;
import dev.unroll.app.core.Theme;
import dev.unroll.app.shell.Preset;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.RunState;

import javafx.event.ActionEvent;
import javafx.scene.control.Tab;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Unrolled view in the main window with an LSTM run: the walk-through unrolls the run's windows
 * and a typed text as the gated cell's walk (GatedWalk, not the vanilla trace); no page throws, and
 * the weights page draws the LSTM's own matrices.
 */
class UnrolledGatedTest extends WindowTest {

    @Test
    void anLstmRunGetsItsGatedWalkThroughAndNoPageFails() {
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
            await(20, "the LSTM's walk instead of the demo's vanilla one", () -> onFx(() -> walk.trace() == null
                    && walk.gated() != null && walk.gated().gates().cell() == Cell.LSTM));
            UnrolledView view = feature.view();
            assertTrue(onFx(() -> view.gatedChain.isVisible() && !view.stepForward.isDisabled()), "a gated walk to step through");
            runFx(walk::stepForward);
            await(10, "the four gates drawn at step 1", () -> onFx(() -> view.gatedChain.gatedColumnCount() == 4));

            // a typed text on the LSTM's weights: its walk too (the text's 6 steps)
            runFx(() -> {
                walk.followProperty().set(false);
                view.text.setText("abc abc");
                view.text.fireEvent(new ActionEvent());
            });
            await(10, "the typed text unrolled", () -> onFx(() -> walk.gated() != null && walk.gated().length() == 6
                    && !walk.computingProperty().get()));

            // every page shows without an exception; the weights page says its heatmaps are the vanilla cell's
            for (Tab page : onFx(() -> List.copyOf(view.pages.getTabs()))) {
                runFx(() -> view.pages.getSelectionModel().select(page));
                await(10, "page " + page.getId() + " after a few snapshots", () -> window.context().snapshot().get().iteration() > 0);
            }
            runFx(() -> window.context().commands().execute("run.pause"));
            await(20, "paused", () -> window.context().training().state() == RunState.PAUSED);
            runFx(() -> view.pages.getSelectionModel().select(view.pages.getTabs().get(view.pages.getTabs().size() - 1)));
            await(10, "the weights note", () -> onFx(() -> view.weightsNote.getText().contains("LSTM")));
            assertEquals(List.of("weight_ih", "weight_hh", "Why"), onFx(() -> List.of(view.heat[0][0].title(), view.heat[1][0].title(), view.heat[2][0].title())));
            for (HeatmapCanvas[] row : view.heat) {
                for (HeatmapCanvas h : row) {
                    assertNotNull(onFx(() -> h.figure(PictureExport.style(Theme.LIGHT))), h.getId() + " draws the LSTM's matrix");
                }
            }
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(thrown.isEmpty(), "no exception on the JavaFX thread: " + thrown);
        } finally {
            runFx(() -> Thread.currentThread().setUncaughtExceptionHandler(before));
        }
    }
}
