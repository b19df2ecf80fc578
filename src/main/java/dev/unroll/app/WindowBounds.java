package dev.unroll.app;

import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.ui.WindowKeeper;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** Where the main window was: its bounds and maximized state, remembered in {@link AppPrefs}. */
final class WindowBounds {
    /** The main window's least size (or the screen's, when smaller). */
    static final double MIN_WIDTH = 900;
    static final double MIN_HEIGHT = 600;

    private WindowBounds() {
    }

    /**
     * Puts the window where it was (kept whole on the screen it was on), or gives it the default
     * size {@code w} x {@code h}; never smaller than 900 x 600 (or the screen). A remembered size at
     * the least size is not believed (a window manager's passing state, not a choice): the default
     * comes instead. The first time (no remembered bounds) on a screen up to 1920 x 1080 it opens
     * maximized: the views need the room.
     */
    static void restore(Stage stage, double w, double h) {
        Preferences p = AppPrefs.node();
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double sw = p.getDouble("window.width", w);
        double sh = p.getDouble("window.height", h);
        if (atLeast(sw, sh)) {
            sw = w;
            sh = h;
        }
        double pw = Math.min(screen.getWidth(), sw);
        double ph = Math.min(screen.getHeight(), sh);
        double px = p.getDouble("window.x", Double.NaN);
        double py = p.getDouble("window.y", Double.NaN);
        stage.setWidth(Math.max(Math.min(MIN_WIDTH, screen.getWidth()), pw));
        stage.setHeight(Math.max(Math.min(MIN_HEIGHT, screen.getHeight()), ph));
        if (!Double.isNaN(px) && !Double.isNaN(py)
                && !Screen.getScreensForRectangle(px, py, Math.max(100, pw), Math.max(100, ph)).isEmpty()) {
            Rectangle2D on = Screen.getScreensForRectangle(px, py, Math.max(100, pw), Math.max(100, ph)).get(0).getVisualBounds();
            stage.setX(Math.max(on.getMinX(), Math.min(px, on.getMaxX() - stage.getWidth())));
            stage.setY(Math.max(on.getMinY(), Math.min(py, on.getMaxY() - stage.getHeight())));
        }
        boolean firstTime = p.get("window.maximized", null) == null;
        boolean smallScreen = screen.getWidth() <= 1920 && screen.getHeight() <= 1080;
        stage.setMaximized(p.getBoolean("window.maximized", firstTime && smallScreen));
    }

    /**
     * Remembers where the window is: maximized or not, and the bounds it has when not maximized
     * ({@link WindowKeeper#normalBounds()}: also while maximized or full screen). A size at the least
     * size is never remembered: the size remembered before stays.
     */
    static void save(Stage stage) {
        Preferences p = AppPrefs.node();
        p.putBoolean("window.maximized", stage.isMaximized());
        Rectangle2D b = WindowKeeper.of(stage).normalBounds();
        if (b != null && !atLeast(b.getWidth(), b.getHeight())) {
            p.putDouble("window.x", b.getMinX());
            p.putDouble("window.y", b.getMinY());
            p.putDouble("window.width", b.getWidth());
            p.putDouble("window.height", b.getHeight());
        }
        AppPrefs.flush();
    }

    /** Whether a size is at (or below) the window's least size in either direction. */
    static boolean atLeast(double width, double height) {
        return width <= MIN_WIDTH + 0.5 || height <= MIN_HEIGHT + 0.5;
    }
}
