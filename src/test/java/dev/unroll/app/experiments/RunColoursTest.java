package dev.unroll.app.experiments;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.MainWindow;
import dev.unroll.app.ShellFixtures;
import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.ColorMap;
import dev.unroll.render.Palette;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.TableCell;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * The runs' colours in the Experiments view are the theme's: with the nine runs of the shipped grid shown,
 * in each theme every run's swatch in the table is the colour its curve is drawn with, the theme palette's
 * colour for that run; each is readable on the theme's background (3:1, WCAG's least for a line and a
 * swatch) and no two of the nine look alike; the dark theme draws them in its own colours. Pictures of the
 * view in each theme go to {@code target/experiments-colours/}.
 */
@ExtendWith(ApplicationExtension.class)
class RunColoursTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        ShellFixtures.freshPrefs();
        window = new MainWindow(stage);
        stage.setWidth(1600);
        stage.setHeight(1000);
        window.show();
    }

    @AfterEach
    void tearDown() {
        runFx(() -> {
            window.setTheme(Theme.LIGHT);
            window.context().training().reset();
            window.dispose();
        });
    }

    @Test
    void eachRunHasTheThemesColourInTheChartAndTheTable() throws Exception {
        ExperimentsFeature experiments = (ExperimentsFeature) window.feature("experiments").orElseThrow();
        ExperimentsView view = experiments.view();
        ExperimentsModel model = experiments.model();
        runFx(() -> {
            window.select("experiments");
            model.showOriginal();
        });
        await(20, "the nine runs of the shipped grid", () -> model.rows().size() == 9 && view.dataset().getSeriesCount() == 9);
        Path out = Path.of("target", "experiments-colours");
        Files.createDirectories(out);
        Map<Theme, Map<String, String>> seenByTheme = new EnumMap<>(Theme.class);
        for (Theme theme : Theme.values()) {
            runFx(() -> window.setTheme(theme));
            Palette p = theme.palette();
            Map<String, String> want = onFx(() -> {
                Map<String, String> m = new TreeMap<>();
                for (RunRow r : model.rows()) {
                    m.put(r.spec().id(), Palette.hex(p.seriesColor(r.index())));
                }
                return m;
            });
            try {
                await(10, theme + ": every swatch and every curve in the theme's colours " + want,
                        () -> want.equals(swatches(view)) && want.equals(curves(view, model)));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the swatches show " + onFx(() -> swatches(view)) + ", the curves "
                        + onFx(() -> curves(view, model)), e);
            }
            Map<String, String> seen = onFx(() -> swatches(view));
            assertEquals(want, seen, theme + ": the table's swatches");
            assertEquals(seen, onFx(() -> curves(view, model)), theme + ": the curves are the swatches' colours");
            seenByTheme.put(theme, seen);
            ImageIO.write(SwingFXUtils.fromFXImage(onFx(() -> window.scene().snapshot(null)), null), "png",
                    out.resolve(theme.name().toLowerCase(Locale.ROOT) + ".png").toFile());

            List<String> colours = List.copyOf(seen.values());
            for (String c : colours) {
                double contrast = contrast(rgb(c), p.background());
                assertTrue(contrast >= 3, theme + ": run colour " + c + " on the background " + Palette.hex(p.background())
                        + " has contrast " + String.format(Locale.ROOT, "%.2f", contrast));
            }
            for (int i = 0; i < colours.size(); i++) {
                for (int j = i + 1; j < colours.size(); j++) {
                    double d = distance(rgb(colours.get(i)), rgb(colours.get(j)));
                    assertTrue(d >= 20, theme + ": runs in " + colours.get(i) + " and " + colours.get(j) + " look alike (CIELAB distance "
                            + String.format(Locale.ROOT, "%.1f", d) + ")");
                }
            }
        }
        assertNotEquals(seenByTheme.get(Theme.LIGHT), seenByTheme.get(Theme.DARK), "the dark theme has its own run colours");
    }

    /** Each run's swatch in the table as it shows, by run id. */
    private static Map<String, String> swatches(ExperimentsView view) {
        Map<String, String> m = new TreeMap<>();
        for (Node n : view.table().lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> cell && cell.isVisible() && cell.getGraphic() instanceof Parent g
                    && cell.getTableRow() != null && cell.getTableRow().getItem() instanceof RunRow r) {
                for (Node c : g.getChildrenUnmodifiable()) {
                    if (c instanceof Rectangle rect && rect.getFill() instanceof Color col) {
                        m.put(r.spec().id(), Palette.hex(ColorMap.pack(col)));
                    }
                }
            }
        }
        return m;
    }

    /** The colour each run's curve is drawn with, by run id. */
    private static Map<String, String> curves(ExperimentsView view, ExperimentsModel model) {
        Map<String, String> m = new TreeMap<>();
        List<RunRow> rows = model.rows();
        for (int i = 0; i < rows.size() && i < view.dataset().getSeriesCount(); i++) {
            if (view.seriesPaint(i) instanceof java.awt.Color c) {
                m.put(rows.get(i).spec().id(), Palette.hex(c.getRGB()));
            }
        }
        return m;
    }

    private static int rgb(String hex) {
        return Integer.parseInt(hex.substring(1), 16);
    }

    /** WCAG's contrast ratio of two opaque colours. */
    private static double contrast(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(int rgb) {
        double[] c = linear(rgb);
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    private static double[] linear(int rgb) {
        double[] c = {(rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0};
        for (int i = 0; i < 3; i++) {
            c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : Math.pow((c[i] + 0.055) / 1.055, 2.4);
        }
        return c;
    }

    /** The distance of two colours in CIELAB (D65), CIE76's ΔE: about 2 is just noticeable, 20 and more tells two lines apart at a glance. */
    private static double distance(int a, int b) {
        double[] p = lab(a);
        double[] q = lab(b);
        return Math.sqrt(Math.pow(p[0] - q[0], 2) + Math.pow(p[1] - q[1], 2) + Math.pow(p[2] - q[2], 2));
    }

    private static double[] lab(int rgb) {
        double[] c = linear(rgb);
        double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
        double y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        double z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
        return new double[] {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }
}
