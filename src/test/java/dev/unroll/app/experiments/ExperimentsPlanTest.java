package dev.unroll.app.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.sweep.FileSweepStorage;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.sweep.SweepCollect;
import dev.unroll.engine.sweep.SweepPlan;
import dev.unroll.engine.sweep.SweepRunner;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 26 in the app: Experiments exports the grid as a plan for another scheduler, and a planned
 * folder whose runs ran elsewhere and were collected opens like any sweep, with its curves and table.
 */
@ExtendWith(ApplicationExtension.class)
class ExperimentsPlanTest {
    @TempDir
    Path workspace;

    private ExperimentsFeature feature;
    private Corpus corpus;

    @Start
    void start(Stage stage) {
        AppContext context = new AppContext(new TrainingSession());
        corpus = Corpus.of("verses.txt", ExperimentsViewTest.TEXT);
        context.corpus().set(corpus);
        feature = new ExperimentsFeature(context);
        stage.setScene(new Scene((Parent) feature.node(), 1600, 1000));
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1600);
        stage.setHeight(1000);
        stage.show();
        feature.setShowing(true);
    }

    @AfterEach
    void stop() {
        feature.model().dispose();
    }

    @Test
    void exportsAPlanAndOpensItOnceItsRunsRanElsewhereAndWereCollected(FxRobot robot) throws Exception {
        Button export = robot.lookup("#exp-export-plan").queryButton();
        assertEquals("Export plan…", export.getText());
        assertTrue(export.isVisible() && !export.isDisabled());
        ExperimentsModel m = feature.model();
        robot.interact(() -> {
            m.workspaceProperty().set(workspace);
            m.hiddenSizesProperty().set("8");
            m.learningRatesProperty().set("0.1,0.05");
            m.sequenceLengthsProperty().set("10");
            m.seedsProperty().set("1");
            m.iterationsProperty().set("200");
            m.valFractionProperty().set("0.1");
            assertTrue(m.exportPlan(workspace));
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> m.messageProperty().get().startsWith("Plan of 2 runs written to "));
        Path dir;
        try (Stream<Path> s = Files.list(workspace)) {
            dir = s.filter(p -> p.getFileName().toString().startsWith("sweep-plan-")).findFirst().orElseThrow();
        }
        assertTrue(m.messageProperty().get().contains(dir.toString()), m.messageProperty().get());
        assertEquals(2, Files.readAllLines(dir.resolve(SweepPlan.COMMANDS)).size());
        assertTrue(Files.exists(dir.resolve(SweepPlan.SLURM)) && Files.exists(dir.resolve(SweepPlan.K8S)));
        assertFalse(Files.exists(dir.resolve("runs")), "exporting a plan trains nothing");

        // elsewhere: each line's run (what 'sweep --resume DIR --point k' does), then 'sweep --collect DIR'
        FileSweepStorage storage = new FileSweepStorage();
        for (int k = 1; k <= 2; k++) {
            SweepRunner.point(dir, k, corpus, storage, null).run(1);
        }
        SweepCollect.Outcome collected = SweepCollect.collect(dir, storage);
        assertEquals(List.of(), collected.problems());

        robot.interact(() -> m.open(dir));
        assertEquals("Opened " + dir + ": 2 of 2 runs finished.", m.messageProperty().get());
        assertTrue(m.titleProperty().get().startsWith(dir.getFileName() + " on verses.txt: 2 runs of 200 iterations"), m.titleProperty().get());
        ExperimentsView view = feature.view();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.dataset().getSeriesCount() == 2
                && view.dataset().getSeries(0).getItemCount() > 0 && view.dataset().getSeries(1).getItemCount() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, view.table().getItems().size());
        for (RunRow row : view.table().getItems()) {
            RunResult r = collected.results().get(row.index());
            assertEquals(RunStatus.FINISHED, row.status());
            assertEquals(r.loss(), row.lossProperty().get(), 0.0, "the table shows the run's collected loss");
        }
    }
}
