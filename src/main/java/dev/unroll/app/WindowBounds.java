package dev.unroll.app;

import dev.unroll.app.core.AppPrefs;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** Where the main window was: its bounds and maximized state, remembered in {@link AppPrefs}. */
final class WindowBounds {
    private WindowBounds() {
    }

    /**
     * Puts the window where it was (kept whole on the screen it was on), or gives it the default
     * size {@code w} x {@code h}; never smaller than 900 x 600 (or the screen). The first time (no
     * remembered bounds) on a screen up to 1920 x 1080 it opens maximized: the views need the room.
     */
    static void restore(Stage stage, double w, double h) {
        Preferences p = AppPrefs.node();
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double pw = Math.min(screen.getWidth(), p.getDouble("window.width", w));
        double ph = Math.min(screen.getHeight(), p.getDouble("window.height", h));
        double px = p.getDouble("window.x", Double.NaN);
        double py = p.getDouble("window.y", Double.NaN);
        stage.setWidth(Math.max(Math.min(900, screen.getWidth()), pw));
        stage.setHeight(Math.max(Math.min(600, screen.getHeight()), ph));
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

    /** Remembers where the window is. */
    static void save(Stage stage) {
        Preferences p = AppPrefs.node();
        p.putBoolean("window.maximized", stage.isMaximized());
        if (!stage.isMaximized() && stage.getWidth() > 0) {
            p.putDouble("window.x", stage.getX());
            p.putDouble("window.y", stage.getY());
            p.putDouble("window.width", stage.getWidth());
            p.putDouble("window.height", stage.getHeight());
        }
        AppPrefs.flush();
    }
}
