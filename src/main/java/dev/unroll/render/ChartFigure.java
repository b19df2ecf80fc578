package dev.unroll.render;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Objects;

/**
 * A JFreeChart chart as a {@link Figure} of a given size: drawn by the chart itself, so an SVG has
 * its lines, shapes and text as vectors.
 *
 * @param chart  the chart; drawing does not change it (it is not shared with a live view while drawn)
 * @param width  width in units
 * @param height height in units
 */
public record ChartFigure(JFreeChart chart, double width, double height) implements Figure {
    public ChartFigure {
        Objects.requireNonNull(chart, "chart");
        if (!(width >= 1) || !(height >= 1)) {
            throw new IllegalArgumentException("a chart needs a size of at least 1x1 (got " + width + "x" + height + ")");
        }
    }

    @Override
    public void draw(Graphics2D g) {
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    }

    /**
     * Gives an XY chart a style's look: backgrounds, grid, axis and legend type and colours, the
     * title and subtitle fonts. The series colours are the builder's.
     */
    public static void applyStyle(JFreeChart chart, FigureStyle style) {
        double s = style.scale();
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setBackgroundPaint(style.background());
        chart.setPadding(new RectangleInsets(6 * s, 6 * s, 6 * s, 18 * s));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(style.bold(13));
            chart.getTitle().setPaint(style.foreground());
            chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
        }
        for (Object o : chart.getSubtitles()) {
            Title t = (Title) o;
            if (t instanceof LegendTitle legend) {
                legend.setPosition(RectangleEdge.TOP);
                legend.setFrame(BlockBorder.NONE);
                legend.setBackgroundPaint(style.background());
                legend.setItemPaint(style.foreground());
                legend.setItemFont(style.font(11));
                legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
            } else if (t instanceof TextTitle text) {
                text.setFont(style.font(11));
                text.setPaint(style.muted());
                text.setHorizontalAlignment(HorizontalAlignment.LEFT);
            }
        }
        if (chart.getPlot() instanceof XYPlot plot) {
            plot.setBackgroundPaint(style.background());
            plot.setOutlinePaint(style.muted());
            plot.setDomainGridlinePaint(style.grid());
            plot.setRangeGridlinePaint(style.grid());
            plot.setDomainGridlineStroke(new BasicStroke((float) (0.8 * s)));
            plot.setRangeGridlineStroke(new BasicStroke((float) (0.8 * s)));
            plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
            plot.setNoDataMessage("no data yet");
            plot.setNoDataMessageFont(style.font(12));
            plot.setNoDataMessagePaint(style.muted());
            for (int i = 0; i < plot.getDomainAxisCount(); i++) {
                axis(plot.getDomainAxis(i), style);
            }
            for (int i = 0; i < plot.getRangeAxisCount(); i++) {
                axis(plot.getRangeAxis(i), style);
            }
        }
    }

    /**
     * A logarithmic axis whose ticks are whole powers of ten (10^-2, 10^-1, 10^0, ...), never
     * fractional exponents.
     */
    public static LogAxis decadeAxis(String label) {
        LogAxis log = new LogAxis(label);
        TickUnits decades = new TickUnits();
        for (int k = 1; k <= 12; k++) {
            decades.add(new NumberTickUnit(k));
        }
        log.setStandardTickUnits(decades);
        log.setNumberFormatOverride(TickLabels.logFormat());
        return log;
    }

    private static void axis(Axis a, FigureStyle style) {
        if (a == null) {
            return;
        }
        a.setTickLabelFont(style.font(10.5));
        a.setLabelFont(style.font(11.5));
        a.setTickLabelPaint(style.foreground());
        a.setLabelPaint(style.foreground());
        a.setAxisLinePaint(style.muted());
        a.setTickMarkPaint(style.muted());
    }
}
