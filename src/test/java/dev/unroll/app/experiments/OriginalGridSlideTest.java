package dev.unroll.app.experiments;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.MainWindow;
import dev.unroll.app.ShellFixtures;
import dev.unroll.app.core.Theme;
import dev.unroll.app.stage.PresentationController;
import dev.unroll.app.stage.TalkScript;
import dev.unroll.app.stage.TalkScripts;
import dev.unroll.engine.sweep.RunStatus;

import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextArea;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The example talk's last slide, "The original nine-run grid", as the audience sees it: presenting
 * the shipped talk and arriving on the slide shows the nine runs of the grid shipped with the app
 * (their curves overlaid, the table ranked by loss, every figure a number); and an Experiments
 * slide without a sweep says what the slide is about, not what to press. The picture goes to
 * target/talk/experiments-original-grid.png.
 */
@ExtendWith(ApplicationExtension.class)
class OriginalGridSlideTest {
    @TempDir
    Path dir;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        ShellFixtures.freshPrefs();
        window = new MainWindow(stage);
        window.setTheme(Theme.LIGHT);
        window.select("loss");
        window.show();
    }

    @AfterEach
    void tearDown() {
        runFx(() -> {
            presentation().leave();
            window.context().training().reset();
        });
    }

    private PresentationController presentation() {
        return window.stageSupport().presentation();
    }

    private ExperimentsFeature experiments() {
        return (ExperimentsFeature) window.feature("experiments").orElseThrow();
    }

    @Test
    void theNineRunGridSlideShowsNineRankedRunsAndTheirCurves() throws Exception {
        Path f = dir.resolve("example.talk");
        try (InputStream in = OriginalGridSlideTest.class.getResourceAsStream(TalkScripts.EXAMPLE_RESOURCE)) {
            Files.copy(in, f);
        }
        assertTrue(onFx(() -> presentation().loadScript(f)));
        List<TalkScript.Slide> slides = onFx(() -> presentation().talk().slides());
        int slide = -1;
        for (TalkScript.Slide s : slides) {
            if ("The original nine-run grid".equals(s.title())) {
                slide = s.number() - 1;
            }
        }
        assertTrue(slide >= 0, "the example talk has the nine-run grid slide");
        int index = slide;
        runFx(() -> {
            presentation().enter();
            presentation().go(index);
        });
        await(10, "the slide", () -> presentation().slideProperty().get() == index);
        assertEquals("experiments", onFx(() -> window.stageSupport().selectedView()));

        ExperimentsView view = experiments().view();
        ExperimentsModel model = experiments().model();
        // nine finished runs, each with its curve loaded and drawn
        await(20, "nine curves drawn", () -> onFx(() -> view.dataset().getSeriesCount() == 9
                && view.dataset().getSeries().stream().allMatch(s -> ((XYSeries) s).getItemCount() >= 50)));
        assertEquals(9, onFx(() -> model.rows().size()));
        assertTrue(onFx(() -> model.rows().stream().allMatch(r -> r.status() == RunStatus.FINISHED)), "every shipped run finished");
        for (int i = 0; i < 9; i++) {
            int n = i;
            assertTrue(onFx(() -> view.seriesVisible(n)), "curve " + (n + 1) + " is drawn");
            XYSeries s = onFx(() -> view.dataset().getSeries(n));
            double first = s.getY(0).doubleValue();
            double last = s.getY(s.getItemCount() - 1).doubleValue();
            assertTrue(Double.isFinite(first) && Double.isFinite(last) && last > 0, "curve " + (n + 1) + " has real losses: " + first + " to " + last);
            assertTrue(s.getMaxX() >= ShippedSweep.ITERATIONS - 100, "curve " + (n + 1) + " runs to the end: " + s.getMaxX());
        }
        // the grid's nine settings: hidden 100/250/500 x learning rate 0.1/0.01/0.001
        assertEquals(List.of("100,0.1", "100,0.01", "100,0.001", "250,0.1", "250,0.01", "250,0.001", "500,0.1", "500,0.01", "500,0.001"),
                onFx(() -> model.rows().stream().map(r -> r.spec().config().hiddenSize() + "," + r.spec().config().learningRate()).toList()));

        Path out = Path.of("target", "talk");
        Files.createDirectories(out);
        WritableImage img = onFx(() -> window.scene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.resolve("experiments-original-grid.png").toFile());

        // the table as it shows: nine rows, ranked by loss (lowest first), every loss a number
        await(10, "nine rows on screen", () -> onFx(() -> tableRows(view).size() == 9));
        List<String[]> rows = onFx(() -> tableRows(view));
        double previous = Double.NEGATIVE_INFINITY;
        for (String[] r : rows) {
            assertTrue(r[1].matches("\\d+(\\.\\d+)?"), "run " + r[0] + "'s loss is a number: '" + r[1] + "'");
            double loss = Double.parseDouble(r[1]);
            assertTrue(loss >= previous, "ranked by loss: " + loss + " after " + previous);
            previous = loss;
        }
        assertEquals(9, rows.stream().map(r -> r[0]).distinct().count(), "each run once");
        // in a talk the grid's form is hidden (nobody types on a slide): no default four-run grid on screen
        Node form = onFx(() -> window.scene().lookup("#exp-hidden"));
        assertFalse(onFx(() -> shown(form)), "the grid's form is hidden in the talk");
        // the best run stands out, and the title says what the grid is
        RunRow best = onFx(() -> model.bestProperty().get());
        assertEquals(rows.get(0)[0], best.spec().id());
        String title = onFx(() -> experiments().view().titleText());
        assertTrue(title.contains("9 runs of 10000 iterations"), title);
        assertFalse(title.contains("No sweep"), title);
        // the speaker clicks the best run: its results file, read from the shipped grid, with its samples
        runFx(() -> view.table().getSelectionModel().select(0));
        TextArea samples = onFx(() -> (TextArea) window.scene().lookup("#exp-samples"));
        await(10, "the best run's samples", () -> samples.getText().startsWith("Results file " + best.resultProperty().get().resultsFile()));
        String text = onFx(samples::getText);
        assertTrue(text.length() > 300, text);
    }

    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    /** The table's rows on screen, top to bottom: run id and the loss column's text. */
    static List<String[]> tableRows(ExperimentsView view) {
        List<TableRow<?>> rows = new ArrayList<>();
        for (Node n : view.table().lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> r && r.getItem() != null && r.isVisible()) {
                rows.add(r);
            }
        }
        rows.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        List<String[]> out = new ArrayList<>();
        for (TableRow<?> r : rows) {
            String id = null;
            String loss = null;
            for (Node c : r.lookupAll(".table-cell")) {
                if (c instanceof TableCell<?, ?> cell && cell.getTableColumn() != null) {
                    String header = cell.getTableColumn().getText();
                    if ("Run".equals(header)) {
                        id = cell.getText();
                    } else if (cell.getTableColumn().getGraphic() instanceof Label l && "Loss".equals(l.getText())) {
                        // the number as the audience sees it: inside the table's viewport, not scrolled off to the right
                        Bounds b = cell.localToScene(cell.getBoundsInLocal());
                        Bounds t = view.table().localToScene(view.table().getBoundsInLocal());
                        loss = b.getMaxX() <= t.getMaxX() && b.getWidth() > 20 ? cell.getText() : "off screen: " + cell.getText();
                    }
                }
            }
            out.add(new String[] {id, loss});
        }
        return out;
    }

    @Test
    void anExperimentsSlideWithoutASweepSaysWhatTheSlideIsAbout() {
        runFx(() -> window.select("experiments"));
        String before = onFx(() -> experiments().view().titleText());
        assertEquals(ExperimentsModel.NO_SWEEP, before, "at the controls, the view says there is no sweep yet");
        runFx(() -> presentation().enter()); // the default talk, on the view showing
        await(10, "presenting", () -> presentation().isPresenting());
        String title = onFx(() -> experiments().view().titleText());
        assertEquals(ExperimentsModel.ABOUT, title);
        String placeholder = onFx(() -> ((Label) experiments().view().table().getPlaceholder()).getText());
        assertFalse(placeholder.contains("press") || placeholder.contains("Define"), placeholder);
        assertTrue(placeholder.contains("ranked"), placeholder);
        runFx(() -> presentation().leave());
        assertEquals(ExperimentsModel.NO_SWEEP, onFx(() -> experiments().view().titleText()));
    }
}
