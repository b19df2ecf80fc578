package dev.unroll.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.BpttAnalysis;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.inspect.ProbeText;
import dev.unroll.engine.inspect.UnitOrder;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.LossUnit;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * Each kind of picture: its PNG at scale 2 has twice the figure's size in pixels each way and is
 * not blank, and its SVG is well-formed XML of the figure's size with the elements that make the
 * picture (rectangles for heatmap cells, paths for chart lines, the title as text).
 */
class PicturesTest {
    private static final Corpus CORPUS = Corpus.of("t", "the cat sat on the mat, the rat ate the hat.\n".repeat(30));
    private static ModelSnapshot model;
    private static Trainer trainer;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        trainer = new Trainer(CORPUS, TrainingConfig.defaults().withHiddenSize(16).withSequenceLength(12)
                .withLearningRate(0.1).withSampleEvery(0).withIterations(1_000).withSeed(5));
        for (int i = 0; i < 120; i++) {
            trainer.iterate();
        }
        model = trainer.modelSnapshot();
    }

    private static LossHistory.View history() {
        LossHistory h = new LossHistory();
        double smooth = 40;
        for (int i = 1; i <= 300; i++) {
            double loss = 40 * Math.exp(-i / 100.0) + 5 + Math.sin(i);
            smooth = 0.999 * smooth + 0.001 * loss;
            h.add(i, loss, smooth);
            if (i % 50 == 0) {
                h.addValidation(i, loss / 25);
            }
        }
        return h.view();
    }

    /** The PNG at scale 2: twice the size, and more than one colour in it. */
    private static BufferedImage assertPngAtTwice(Figure f) throws Exception {
        BufferedImage img = Figures.toImage(f, 2);
        assertEquals(Figures.pixels(f.width(), 2), img.getWidth());
        assertEquals(Figures.pixels(f.height(), 2), img.getHeight());
        assertEquals(2 * Math.ceil(f.width()), img.getWidth(), 2.0, "width");
        assertEquals(2 * Math.ceil(f.height()), img.getHeight(), 2.0, "height");
        int first = img.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < img.getHeight() && !varied; y += 3) {
            for (int x = 0; x < img.getWidth() && !varied; x += 3) {
                varied = img.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, "the picture is one flat colour");
        return img;
    }

    /** The SVG parses as XML, has an svg root of the figure's size, and contains the text given. */
    private static Document assertSvg(Figure f, String text) throws Exception {
        String svg = Figures.toSvg(f);
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(f.width(), Double.parseDouble(root.getAttribute("width").replace("px", "")), 0.5);
        assertEquals(f.height(), Double.parseDouble(root.getAttribute("height").replace("px", "")), 0.5);
        assertTrue(textOf(doc).contains(text), "no text '" + text + "' in the SVG");
        return doc;
    }

    private static String textOf(Document doc) {
        NodeList texts = doc.getElementsByTagNameNS("*", "text");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < texts.getLength(); i++) {
            sb.append(texts.item(i).getTextContent()).append('\n');
        }
        return sb.toString();
    }

    private static int count(Document doc, String element) {
        return doc.getElementsByTagNameNS("*", element).getLength();
    }

    @Test
    void lossCurve() throws Exception {
        ChartFigure f = Pictures.loss(history(), 25, LossUnit.BPC, false, Double.NaN, Double.NaN, "a note", FigureStyle.LIGHT, 640, 400);
        assertPngAtTwice(f);
        Document svg = assertSvg(f, "Smooth loss");
        assertEquals("bits per character", f.chart().getXYPlot().getRangeAxis().getLabel(), "the axis says the unit");
        assertTrue(textOf(svg).contains("Validation loss"));
        assertTrue(count(svg, "path") >= 3, "the curves are paths");
    }

    @Test
    void lossCurveOnALogAxisAndAZoomedWindow() throws Exception {
        ChartFigure f = Pictures.loss(history(), 25, LossUnit.WINDOW, true, 100, 200, "", FigureStyle.DARK, 500, 300);
        assertPngAtTwice(f);
        assertSvg(f, "iteration");
        XYPlot plot = f.chart().getXYPlot();
        assertEquals(100, plot.getDomainAxis().getLowerBound(), 1e-9);
        assertEquals(200, plot.getDomainAxis().getUpperBound(), 1e-9);
        // the points kept are those in the window plus one either side
        assertEquals(103, plot.getDataset(0).getItemCount(0));
    }

    @Test
    void hiddenStateHeatmapHasACellRectanglePerUnitAndCharacter() throws Exception {
        ProbeResult r = ProbeResult.run(model, ProbeText.of(model.vocabulary(), "", "the cat sat", ""));
        HeatmapFigure f = Pictures.hiddenState(r, UnitOrder.byIndex(16), "by index", FigureStyle.LIGHT);
        assertEquals(16, f.rows());
        assertEquals(11, f.cols());
        assertTrue(f.cellsAsShapes());
        assertPngAtTwice(f);
        Document svg = assertSvg(f, "Hidden state");
        assertTrue(count(svg, "rect") >= 16 * 11, "one rectangle per cell, got " + count(svg, "rect"));
        assertTrue(textOf(svg).contains(Glyphs.SPACE), "a space column is labelled with its sign");
    }

    @Test
    void aHeatmapTooLargeForShapesIsOneEmbeddedImage() throws Exception {
        int rows = 250;
        int cols = 200;
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i * 0.01);
        }
        HeatmapFigure f = HeatmapFigure.builder(rows, cols, v).title("big").cell(2, 2).build();
        assertFalse(f.cellsAsShapes());
        BufferedImage png = assertPngAtTwice(f);
        Document svg = assertSvg(f, "big");
        assertEquals(1, count(svg, "image"), "the cells are one image");
        assertTrue(count(svg, "rect") < 200, "not a rectangle per cell");
        // the cell at the grid's first row and column has the value's colour
        int[] table = ColorTable.diverging(false);
        int gx = (int) Math.round(8 * 2) + 1;
        int gy = (int) Math.round((8 + 20 + 0) * 2) + 1;
        assertEquals(table[ColorTable.index(v[0])] & 0xffffff, png.getRGB(gx, gy) & 0xffffff);
    }

    @Test
    void weightMatricesSideBySide() throws Exception {
        FigureGrid f = Pictures.weights(model, FigureStyle.PRESENTATION);
        assertEquals(3, f.figures().size(), "Wxh, Whh and Why");
        assertPngAtTwice(f);
        Document svg = assertSvg(f, "Whh");
        assertTrue(textOf(svg).contains("Wxh") && textOf(svg).contains("Why"));
        int cells = 0;
        for (var t : model.parameters()) {
            if (t.rows > 1 && t.cols > 1) {
                cells += t.rows * t.cols;
            }
        }
        assertTrue(count(svg, "rect") >= cells, "every weight is a rectangle");
    }

    @Test
    void aMagnitudeMatrixUsesTheUpperHalfOfTheTable() throws Exception {
        HeatmapFigure f = Pictures.matrix(model.parameter("Whh"), "memory", false, FigureStyle.LIGHT);
        assertPngAtTwice(f);
        assertSvg(f, "\u221a scale");
    }

    @Test
    void gradientFlowThroughTheUnrolledNetwork() throws Exception {
        var trace = BpttAnalysis.ofText(model, "the cat sat on the mat", 5);
        ChartFigure f = Pictures.gradientFlow(trace, "21 steps", FigureStyle.LIGHT, 640, 400);
        assertPngAtTwice(f);
        Document svg = assertSvg(f, "time step t");
        assertTrue(textOf(svg).contains("\u2016dL/dh_t\u2016"));
        assertEquals(trace.hasJacobians() ? 3 : 2, f.chart().getXYPlot().getDataset().getSeriesCount());
    }

    @Test
    void aLineChartInTheComplexPlaneHasTheUnitCircle() throws Exception {
        ChartFigure f = LineChart.titled("Eigenvalues").complexPlane(true).style(FigureStyle.LIGHT)
                .add(new LineChart.Series("\u03bb", new double[] {0.5, -0.2, 0.9}, new double[] {0.1, -0.4, 0}, Color.BLUE, 1, false, true))
                .refLines(1)
                .figure(400, 400);
        assertPngAtTwice(f);
        assertSvg(f, "Eigenvalues");
        assertTrue(f.chart().getXYPlot().getAnnotations().size() == 1, "the unit circle");
    }

    @Test
    void aDistributionAsBars() throws Exception {
        BarsFigure f = new BarsFigure("Character 12: a", "at T 0.80", List.of(new BarsFigure.Bar("a", 0.6, 0.5, true),
                new BarsFigure.Bar("space", 0.3, Double.NaN, false), new BarsFigure.Bar("e", 0.0004, 0.01, false)), FigureStyle.LIGHT, 400);
        assertPngAtTwice(f);
        Document svg = assertSvg(f, "Character 12: a");
        assertTrue(textOf(svg).contains("60%") && textOf(svg).contains("<0.1%"), textOf(svg));
        assertTrue(count(svg, "rect") >= 6, "a track and a bar per row");
    }

    @Test
    void writeBothWritesAPngAndAnSvgBesideIt() throws Exception {
        HeatmapFigure f = Pictures.matrix(model.parameter("Wxh"), "Wxh", true, FigureStyle.LIGHT);
        List<Path> written = Figures.writeBoth(f, dir.resolve("wxh.png"), 2);
        assertEquals(List.of(dir.resolve("wxh.png"), dir.resolve("wxh.svg")), written);
        BufferedImage png = ImageIO.read(written.get(0).toFile());
        assertEquals(Figures.pixels(f.width(), 2), png.getWidth());
        assertTrue(Files.readString(written.get(1)).contains("<svg"));
        assertEquals(List.of(dir.resolve("x.png"), dir.resolve("x.svg")), Figures.writeBoth(f, dir.resolve("x"), 1));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }

    @Test
    void writingIntoAMissingFolderSaysWhichFileAndWhy() {
        HeatmapFigure f = Pictures.matrix(model.parameter("Wxh"), "Wxh", true, FigureStyle.LIGHT);
        var e = assertThrows(UncheckedIOException.class,
                () -> Figures.write(f, dir.resolve("no/such/folder/w.svg"), FigureFormat.SVG, 1));
        assertTrue(e.getMessage().contains("w.svg"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Figures.toImage(f, 0));
        assertThrows(IllegalArgumentException.class, () -> Figures.toImage(f, 100));
    }

    @Test
    void siblingsAndFormatsByExtension() {
        assertEquals(FigureFormat.SVG, FigureFormat.ofFile(Path.of("a/b.SVG")));
        assertEquals(FigureFormat.PNG, FigureFormat.ofFile(Path.of("b.png")));
        assertEquals(null, FigureFormat.ofFile(Path.of("b.jpg")));
        assertEquals(Path.of("a/loss.svg"), FigureFormat.SVG.sibling(Path.of("a/loss.png")));
        assertEquals(Path.of("loss.jpg.png"), FigureFormat.PNG.sibling(Path.of("loss.jpg")));
    }
}
