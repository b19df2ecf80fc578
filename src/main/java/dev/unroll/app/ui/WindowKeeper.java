package dev.unroll.app.ui;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.DialogPane;
import javafx.scene.layout.Region;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import java.util.function.Supplier;

/**
 * Keeps the main window's size and maximized state through what a window manager does to it while
 * a dialog shows, and tells others what they were.
 *
 * <p>Under a window manager (openbox, seen on a virtual display) JavaFX disables the owner of a
 * modal window by making it not resizable, and the window manager then takes away its maximized
 * state: the window fell to its normal size behind every dialog and stayed there. So while a modal
 * window owned by the stage shows, the keeper holds the stage's state of before (maximized, and the
 * bounds it has when not maximized), and puts it back when the last one closes. A native file
 * chooser is not a JavaFX window: wrap it in {@link #during}.
 *
 * <p>It also shows every dialog ({@link javafx.scene.control.Dialog}) the stage owns at its whole
 * size (under GTK it came up a few lines tall) at the centre of the stage, not where the window
 * manager likes (the screen's corner, under openbox).
 *
 * <p>{@link #normalBounds()} are the bounds the stage last had while neither maximized, full screen
 * nor iconified, and no dialog held it: what the window comes back to when it is un-maximized, and
 * what is worth remembering for the next start.
 */
public final class WindowKeeper {
    /** What a window looked like: maximized or not, and its bounds when not maximized (null when never seen). */
    public record State(boolean maximized, Rectangle2D normal) {
    }

    private static final String KEY = WindowKeeper.class.getName();

    private final Stage stage;
    private Rectangle2D normal;
    private int holds;
    private State held;
    private int modalShowing;

    private WindowKeeper(Stage stage) {
        this.stage = stage;
        stage.xProperty().addListener((o, a, b) -> track());
        stage.yProperty().addListener((o, a, b) -> track());
        stage.widthProperty().addListener((o, a, b) -> track());
        stage.heightProperty().addListener((o, a, b) -> track());
        stage.maximizedProperty().addListener((o, a, b) -> track());
        stage.fullScreenProperty().addListener((o, a, b) -> track());
        Window.getWindows().addListener((ListChangeListener<Window>) c -> {
            while (c.next()) {
                for (Window w : c.getAddedSubList()) {
                    opened(w);
                }
                for (Window w : c.getRemoved()) {
                    closed(w);
                }
            }
        });
        track();
    }

    /** The stage's keeper, made on first use (on the JavaFX thread). */
    public static WindowKeeper of(Stage stage) {
        Object k = stage.getProperties().get(KEY);
        if (k instanceof WindowKeeper keeper) {
            return keeper;
        }
        WindowKeeper keeper = new WindowKeeper(stage);
        stage.getProperties().put(KEY, keeper);
        return keeper;
    }

    /** The bounds the stage last had while neither maximized, full screen nor held; null before it had any. */
    public Rectangle2D normalBounds() {
        return normal;
    }

    /** The stage's state now: maximized or not, and its normal bounds. */
    public State state() {
        return new State(stage.isMaximized(), normal);
    }

    /**
     * Runs something that may disturb the window (a native file chooser), then puts its state of
     * before back.
     */
    public <T> T during(Supplier<T> action) {
        State before = hold();
        try {
            return action.get();
        } finally {
            release(before);
        }
    }

    /**
     * Puts a state back: maximized, or the normal bounds (when it has any). A stage in full screen is
     * left alone.
     */
    public void restore(State s) {
        if (s == null || stage.isFullScreen()) {
            return;
        }
        if (s.maximized()) {
            if (!stage.isMaximized()) {
                stage.setMaximized(true);
            }
            return;
        }
        if (stage.isMaximized()) {
            stage.setMaximized(false);
        }
        Rectangle2D b = s.normal();
        if (b != null) {
            stage.setX(b.getMinX());
            stage.setY(b.getMinY());
            stage.setWidth(b.getWidth());
            stage.setHeight(b.getHeight());
        }
        normal = b != null ? b : normal;
    }

    private State hold() {
        State s = state();
        holds++;
        return s;
    }

    /**
     * Ends a hold: the state goes back once the stage is enabled again (on the next turn of the event
     * loop: a request to maximize a window that is still disabled is ignored by the window manager).
     */
    private void release(State s) {
        Platform.runLater(() -> {
            holds = Math.max(0, holds - 1);
            restore(s);
        });
    }

    private void track() {
        if (holds == 0 && stage.isShowing() && !stage.isMaximized() && !stage.isFullScreen() && !stage.isIconified()
                && stage.getWidth() > 0 && stage.getHeight() > 0 && !Double.isNaN(stage.getX())) {
            normal = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        }
    }

    private boolean ownedByStage(Window w) {
        for (Window o = w instanceof Stage s ? s.getOwner() : null; o != null; o = o instanceof Stage s ? s.getOwner() : null) {
            if (o == stage) {
                return true;
            }
        }
        return false;
    }

    private void opened(Window w) {
        if (!ownedByStage(w)) {
            return;
        }
        if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane pane) {
            // its whole content (under GTK a dialog came up a few lines tall, its text cut), then its centre on the stage's
            pane.setMinHeight(Region.USE_PREF_SIZE);
            w.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
                w.sizeToScene();
                centre(w);
                Platform.runLater(() -> centre(w)); // again once the window manager has seen the new size
            });
        }
        if (w instanceof Stage s && s.getModality() != Modality.NONE) {
            if (modalShowing++ == 0) {
                held = hold();
            }
        }
    }

    private void closed(Window w) {
        if (w instanceof Stage s && s.getModality() != Modality.NONE && ownedByStage(w) && modalShowing > 0) {
            if (--modalShowing == 0) {
                State s0 = held;
                held = null;
                release(s0);
            }
        }
    }

    /** Puts a window at the centre of the stage (kept on the stage's screen). */
    void centre(Window w) {
        double x = stage.getX() + (stage.getWidth() - w.getWidth()) / 2;
        double y = stage.getY() + (stage.getHeight() - w.getHeight()) / 2;
        w.setX(Math.max(stage.getX(), x));
        w.setY(Math.max(stage.getY(), y));
    }
}
