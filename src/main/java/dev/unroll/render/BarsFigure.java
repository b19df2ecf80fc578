package dev.unroll.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Labelled horizontal bars of probabilities, the most likely first, as the Generate view shows the
 * distribution a character was drawn from: a row per candidate (its character, a bar of its
 * probability, the percentage), an optional thin mark per row (the probability at another
 * temperature), one row highlighted (the character drawn).
 */
public final class BarsFigure extends HeadedFigure {
    /**
     * One bar.
     *
     * @param label       the candidate, e.g. "a" or "space"
     * @param probability 0 to 1
     * @param mark        a second probability drawn as a thin mark, NaN for none
     * @param highlighted whether this row is the one drawn
     */
    public record Bar(String label, double probability, double mark, boolean highlighted) {
        public Bar {
            Objects.requireNonNull(label, "label");
        }
    }

    private final List<Bar> bars;
    private final double labelW;

    /**
     * @param width the figure's width in units (the bars take what the labels leave)
     */
    public BarsFigure(String title, String note, List<Bar> bars, FigureStyle style, double width) {
        super(title, note, style);
        if (bars.isEmpty()) {
            throw new IllegalArgumentException("no bars to draw");
        }
        this.bars = List.copyOf(bars);
        double s = style.scale();
        double lw = 0;
        for (Bar b : bars) {
            lw = Math.max(lw, style.mono(12).getStringBounds(b.label(), FRC).getWidth());
        }
        labelW = lw + 10 * s;
        size(Math.max(width, labelW + 200 * s), Math.ceil(belowHeading(8 * s) + bars.size() * 24 * s + 8 * s));
    }

    @Override
    public void draw(Graphics2D g) {
        double s = style.scale();
        double pad = 8 * s;
        double width = width();
        double y = drawBackgroundAndHeading(g, pad);
        double valueW = 52 * s;
        double trackX = pad + labelW;
        double trackW = Math.max(20, width - trackX - valueW - pad);
        Color bar = style.seriesColor(0);
        Color drawn = style.seriesColor(1);
        for (Bar b : bars) {
            double rowH = 24 * s;
            double cy = y + rowH / 2;
            g.setFont(style.mono(12));
            g.setColor(b.highlighted() ? drawn : style.foreground());
            FontMetrics fm = g.getFontMetrics();
            g.drawString(b.label(), (float) pad, (float) (cy + fm.getAscent() * 0.35));
            g.setColor(style.grid());
            g.fill(new Rectangle2D.Double(trackX, y + 4 * s, trackW, rowH - 8 * s));
            g.setColor(b.highlighted() ? drawn : bar);
            g.fill(new Rectangle2D.Double(trackX, y + 4 * s, Math.max(1, trackW * clamp(b.probability())), rowH - 8 * s));
            if (Double.isFinite(b.mark())) {
                g.setColor(style.foreground());
                g.setStroke(new BasicStroke((float) (2 * s)));
                double mx = trackX + trackW * clamp(b.mark());
                g.draw(new Line2D.Double(mx, y + 2 * s, mx, y + rowH - 2 * s));
            }
            g.setFont(style.font(11));
            g.setColor(style.foreground());
            String pct = percent(b.probability());
            double pw = g.getFontMetrics().getStringBounds(pct, g).getWidth();
            g.drawString(pct, (float) (width - pad - pw), (float) (cy + g.getFontMetrics().getAscent() * 0.35));
            y += rowH;
        }
    }

    private static double clamp(double p) {
        return Double.isFinite(p) ? Math.max(0, Math.min(1, p)) : 0;
    }

    /** A probability as the view writes it: "42%", "3.1%", "<0.1%". */
    public static String percent(double p) {
        if (p >= 0.0995) {
            return String.format(Locale.ROOT, "%.0f%%", p * 100);
        }
        if (p >= 0.000995) {
            return String.format(Locale.ROOT, "%.1f%%", p * 100);
        }
        return p == 0 ? "0%" : "<0.1%";
    }
}
