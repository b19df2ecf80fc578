package dev.unroll.app.hidden;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.ColorMap;
import javafx.scene.paint.Color;

/**
 * Colours of the hidden-state view for a theme: the app's one {@link ColorMap} for activations
 * (its neutral tone is the view's background) and the plain colours of text, grid and highlights.
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
    final double scale;

    private Palette(Theme theme) {
        boolean dark = theme.dark();
        scale = theme.scale();
        map = ColorMap.of(theme);
        background = map.neutral();
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
}
