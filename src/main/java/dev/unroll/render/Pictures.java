package dev.unroll.render;

import dev.unroll.engine.inspect.BpttTrace;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.sweep.LossLog;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.LossUnit;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.XYDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pictures of Unroll, built from engine data: the loss curve, the hidden-state heatmap of a
 * probe text, weight (or gradient, or Adagrad memory) matrices, and how far back the error reaches
 * through the unrolled network. The app's export commands and {@code unroll export} both build their
 * pictures here, so a picture is drawn one way wherever it is exported from.
 */
public final class Pictures {
    /** The size of an exported chart, in units (screen pixels at 1x), when the caller has none. */
    public static final double CHART_WIDTH = 800;
    public static final double CHART_HEIGHT = 480;

    private Pictures() {
    }

    // ---- the loss curve ----

    /**
     * The loss curve, as the Loss view draws it: each iteration's window loss faint with the min/max
     * band of decimated buckets, the smooth loss bold, the validation loss with its points.
     *
     * @param history        the bounded, decimated history (the app's snapshot's, or one read from a loss CSV)
     * @param sequenceLength T, to convert units
     * @param unit           the unit of the loss axis
     * @param logScale       a logarithmic loss axis
     * @param from           first iteration shown, or NaN for the start of the run
     * @param to             last iteration shown, or NaN for the end
     * @param note           a muted line under the title ("" for none)
     */
    public static ChartFigure loss(LossHistory.View history, int sequenceLength, LossUnit unit, boolean logScale, double from,
                                   double to, String note, FigureStyle style, double width, double height) {
        double s = style.scale();
        double f = unit.fromWindow(sequenceLength);
        double fv = unit.fromPerChar(sequenceLength);
        double lo = Double.isNaN(from) ? Double.NEGATIVE_INFINITY : from;
        double hi = Double.isNaN(to) ? Double.POSITIVE_INFINITY : to;
        long[] it = history.iteration();
        int a = 0;
        while (a < it.length && it[a] < lo) {
            a++;
        }
        a = Math.max(0, a - 1); // one point beyond each edge, so the lines reach them
        int b = a;
        while (b < it.length && it[b] <= hi) {
            b++;
        }
        b = Math.min(it.length, b + 1);
        int n = b - a;
        double[][] raw = new double[6][n];
        double[][] smooth = new double[2][n];
        for (int i = 0; i < n; i++) {
            int k = a + i;
            raw[0][i] = raw[1][i] = raw[2][i] = it[k];
            raw[3][i] = positive(history.loss()[k] * f, logScale);
            raw[4][i] = positive(history.lossMin()[k] * f, logScale);
            raw[5][i] = positive(history.lossMax()[k] * f, logScale);
            smooth[0][i] = it[k];
            smooth[1][i] = positive(history.smooth()[k] * f, logScale);
        }
        List<double[]> val = new ArrayList<>();
        for (int k = 0; k < history.valIteration().length; k++) {
            long vi = history.valIteration()[k];
            if (vi >= lo && vi <= hi) {
                val.add(new double[] {vi, positive(history.valLoss()[k] * fv, logScale)});
            }
        }
        double[][] valData = new double[2][val.size()];
        for (int i = 0; i < val.size(); i++) {
            valData[0][i] = val.get(i)[0];
            valData[1][i] = val.get(i)[1];
        }
        DefaultIntervalXYDataset rawData = new DefaultIntervalXYDataset();
        rawData.addSeries("Loss (each iteration)", raw);
        DefaultXYDataset curves = new DefaultXYDataset();
        curves.addSeries("Smooth loss", smooth);
        curves.addSeries("Validation loss", valData);

        NumberAxis x = new NumberAxis("iteration");
        x.setAutoRangeIncludesZero(false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        if (!Double.isNaN(from) && !Double.isNaN(to) && to > from) {
            x.setRange(from, to);
        }
        ValueAxis y;
        if (logScale) {
            // ticks at 1..9 times the powers of ten that fit: a loss axis rarely spans a whole decade
            LogarithmicAxis log = new LogarithmicAxis(unit.axisLabel());
            log.setStrictValuesFlag(false);
            log.setAllowNegativesFlag(false);
            log.setAutoRangeNextLogFlag(false);
            y = log;
        } else {
            NumberAxis lin = new NumberAxis(unit.axisLabel());
            lin.setAutoRangeIncludesZero(false);
            y = lin;
        }
        DeviationRenderer rawRenderer = new DeviationRenderer(true, false);
        XYLineAndShapeRenderer curveRenderer = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = lossPlot(x, y, rawData, rawRenderer, curves, curveRenderer);
        styleLoss(rawRenderer, curveRenderer, style);
        JFreeChart chart = new JFreeChart("Loss", null, plot, true);
        if (note != null && !note.isEmpty()) {
            chart.addSubtitle(0, new TextTitle(note));
        }
        ChartFigure.applyStyle(chart, style);
        return new ChartFigure(chart, width, height);
    }

    /**
     * The loss chart's plot, the same on screen (the Loss view) and in its pictures: the losses of each iteration
     * ({@code raw}, a line with the band of each bucket's range) drawn first, under the smooth and validation curves
     * ({@code curves}), each series one path.
     */
    public static XYPlot lossPlot(ValueAxis x, ValueAxis y, XYDataset raw, DeviationRenderer rawRenderer, XYDataset curves,
            XYLineAndShapeRenderer curveRenderer) {
        rawRenderer.setDrawSeriesLineAsPath(true);
        curveRenderer.setDrawSeriesLineAsPath(true);
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setDataset(0, raw);
        plot.setRenderer(0, rawRenderer);
        plot.setDataset(1, curves);
        plot.setRenderer(1, curveRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        return plot;
    }

    /**
     * A loss CSV's rows as the bounded, decimated history the app keeps of a run (at most about
     * 2,000 points however long the run), ready for {@link #loss}: every row's window loss and smooth
     * loss, and a validation point wherever the validation column changes.
     */
    public static LossHistory.View lossHistory(LossLog log) {
        LossHistory h = new LossHistory(1000, 1000, 1000);
        long[] it = log.iterations();
        double[] loss = log.losses();
        double[] smooth = log.smoothLosses();
        double[] val = log.valLosses();
        double lastVal = Double.NaN;
        for (int i = 0; i < log.size(); i++) {
            h.add(it[i], loss[i], smooth[i]);
            if (!Double.isNaN(val[i]) && Double.compare(val[i], lastVal) != 0) {
                h.addValidation(it[i], val[i]);
                lastVal = val[i];
            }
        }
        return h.view();
    }

    private static double positive(double v, boolean log) {
        return log && !(v > 0) ? Double.NaN : v;
    }

    // ---- heatmaps ----

    /**
     * The hidden state of a probe text: units (rows, in {@code order}) by characters (columns), each
     * cell the unit's activation after reading the character, in [-1, 1].
     *
     * @param order     the units in row order (a permutation of 0..H-1, e.g. by variance)
     * @param orderName how the rows are ordered, for the note ("by variance"), or "" for none
     */
    public static HeatmapFigure hiddenState(ProbeResult r, int[] order, String orderName, FigureStyle style) {
        int T = r.length();
        int H = r.hiddenSize();
        if (T == 0) {
            throw new IllegalArgumentException("the probe text is empty: nothing to draw");
        }
        if (order.length != H) {
            throw new IllegalArgumentException("the row order has " + order.length + " units, the model " + H);
        }
        double[] v = new double[H * T];
        String[] rows = new String[H];
        for (int row = 0; row < H; row++) {
            int u = order[row];
            rows[row] = Integer.toString(u);
            for (int t = 0; t < T; t++) {
                v[row * T + t] = r.activation(t, u);
            }
        }
        int[] cps = r.probe().codePoints();
        String[] cols = new String[T];
        for (int t = 0; t < T; t++) {
            cols[t] = Glyphs.symbol(cps[t]);
        }
        double cellW = T <= 120 ? 12 : Math.max(2, Math.min(12, 1440.0 / T));
        double cellH = H <= 100 ? 6 : Math.max(1.5, Math.min(6, 600.0 / H));
        String note = "iteration " + count(r.iteration()) + " \u00b7 " + H + " units \u00d7 " + T + " characters"
                + (orderName == null || orderName.isEmpty() ? "" : " \u00b7 rows " + orderName);
        return HeatmapFigure.builder(H, T, v).title("Hidden state h_t: units \u00d7 characters").note(note)
                .rowLabels(rows).columnLabels(cols, true).legend(-1, "-1", "+1", "activation h").style(style)
                .cell(cellW * style.scale(), cellH * style.scale()).build();
    }

    /**
     * A matrix as a heatmap scaled to its largest magnitude: signed ones (weights, gradients) over
     * the whole table, symmetric around 0; non-negative ones (Adagrad memory) over its upper half,
     * on a square-root scale.
     *
     * @param title  e.g. "Whh", "dWhh", "Adagrad memory of Whh"; the shape is added to it
     * @param signed whether the values have a sign
     */
    public static HeatmapFigure matrix(Tensor t, String title, boolean signed, FigureStyle style) {
        double max = 0;
        for (double x : t.data) {
            if (Double.isFinite(x)) {
                max = Math.max(max, Math.abs(x));
            }
        }
        double[] v = new double[t.data.length];
        for (int i = 0; i < v.length; i++) {
            double x = max == 0 ? 0 : t.data[i] / max;
            v[i] = signed ? x : Math.sqrt(Math.max(0, x));
        }
        double cell = Math.max(1, Math.min(12, 320.0 / Math.max(t.rows, t.cols))) * style.scale();
        return HeatmapFigure.builder(t.rows, t.cols, v).title(title + "  " + t.rows + "\u00d7" + t.cols)
                .legend(signed ? -1 : 0, signed ? number(-max) : "0", number(max), signed ? "" : "\u221a scale")
                .style(style).cell(cell, cell).build();
    }

    /** The model's weight matrices (every parameter with more than one row and column), side by side. */
    public static FigureGrid weights(ModelSnapshot model, FigureStyle style) {
        List<Figure> out = new ArrayList<>();
        for (Tensor t : model.parameters()) {
            if (t.rows > 1 && t.cols > 1) {
                out.add(matrix(t, t.name, true, style));
            }
        }
        return new FigureGrid(out, 3, style);
    }

    // ---- the unrolled network ----

    /**
     * How far back the error reaches through the unrolled network: the norm of dL/dh_t at each time
     * step of a window (log scale), the part of the last step's error alone, and, when computed, the
     * norm of the Jacobian product dh_T/dh_t.
     */
    public static ChartFigure gradientFlow(BpttTrace t, String note, FigureStyle style, double width, double height) {
        double[] steps = new double[t.length()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i + 1;
        }
        LineChart c = LineChart.titled("How far back the error reaches: \u2016dL/dh_t\u2016 against t").note(note)
                .axes("time step t", "norm").logY(true).style(style)
                .add(new LineChart.Series("\u2016dL/dh_t\u2016", steps, t.dhNorms(), style.seriesColor(0), 3, false, false))
                .add(new LineChart.Series("\u2016\u2202\u2113_T/\u2202h_t\u2016 (last step's error only)", steps, t.lastLossNorms(),
                        style.seriesColor(2), 2.5, false, false));
        if (t.hasJacobians()) {
            c.add(new LineChart.Series("\u2016dh_T/dh_t\u2016", steps, t.jacobianNorms(), style.seriesColor(1), 2.5, true, false));
        }
        return c.figure(width, height);
    }

    // ---- numbers ----

    /** A count with thousands separators (94,130): the one format of counts in every view, figure and locale. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A short number for a legend or a tick: 3 significant digits, an exponent when very large or small. */
    public static String number(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * Colours and strokes of the loss chart's renderers in a style: the raw loss of each iteration faint
     * in the muted colour with its band, the smooth loss in the first series colour, the validation loss
     * with dots in the second; the app's Loss view and the exported picture are styled alike.
     */
    public static void styleLoss(DeviationRenderer raw, XYLineAndShapeRenderer curves, FigureStyle style) {
        double s = style.scale();
        Color rawColor = style.muted();
        raw.setSeriesPaint(0, new Color(rawColor.getRed(), rawColor.getGreen(), rawColor.getBlue(), 115));
        raw.setSeriesFillPaint(0, rawColor);
        raw.setAlpha(0.25f);
        raw.setSeriesStroke(0, new BasicStroke((float) s));
        curves.setSeriesPaint(0, style.seriesColor(0));
        curves.setSeriesStroke(0, new BasicStroke((float) (2.5 * s), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        curves.setSeriesPaint(1, style.seriesColor(1));
        curves.setSeriesStroke(1, new BasicStroke((float) (2.0 * s), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        curves.setSeriesShapesVisible(1, true);
        double r = 3 * s;
        curves.setSeriesShape(1, new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
    }
}
