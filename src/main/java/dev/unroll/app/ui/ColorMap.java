package dev.unroll.app.ui;

import dev.unroll.app.core.Theme;
import dev.unroll.render.ColorTable;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/**
 * The one colour map of every heatmap in the app: a diverging scale for values in [-1, 1], blue
 * at -1, the theme's neutral tone at 0, red at +1 (ColorBrewer RdBu, five stops), precomputed as
 * a table of {@link #SIZE} packed ARGB ints. Every view colours a value through this table, so
 * the same activation is the same colour in every view, and legends are drawn from the same
 * table ({@link #legendImage()}, {@link #drawLegend}). The table is {@link ColorTable}'s, which
 * exported pictures use too.
 *
 * <p>Values are clamped to [-1, 1]; NaN is the neutral tone. Non-negative quantities (magnitudes)
 * use the upper half, [0, 1]: neutral to red. The table has an odd size so that 0 has an entry of
 * its own, the neutral tone. Instances are immutable and shared (one per light/dark); safe to use
 * from any thread, except the legend image, which needs the JavaFX toolkit.
 */
public final class ColorMap {
    /** Entries in the table: index 0 is -1, {@code SIZE / 2} is 0, {@code SIZE - 1} is +1. */
    public static final int SIZE = ColorTable.SIZE;

    private static final int MID = SIZE / 2;
    private static final ColorMap LIGHT = new ColorMap(false);
    private static final ColorMap DARK = new ColorMap(true);

    private final int[] table = new int[SIZE];
    private final Color neutral;
    private WritableImage legend;

    private ColorMap(boolean dark) {
        int[] t = ColorTable.diverging(dark);
        System.arraycopy(t, 0, table, 0, SIZE);
        neutral = unpack(table[MID]);
    }

    /** The map for a theme (its {@link Theme#dark()} picks the light or dark table); null is light. */
    public static ColorMap of(Theme theme) {
        return theme != null && theme.dark() ? DARK : LIGHT;
    }

    /** The table index of a value: clamped to [-1, 1], rounded to the nearest entry; NaN is the middle. */
    public static int index(double v) {
        return ColorTable.index(v);
    }

    /** The packed ARGB colour (opaque) of a value in [-1, 1], through {@link #index(double)}. */
    public int argb(double v) {
        return table[index(v)];
    }

    /** The packed ARGB colour of table entry {@code i}, 0 &lt;= i &lt; {@link #SIZE}. */
    public int argbAt(int i) {
        return table[i];
    }

    /** A copy of the whole table, entry {@code i} the colour of value {@code 2 i / (SIZE - 1) - 1}. */
    public int[] table() {
        return table.clone();
    }

    /** The colour of a value, as a {@link Color} (for fills and strokes). */
    public Color color(double v) {
        return unpack(argb(v));
    }

    /** The colour at 0: the background tone the map fades into. */
    public Color neutral() {
        return neutral;
    }

    /** Black or white, whichever reads better on the colour of a value. */
    public Color textOn(double v) {
        int c = argb(v);
        double lum = (0.2126 * (c >> 16 & 0xff) + 0.7152 * (c >> 8 & 0xff) + 0.0722 * (c & 0xff)) / 255;
        return lum > 0.5 ? Color.BLACK : Color.WHITE;
    }

    /**
     * Colours {@code count} values, {@code out[outOffset + k] = argb(values[offset + k * stride])}: the
     * bulk path of the pixel buffers. Allocates nothing.
     */
    public void fill(double[] values, int offset, int stride, int count, int[] out, int outOffset) {
        for (int k = 0; k < count; k++) {
            out[outOffset + k] = table[index(values[offset + k * stride])];
        }
    }

    /**
     * The table as an image {@link #SIZE} pixels wide and one high, pixel {@code i} being entry
     * {@code i}: every legend is this image, drawn stretched. Created on first use (needs the
     * JavaFX toolkit); the same image afterwards.
     */
    public synchronized Image legendImage() {
        if (legend == null) {
            WritableImage img = new WritableImage(SIZE, 1);
            img.getPixelWriter().setPixels(0, 0, SIZE, 1, PixelFormat.getIntArgbInstance(), table, 0, SIZE);
            legend = img;
        }
        return legend;
    }

    /**
     * Draws the legend bar for values from {@code from} to {@code to} (within [-1, 1]; -1 to 1 for
     * signed quantities, 0 to 1 for magnitudes) into the rectangle (x, y, w, h), left to right:
     * the entries of the table between those values, stretched without smoothing. Leaves the
     * context's state as it found it.
     */
    public void drawLegend(GraphicsContext g, double x, double y, double w, double h, double from, double to) {
        int a = index(Math.min(from, to));
        int b = index(Math.max(from, to));
        g.save();
        g.setImageSmoothing(false);
        g.drawImage(legendImage(), a, 0, b - a + 1, 1, x, y, w, h);
        g.restore();
    }

    /** A packed opaque ARGB int of a colour. */
    public static int pack(Color c) {
        return 0xff000000 | (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                | (int) Math.round(c.getBlue() * 255);
    }

    /** The opaque colour of a packed ARGB int. */
    public static Color unpack(int argb) {
        return Color.rgb(argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff);
    }

    @Override
    public String toString() {
        return "ColorMap(" + (this == DARK ? "dark" : "light") + ", " + SIZE + " entries)";
    }
}
