package dev.unroll.app.loss;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.LossUnit;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.ChartFigure;
import dev.unroll.render.FigureStyle;
import dev.unroll.render.Pictures;
import dev.unroll.render.TickLabels;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.MouseHandlerFX;
import org.jfree.chart.fx.interaction.PanHandlerFX;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The loss curve: each iteration's window loss faint (with a min/max band where the history is
 * decimated), the smooth loss bold, the validation loss as its own series. Units: per-window sum,
 * per character, bits per character; linear or log scale; drag or wheel to zoom, Ctrl+drag to pan.
 * Built from the model's snapshot's bounded {@link LossHistory.View}; {@link #update()} redraws it,
 * when the {@link LossFeature} says so.
 *
 * <p>Node ids: {@code loss-chart}, {@code loss-unit}, {@code loss-log}, {@code loss-reset-zoom},
 * {@code loss-export-png}, {@code loss-export-csv}.
 */
public final class LossView extends BorderPane {
    private final LossModel model;
    private final Supplier<Window> owner;
    private final Runnable onStale;
    private final LossDataset raw = new LossDataset("Loss (each iteration)");
    private final LossDataset curves = new LossDataset("Smooth loss", "Validation loss");
    private final NumberAxis linearAxis = new NumberAxis("loss per window");
    private final LogAxis logAxis = ChartFigure.decadeAxis("loss per window");
    private final NumberAxis domainAxis = new NumberAxis("iteration");
    private final DeviationRenderer rawRenderer = new DeviationRenderer(true, false);
    private final XYLineAndShapeRenderer curveRenderer = new XYLineAndShapeRenderer(true, false);
    private final XYPlot plot;
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final ComboBox<LossUnit> unit = new ComboBox<>();
    private final CheckBox log = new CheckBox("Log scale");
    private final CheckBox spikes = new CheckBox("Spikes");
    /** Exports the chart as pictures; the feature makes it run its command. */
    final Button exportPicture = new Button("Picture…");
    private LossHistory.View shownView;
    private Range shownRange;
    private int shownT = -1;
    private long updates;
    private long updateNanos;
    private long maxUpdateNanos;

    /**
     * @param model what to show
     * @param owner the window that owns the export dialogs and their error messages
     * @param onStale called when what is drawn no longer matches (the zoom changed): the feature redraws soon
     */
    public LossView(LossModel model, Supplier<Window> owner, Runnable onStale) {
        this.model = model;
        this.owner = owner;
        this.onStale = onStale;
        domainAxis.setAutoRangeIncludesZero(false);
        domainAxis.setNumberFormatOverride(TickLabels.countFormat()); // 150k, never 150000
        domainAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        linearAxis.setAutoRangeIncludesZero(false);
        logAxis.setSmallestValue(1e-4);
        logAxis.setAutoRangeMinimumSize(1e-3);
        logAxis.setNumberFormatOverride(TickLabels.logFormat()); // 10², never 7943.282

        plot = Pictures.lossPlot(domainAxis, linearAxis, raw, rawRenderer, curves, curveRenderer);
        plot.setDomainPannable(true);
        plot.setRangePannable(true);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        curveRenderer.setSeriesShapesVisible(1, true);
        curveRenderer.setSeriesShape(1, new Ellipse2D.Double(-3, -3, 6, 6));
        rawRenderer.setDefaultToolTipGenerator(null);

        chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setAntiAlias(true);
        chart.setPadding(new RectangleInsets(4, 4, 4, 28)); // room for the last tick label
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setFrame(BlockBorder.NONE);

        domainAxis.addChangeListener(e -> {
            if (!domainAxis.isAutoRange() && !domainAxis.getRange().equals(shownRange)) {
                shownView = null;
                onStale.run();
            } else if (domainAxis.isAutoRange() && shownRange != null) {
                shownView = null;
                onStale.run();
            }
        });
        viewer = new ChartViewer(chart);
        viewer.setId("loss-chart");
        viewer.setMinSize(200, 150);
        // pan with Ctrl+drag (the viewer's default, Alt+drag, moves windows on many desktops)
        MouseHandlerFX pan = viewer.getCanvas().getMouseHandler("pan");
        if (pan != null) {
            viewer.getCanvas().removeMouseHandler(pan);
        }
        viewer.getCanvas().addMouseHandler(new PanHandlerFX("pan", false, true, false, false));

        // before the first iteration the chart has nothing to show: say what to do instead
        Label hint = new Label();
        hint.textProperty().bind(model.emptyHintProperty());
        hint.setWrapText(true);
        hint.setId("loss-empty-hint");
        hint.getStyleClass().add("empty-hint");
        hint.setMouseTransparent(true);
        hint.visibleProperty().bind(model.snapshotProperty().isNull());
        viewer.visibleProperty().bind(model.snapshotProperty().isNotNull());
        setCenter(new StackPane(viewer, hint));
        setTop(buildToolBar());
        getStyleClass().add("loss-view");

        applyTheme(model.themeProperty().get());
        model.themeProperty().addListener((obs, old, t) -> {
            applyTheme(t);
        });
    }

    private ToolBar buildToolBar() {
        unit.setId("loss-unit");
        unit.getItems().setAll(LossUnit.values());
        unit.setValue(model.unit());
        unit.setTooltip(new Tooltip("Per-window sum (what the original reported), per character, or bits per character"));
        unit.valueProperty().bindBidirectional(model.unitProperty());
        model.unitProperty().addListener((obs, old, u) -> {
            linearAxis.setLabel(u.axisLabel());
            logAxis.setLabel(u.axisLabel());
            shownView = null;
            update();
            resetZoom();
        });
        log.setId("loss-log");
        log.setTooltip(new Tooltip("Logarithmic loss axis"));
        log.selectedProperty().bindBidirectional(model.logScaleProperty());
        model.logScaleProperty().addListener((obs, was, is) -> {
            plot.setRangeAxis(is ? logAxis : linearAxis);
            applyTheme(model.themeProperty().get());
            resetZoom();
        });
        spikes.setId("loss-spikes");
        spikes.setTooltip(new Tooltip("Extend the loss axis to every window's highest loss (off: the axis fits the smooth curve)"));
        spikes.selectedProperty().bindBidirectional(model.spikesProperty());
        model.spikesProperty().addListener((obs, was, is) -> {
            shownView = null;
            update();
        });
        Button reset = new Button("Reset zoom");
        reset.setId("loss-reset-zoom");
        reset.setTooltip(new Tooltip("Show the whole run again (drag to zoom, wheel to zoom, Ctrl+drag to pan)"));
        reset.setOnAction(e -> resetZoom());
        exportPicture.setId("loss-export-png"); // runs the feature's export command (PNG at 2x and SVG)
        Button csv = new Button("CSV…");
        csv.setId("loss-export-csv");
        csv.setTooltip(new Tooltip("Save the loss history as CSV"));
        csv.setOnAction(e -> chooseAndExport("CSV file", "*.csv", "loss.csv", model::exportCsv));
        Tooltip.install(viewer, new Tooltip("Drag: zoom · Wheel: zoom · Ctrl+drag: pan · Reset zoom shows the whole run"));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        ToolBar bar = new ToolBar(unit, log, spikes, reset, spring, exportPicture, csv);
        bar.getStyleClass().add("view-toolbar");
        return bar;
    }

    /** Rebuilds the series from the newest snapshot and redraws once. */
    void update() {
        long t0 = System.nanoTime();
        TrainingSnapshot s = model.snapshotProperty().get();
        chart.setNotify(false);
        try {
            if (s == null) {
                raw.clear();
                curves.clear();
                shownView = null;
            } else if (s.losses() != shownView || s.sequenceLength() != shownT || s.state() != shownState) {
                fill(s.losses(), s.sequenceLength(), model.unit());
                shownView = s.losses();
                shownT = s.sequenceLength();
                shownState = s.state();
            }
            raw.fireChanged();
            curves.fireChanged();
        } finally {
            chart.setNotify(true); // one redraw
        }
        long dt = System.nanoTime() - t0;
        updates++;
        updateNanos += dt;
        maxUpdateNanos = Math.max(maxUpdateNanos, dt);
    }

    private void fill(LossHistory.View v, int T, LossUnit u) {
        double f = u.fromWindow(T);
        Range window = domainAxis.isAutoRange() ? null : domainAxis.getRange();
        shownRange = window;
        // about one point per two pixel columns: finer detail is invisible and costs drawing time
        int buckets = Math.max(100, (int) Math.min(2000, viewer.getWidth() > 0 ? viewer.getWidth() / 2 : 600));
        LossBuckets.Series loss = LossBuckets.of(v.iteration(), v.loss(), v.lossMin(), v.lossMax(), v.smooth(), f, window, buckets);
        raw.set(0, loss.x(), loss.mean(), loss.min(), loss.max(), loss.size());
        curves.set(0, loss.x(), loss.last(), null, null, loss.size());
        double fv = u.fromPerChar(T);
        double[] vl = v.valLoss();
        LossBuckets.Series val = LossBuckets.of(v.valIteration(), vl, vl, vl, vl, fv, window, buckets);
        curves.set(1, val.x(), val.mean(), null, null, val.size());
        markExplosion(v, f, model.snapshotProperty().get() != null
                && model.snapshotProperty().get().state() == RunState.DIVERGED);
        fitCurves(loss, val);
    }

    /**
     * Unless spikes are asked for, the loss axis fits the smooth and validation curves (the smooth
     * loss starts at the uniform guess) instead of the first windows' highest losses, which reach
     * about three times that and would flatten the curve to its bottom third: the curve is legible
     * where it starts, and the spikes above it stay reachable (Spikes, or a Ctrl+drag). Leaves a range
     * the user zoomed to, and an exploded run's range ({@link #markExplosion}), alone.
     */
    private void fitCurves(LossBuckets.Series loss, LossBuckets.Series val) {
        ValueAxis range = plot.getRangeAxis();
        if (explosionRange || !(range.isAutoRange() || curvesRange)) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        double top = 0;
        for (int i = 0; i < loss.size(); i++) {
            lo = Math.min(lo, loss.min()[i]);
            hi = Math.max(hi, loss.last()[i]);
            top = Math.max(top, loss.max()[i]);
        }
        for (int i = 0; i < val.size(); i++) {
            hi = Math.max(hi, val.mean()[i]);
        }
        boolean fit = !model.spikesProperty().get() && Double.isFinite(lo) && Double.isFinite(hi) && hi > lo && top > hi * CURVES_MARGIN;
        if (!fit) {
            if (curvesRange) {
                curvesRange = false;
                range.setAutoRange(true);
            }
            return;
        }
        curvesRange = true;
        if (range instanceof LogAxis) {
            range.setRange(lo / 1.25, hi * CURVES_MARGIN);
        } else {
            range.setRange(Math.max(0, lo - 0.05 * (hi - lo)), hi + (CURVES_MARGIN - 1) * hi);
        }
    }

    /** How far above the smooth curve's highest point the fitted axis reaches. */
    static final double CURVES_MARGIN = 1.08;
    /** A range this view set to fit the curves (not one the user zoomed to). */
    private boolean curvesRange;

    /** The loss axis's range now (for tests: what a person reads on the axis). */
    Range lossAxisRange() {
        return plot.getRangeAxis().getRange();
    }

    /**
     * When the loss exploded, the loss axis keeps the range of the curve before the explosion (the
     * explosion marked by a line, its values off the top) instead of scaling to 8,500 and flattening
     * the history; without an explosion it ranges over the curve again. A range the user zoomed to
     * is left alone.
     */
    private void markExplosion(LossHistory.View v, double factor, boolean diverged) {
        int onset = explosionOnset(v);
        plot.clearDomainMarkers();
        if (timelineMarker != null) {
            plot.addDomainMarker(timelineMarker);
        }
        ValueAxis range = plot.getRangeAxis();
        if (onset < 0) {
            if (explosionRange) {
                explosionRange = false;
                range.setAutoRange(true);
            }
            Mark m = explosionMark(v, diverged);
            if (m != null) {
                // the loss went from finite to NaN or infinity in one window: mark where, the range is fine
                plot.addDomainMarker(explosionMarker(m.iteration(), m.label()));
            }
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < onset; i++) {
            lo = Math.min(lo, v.lossMin()[i] * factor);
            hi = Math.max(hi, v.lossMax()[i] * factor);
        }
        Mark m = explosionMark(v, diverged);
        plot.addDomainMarker(explosionMarker(m.iteration(), m.label()));
        if (onset > 0 && hi > 0 && (range.isAutoRange() || explosionRange || curvesRange)) {
            explosionRange = true;
            curvesRange = false;
            double pad = range instanceof LogAxis ? 1.25 : 1.0;
            range.setRange(range instanceof LogAxis ? lo / pad : Math.max(0, lo - 0.05 * (hi - lo)),
                    range instanceof LogAxis ? hi * pad : hi + 0.1 * (hi - lo));
        }
    }

    /** Where the chart marks an explosion, and what the mark says. */
    record Mark(long iteration, String label) {
    }

    /**
     * The chart's mark of an explosion, or null when there is none. A run that diverged has one number
     * everywhere: the mark stands at the last iteration that trained (the history's last point), as the
     * status bar and the message say it, not at the explosion's onset a few iterations before; a loss
     * that exploded and lives on is marked at its onset.
     */
    static Mark explosionMark(LossHistory.View v, boolean diverged) {
        if (diverged && v.size() > 0) {
            long last = v.iteration()[v.size() - 1];
            return new Mark(last, "loss became infinite after iteration " + String.format(Locale.ROOT, "%,d", last));
        }
        int onset = explosionOnset(v);
        return onset < 0 ? null
                : new Mark(v.iteration()[onset], "loss exploded at iteration " + String.format(Locale.ROOT, "%,d", v.iteration()[onset]));
    }

    /** Marks the iteration the timeline stands at (none while live), leaving the curve as it is. */
    void markTimeline() {
        if (timelineMarker != null) {
            plot.removeDomainMarker(timelineMarker);
            timelineMarker = null;
        }
        long at = model.timelineMarkProperty().get();
        if (at >= 0) {
            timelineMarker = new ValueMarker(at);
            timelineMarker.setPaint(java.awt.Color.decode("#339af0"));
            timelineMarker.setStroke(new BasicStroke(2f));
            timelineMarker.setLabel("iteration " + String.format(Locale.ROOT, "%,d", at));
            timelineMarker.setLabelPaint(java.awt.Color.decode("#339af0"));
            timelineMarker.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
            timelineMarker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addDomainMarker(timelineMarker);
        }
    }

    /** The timeline's mark on the chart, or null (for tests: where a person sees it). */
    ValueMarker timelineMarker() {
        return timelineMarker;
    }

    private ValueMarker timelineMarker;

    private static ValueMarker explosionMarker(long iteration, String label) {
        ValueMarker m = new ValueMarker(iteration);
        m.setPaint(java.awt.Color.decode("#d9480f"));
        m.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        m.setLabel(label);
        m.setLabelPaint(java.awt.Color.decode("#d9480f"));
        m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        return m;
    }

    /** A range this view set for an exploded loss (not one the user zoomed to). */
    private boolean explosionRange;
    /** The run state the series were filled for (a blow-up is marked when the state turns). */
    private RunState shownState;

    /**
     * The first point where the loss exploded: not finite, or over {@value #EXPLODED} times the
     * lowest smooth loss before it; -1 when it did not.
     */
    static int explosionOnset(LossHistory.View v) {
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < v.size(); i++) {
            double loss = v.lossMax()[i];
            if (!Double.isFinite(loss) || !Double.isFinite(v.smooth()[i]) || loss > EXPLODED * lowest) {
                return i;
            }
            lowest = Math.min(lowest, v.smooth()[i]);
        }
        return -1;
    }

    /** How many times the lowest smooth loss so far a window's loss must reach to count as an explosion. */
    static final double EXPLODED = 10;

    public void resetZoom() {
        domainAxis.setAutoRange(true);
        plot.getRangeAxis().setAutoRange(true);
    }

    private void chooseAndExport(String what, String pattern, String name, Consumer<Path> export) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export " + what);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        fc.setInitialFileName(name);
        File f = fc.showSaveDialog(owner.get());
        if (f != null) {
            try {
                export.accept(f.toPath());
            } catch (RuntimeException ex) {
                Alert a = new Alert(Alert.AlertType.ERROR, "Could not write " + f + ": " + ex.getMessage());
                a.initOwner(owner.get());
                a.show();
            }
        }
    }

    /** Points in the per-iteration series now drawn. */
    public int pointCount() {
        return raw.getItemCount(0);
    }

    /** Points in the validation series now drawn. */
    public int validationPointCount() {
        return curves.getItemCount(1);
    }

    /** The y value of the newest smooth-loss point drawn (NaN if none). */
    public double lastSmooth() {
        int n = curves.getItemCount(0);
        return n == 0 ? Double.NaN : curves.getYValue(0, n - 1);
    }

    public JFreeChart chart() {
        return chart;
    }

    /** Chart updates so far, and their mean and max time in milliseconds (rebuild plus redraw). */
    public String updateStats() {
        return String.format(Locale.ROOT, "%d updates, mean %.2f ms, max %.2f ms", updates,
                updates == 0 ? 0 : updateNanos / 1e6 / updates, maxUpdateNanos / 1e6);
    }

    private void applyTheme(Theme t) {
        // the exported picture's colours and strokes (render.Pictures draws the same chart)
        FigureStyle style = PictureExport.style(t);
        double sc = t.scale();
        Color bg = style.background();
        Color fg = style.foreground();
        Color grid = style.grid();

        chart.setNotify(false);
        try {
            chart.setBackgroundPaint(bg);
            plot.setBackgroundPaint(bg);
            plot.setOutlinePaint(grid);
            plot.setDomainGridlinePaint(grid);
            plot.setRangeGridlinePaint(grid);
            plot.setDomainGridlineStroke(new BasicStroke((float) sc * 0.8f));
            plot.setRangeGridlineStroke(new BasicStroke((float) sc * 0.8f));
            Font tick = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(12 * sc));
            Font label = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(13 * sc));
            for (ValueAxis a : new ValueAxis[] {domainAxis, linearAxis, logAxis}) {
                a.setTickLabelFont(tick);
                a.setLabelFont(label);
                a.setTickLabelPaint(fg);
                a.setLabelPaint(fg);
                a.setAxisLinePaint(grid);
                a.setTickMarkPaint(grid);
            }
            LegendTitle legend = chart.getLegend();
            legend.setBackgroundPaint(bg);
            legend.setItemPaint(fg);
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(12 * sc)));

            Pictures.styleLoss(rawRenderer, curveRenderer, style);
        } finally {
            chart.setNotify(true);
        }
        int accent = t.palette().accent();
        viewer.setZoomFillPaint(javafx.scene.paint.Color.rgb(accent >> 16 & 0xff, accent >> 8 & 0xff, accent & 0xff, 0.25));
    }
}
