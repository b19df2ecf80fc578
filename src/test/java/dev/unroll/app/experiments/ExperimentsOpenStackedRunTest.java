package dev.unroll.app.experiments;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.WindowTest;
import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.hidden.HiddenFeature;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.sweep.FileSweepStorage;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.engine.sweep.SweepListener;
import dev.unroll.engine.sweep.SweepManifest;
import dev.unroll.engine.sweep.SweepOptions;
import dev.unroll.engine.sweep.SweepRunner;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Issue 25: a stacked run of a sweep opens in the views ("Open in views"), as a stacked run from the side panel or
 * the File menu does: it was refused with "which the window cannot show yet" while the views knew one layer only.
 */
class ExperimentsOpenStackedRunTest extends WindowTest {

    /** A real sweep of one 2-layer LSTM run at batch 2, written to {@code folder} by the engine's runner (as 'unroll sweep --layers 2' does). */
    private static List<RunResult> sweep(Path folder, Corpus corpus) throws InterruptedException {
        TrainingConfig base = TrainingConfig.defaults().withCell(Cell.LSTM).withDepth(new Depth(2, 2, 0.0)).withIterations(200)
                .withSequenceLength(10).withValFraction(0);
        SweepGrid grid = new SweepGrid(List.of(12), List.of(0.1), List.of(10), List.of(3L), base);
        SweepManifest m = new SweepManifest("stacked", SweepManifest.CorpusRef.of(corpus, "memory"), grid, new SweepOptions(20, 1000, 1));
        return SweepRunner.create(folder, m, corpus, new FileSweepStorage(), SweepListener.NONE).run(1);
    }

    @Test
    void aTwoLayerSweepRunOpensInTheViewsWithItsLayersNamed(FxRobot robot) throws Exception {
        Corpus corpus = Corpus.of("verses.txt", """
                Pe langa plopii fara sot adesea am trecut;
                Ma cunosteau vecinii toti - tu nu m-ai cunoscut.
                """.repeat(10));
        Path folder = dir.resolve("stacked-sweep");
        List<RunResult> results = sweep(folder, corpus);
        assertEquals(RunStatus.FINISHED, results.get(0).status(), results.toString());

        ExperimentsFeature experiments = (ExperimentsFeature) window.feature("experiments").orElseThrow();
        ExperimentsModel model = experiments.model();
        runFx(() -> {
            window.select("experiments");
            model.open(folder);
        });
        await(10, "the sweep's run", () -> onFx(() -> model.rows().size()) == 1);
        RunRow run = onFx(() -> model.rows().get(0));
        assertEquals(2, run.spec().config().depth().layers());
        runFx(() -> experiments.view().table().getSelectionModel().select(run));
        // the view shows after the tab's next layout pass: the button is clicked once it is on screen and enabled
        await(10, "Open in views on screen", () -> onFx(() -> robot.lookup("#exp-open-run").tryQuery()
                .map(b -> b.getScene() != null && b.isVisible() && !b.isDisabled() && b.getLayoutBounds().getWidth() > 0).orElse(false)));
        robot.clickOn("#exp-open-run");

        // opened, or (as before) refused with one line: either is said about run 01
        await(20, "a word about run 01", () -> onFx(() -> model.messageProperty().get()).toLowerCase(Locale.ROOT).startsWith("run 01"));
        assertEquals("Run 01 (2 layers, iteration 200) is open in the generation, hidden-state and unrolled views.",
                onFx(() -> model.messageProperty().get()));
        ModelSnapshot open = onFx(() -> window.context().model().get());
        assertEquals(2, open.layers(), "the stacked model");
        assertEquals(12, open.hiddenSize());
        assertEquals(200, open.iteration());

        // and the views show it, saying its layers
        int vocab = corpus.vocabulary().size();
        GenerateFeature generate = (GenerateFeature) window.feature("generate").orElseThrow();
        runFx(() -> window.select("generate"));
        await(20, "the stacked weights to generate with", () -> onFx(() -> generate.model().modelInfoProperty().get())
                .equals(String.format(Locale.ROOT, "Weights of iteration 200 · H 12 · 2 layers · %d characters", vocab)));
        HiddenFeature hidden = (HiddenFeature) window.feature("hidden").orElseThrow();
        runFx(() -> window.select("hidden"));
        await(30, "the hidden state of the top layer", () -> onFx(() -> hidden.model().statusProperty().get()).contains("layer 2 of 2 (top)"));
    }
}
