package dev.unroll.app.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;

/**
 * A region that is one canvas filling it, painted in the layout pass: a change calls
 * {@link #draw()}, which only asks for a layout, so several changes in a row are painted once per
 * pulse; {@link #layoutChildren()} sizes the canvas to the region and calls {@link #paint()}. Its
 * preferred size is fixed when it is made. JavaFX thread.
 */
public abstract class CanvasRegion extends Region {
    /** The canvas, the region's first child. */
    protected final Canvas canvas = new Canvas();
    private final double prefWidth;
    private final double prefHeight;

    /** @param prefWidth its preferred width, @param prefHeight its preferred height */
    protected CanvasRegion(double prefWidth, double prefHeight) {
        this.prefWidth = prefWidth;
        this.prefHeight = prefHeight;
        getChildren().add(canvas);
    }

    /** Paints the canvas at its current size (which may be 0 by 0). */
    protected abstract void paint();

    /** Asks for a repaint in this pulse's layout pass: several changes in a row are drawn once. */
    protected final void draw() {
        setNeedsLayout(true);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        paint();
    }

    @Override
    protected double computePrefWidth(double height) {
        return prefWidth;
    }

    @Override
    protected double computePrefHeight(double width) {
        return prefHeight;
    }
}
