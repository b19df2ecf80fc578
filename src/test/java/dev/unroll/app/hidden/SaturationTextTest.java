package dev.unroll.app.hidden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Theme;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ModelSnapshot;

import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
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
 * reads in full. Pictures of some sizes go to {@code target/saturation/}.
 */
@ExtendWith(ApplicationExtension.class)
class SaturationTextTest {
    private static Corpus corpus;
    private static ModelSnapshot model;
    private AppContext context;
    private HiddenFeature feature;

    @BeforeAll
    static void train() {
        corpus = Fixtures.corpus();
        model = Fixtures.trained(corpus, 24, 400);
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
        List<String> out = new ArrayList<>();
        List<SaturationCanvas.Drawn> drawn = c.drawn();
        assertFalse(drawn.isEmpty(), "the canvas drew its texts");
        for (SaturationCanvas.Drawn d : drawn) {
            double[] panel = c.panel(d.panel());
            Bounds b = d.box();
            if (b.getMinX() < panel[0] - 0.5 || b.getMaxX() > panel[1] + 0.5) {
                out.add("\"" + d.text() + "\" (x " + (int) b.getMinX() + ".." + (int) b.getMaxX() + ") leaves panel " + (d.panel() + 1)
                        + " (x " + (int) panel[0] + ".." + (int) panel[1] + ")");
            }
            if (b.getMinY() < 0 || b.getMaxY() > h + 0.5) {
                out.add("\"" + d.text() + "\" leaves the canvas (y " + (int) b.getMinY() + ".." + (int) b.getMaxY() + " of " + (int) h + ")");
            }
        }
        for (int i = 0; i < drawn.size(); i++) {
            for (int j = i + 1; j < drawn.size(); j++) {
                Bounds a = drawn.get(i).box();
                Bounds b = drawn.get(j).box();
                double ox = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
                double oy = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
                if (ox > 0.5 && oy > 0.5) {
                    out.add("\"" + drawn.get(i).text() + "\" and \"" + drawn.get(j).text() + "\" overlap (" + (int) ox + "x" + (int) oy + " px)");
                }
            }
        }
        if (w >= 1400 && theme.scale() == 1) {
            for (SaturationCanvas.Drawn d : drawn) {
                if (d.text().endsWith("…")) {
                    out.add("\"" + d.text() + "\" is cut in a canvas " + (int) w + " px wide");
                }
            }
        }
        return out;
    }
}
