package dev.unroll.render;

import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;

/**
 * What the drawn figures ({@link BarsFigure}, {@link HeatmapFigure}) share: a size fixed once they are laid out, a
 * style, and a heading (a bold title and a muted note under it, either left out when empty) over the background.
 */
abstract class HeadedFigure implements Figure {
    /** The context text is measured in while laying a figure out (no graphics yet). */
    static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    protected final String title;
    protected final String note;
    protected final FigureStyle style;
    private double width;
    private double height;

    /** A figure headed by {@code title} and {@code note} (null: none); its subclass sets its {@link #size}. */
    HeadedFigure(String title, String note, FigureStyle style) {
        this.title = title == null ? "" : title;
        this.note = note == null ? "" : note;
        this.style = style;
    }

    /** Sets the figure's size in units, once, as its constructor has laid it out. */
    protected final void size(double width, double height) {
        this.width = width;
        this.height = height;
    }

    @Override
    public final double width() {
        return width;
    }

    @Override
    public final double height() {
        return height;
    }

    /** {@code top} and the height of the title and the note under it (none where they are empty), added in that order. */
    protected final double belowHeading(double top) {
        double s = style.scale();
        return top + (title.isEmpty() ? 0 : 20 * s) + (note.isEmpty() ? 0 : 16 * s);
    }

    /** Fills the background and draws the heading at the margin {@code pad}; the top of what comes under it. */
    protected final double drawBackgroundAndHeading(Graphics2D g, double pad) {
        return style.drawBackgroundAndHeading(g, width, height, title, note, pad);
    }
}
