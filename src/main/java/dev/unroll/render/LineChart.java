package dev.unroll.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * A line chart (or a scatter of points) built as a JFreeChart: a title and a note, a legend, a
 * linear or logarithmic y axis, dashed reference lines, and a complex-plane mode (equal scales and
 * the unit circle, for eigenvalues). The app's small canvas charts are exported through it, and
 * {@code unroll export} draws its charts with it.
 */
public final class LineChart {
    /**
     * One line or set of points; x and y of equal length. NaN (and, on a log axis, a value not above
     * 0) leaves a gap. An empty name keeps the series out of the legend.
     *
     * @param width line width in units at 1x
     */
    public record Series(String name, double[] x, double[] y, Color color, double width, boolean dashed, boolean points) {
        public Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(color, "color");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x values and " + y.length + " y values");
            }
        }

        /** A solid line of width 2. */
        public static Series line(String name, double[] x, double[] y, Color color) {
            return new Series(name, x, y, color, 2, false, false);
        }
    }

    private final String title;
    private String note = "";
    private String xLabel = "";
    private String yLabel = "";
    private boolean logY;
    private boolean complexPlane;
    private double yMinFloor = Double.NaN;
    private final List<Double> refLines = new ArrayList<>();
    private final List<Series> series = new ArrayList<>();
    private FigureStyle style = FigureStyle.LIGHT;

    private LineChart(String title) {
        this.title = title == null ? "" : title;
    }

    /** A chart with this title (empty: none). */
    public static LineChart titled(String title) {
        return new LineChart(title);
    }

    /** A muted line under the title. */
    public LineChart note(String n) {
        note = n == null ? "" : n;
        return this;
    }

    public LineChart axes(String x, String y) {
        xLabel = x == null ? "" : x;
        yLabel = y == null ? "" : y;
        return this;
    }

    public LineChart logY(boolean on) {
        logY = on;
        return this;
    }

    /** Points in the complex plane (x real, y imaginary), equal scales, the unit circle dashed. */
    public LineChart complexPlane(boolean on) {
        complexPlane = on;
        return this;
    }

    /** The linear y axis starts no higher than this (e.g. 0); NaN: wherever the data start. */
    public LineChart yMinFloor(double v) {
        yMinFloor = v;
        return this;
    }

    /** Dashed horizontal lines at these y values (e.g. 1). */
    public LineChart refLines(double... ys) {
        for (double y : ys) {
            refLines.add(y);
        }
        return this;
    }

    public LineChart add(Series s) {
        series.add(Objects.requireNonNull(s));
        return this;
    }

    public LineChart addAll(List<Series> s) {
        s.forEach(this::add);
        return this;
    }

    public LineChart style(FigureStyle s) {
        style = Objects.requireNonNull(s);
        return this;
    }

    /** The series added so far. */
    public List<Series> series() {
        return List.copyOf(series);
    }

    /** The chart as a figure of {@code width} x {@code height} units. */
    public ChartFigure figure(double width, double height) {
        return new ChartFigure(chart(width / Math.max(1, height)), width, height);
    }

    /** A key that keeps equal names apart (JFreeChart needs unique keys) and shows the name. */
    private record Key(int index, String name) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return Integer.compare(index, o.index);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private boolean valid(double y) {
        return Double.isFinite(y) && (!logY || y > 0);
    }

    private JFreeChart chart(double aspect) {
        double s = style.scale();
        DefaultXYDataset data = new DefaultXYDataset();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true);
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < series.size(); i++) {
            Series se = series.get(i);
            double[] x = se.x().clone();
            double[] y = se.y().clone();
            for (int k = 0; k < y.length; k++) {
                if (!valid(y[k]) || !Double.isFinite(x[k])) {
                    y[k] = Double.NaN;
                } else {
                    x0 = Math.min(x0, x[k]);
                    x1 = Math.max(x1, x[k]);
                    y0 = Math.min(y0, y[k]);
                    y1 = Math.max(y1, y[k]);
                }
            }
            data.addSeries(new Key(i, se.name()), new double[][] {x, y});
            r.setSeriesPaint(i, se.color());
            float w = (float) (se.width() * s);
            r.setSeriesStroke(i, se.dashed()
                    ? new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {(float) (6 * s), (float) (4 * s)}, 0f)
                    : new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            r.setSeriesLinesVisible(i, !se.points());
            r.setSeriesShapesVisible(i, se.points());
            double rad = 3.2 * s;
            r.setSeriesShape(i, new Ellipse2D.Double(-rad, -rad, 2 * rad, 2 * rad));
            r.setSeriesVisibleInLegend(i, !se.name().isEmpty());
        }
        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setAutoRangeIncludesZero(false);
        ValueAxis yAxis;
        if (logY) {
            LogAxis log = ChartFigure.decadeAxis(yLabel);
            log.setSmallestValue(1e-300);
            yAxis = log;
        } else {
            NumberAxis lin = new NumberAxis(yLabel);
            lin.setAutoRangeIncludesZero(false);
            yAxis = lin;
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, r);
        for (double ref : refLines) {
            if (valid(ref)) {
                ValueMarker m = new ValueMarker(ref, style.foreground(), new BasicStroke((float) (1.2 * s), BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10f, new float[] {(float) (6 * s), (float) (4 * s)}, 0f));
                plot.addRangeMarker(m);
                if (y0 <= y1) {
                    y0 = Math.min(y0, ref);
                    y1 = Math.max(y1, ref);
                }
            }
        }
        if (complexPlane && x0 <= x1) {
            double rad = Math.max(1.1, Math.max(Math.max(Math.abs(x0), Math.abs(x1)), Math.max(Math.abs(y0), Math.abs(y1))) * 1.05);
            xAxis.setRange(-rad * Math.max(1, aspect), rad * Math.max(1, aspect));
            yAxis.setRange(-rad * Math.max(1, 1 / aspect), rad * Math.max(1, 1 / aspect));
            plot.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(-1, -1, 2, 2), new BasicStroke((float) (1.5 * s),
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {(float) (5 * s), (float) (4 * s)}, 0f), style.muted()));
        } else if (!logY && Double.isFinite(yMinFloor) && y0 <= y1) {
            double lo = Math.min(y0, yMinFloor);
            double hi = y1 > lo ? y1 + (y1 - lo) * 0.06 : lo + 1;
            yAxis.setRange(lo, hi);
        }
        if (!complexPlane && x0 == x1) {
            xAxis.setRange(x0 - 1, x1 + 1); // one x value: a range around it, not a degenerate axis
        }
        JFreeChart chart = new JFreeChart(title.isEmpty() ? null : title, null, plot, true);
        if (!note.isEmpty()) {
            chart.addSubtitle(0, new TextTitle(note));
        }
        ChartFigure.applyStyle(chart, style);
        return chart;
    }
}
