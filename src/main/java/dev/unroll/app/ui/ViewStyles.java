package dev.unroll.app.ui;

import java.net.URL;
import javafx.scene.Parent;

/**
 * The one way a view attaches its own stylesheet: every view package {@code dev.unroll.app.x} keeps
 * its rules in {@code x.css} next to its classes (resource {@code /dev/unroll/app/x/x.css}), and its
 * view adds that sheet to itself with {@link #attach(Parent)} in its constructor. The theme sheets
 * stay on the scene (MainWindow); a view's sheet is on the view, so its rules apply wherever the
 * view is shown (main window, presentation, a test's stage).
 */
public final class ViewStyles {
    private ViewStyles() {
    }

    /**
     * Adds the stylesheet of the view's package to the view: {@code x.css} for a view class in
     * package {@code ...x}, resolved next to that class.
     *
     * @param view a view; its class's package names the sheet
     * @throws IllegalStateException when the package has no such stylesheet (a packaging mistake)
     */
    public static void attach(Parent view) {
        Class<?> type = view.getClass();
        String pkg = type.getPackageName();
        String name = pkg.substring(pkg.lastIndexOf('.') + 1) + ".css";
        URL sheet = type.getResource(name);
        if (sheet == null) {
            throw new IllegalStateException("no stylesheet " + name + " next to " + type.getName());
        }
        view.getStylesheets().add(sheet.toExternalForm());
    }
}
