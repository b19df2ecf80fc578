package dev.unroll.app.ui;

import java.net.URL;
import javafx.scene.Parent;

/**
 * The one way the app attaches a package's own stylesheet: every package {@code dev.unroll.app.x}
 * with rules of its own keeps them in {@code x.css} next to its classes (resource
 * {@code /dev/unroll/app/x/x.css}). A view adds that sheet to itself with {@link #attach(Parent)}
 * in its constructor; a package whose nodes are not one view (the stage package's slide counter,
 * resume bar and the presenting tab pane) adds it to each of its nodes with
 * {@link #attach(Parent, Class)}. The theme sheets stay on the scene (MainWindow swaps them on a
 * theme change and leaves every other sheet in place); a package's sheet is on its own nodes, so
 * its rules apply in every theme and wherever the nodes are shown (main window, presentation, a
 * test's stage).
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
        attach(view, view.getClass());
    }

    /**
     * Adds the stylesheet of {@code owner}'s package ({@code x.css} for package {@code ...x},
     * resolved next to {@code owner}) to {@code node}, once: attaching it again changes nothing.
     *
     * @param node  a node the package made (it need not be of a class of that package)
     * @param owner a class of the package whose sheet it is
     * @throws IllegalStateException when the package has no such stylesheet (a packaging mistake)
     */
    public static void attach(Parent node, Class<?> owner) {
        String pkg = owner.getPackageName();
        String name = pkg.substring(pkg.lastIndexOf('.') + 1) + ".css";
        URL sheet = owner.getResource(name);
        if (sheet == null) {
            throw new IllegalStateException("no stylesheet " + name + " next to " + owner.getName());
        }
        String url = sheet.toExternalForm();
        if (!node.getStylesheets().contains(url)) {
            node.getStylesheets().add(url);
        }
    }
}
