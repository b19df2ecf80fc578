package dev.unroll.app.unrolled;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.ColorMap;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/**
 * Colours, strokes and fonts of the unrolled view's canvases for one theme: the palette by
 * {@link Theme#dark()}, sizes by {@link Theme#scale()}. Heatmaps colour through {@link #map()}.
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
        double s = theme.scale();
        if (theme.dark()) {
            return new Palette(theme, s, Color.web("#1e1f24"), Color.web("#e8e8ea"), Color.web("#8a8d96"), Color.web("#3a3c44"),
                    Color.web("#4ea1ff"), Color.web("#ff8c3a"), Color.web("#e05cff"), Color.web("#2a2c33"),
                    new Color[] {Color.web("#4ea1ff"), Color.web("#ff8c3a"), Color.web("#5ad17a"), Color.web("#e05cff"), Color.web("#f2d04b")});
        }
        return new Palette(theme, s, Color.WHITE, Color.web("#1b1c20"), Color.web("#6b6f7a"), Color.web("#d9dbe0"),
                Color.web("#1565c0"), Color.web("#d84315"), Color.web("#8e24aa"), Color.web("#f4f5f7"),
                new Color[] {Color.web("#1565c0"), Color.web("#d84315"), Color.web("#2e7d32"), Color.web("#8e24aa"), Color.web("#b8860b")});
    }

    /** The same colours at another size scale (a canvas too small for its theme's type draws smaller). */
    Palette withScale(double scale) {
        return new Palette(theme, scale, background, foreground, muted, grid, forward, backward, highlight, panel, series);
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

    /** The probability the model gave the right character: red at 0, amber, green at 1. */
    Color probability(double p) {
        double x = Double.isFinite(p) ? Math.max(0, Math.min(1, p)) : 0;
        return x < 0.5 ? RED.interpolate(AMBER, x * 2) : AMBER.interpolate(GREEN, (x - 0.5) * 2);
    }

    static Color fade(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.max(0, Math.min(1, c.getOpacity() * alpha)));
    }
}
