package dev.unroll.app.hidden;

import static dev.unroll.app.ui.ColorMap.unpack;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.ColorMap;
import javafx.scene.paint.Color;

/**
 * Colours of the hidden-state view for a theme, all from the theme's {@link Theme#palette()}: the app's
 * one {@link ColorMap} for activations (its neutral tone, the palette's surface, is the view's
 * background), text, grid, the highlight of a pinned unit (the text colour on a light background, the
 * warning colour on a dark one), the selection (the warning colour, translucent) and a hit (success).
 */
final class Palette {
    final ColorMap map;
    final Color background;
    final Color text;
    final Color muted;
    final Color grid;
    final Color highlight;
    final Color selection;
    final Color good;
    final Color saturated;
    final double scale;

    private Palette(Theme theme) {
        var p = theme.palette();
        scale = theme.scale();
        map = ColorMap.of(theme);
        background = map.neutral();
        text = unpack(p.foreground());
        muted = unpack(p.muted());
        grid = unpack(p.grid());
        Color warning = unpack(p.warning());
        highlight = p.dark() ? warning : text;
        selection = Color.color(warning.getRed(), warning.getGreen(), warning.getBlue(), 0.35);
        good = unpack(p.success());
        saturated = unpack(p.seriesColor(1));
    }

    static Palette of(Theme theme) {
        return new Palette(theme == null ? Theme.LIGHT : theme);
    }
}
