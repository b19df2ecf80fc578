package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.events.GeneratedText;
import dev.unroll.app.loss.LossFeature;
import dev.unroll.app.samples.SamplesFeature;
import dev.unroll.app.samples.SamplesModel;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.io.LossCsv;
import dev.unroll.engine.train.LossUnit;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.ChartFigure;
import dev.unroll.render.Figure;
import dev.unroll.render.Figures;

import javafx.collections.ListChangeListener;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.Preferences;
import javax.imageio.ImageIO;

/** The loss and samples views over a finished small run: units, exports, merged samples, generated texts, recent files. */
class LossAndSamplesViewTest extends WindowTest {
    private TrainingSnapshot trainToEnd(int iterations, int sampleEvery) {
        Path corpus = ShellFixtures.writeCorpus(dir, "verses.txt", 20_000);
        runFx(() -> window.context().actions().openCorpus(corpus));
        await(10, "corpus", () -> window.context().corpus().get() != null && window.context().corpus().get().name().equals("verses.txt"));
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("10");
            window.hyperparameters().field("hp-iterations").setText(Integer.toString(iterations));
            window.hyperparameters().field("hp-sample-every").setText(Integer.toString(sampleEvery));
            window.hyperparameters().field("hp-sample-length").setText("20");
            window.hyperparameters().field("hp-eval-every").setText("100");
            window.controls().start();
        });
        await(60, "finished", () -> window.context().training().state() == RunState.FINISHED);
        return onFx(() -> window.context().snapshot().get());
    }

    @Test
    void lossChartFollowsTheUnitAndExports() throws Exception {
        TrainingSnapshot s = trainToEnd(1500, 100);
        LossFeature loss = (LossFeature) window.feature("loss").orElseThrow();
        runFx(() -> window.select("loss"));
        await(10, "chart drawn to the end", () -> loss.view().pointCount() > 0 && loss.view().lastSmooth() == s.smoothLoss());
        assertTrue(onFx(loss.view()::validationPointCount) >= 10, "validation every 100 of 1500");

        runFx(() -> loss.model().setUnit(LossUnit.BPC));
        double bpc = s.smoothLoss() / s.sequenceLength() / Math.log(2);
        await(10, "bits per character", () -> Math.abs(loss.view().lastSmooth() - bpc) < 1e-9);
        assertEquals(s.smoothBitsPerChar(), onFx(loss.view()::lastSmooth), 1e-9);
        runFx(() -> loss.model().setLogScale(true));
        assertTrue(onFx(() -> loss.view().chart().getXYPlot().getRangeAxis() instanceof LogAxis));

        // the export command writes the chart as it shows (bits per character, log scale) as a PNG at 2x and an SVG
        Path png = dir.resolve("chosen.png");
        Path svg = dir.resolve("chosen.svg");
        String[] proposed = new String[1];
        PictureExport.Chooser before = PictureExport.useChooser((owner, name) -> {
            proposed[0] = name;
            return png;
        });
        try {
            assertTrue(onFx(() -> window.context().commands().execute("loss.export-picture")));
            await(20, "both pictures written", () -> Files.exists(png) && Files.exists(svg));
        } finally {
            PictureExport.useChooser(before);
        }
        assertEquals("loss-it1500.png", proposed[0], "the proposed name holds the iteration");
        Figure figure = onFx(() -> loss.picture().figure());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Figures.pixels(figure.width(), 2), img.getWidth(), "twice the chart's width on screen");
        assertEquals(Figures.pixels(figure.height(), 2), img.getHeight());
        String svgText = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(svgText.startsWith("<?xml") && svgText.contains("<svg") && svgText.contains("Smooth loss"), "an SVG of the chart");
        assertTrue(onFx(() -> ((JFreeChart) ((ChartFigure) loss.picture().figure()).chart())
                .getXYPlot().getRangeAxis().getLabel()).equals("bits per character"), "in the unit shown");
        Path csv = dir.resolve("loss.csv");
        runFx(() -> loss.model().exportCsv(csv));
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(LossCsv.HEADER, rows.get(0), "the format the CLI writes");
        assertEquals(1500 + 1, rows.size(), "one row per iteration");
        assertEquals(LossCsv.of(s.losses()), Files.readString(csv, StandardCharsets.UTF_8));
        String[] last = rows.get(rows.size() - 1).split(",", -1);
        assertEquals("1500", last[0]);
        assertEquals(s.smoothLoss(), Double.parseDouble(last[2]));
        assertEquals(s.valLoss(), Double.parseDouble(last[3]), "the latest validation loss");
    }

    /** A picture that cannot be written (its folder does not exist) is one line in an error dialog; the app carries on. */
    @Test
    void anExportThatCannotBeWrittenSaysSoInADialog() throws Exception {
        trainToEnd(300, 100);
        runFx(() -> window.select("loss"));
        Path nowhere = dir.resolve("no-such-folder").resolve("loss.png");
        PictureExport.Chooser before = PictureExport.useChooser((owner, name) -> nowhere);
        try {
            assertTrue(onFx(() -> window.context().commands().execute("loss.export-picture")));
            await(20, "the error dialog", () -> errorDialogText().contains("Could not export the picture"));
        } finally {
            PictureExport.useChooser(before);
        }
        assertTrue(onFx(this::errorDialogText).contains("no-such-folder"), onFx(this::errorDialogText));
        assertFalse(Files.exists(nowhere));
        runFx(() -> Window.getWindows().stream().filter(w -> w != window.stage()).toList()
                .forEach(w -> ((Stage) w).close()));
        // the export command is listed in the File menu's "Export picture", one item per view that has pictures
        List<String> items = onFx(() -> window.scene().getRoot().lookupAll(".menu-bar").stream()
                .flatMap(n -> ((MenuBar) n).getMenus().stream())
                .flatMap(m -> m.getItems().stream()).filter(i -> "menu-export-picture".equals(i.getId()))
                .flatMap(i -> ((Menu) i).getItems().stream()).map(MenuItem::getId).toList());
        assertEquals(List.of("menu-loss-export-picture", "menu-unrolled-export-picture", "menu-hidden-export-picture",
                "menu-generate-export-picture", "menu-experiments-export-picture"), items);
    }

    /** The texts of the error dialogs open now. */
    private String errorDialogText() {
        StringBuilder sb = new StringBuilder();
        for (Window w : Window.getWindows()) {
            if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane d) {
                sb.append(d.getContentText()).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void samplesAreMergedNewestFirstAndGeneratedTextsListed() throws Exception {
        TrainingSnapshot s = trainToEnd(1000, 10);
        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        // every sample the trainer kept is listed, even those published between two pulses
        List<Sample> kept = s.samples();
        await(10, "all samples", () -> samples.model().entries().size() == kept.size());
        List<SamplesModel.Entry> entries = samples.model().entries();
        for (int i = 0; i < kept.size(); i++) {
            Sample expected = kept.get(kept.size() - 1 - i);
            assertEquals(expected.iteration(), entries.get(i).iteration());
            assertEquals(expected.text(), entries.get(i).text());
        }
        assertTrue(entries.get(0).header().contains("per char"));

        runFx(() -> window.context().events().publish(new GeneratedText(1000, "prime 'Th', temperature 0.5", "The river sings")));
        await(5, "generated listed", () -> samples.model().entries().get(0).generated());
        assertTrue(samples.model().entries().get(0).header().contains("temperature 0.5"));

        Path out = dir.resolve("samples.txt");
        runFx(() -> {
            try {
                samples.view().save(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("--- Generated"));
        assertTrue(text.contains("The river sings"));
        assertTrue(text.contains(kept.get(0).text()));
    }

    @Test
    void theSamplesListTakesNewSamplesAFewTimesASecondNotEveryPulse() {
        Path corpus = ShellFixtures.writeCorpus(dir, "verses.txt", 20_000);
        runFx(() -> window.context().actions().openCorpus(corpus));
        await(10, "corpus", () -> window.context().corpus().get() != null && window.context().corpus().get().name().equals("verses.txt"));
        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        List<Long> changes = new CopyOnWriteArrayList<>();
        runFx(() -> {
            samples.model().entryList().addListener((ListChangeListener<SamplesModel.Entry>) c -> changes.add(System.nanoTime()));
            window.select("samples");
            window.hyperparameters().field("hp-hidden").setText("10");
            window.hyperparameters().field("hp-iterations").setText("100000000");
            window.hyperparameters().field("hp-sample-every").setText("20");
            window.hyperparameters().field("hp-sample-length").setText("10");
            window.controls().start();
        });
        // a sample every 20 iterations is several per pulse; the list must take them in a few batches a second
        await(60, "eight batches of samples", () -> changes.size() >= 8);
        runFx(() -> window.controls().stop());
        List<Long> t = List.copyOf(changes);
        for (int i = 2; i < 8; i++) {
            double gapMs = (t.get(i) - t.get(i - 1)) / 1e6;
            assertTrue(gapMs >= 150, "batch " + i + " came " + gapMs + " ms after the one before");
        }
    }

    @Test
    void openedFilesAreRememberedInTheTestPreferencesNode() {
        assertEquals("dev/unroll/test", System.getProperty(AppPrefs.NODE_PROPERTY), "tests never touch the user's node");
        Path corpus = ShellFixtures.writeCorpus(dir, "remember-me.txt", 5_000);
        runFx(() -> window.context().actions().openCorpus(corpus));
        await(10, "corpus", () -> window.context().corpus().get() != null && window.context().corpus().get().name().equals("remember-me.txt"));
        assertEquals(corpus.toAbsolutePath().normalize(), onFx(() -> window.corpusPanel().recentFiles().get(0)));
        Preferences p = AppPrefs.node();
        assertTrue(p.absolutePath().endsWith("dev/unroll/test"));
        assertTrue(p.get("recentCorpora", "").startsWith(corpus.toAbsolutePath().normalize().toString()));
    }
}
