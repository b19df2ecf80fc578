package dev.unroll.app.compare;

import dev.unroll.app.core.Icons;
import dev.unroll.app.core.Theme;
import dev.unroll.app.fx.Throttle;
import dev.unroll.app.ui.MessageLine;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.app.ui.Toolbars;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.engine.baseline.NGramBaseline;
import dev.unroll.engine.compare.CellComparison;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.inspect.GateSaturation;
import dev.unroll.engine.inspect.LongRangeMeasures;
import dev.unroll.engine.inspect.VanishingGradient;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.ChartFigure;
import dev.unroll.render.FigureStyle;
import dev.unroll.render.Pictures;

import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Compare view: vanilla, LSTM and GRU trained side by side at the same number of weights. At the
 * top the settings and the Compare/Stop buttons; then the three loss curves overlaid (smooth loss in
 * bits per character) with the corpus's n-gram baseline as a flat line, beside the three
 * vanishing-gradient curves (||dL_T/dh_{T-k}|| over ||dL_T/dh_{T-1}||, k = 1..T, log scale: how much of
 * the gradient reaching one step back is left k steps back), each averaged over the recently analysed
 * windows, with the same cell's curve at the start of training dashed and faint beside it; below, one column per cell:
 * its figures and its sample at the iteration the three share; at the bottom, for the gated cells, one small plot
 * per sigmoid gate with each unit as a point at (fraction of steps left-saturated, fraction
 * right-saturated), as in Karpathy et al. 2015, Fig. 4. Everything drawn comes from the
 * comparison's published snapshot; the view redraws at most {@link #REDRAW} apart (the gradient
 * and saturation charts at most {@link #ANALYSIS_REDRAW} apart, and at the end), and only while
 * the view shows.
 *
 * <p>With stacked layers (the Layers choice) the cells are compared at the same weights over the whole stack;
 * the loss chart's title says the depth, and the analyses (vanishing gradient, gate saturation, best units)
 * are the top layer's, the one feeding the output, and say so.
 *
 * <p>Node ids: {@code compare-weights}, {@code compare-layers}, {@code compare-iterations}, {@code compare-start},
 * {@code compare-stop}, {@code compare-sizes}, {@code compare-loss}, {@code compare-gradient},
 * {@code compare-sample-iteration}, {@code compare-units-none}, {@code compare-message}; per cell (vanilla, lstm, gru)
 * {@code compare-title-CELL}, {@code compare-units-CELL}, {@code compare-sample-CELL}; per gate {@code compare-saturation-CELL-GATE}.
 */
final class CompareView extends BorderPane {
    /**
     * The shortest time between two redraws while the comparison trains. Three trainers fill every
     * core, so each frame drawn is taken from them: drawn at 4 a second the view cost a third of the
     * training speed (the charts are rasterised on the CPU), once a second a few percent.
     */
    static final Duration REDRAW = Duration.millis(1000);
    /** The shortest time between two redraws of the analyses' charts (gradient, saturation), which change slowly. */
    static final Duration ANALYSIS_REDRAW = Duration.seconds(2);
    /** Points drawn per loss curve at most. */
    private static final int MAX_POINTS = 500;

    private final CompareModel model;
    private final XYSeriesCollection losses = new XYSeriesCollection();
    private final XYSeriesCollection gradients = new XYSeriesCollection();
    private final JFreeChart lossChart;
    private final JFreeChart gradientChart;
    /** Per gated cell and gate ("lstm-forget"), the points of its saturation plot. */
    private final Map<String, XYSeriesCollection> saturation = new LinkedHashMap<>();
    private final Map<Cell, Label> titles = new LinkedHashMap<>();
    private final Map<Cell, TextArea> samples = new LinkedHashMap<>();
    /** Per cell, its long-range units once its run has ended (which cell found quotes and brackets, in numbers). */
    private final Map<Cell, Label> units = new LinkedHashMap<>();
    private final Label sampleIteration = new Label("Samples at the same iteration appear here.");
    /** Said once for the three cells when the text has no quotes or brackets to find units for. */
    private final Label noUnits = new Label(NO_UNITS);
    static final String NO_UNITS = "No quotes or brackets in this text to find units for.";
    /** Least heights of the charts and of the saturation plots, in units of the normal type (scaled with the theme); below them the view scrolls. */
    private static final double CHART_MIN_HEIGHT = 150;
    private static final double PLOT_MIN_HEIGHT = 110;
    private static final double SAMPLE_MIN_HEIGHT = 70;
    private final List<ChartViewer> chartViewers = new ArrayList<>();
    private final List<ChartViewer> plotViewers = new ArrayList<>();
    private VBox grid;
    private final Throttle redraw = new Throttle("compare-redraw", REDRAW, this::redrawIfDirty);
    private final Throttle analyses = new Throttle("compare-analyses", ANALYSIS_REDRAW, this::drawAnalyses);
    /** Shown again (or never drawn): the analyses' charts are drawn with the next redraw, not after the interval. */
    private boolean analysesAtOnce = true;
    private boolean dirty = true;
    private boolean showing;

    CompareView(CompareModel model) {
        this.model = model;
        getStyleClass().add("compare");
        ViewStyles.attach(this);

        NumberAxis lossX = new NumberAxis("iteration");
        NumberAxis lossY = new NumberAxis("bits per character");
        lossY.setAutoRangeIncludesZero(false);
        lossChart = chart(LOSS_TITLE, losses, lossX, lossY, true);
        LogAxis gy = ChartFigure.decadeAxis("‖dL/dh‖ relative to k = 1");
        NumberAxis gx = new NumberAxis("k (steps back from the last)");
        gx.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        gradientChart = chart(gradientTitle(1), gradients, gx, gy, true);
        XYLineAndShapeRenderer gr = (XYLineAndShapeRenderer) gradientChart.getXYPlot().getRenderer();
        for (int i = CompareModel.CELLS.size(); i < 2 * CompareModel.CELLS.size(); i++) {
            gr.setSeriesVisibleInLegend(i, false); // the start curves: the title says what the dashes are
        }

        setTop(toolbar());
        grid = center();
        // on a small screen or in large type the comparison keeps a legible height and scrolls
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("compare-scroll");
        setCenter(scroll);
        setBottom(MessageLine.of("compare-message", model.messageProperty()));

        model.snapshotProperty().addListener((o, a, s) -> invalidate());
        model.layersProperty().addListener((o, a, l) -> retitle());
        model.context().theme().addListener((o, a, t) -> applyTheme(t));
        applyTheme(model.context().theme().get());
    }

    private static JFreeChart chart(String title, XYSeriesCollection data, ValueAxis x,
                                    ValueAxis y, boolean lines) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(lines, !lines);
        r.setDrawSeriesLineAsPath(true); // one path per curve, not one stroke per segment: far less to draw
        XYPlot plot = new XYPlot(data, x, y, r);
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, lines);
    }

    private FlowPane toolbar() {
        TextField weights = field("compare-weights", model.weightsProperty(),
                "Weights and biases each cell gets (output layer included); each cell's hidden size is matched to it");
        TextField iterations = field("compare-iterations", model.iterationsProperty(), "Iterations each cell trains");
        Button start = Icons.beside(new Button("Compare"), MaterialDesignP.PLAY);
        start.setId("compare-start");
        start.getStyleClass().add("accent");
        start.setTooltip(new Tooltip("Train vanilla, LSTM and GRU on the corpus chosen, in parallel (T 25, learning rate 0.1, "
                + "seed 42, 5% held out for validation and the n-gram baseline)"));
        start.disableProperty().bind(model.runningProperty());
        start.setOnAction(e -> model.start());
        Button stop = Icons.beside(new Button("Stop"), MaterialDesignS.STOP);
        stop.setId("compare-stop");
        stop.setTooltip(new Tooltip("Stop the three runs; their curves stay"));
        stop.disableProperty().bind(model.runningProperty().not());
        stop.setOnAction(e -> model.stop());
        Label sizes = new Label();
        sizes.setId("compare-sizes");
        sizes.getStyleClass().add("compare-hint");
        sizes.setWrapText(true);
        sizes.textProperty().bind(Bindings.createStringBinding(() -> {
            try {
                return CompareModel.describe(model.runs());
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        }, model.weightsProperty(), model.iterationsProperty(), model.layersProperty(), model.context().corpus(), model.corpusIdProperty()));
        FlowPane bar = Toolbars.wrapping(16, Toolbars.group(new Label("Corpus"), corpusChoice()), Toolbars.group(new Label("Weights"), weights),
                Toolbars.group(new Label("Layers"), layersChoice()), Toolbars.group(new Label("Iterations"), iterations),
                Toolbars.group(start, stop), sizes);
        bar.setPadding(new Insets(6, 10, 6, 10));
        return bar;
    }

    /** The comparison's corpus: the side panel's (the default) or one of the bundled corpora; fixed while a comparison trains. */
    private ChoiceBox<String> corpusChoice() {
        ChoiceBox<String> choice = new ChoiceBox<>();
        choice.setId("compare-corpus");
        choice.getItems().add("");
        BundledCorpus.all().forEach(c -> choice.getItems().add(c.id()));
        choice.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                if (id == null || id.isEmpty()) {
                    return "The side panel's";
                }
                return BundledCorpus.byId(id).map(BundledCorpus::name).orElse(id);
            }

            @Override
            public String fromString(String text) {
                throw new UnsupportedOperationException();
            }
        });
        choice.valueProperty().bindBidirectional(model.corpusIdProperty());
        choice.disableProperty().bind(model.runningProperty());
        choice.setTooltip(new Tooltip("The text the three cells train on: the side panel's corpus, or a bundled one for the comparison alone"));
        return choice;
    }

    /** Stacked layers of each cell (1, the seed's comparison, to 3); fixed while a comparison trains. */
    private ChoiceBox<Integer> layersChoice() {
        ChoiceBox<Integer> choice = new ChoiceBox<>();
        choice.setId("compare-layers");
        choice.getItems().addAll(CompareModel.LAYER_CHOICES);
        choice.valueProperty().bindBidirectional(model.layersProperty());
        choice.disableProperty().bind(model.runningProperty());
        choice.setTooltip(new Tooltip("Stacked layers of each cell; the weights are matched over the whole stack (as compare-cells --layers)."
                + " With more than one, the gradient, the gate saturation and the best units are the top layer's, the one feeding the output"));
        return choice;
    }

    private static TextField field(String id, StringProperty p, String tip) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(p);
        f.setTooltip(new Tooltip(tip));
        f.setPrefColumnCount(7);
        return f;
    }

    /**
     * The charts on top; below them the line saying which iteration the samples share and one column
     * per cell (its figures, then its sample); at the bottom the gated cells' saturation plots in a row.
     * Boxes, not a grid, so the wrapped titles get the height their width needs.
     */
    private VBox center() {
        ChartViewer loss = viewer("compare-loss", lossChart);
        ChartViewer grad = viewer("compare-gradient", gradientChart);
        chartViewers.addAll(List.of(loss, grad));
        HBox top = new HBox(8, loss, grad);
        HBox.setHgrow(loss, Priority.ALWAYS);
        HBox.setHgrow(grad, Priority.ALWAYS);
        sampleIteration.setId("compare-sample-iteration");
        sampleIteration.getStyleClass().add("compare-hint");
        sampleIteration.setWrapText(true);
        sampleIteration.setMinHeight(Region.USE_PREF_SIZE);
        HBox columns = new HBox(8);
        HBox plots = new HBox(8);
        for (Cell cell : CompareModel.CELLS) {
            TextArea sample = sample(cell);
            VBox column = new VBox(4, title(cell), unitsLabel(cell), sample);
            VBox.setVgrow(sample, Priority.ALWAYS);
            column.setPrefWidth(100);
            column.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(column, Priority.ALWAYS);
            columns.getChildren().add(column);
            for (int s : cell.sigmoidGates()) {
                plots.getChildren().add(saturationPlot(cell, cell.gateNames().get(s)));
            }
        }
        noUnits.setId("compare-units-none");
        noUnits.getStyleClass().add("compare-hint");
        noUnits.setWrapText(true);
        noUnits.setMinHeight(Region.USE_PREF_SIZE);
        noUnits.setVisible(false);
        noUnits.managedProperty().bind(noUnits.visibleProperty());
        // extra room goes to the charts, the samples and the saturation plots; below their least heights the view scrolls
        VBox box = new VBox(6, top, sampleIteration, columns, noUnits, plots);
        VBox.setVgrow(top, Priority.ALWAYS);
        VBox.setVgrow(columns, Priority.SOMETIMES);
        VBox.setVgrow(plots, Priority.ALWAYS);
        box.setPadding(new Insets(0, 8, 4, 8));
        return box;
    }

    private static ChartViewer viewer(String id, JFreeChart chart) {
        ChartViewer v = new ChartViewer(chart);
        v.setId(id);
        v.setMinSize(60, 60);
        v.setPrefSize(400, 240);
        return v;
    }

    private Label title(Cell cell) {
        Label title = new Label(cell.cliName());
        title.setId("compare-title-" + cell.cliName());
        title.getStyleClass().add("compare-heading");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        titles.put(cell, title);
        return title;
    }

    private Label unitsLabel(Cell cell) {
        Label l = new Label();
        // shown once the run has ended and its units are measured: before, a column keeps its room for the sample
        l.setVisible(false);
        l.managedProperty().bind(l.visibleProperty());
        l.setId("compare-units-" + cell.cliName());
        l.getStyleClass().add("compare-hint");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setTooltip(new Tooltip("The unit of h (and of the LSTM's c) most correlated with being inside quotes and with the bracket depth, "
                + "on the validation text (Pearson r): the structured corpus has both"));
        units.put(cell, l);
        return l;
    }

    private TextArea sample(Cell cell) {
        TextArea sample = new TextArea();
        sample.setId("compare-sample-" + cell.cliName());
        sample.getStyleClass().add("compare-sample");
        sample.setEditable(false);
        sample.setWrapText(true);
        sample.setPrefRowCount(3);
        samples.put(cell, sample);
        return sample;
    }

    /** A gate's saturation plot: each unit a point at (fraction left-saturated, fraction right-saturated). */
    private ChartViewer saturationPlot(Cell cell, String gate) {
        String key = cell.cliName() + "-" + gate;
        XYSeriesCollection data = new XYSeriesCollection();
        saturation.put(key, data);
        NumberAxis x = new NumberAxis("left");
        NumberAxis y = new NumberAxis("right");
        for (NumberAxis a : new NumberAxis[] {x, y}) {
            a.setRange(0, 1);
            a.setTickUnit(new NumberTickUnit(0.5));
        }
        JFreeChart c = chart(cell.cliName() + " " + gate, data, x, y, false);
        saturationTitles.add(cell.cliName() + " " + gate);
        ChartViewer v = viewer("compare-saturation-" + key, c);
        Tooltip.install(v, new Tooltip("The " + cell.cliName() + "'s " + gate + " gate: each unit at (fraction of steps below "
                + GateSaturation.LOW + ", fraction above " + GateSaturation.HIGH + ") on the validation text"));
        v.setPrefSize(180, 160);
        HBox.setHgrow(v, Priority.ALWAYS);
        plotViewers.add(v);
        saturationCharts.add(c);
        return v;
    }

    private final List<JFreeChart> saturationCharts = new ArrayList<>();
    /** The saturation plots' titles at one layer, in the order of {@link #saturationCharts}. */
    private final List<String> saturationTitles = new ArrayList<>();

    static final String LOSS_TITLE = "Loss (smoothed)";

    /** "Loss (smoothed)"; with stacked layers "Loss (smoothed), 2 layers each". */
    static String lossTitle(int layers) {
        return LOSS_TITLE + (layers > 1 ? ", " + CompareModel.layersText(layers) + " each" : "");
    }

    /** The gradient chart's title; with stacked layers it says the curves are the top layer's. */
    static String gradientTitle(int layers) {
        return "Vanishing gradient" + (layers > 1 ? ", top layer of " + layers : "") + " (dashed: at the start)";
    }

    /**
     * The depth of the comparison on screen: the runs' of the newest snapshot, or the one chosen before the first
     * comparison. A comparison's charts keep the depth it trained at when another is chosen.
     */
    private int shownLayers() {
        CellComparison.Snapshot s = model.snapshotProperty().get();
        if (s != null && !s.cells().isEmpty()) {
            return s.cells().get(0).config().depth().layers();
        }
        Integer chosen = model.layersProperty().get();
        return chosen == null ? 1 : chosen;
    }

    /** The charts' titles say the depth shown (the loss chart's) and whose analyses they are (the top layer's). */
    private void retitle() {
        int layers = shownLayers();
        retitle(lossChart, lossTitle(layers));
        retitle(gradientChart, gradientTitle(layers));
        for (int i = 0; i < saturationCharts.size(); i++) {
            retitle(saturationCharts.get(i), saturationTitles.get(i) + (layers > 1 ? ", top layer" : ""));
        }
    }

    private static void retitle(JFreeChart chart, String title) {
        if (!title.equals(chart.getTitle().getText())) {
            chart.setTitle(title);
        }
    }

    /** The comparison changed: redraw soon, when the view shows. */
    private void invalidate() {
        dirty = true;
        if (showing) {
            redraw.request();
        }
    }

    /** The tab shows or hides: a hidden view redraws nothing and catches up when shown. */
    void setShowing(boolean on) {
        showing = on;
        if (on) {
            analysesAtOnce = true; // shown again: everything at once, the analyses' charts too
        }
        if (on && dirty) {
            redraw.request();
        } else if (!on) {
            redraw.cancel();
            analyses.cancel();
        }
    }

    private void redrawIfDirty() {
        if (dirty && showing) {
            dirty = false;
            draw(model.snapshotProperty().get());
        }
    }

    /**
     * Draws a snapshot: the loss chart and the figures always (they move with every iteration); the
     * gradient and saturation charts only when the comparison analysed again (a chart left alone is
     * not redrawn).
     */
    private void draw(CellComparison.Snapshot s) {
        if (s == null) {
            return;
        }
        retitle();
        update(List.of(lossChart), () -> drawLosses(s));
        if (s.over() || analysesAtOnce) {
            analysesAtOnce = false;
            analyses.runNow();
        } else {
            analyses.request();
        }
        drawCells(s);
    }

    /** Redraws the gradient and saturation charts from the newest snapshot, each only when its analysis changed. */
    private void drawAnalyses() {
        CellComparison.Snapshot s = model.snapshotProperty().get();
        if (s == null || !showing) {
            return;
        }
        List<VanishingGradient.Mean> flows = s.cells().stream().map(CellComparison.CellState::gradient).toList();
        if (!sameObjects(flows, drawnGradients)) {
            drawnGradients = flows;
            update(List.of(gradientChart), () -> drawGradients(s));
        }
        List<GateSaturation> sats = s.cells().stream().map(CellComparison.CellState::saturation).toList();
        if (!sameObjects(sats, drawnSaturation)) {
            drawnSaturation = sats;
            update(saturationCharts, () -> drawSaturation(s));
        }
    }

    private List<VanishingGradient.Mean> drawnGradients = List.of();
    private List<GateSaturation> drawnSaturation = List.of();

    /** Changes the charts' data with their notification off, so each redraws once. */
    private static void update(List<JFreeChart> charts, Runnable change) {
        for (JFreeChart c : charts) {
            c.setNotify(false);
        }
        try {
            change.run();
        } finally {
            for (JFreeChart c : charts) {
                c.setNotify(true);
            }
        }
    }

    private static boolean sameObjects(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private List<JFreeChart> allCharts() {
        List<JFreeChart> all = new ArrayList<>(List.of(lossChart, gradientChart));
        all.addAll(saturationCharts);
        return all;
    }

    private void drawLosses(CellComparison.Snapshot s) {
        losses.removeAllSeries();
        long last = 0;
        for (CellComparison.CellState c : s.cells()) {
            XYSeries series = new XYSeries(c.cell().cliName(), false, true);
            TrainingSnapshot t = c.training();
            if (t != null) {
                LossHistory.View h = t.losses();
                int n = h.size();
                int step = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
                double perBit = t.sequenceLength() * Math.log(2);
                for (int i = 0; i < n; i += step) {
                    addFinite(series, h.iteration()[i], h.smooth()[i] / perBit);
                }
                if (n > 0 && (n - 1) % step != 0) {
                    addFinite(series, h.iteration()[n - 1], h.smooth()[n - 1] / perBit);
                }
                last = Math.max(last, t.iteration());
            }
            losses.addSeries(series);
        }
        NGramBaseline b = s.baseline();
        if (b != null) {
            NGramBaseline.Row best = b.best();
            XYSeries line = new XYSeries(String.format(Locale.ROOT, "%d-gram baseline (validation) %.2f", best.order(), best.bitsPerChar()), false, true);
            line.add(0, best.bitsPerChar(), false);
            line.add(Math.max(1, last), best.bitsPerChar(), false);
            losses.addSeries(line);
        }
    }

    /** A run that blew up has an infinite loss: left out, or the axis's range would be infinite (JFreeChart throws drawing it). */
    private static void addFinite(XYSeries series, double x, double y) {
        if (Double.isFinite(y)) {
            series.add(x, y, false);
        }
    }

    /** The recent curves (series 0..2, one per cell), then the curves at the start (series 3..5, dashed). */
    private void drawGradients(CellComparison.Snapshot s) {
        gradients.removeAllSeries();
        for (CellComparison.CellState c : s.cells()) {
            gradients.addSeries(relative(c.cell().cliName(), c.gradient()));
        }
        for (CellComparison.CellState c : s.cells()) {
            gradients.addSeries(relative(c.cell().cliName() + " at the start", c.startGradient()));
        }
    }

    /** dh[k] / dh[1] for k = 1..T: the share of the gradient one step back that is left k steps back. */
    private static XYSeries relative(String name, VanishingGradient.Mean m) {
        XYSeries series = new XYSeries(name, false, true);
        if (m != null && m.length() >= 1) {
            for (int k = 1; k <= m.length(); k++) {
                double r = m.ratio(1, k);
                if (r > 0 && Double.isFinite(r)) { // a log axis has no place for 0
                    series.add(k, r, false);
                }
            }
        }
        return series;
    }

    private void drawSaturation(CellComparison.Snapshot s) {
        for (CellComparison.CellState c : s.cells()) {
            GateSaturation sat = c.saturation();
            if (sat == null) {
                continue;
            }
            for (int g = 0; g < sat.gates().size(); g++) {
                XYSeriesCollection data = saturation.get(c.cell().cliName() + "-" + sat.gates().get(g));
                XYSeries points = new XYSeries("units", false, true);
                for (int u = 0; u < sat.left()[g].length; u++) {
                    points.add(sat.left()[g][u], sat.right()[g][u], false);
                }
                data.removeAllSeries();
                data.addSeries(points);
            }
        }
    }

    private void drawCells(CellComparison.Snapshot s) {
        for (CellComparison.CellState c : s.cells()) {
            Label title = titles.get(c.cell());
            TrainingSnapshot t = c.training();
            int layers = c.config().depth().layers();
            String figures = c.cell().cliName() + "  " + (layers > 1 ? CompareModel.layersText(layers) + " of h" : "h") + c.config().hiddenSize()
                    + ", " + Pictures.count(c.parameters()) + " weights";
            if (t != null) {
                figures += ", iteration " + Pictures.count(t.iteration())
                        + String.format(Locale.ROOT, ", %.2f bits/char", Double.isFinite(t.valLoss()) ? t.valLoss() / Math.log(2) : t.smoothBitsPerChar())
                        + (Double.isFinite(t.valLoss()) ? " (validation)" : "");
            }
            if (!figures.equals(title.getText())) {
                title.setText(figures);
            }
            Label unitsLabel = units.get(c.cell());
            // a text without quotes or brackets is said once, below the three columns, not once per cell
            boolean found = c.longRange() != null && !c.longRange().units().isEmpty();
            unitsLabel.setVisible(found);
            if (found) {
                unitsLabel.setText(unitsText(c.longRange(), c.config().depth().layers()));
            }
        }
        noUnits.setVisible(s.cells().stream().anyMatch(c -> c.longRange() != null && c.longRange().units().isEmpty()));
        if (s.sampleIteration() >= 0) {
            sampleIteration.setText("Samples at iteration " + Pictures.count(s.sampleIteration()) + ", the newest all three share:");
            for (int i = 0; i < s.cells().size(); i++) {
                TextArea area = samples.get(s.cells().get(i).cell());
                if (!s.samples().get(i).equals(area.getText())) {
                    area.setText(s.samples().get(i));
                }
            }
        }
    }

    /** "Best unit for inside quotes: c 17, r = +0.840 · bracket depth: h 3, r = +0.780". */
    static String unitsText(LongRangeMeasures m) {
        return unitsText(m, 1);
    }

    /**
     * {@link #unitsText(LongRangeMeasures)} of a model of {@code layers} stacked layers: with more than one the units
     * are the top layer's, and it says so ("Top layer's best unit for inside quotes: ...").
     */
    static String unitsText(LongRangeMeasures m, int layers) {
        if (m.units().isEmpty()) {
            return NO_UNITS;
        }
        return LongRangeMeasures.FEATURES.stream()
                .map(f -> f.label() + ": " + (m.units().containsKey(f) ? m.unitText(f) : "none in this text"))
                .collect(Collectors.joining(" · ", layers > 1 ? "Top layer's best unit for " : "Best unit for ", ""));
    }

    private void applyTheme(Theme t) {
        FigureStyle style = PictureExport.style(t);
        for (JFreeChart c : allCharts()) {
            ChartFigure.applyStyle(c, style);
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) c.getXYPlot().getRenderer();
            for (int i = 0; i < 4; i++) {
                r.setSeriesPaint(i, style.seriesColor(i), false);
                r.setSeriesStroke(i, new BasicStroke((float) (2 * style.scale())), false);
            }
            double d = 5 * style.scale();
            r.setSeriesShape(0, new Ellipse2D.Double(-d / 2, -d / 2, d, d), false);
        }
        // the gradient curves at the start: the cell's colour, faint and dashed, thinner than the recent curve
        XYLineAndShapeRenderer gr = (XYLineAndShapeRenderer) gradientChart.getXYPlot().getRenderer();
        int n = CompareModel.CELLS.size();
        for (int i = 0; i < n; i++) {
            Color c = style.seriesColor(i);
            gr.setSeriesPaint(n + i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 140), false);
            gr.setSeriesStroke(n + i, new BasicStroke((float) (1.5 * style.scale()), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {(float) (5 * style.scale()), (float) (4 * style.scale())}, 0f), false);
        }
        // the baseline: a thin dashed line in the muted colour
        XYLineAndShapeRenderer lr = (XYLineAndShapeRenderer) lossChart.getXYPlot().getRenderer();
        lr.setSeriesPaint(3, style.muted(), false);
        lr.setSeriesStroke(3, new BasicStroke((float) (1.5 * style.scale()), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {(float) (6 * style.scale()), (float) (4 * style.scale())}, 0f), false);
        for (ChartViewer v : chartViewers) {
            v.setMinHeight(CHART_MIN_HEIGHT * t.scale());
        }
        for (ChartViewer v : plotViewers) {
            v.setMinHeight(PLOT_MIN_HEIGHT * t.scale());
        }
        for (TextArea a : samples.values()) {
            a.setMinHeight(SAMPLE_MIN_HEIGHT * t.scale());
        }
        for (JFreeChart c : allCharts()) {
            c.fireChartChanged();
        }
    }

    // ---- for tests ----

    /** Whether a redraw is waiting (for the throttle's interval or for the view to show). */
    boolean isRedrawPending() {
        return dirty || redraw.isPending() || analyses.isPending();
    }

    XYSeriesCollection losses() {
        return losses;
    }

    XYSeriesCollection gradients() {
        return gradients;
    }

    String lossTitle() {
        return lossChart.getTitle().getText();
    }

    String gradientTitle() {
        return gradientChart.getTitle().getText();
    }

    /** The title of a saturation plot, keyed as {@link #saturation()}. */
    String saturationTitle(String key) {
        return saturationCharts.get(List.copyOf(saturation.keySet()).indexOf(key)).getTitle().getText();
    }

    /** The saturation plots' data, keyed "lstm-forget" and so on. */
    Map<String, XYSeriesCollection> saturation() {
        return saturation;
    }
}
