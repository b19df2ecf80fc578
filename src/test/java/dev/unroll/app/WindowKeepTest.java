package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.stage.PresentationController;
import dev.unroll.app.ui.WindowKeeper;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;

/**
 * The window keeps its size and maximized state. Under a window manager a modal dialog or leaving
 * full screen took the maximized state away (the window fell to 1400 x 881) and a size at the least
 * size was remembered; headless there is no window manager, so these tests do what it did (take the
 * maximized state away, shrink the window) and check that the window's own state comes back.
 */
class WindowKeepTest extends WindowTest {

    private Stage stage() {
        return window.stage();
    }

    private void placeNormal(double x, double y, double w, double h) {
        runFx(() -> {
            stage().setMaximized(false);
            stage().setX(x);
            stage().setY(y);
            stage().setWidth(w);
            stage().setHeight(h);
        });
    }

    @Test
    void aModalDialogGivesTheWindowBackTheMaximizedStateAWindowManagerTookAway() {
        runFx(() -> stage().setMaximized(true));
        Alert a = onFx(() -> {
            Alert d = new Alert(Alert.AlertType.CONFIRMATION, "Reset the run?");
            d.initOwner(stage());
            d.show();
            // what openbox does to the disabled owner of a modal window
            stage().setMaximized(false);
            stage().setWidth(1400);
            stage().setHeight(881);
            return d;
        });
        runFx(a::close);
        await(5, "the window maximized again", () -> onFx(() -> stage().isMaximized()));
    }

    @Test
    void aDialogOpensAtTheCentreOfTheWindow() {
        placeNormal(120, 80, 1200, 800);
        Alert a = onFx(() -> {
            Alert d = new Alert(Alert.AlertType.INFORMATION, "Saved.");
            d.initOwner(stage());
            d.show();
            return d;
        });
        try {
            await(5, "the dialog at the window's centre", () -> onFx(() -> {
                Window w = a.getDialogPane().getScene().getWindow();
                double cx = w.getX() + w.getWidth() / 2;
                double cy = w.getY() + w.getHeight() / 2;
                return Math.abs(cx - (120 + 600)) < 2 && Math.abs(cy - (80 + 400)) < 2;
            }));
        } finally {
            runFx(a::close);
        }
    }

    @Test
    void escFromPresentationGivesBackTheSizeAndThePosition() {
        placeNormal(60, 50, 1150, 760);
        PresentationController p = window.stageSupport().presentation();
        runFx(p::enter);
        assertTrue(onFx(() -> stage().isFullScreen()));
        runFx(() -> {
            // the window manager's own idea of the size, seen after leaving full screen
            stage().setWidth(1400);
            stage().setHeight(881);
        });
        runFx(p::leave);
        await(5, "the size of before", () -> onFx(() -> !stage().isFullScreen() && !stage().isMaximized()
                && stage().getWidth() == 1150 && stage().getHeight() == 760 && stage().getX() == 60 && stage().getY() == 50));
    }

    @Test
    void escFromPresentationGivesBackTheMaximizedState() {
        runFx(() -> stage().setMaximized(true));
        PresentationController p = window.stageSupport().presentation();
        runFx(p::enter);
        runFx(() -> stage().setMaximized(false)); // a window manager drops it while the window is full screen
        runFx(p::leave);
        await(5, "maximized again", () -> onFx(() -> !stage().isFullScreen() && stage().isMaximized()));
    }

    @Test
    void aSizeAtTheLeastSizeIsNeverRemembered() {
        placeNormal(40, 30, 1250, 820);
        runFx(() -> WindowBounds.save(stage()));
        assertEquals(1250, AppPrefs.node().getDouble("window.width", -1));
        // the window manager shrinks it to the least size (behind a dialog, say): not a size to come back at
        placeNormal(40, 30, WindowBounds.MIN_WIDTH, WindowBounds.MIN_HEIGHT);
        runFx(() -> WindowBounds.save(stage()));
        assertEquals(1250, AppPrefs.node().getDouble("window.width", -1));
        assertEquals(820, AppPrefs.node().getDouble("window.height", -1));

        // closing while maximized remembers the size it has when not maximized
        runFx(() -> stage().setMaximized(true));
        placeNormal(40, 30, 1300, 850);
        runFx(() -> {
            stage().setMaximized(true);
            WindowBounds.save(stage());
        });
        assertTrue(AppPrefs.node().getBoolean("window.maximized", false));
        assertEquals(1300, AppPrefs.node().getDouble("window.width", -1));
        assertEquals(new Rectangle2D(40, 30, 1300, 850), onFx(() -> WindowKeeper.of(stage()).normalBounds()));

        // a least size remembered by an older version is not believed either
        AppPrefs.node().putDouble("window.width", WindowBounds.MIN_WIDTH);
        AppPrefs.node().putDouble("window.height", WindowBounds.MIN_HEIGHT);
        AppPrefs.node().putBoolean("window.maximized", false);
        runFx(() -> WindowBounds.restore(stage(), 1400, 900));
        assertFalse(onFx(() -> stage().isMaximized()));
        assertEquals(1400, onFx(() -> stage().getWidth()));
        assertEquals(900, onFx(() -> stage().getHeight()));
    }
}
