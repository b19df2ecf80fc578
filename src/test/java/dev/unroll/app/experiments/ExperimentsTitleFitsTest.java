package dev.unroll.app.experiments;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.unroll.SavedProperties;
import dev.unroll.app.MainWindow;
import dev.unroll.app.core.Theme;
import dev.unroll.app.stage.StageSupport;
import dev.unroll.app.stage.Workspace;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.sweep.FileSweepStorage;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.engine.sweep.SweepListener;
import dev.unroll.engine.sweep.SweepManifest;
import dev.unroll.engine.sweep.SweepOptions;
import dev.unroll.engine.sweep.SweepRunner;
import dev.unroll.engine.train.TrainingConfig;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import java.nio.file.Path;
import java.util.List;

/**
 * A sweep's title (its folder, corpus and size) is long; at 1280x720 it was wider than the chart's pane, which then
 * grew over the grid's form (the title and the Smooth box drawn on the form's fields). The title now ends in '…'
 * inside its pane, in every theme.
 */
@ExtendWith(ApplicationExtension.class)
class ExperimentsTitleFitsTest {
    @TempDir
    Path workspace;
    private MainWindow window;
    private SavedProperties saved;

    @BeforeEach
    void properties() {
        saved = new SavedProperties().set(Workspace.PROPERTY, workspace.toString())
                .set(StageSupport.SESSION_PROPERTY, "false");
    }

    @AfterEach
    void tearDown() {
        runFx(() -> window.stage().hide());
        saved.restore();
    }

    @Test
    void aLongSweepTitleStaysInTheChartsPaneAt1280x720() throws Exception {
        Corpus corpus = Corpus.of("romanian-verses.txt", "Pe langa plopii fara sot adesea am trecut;\n".repeat(20));
        TrainingConfig base = TrainingConfig.defaults().withIterations(200).withSequenceLength(10).withValFraction(0);
        SweepGrid grid = new SweepGrid(List.of(8), List.of(0.1, 0.01), List.of(10), List.of(3L), base);
        String name = "sweep-2026-12-07-200322";
        Path dir = workspace.resolve("experiments").resolve(name);
        SweepManifest m = new SweepManifest(name, SweepManifest.CorpusRef.of(corpus, "memory"), grid, new SweepOptions(20, 1000, 1));
        SweepRunner.create(dir, m, corpus, new FileSweepStorage(), SweepListener.NONE).run(1);

        window = onFx(() -> {
            MainWindow w = new MainWindow(new Stage());
            w.show();
            w.stage().setWidth(1280);
            w.stage().setHeight(720);
            w.select("experiments");
            return w;
        });
        await(10, "the window at 1280x720", () -> onFx(() -> window.stage().getScene().getWidth() == 1280
                && window.stage().getScene().getHeight() <= 720));
        ExperimentsFeature f = (ExperimentsFeature) window.feature("experiments").orElseThrow();
        runFx(() -> f.model().open(dir));
        await(10, "the sweep shown", () -> onFx(() -> f.model().rows().size()) == 2);
        for (Theme theme : List.of(Theme.LIGHT, Theme.DARK, Theme.PRESENTATION)) {
            runFx(() -> f.model().context().theme().set(theme));
            WaitForAsyncUtils.waitForFxEvents();
            runFx(() -> {
                window.stage().getScene().getRoot().applyCss();
                window.stage().getScene().getRoot().layout();
            });
            Node root = window.stage().getScene().getRoot();
            Label title = onFx(() -> (Label) root.lookup("#exp-title"));
            Bounds titleBox = onFx(() -> title.localToScene(title.getLayoutBounds()));
            Node chart = onFx(() -> root.lookup("#exp-chart"));
            Bounds chartBox = onFx(() -> chart.localToScene(chart.getLayoutBounds()));
            Node form = onFx(() -> root.lookup(".exp-form"));
            Bounds formBox = onFx(() -> form.localToScene(form.getLayoutBounds()));
            assertTrue(onFx(title::getText).contains(name), "the title names the sweep: " + onFx(title::getText));
            assertTrue(titleBox.getMinX() >= chartBox.getMinX() - 1 && titleBox.getMaxX() <= chartBox.getMaxX() + 1,
                    theme + ": the title " + titleBox + " within the chart's pane " + chartBox);
            assertTrue(chartBox.getMinX() >= formBox.getMaxX() - 1, theme + ": the chart " + chartBox + " clear of the form " + formBox);
        }
    }
}
