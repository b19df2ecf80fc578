package dev.unroll.render;

import java.util.List;

/**
 * The colours of one theme, by role, for everything the app paints itself (canvases, charts) and for
 * the pictures it exports: the screen and the pictures read the same palette, so a curve is the same
 * blue in the view and on the slide. Colours are packed {@code 0xRRGGBB} ints, so that both the app
 * (JavaFX) and the pictures (AWT) can use them.
 *
 * <p>The values are those of the AtlantaFX theme the app applies (Primer Light and Primer Dark), named
 * here after its looked-up colours; the presentation palette is Primer Light with black text and
 * stronger lines, as the presentation sheet makes it. {@code ThemePaletteTest} checks that the theme's
 * sheets resolve to these values.
 *
 * @param name       light, dark or presentation
 * @param dark       whether the background is dark
 * @param background the view's and the picture's background ({@code -color-bg-default})
 * @param surface    panels, the neutral tone of heatmaps, a text's prime ({@code -color-bg-subtle})
 * @param foreground text, titles and axis labels ({@code -color-fg-default})
 * @param muted      secondary text, frames, reference lines, the raw loss ({@code -color-fg-muted})
 * @param grid       grid lines and borders ({@code -color-border-default})
 * @param accent     focus, links, the first series ({@code -color-accent-fg})
 * @param selection  the background of selected text, under white text ({@code -color-accent-emphasis})
 * @param success    what went right: a hit, the best run ({@code -color-success-fg})
 * @param warning    a warning, a saturated unit ({@code -color-warning-fg})
 * @param danger     an error ({@code -color-danger-fg})
 * @param negative   the diverging scale's end at -1 (activations, gradients), blue
 * @param positive   the diverging scale's end at +1, red
 * @param series     colours of successive series (the curves of a chart, the runs of a sweep): Primer's blue,
 *                   orange, green, purple, yellow, red, pink, teal and grey, each readable on the background
 *                   (3:1 at least, WCAG's least for a line) and told apart from the others; the first three
 *                   are the cells, vanilla, LSTM and GRU
 */
public record Palette(String name, boolean dark, int background, int surface, int foreground, int muted, int grid,
                      int accent, int selection, int success, int warning, int danger, int negative, int positive, List<Integer> series) {

    /** Primer Light. */
    public static final Palette LIGHT = new Palette("light", false, 0xffffff, 0xf6f8fa, 0x24292f, 0x57606a, 0xd0d7de,
            0x0969da, 0x0969da, 0x1a7f37, 0x9a6700, 0xcf222e, 0x2166ac, 0xb2182b,
            List.of(0x0969da, 0xbc4c00, 0x1a7f37, 0x8250df, 0x9a6700, 0xcf222e, 0xbf3989, 0x1b7c83, 0x6e7781));
    /** Primer Dark. */
    public static final Palette DARK = new Palette("dark", true, 0x0d1117, 0x161b22, 0xc9d1d9, 0x8b949e, 0x30363d,
            0x58a6ff, 0x1f6feb, 0x3fb950, 0xd29922, 0xf85149, 0x5aa0ff, 0xff6e50,
            List.of(0x58a6ff, 0xf0883e, 0x3fb950, 0xbc8cff, 0xd29922, 0xff7b72, 0xf778ba, 0x39c5cf, 0x8b949e));
    /** Primer Light in high contrast: black text, darker secondary text, grid and accent, for a projector. */
    public static final Palette PRESENTATION = new Palette("presentation", false, 0xffffff, 0xf6f8fa, 0x000000, 0x333333,
            0xafb8c1, 0x0550ae, 0x0550ae, 0x116329, 0x7d4e00, 0xa40e26, 0x2166ac, 0xb2182b,
            List.of(0x0550ae, 0xbc4c00, 0x116329, 0x8250df, 0x7d4e00, 0xcf222e, 0xbf3989, 0x1b7c83, 0x6e7781));
    /** Every palette, in the order of the app's themes. */
    public static final List<Palette> ALL = List.of(LIGHT, DARK, PRESENTATION);

    public Palette {
        series = List.copyOf(series);
        if (series.size() < 3) {
            throw new IllegalArgumentException("a palette needs at least three series colours (the three cells)");
        }
    }

    /** The colour of series {@code i} (colours repeat after the last). */
    public int seriesColor(int i) {
        return series.get(Math.floorMod(i, series.size()));
    }

    /** The colour as CSS writes it, {@code #rrggbb}. */
    public static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }
}
