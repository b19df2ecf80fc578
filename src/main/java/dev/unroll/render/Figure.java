package dev.unroll.render;

import java.awt.Graphics2D;

/**
 * A picture that draws itself with Java2D into a rectangle of {@link #width()} by {@link #height()}
 * units from the origin. A unit is a pixel on screen at 1x: a PNG at scale 2 has twice as many pixels
 * each way, an SVG has this size. Figures are immutable and may be drawn any number of times, on any
 * thread.
 */
public interface Figure {
    /** Width in units (screen pixels at 1x), positive. */
    double width();

    /** Height in units, positive. */
    double height();

    /**
     * Draws the whole figure, background included, into (0, 0, width, height) of {@code g}, in
     * units of the graphics' current transform. May change {@code g}'s state (callers pass a fresh
     * or a {@link Graphics2D#create() created} one).
     */
    void draw(Graphics2D g);
}
