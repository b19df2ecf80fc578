package dev.unroll.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * The look of an exported figure, one per theme of the app: background, text and grid colours, the
 * colours of successive series, the heatmap colour table, and a scale for type and strokes (the
 * presentation style draws them 1.6 times larger, as the app's presentation theme does).
 *
 * @param name       light, dark or presentation
 * @param dark       whether the background is dark (the heatmap table follows it)
 * @param scale      type and stroke size relative to normal
 * @param background the figure's background
 * @param foreground titles, labels and axis text
 * @param muted      secondary text, frames, reference lines
 * @param grid       grid lines
 * @param series     colours of successive series (at least one)
 */
public record FigureStyle(String name, boolean dark, double scale, Color background, Color foreground, Color muted,
                          Color grid, List<Color> series) {
    /** Dark text on white: papers and most slides. */
    public static final FigureStyle LIGHT = new FigureStyle("light", false, 1.0, Color.WHITE, new Color(0x1b1c20),
            new Color(0x6b6f7a), new Color(0xd9dbe0), List.of(new Color(0x1565c0), new Color(0xd84315), new Color(0x2e7d32),
                    new Color(0x8e24aa), new Color(0xb8860b)));
    /** Light text on a dark background. */
    public static final FigureStyle DARK = new FigureStyle("dark", true, 1.0, new Color(0x1e1f24), new Color(0xe8e8ea),
            new Color(0x8a8d96), new Color(0x3a3c44), List.of(new Color(0x4ea1ff), new Color(0xff8c3a), new Color(0x5ad17a),
                    new Color(0xe05cff), new Color(0xf2d04b)));
    /** The light colours with large type and strokes, for a projector. */
    public static final FigureStyle PRESENTATION = new FigureStyle("presentation", false, 1.6, Color.WHITE, Color.BLACK,
            new Color(0x55585f), new Color(0xd9dbe0), LIGHT.series());
    /** Every style, in the order the help lists them. */
    public static final List<FigureStyle> ALL = List.of(LIGHT, DARK, PRESENTATION);

    public FigureStyle {
        series = List.copyOf(series);
        if (series.isEmpty() || !(scale > 0)) {
            throw new IllegalArgumentException("a style needs a positive scale and at least one series colour");
        }
    }

    /** The style named {@code name} (light, dark, presentation; case-insensitive), or null. */
    public static FigureStyle named(String name) {
        for (FigureStyle s : ALL) {
            if (s.name.equalsIgnoreCase(name == null ? "" : name.strip())) {
                return s;
            }
        }
        return null;
    }

    /** The colour of series {@code i} (colours repeat after the last). */
    public Color seriesColor(int i) {
        return series.get(Math.floorMod(i, series.size()));
    }

    /** The heatmap colour table for this background (see {@link ColorTable}). */
    public int[] colorTable() {
        return ColorTable.diverging(dark);
    }

    /** A sans-serif font of {@code size} units at 1x, scaled by {@link #scale()}. */
    public Font font(double size) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont((float) (size * scale));
    }

    /** The bold {@link #font(double)}. */
    public Font bold(double size) {
        return new Font(Font.SANS_SERIF, Font.BOLD, 1).deriveFont((float) (size * scale));
    }

    /** A monospaced font (characters in heatmap columns). */
    public Font mono(double size) {
        return new Font(Font.MONOSPACED, Font.PLAIN, 1).deriveFont((float) (size * scale));
    }

    /**
     * Fills a figure's background and draws its heading from (pad, pad): the title in bold, the note
     * under it in the muted colour (either may be empty: no line).
     *
     * @return the y where what follows the heading starts
     */
    public double drawBackgroundAndHeading(Graphics2D g, double width, double height, String title, String note, double pad) {
        g.setColor(background);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        double y = pad;
        if (!title.isEmpty()) {
            g.setColor(foreground);
            g.setFont(bold(13));
            g.drawString(title, (float) pad, (float) (y + 14 * scale));
            y += 20 * scale;
        }
        if (!note.isEmpty()) {
            g.setColor(muted);
            g.setFont(font(11));
            g.drawString(note, (float) pad, (float) (y + 12 * scale));
            y += 16 * scale;
        }
        return y;
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT);
    }
}
