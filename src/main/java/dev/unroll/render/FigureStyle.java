package dev.unroll.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * The look of an exported figure, one per theme of the app: the theme's {@link Palette} (the colours
 * the app's views draw with, so a picture looks like the view it came from) and a scale for type and
 * strokes (the presentation style draws them 1.6 times larger, as the app's presentation theme does).
 *
 * @param name    light, dark or presentation
 * @param palette the colours
 * @param scale   type and stroke size relative to normal
 */
public record FigureStyle(String name, Palette palette, double scale) {
    /** Dark text on white: papers and most slides. */
    public static final FigureStyle LIGHT = new FigureStyle("light", Palette.LIGHT, 1.0);
    /** Light text on a dark background. */
    public static final FigureStyle DARK = new FigureStyle("dark", Palette.DARK, 1.0);
    /** Black text on white with large type and strokes, for a projector. */
    public static final FigureStyle PRESENTATION = new FigureStyle("presentation", Palette.PRESENTATION, 1.6);
    /** Every style, in the order the help lists them. */
    public static final List<FigureStyle> ALL = List.of(LIGHT, DARK, PRESENTATION);

    public FigureStyle {
        if (palette == null || !(scale > 0)) {
            throw new IllegalArgumentException("a style needs a palette and a positive scale");
        }
    }

    /** Whether the background is dark. */
    public boolean dark() {
        return palette.dark();
    }

    /** The figure's background. */
    public Color background() {
        return new Color(palette.background());
    }

    /** Titles, labels and axis text. */
    public Color foreground() {
        return new Color(palette.foreground());
    }

    /** Secondary text, frames, reference lines. */
    public Color muted() {
        return new Color(palette.muted());
    }

    /** Grid lines. */
    public Color grid() {
        return new Color(palette.grid());
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
        return new Color(palette.seriesColor(i));
    }

    /** The heatmap colour table for this background (see {@link ColorTable}). */
    public int[] colorTable() {
        return ColorTable.diverging(palette);
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
        g.setColor(background());
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        double y = pad;
        if (!title.isEmpty()) {
            g.setColor(foreground());
            g.setFont(bold(13));
            g.drawString(title, (float) pad, (float) (y + 14 * scale));
            y += 20 * scale;
        }
        if (!note.isEmpty()) {
            g.setColor(muted());
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
