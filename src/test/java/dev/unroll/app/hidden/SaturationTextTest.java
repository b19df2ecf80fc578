package dev.unroll.app.hidden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Theme;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The Saturation tab's titles and labels never run into each other: at every size the tab takes in the
 * layouts (from a corner of the 1280x720 window to most of a 1920x1080 one) and in normal and large type,
 * each text of the three panels stays inside its panel and overlaps no other; with room enough, each title
 * reads in full. Pictures of some sizes go to {@code target/saturation/}. The same for a stacked run's
 * panels per layer.
 */
@ExtendWith(ApplicationExtension.class)
class SaturationTextTest {
    private static Corpus corpus;
    private static ModelSnapshot model;
    private static ModelSnapshot stacked;
    private AppContext context;
    private HiddenFeature feature;

    @BeforeAll
    static void train() {
        corpus = Fixtures.corpus();
        model = Fixtures.trained(corpus, 24, 400);
        Trainer t = new Trainer(corpus, TrainingConfig.defaults().withCell(Cell.LSTM, 24).withDepth(new Depth(2, 4, 0.0))
                .withSampleEvery(0).withSeed(3).withIterations(300));
        for (int i = 0; i < 300; i++) {
            t.iterate();
        }
        stacked = t.modelSnapshot();
    }

    @Start
    void start(Stage stage) {
        context = new AppContext(new TrainingSession());
        feature = new HiddenFeature(context);
        stage.setScene(new Scene((Parent) feature.node(), 1260, 780));
        stage.show();
        feature.setShowing(true);
    }

    @Test
    void theTextsOfEachPanelStayInItAndOverlapNone() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            context.corpus().set(corpus);
            context.model().set(model);
        }).get();
        HiddenWaits.waitFor(() -> feature.model().analysis() != null && !feature.model().busyProperty().get()
                && !feature.model().saturationHistory().isEmpty());
        Path out = Path.of("target", "saturation");
        Files.createDirectories(out);
        List<String> problems = new ArrayList<>();
        double[][] sizes = {{200, 90}, {260, 110}, {330, 150}, {420, 200}, {560, 280}, {700, 300}, {900, 320}, {1400, 360}};
        for (Theme theme : new Theme[] {Theme.LIGHT, Theme.DARK, Theme.PRESENTATION}) {
            for (double[] size : sizes) {
                String name = theme.name().toLowerCase(Locale.ROOT) + "-" + (int) size[0] + "x" + (int) size[1];
                List<String> found = WaitForAsyncUtils.asyncFx(() -> {
                    SaturationCanvas c = new SaturationCanvas(feature.model(), Palette.of(theme));
                    c.setPrefSize(size[0], size[1]);
                    Pane holder = new Pane(c);
                    Scene scene = new Scene(holder, size[0], size[1]);
                    holder.applyCss();
                    holder.layout();
                    if (size[0] == 200 || size[0] == 560 || size[0] == 1400) {
                        ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", out.resolve(name + ".png").toFile());
                    }
                    return problems(c, size[0], size[1], theme);
                }).get();
                found.forEach(p -> problems.add(name + ": " + p));
            }
        }
        assertEquals(List.of(), problems, "texts of the Saturation tab");
    }

    private static List<String> problems(SaturationCanvas c, double w, double h, Theme theme) {
        List<HiddenLayoutChecks.Box> boxes = c.drawn().stream().map(d -> new HiddenLayoutChecks.Box(d.text(), d.panel(), d.box())).toList();
        assertFalse(boxes.isEmpty(), "the canvas drew its texts");
        return HiddenLayoutChecks.textProblems(boxes, c::panel, w, h, theme, k -> "panel " + (k + 1));
    }

    /**
     * The per-layer panels of a stacked LSTM (Fig. 4 of the 2015 paper) at the same sizes and themes: every text in its
     * panel (the legend in the canvas), none over another, nothing cut with room enough; from 420x200 on, and wherever
     * the canvas has its least size for plots, a plot for each layer. Pictures of some sizes go to {@code target/saturation/layers-*.png}.
     */
    @Test
    void thePerLayerPanelsTextsStayInTheirPanelsAndEachLayerHasAPlot() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            context.corpus().set(corpus);
            context.model().set(stacked);
        }).get();
        HiddenWaits.waitFor(() -> feature.model().layerSaturationProperty().get().size() == 2 && !feature.model().busyProperty().get());
        Path out = Path.of("target", "saturation");
        Files.createDirectories(out);
        List<String> problems = new ArrayList<>();
        double[][] sizes = {{200, 90}, {260, 110}, {330, 150}, {420, 200}, {560, 280}, {700, 300}, {900, 320}, {1400, 360}};
        for (Theme theme : new Theme[] {Theme.LIGHT, Theme.DARK, Theme.PRESENTATION}) {
            for (double[] size : sizes) {
                String name = "layers-" + theme.name().toLowerCase(Locale.ROOT) + "-" + (int) size[0] + "x" + (int) size[1];
                List<String> found = WaitForAsyncUtils.asyncFx(() -> {
                    LayerSaturationCanvas c = new LayerSaturationCanvas(feature.model(), theme);
                    c.setPrefSize(size[0], size[1]);
                    Pane holder = new Pane(c);
                    Scene scene = new Scene(holder, size[0], size[1]);
                    holder.applyCss();
                    holder.layout();
                    if (size[0] == 200 || size[0] == 420 || size[0] == 560 || size[0] == 1400) {
                        ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", out.resolve(name + ".png").toFile());
                    }
                    List<String> p = new ArrayList<>(HiddenLayoutChecks.layerSaturationProblems(c, size[0], size[1], theme));
                    double[] least = c.leastSizeForPlots();
                    boolean room = size[0] >= 420 && size[1] >= 200 || size[0] >= least[0] && size[1] >= least[1];
                    if (room && c.plots().size() != 2) {
                        p.add(c.plots().size() + " plots for 2 layers");
                    }
                    return p;
                }).get();
                found.forEach(p -> problems.add(name + ": " + p));
            }
        }
        assertEquals(List.of(), problems, "texts and plots of the per-layer saturation panels");
    }
}
