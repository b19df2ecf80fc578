package dev.unroll.app.hidden;

import dev.unroll.app.core.Theme;
import javafx.scene.paint.Color;

/**
 * Colours of the hidden-state view for a theme: a diverging scale for activations from -1 (blue)
 * through 0 (the neutral background tone) to +1 (red), as a 256-entry ARGB lookup table for the
 * pixel buffers, and the plain colours of text, grid and highlights.
 */
final class Palette {
    static final int STEPS = 256;

    final int[] lut = new int[STEPS];
    final Color background;
    final Color text;
    final Color muted;
    final Color grid;
    final Color highlight;
    final Color selection;
    final Color good;
    final double scale;

    private Palette(Theme theme) {
        boolean dark = theme.dark();
        scale = theme.scale();
        // endpoints after ColorBrewer RdBu; the middle is the view's background tone
        Color neg = dark ? Color.rgb(90, 160, 255) : Color.rgb(33, 102, 172);
        Color mid = dark ? Color.rgb(32, 34, 38) : Color.rgb(247, 247, 247);
        Color pos = dark ? Color.rgb(255, 110, 80) : Color.rgb(178, 24, 43);
        Color negSoft = dark ? Color.rgb(50, 90, 150) : Color.rgb(146, 197, 222);
        Color posSoft = dark ? Color.rgb(150, 70, 55) : Color.rgb(244, 165, 130);
        for (int i = 0; i < STEPS; i++) {
            double v = i / (STEPS - 1.0) * 2 - 1;
            Color c;
            double a = Math.abs(v);
            if (v < 0) {
                c = a < 0.5 ? mid.interpolate(negSoft, a / 0.5) : negSoft.interpolate(neg, (a - 0.5) / 0.5);
            } else {
                c = a < 0.5 ? mid.interpolate(posSoft, a / 0.5) : posSoft.interpolate(pos, (a - 0.5) / 0.5);
            }
            lut[i] = argb(c);
        }
        background = mid;
        text = dark ? Color.rgb(230, 230, 230) : Color.rgb(20, 20, 20);
        muted = dark ? Color.rgb(160, 160, 160) : Color.rgb(100, 100, 100);
        grid = dark ? Color.rgb(80, 80, 80) : Color.rgb(200, 200, 200);
        highlight = dark ? Color.rgb(255, 215, 0) : Color.rgb(0, 0, 0);
        selection = dark ? Color.rgb(255, 215, 0, 0.35) : Color.rgb(255, 200, 0, 0.40);
        good = dark ? Color.rgb(90, 220, 120) : Color.rgb(0, 140, 60);
    }

    static Palette of(Theme theme) {
        return new Palette(theme == null ? Theme.LIGHT : theme);
    }

    /** The ARGB colour of an activation (clamped to [-1, 1]; NaN is the neutral tone). */
    int argb(double v) {
        if (Double.isNaN(v)) {
            return lut[STEPS / 2];
        }
        int i = (int) Math.round((Math.max(-1, Math.min(1, v)) + 1) / 2 * (STEPS - 1));
        return lut[i];
    }

    Color color(double v) {
        int c = argb(v);
        return Color.rgb((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff);
    }

    /** Black or white, whichever reads better on an activation's colour. */
    Color textOn(double v) {
        Color c = color(v);
        double lum = 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
        return lum > 0.5 ? Color.BLACK : Color.WHITE;
    }

    static int argb(Color c) {
        return 0xff000000 | ((int) Math.round(c.getRed() * 255) << 16) | ((int) Math.round(c.getGreen() * 255) << 8)
                | (int) Math.round(c.getBlue() * 255);
    }

    /** The character as the views show it: whitespace and newlines made visible. */
    static String visible(int codePoint) {
        return switch (codePoint) {
            case ' ' -> "\u2423";   // ␣
            case '\n' -> "\u21b5";  // ↵
            case '\t' -> "\u21e5";  // ⇥
            case '\r' -> "\u240d";  // ␍
            default -> Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                    ? String.format("U+%04X", codePoint) : new String(Character.toChars(codePoint));
        };
    }
}
