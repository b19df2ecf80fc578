package dev.unroll.app.hidden;

import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;

/**
 * The painter the saturation canvases ({@link SaturationCanvas}, {@link LayerSaturationCanvas}) share: a canvas the
 * size of the region, redrawn on every layout, side by side panels whose texts are drawn through {@link #text} (their
 * fitting is {@link TextFit}'s) and recorded with their panel and box, and a tooltip with the whole titles.
 */
abstract class PanelCanvas extends Region {
    /** The canvas drawn on, as large as the region. */
    protected final Canvas canvas = new Canvas();
    /** The tooltip over the whole canvas (null text: none). */
    protected final Tooltip tooltip = new Tooltip();
    protected Palette palette;
    /** The font of the texts, as set by {@link #startText}. */
    protected Font font = Font.font(11);
    /** The texts drawn last, with where they are (tests: none overlaps another or leaves its panel). */
    private final List<Drawn> drawn = new ArrayList<>();
    /** Whether a text the canvas has no height for is left out (else drawn, cut by the canvas's edge). */
    private final boolean leaveOutBelow;

    /** A text as drawn: what it reads, the panel it belongs to (as the canvas numbers them) and its box in the canvas. */
    record Drawn(String text, int panel, Bounds box) {
    }

    PanelCanvas(String id, Palette palette, boolean leaveOutBelow) {
        this.palette = palette;
        this.leaveOutBelow = leaveOutBelow;
        setId(id);
        getChildren().add(canvas);
        setMinSize(100, 80);
        Tooltip.install(this, tooltip);
    }

    /** The texts drawn last, each with its panel and its box. */
    List<Drawn> drawn() {
        return List.copyOf(drawn);
    }

    /** The left and right edges of panel {@code i}, as the canvas numbers its panels. */
    abstract double[] panel(int i);

    /** Draws the whole canvas anew at its size and palette. */
    abstract void draw();

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(1, getWidth()));
        canvas.setHeight(Math.max(1, getHeight()));
        draw();
    }

    /** Forgets the texts drawn last and paints the canvas's background; the graphics to draw on. */
    protected GraphicsContext clear() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        drawn.clear();
        g.setFill(palette.background);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        return g;
    }

    /** Sets the texts' font at the palette's scale {@code s} (top baseline); the height of a line. */
    protected double startText(GraphicsContext g, double s) {
        font = Font.font(Math.max(9, 11 * s));
        g.setFont(font);
        g.setTextBaseline(VPos.TOP);
        return Math.ceil(font.getSize() * 1.3);
    }

    /**
     * Draws {@code t} (nothing for an empty one, nor, where the canvas leaves such lines out, one it has no height for)
     * aligned at {@code x}, top at {@code y}, and records its box in panel {@code panel}.
     */
    protected void text(GraphicsContext g, String t, int panel, double x, double y, TextAlignment align) {
        if (t.isEmpty() || leaveOutBelow && (y < 0 || y + font.getSize() * 1.2 > canvas.getHeight())) {
            return; // a line the canvas has no height for is left out, not cut
        }
        double tw = TextFit.width(font, t);
        double left = align == TextAlignment.LEFT ? x : align == TextAlignment.RIGHT ? x - tw : x - tw / 2;
        g.setTextAlign(align);
        g.fillText(t, x, y);
        drawn.add(new Drawn(t, panel, new BoundingBox(left, y, tw, font.getSize() * 1.2)));
    }
}
