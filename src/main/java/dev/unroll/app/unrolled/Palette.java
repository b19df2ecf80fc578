package dev.unroll.app.unrolled;

import static dev.unroll.app.ui.ColorMap.unpack;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.ColorMap;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/**
 * Colours, strokes and fonts of the unrolled view's canvases for one theme: the colours are the
 * theme's {@link Theme#palette()} (forward the first series, backward the second, highlight the
 * fourth, the panel its surface), sizes by {@link Theme#scale()}. Heatmaps colour through {@link #map()}.
 */
record Palette(Theme theme, double s, Color background, Color foreground, Color muted, Color grid, Color forward,
               Color backward, Color highlight, Color panel, Color[] series) {

    private static final Palette[] BY_THEME = new Palette[Theme.values().length];
    private static final Color RED = Color.web("#e53935");
    private static final Color AMBER = Color.web("#fbc02d");
    private static final Color GREEN = Color.web("#43a047");

    /** The palette of a theme, built once (views ask for it on every redraw). */
    static Palette of(Theme theme) {
        synchronized (BY_THEME) {
            Palette p = BY_THEME[theme.ordinal()];
            if (p == null) {
                p = create(theme);
                BY_THEME[theme.ordinal()] = p;
            }
            return p;
        }
    }

    private static Palette create(Theme theme) {
        var p = theme.palette();
        Color[] series = p.series().stream().map(ColorMap::unpack).toArray(Color[]::new);
        return new Palette(theme, theme.scale(), unpack(p.background()), unpack(p.foreground()), unpack(p.muted()),
                unpack(p.grid()), series[0], series[1], series[3], unpack(p.surface()), series);
    }

    /** The same colours at another size scale (a canvas too small for its theme's type draws smaller). */
    Palette withScale(double scale) {
        return new Palette(theme, scale, background, foreground, muted, grid, forward, backward, highlight, panel, series);
    }

    /** This palette at type scale {@code scale}: itself where that is its own scale. */
    Palette scaledTo(double scale) {
        return scale == s ? this : withScale(scale);
    }

    Font font(double size) {
        return Font.font("SansSerif", size * s);
    }

    Font bold(double size) {
        return Font.font("SansSerif", FontWeight.BOLD, size * s);
    }

    Font mono(double size) {
        return Font.font("Monospaced", FontWeight.BOLD, size * s);
    }

    /** The app's one colour map for heatmaps (signed values in [-1, 1], magnitudes in [0, 1]). */
    ColorMap map() {
        return ColorMap.of(theme);
    }

    /**
     * The probability the model gave the right character: red at 0, amber, green at 1. A data scale of
     * bright tones under dark text, the same in every theme (as the heatmaps' scale is).
     */
    Color probability(double p) {
        double x = Double.isFinite(p) ? Math.max(0, Math.min(1, p)) : 0;
        return x < 0.5 ? RED.interpolate(AMBER, x * 2) : AMBER.interpolate(GREEN, (x - 0.5) * 2);
    }

    static Color fade(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.max(0, Math.min(1, c.getOpacity() * alpha)));
    }
}
