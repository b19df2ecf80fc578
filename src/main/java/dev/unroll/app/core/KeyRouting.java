package dev.unroll.app.core;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;

/**
 * The keyboard discipline of {@link Commands#install}: scene-level filters that run the commands'
 * keys, keep the transport keys from the controls, and track the text field being edited.
 */
final class KeyRouting {
    /** Space, ← and →: the transport of what shows; never a control's unless a text field is being edited. */
    static final Set<KeyCode> TRANSPORT = EnumSet.of(KeyCode.SPACE, KeyCode.LEFT, KeyCode.RIGHT);
    /** Keys that, with Ctrl (and maybe Shift), edit text: a text field being edited keeps them. */
    private static final Set<KeyCode> TEXT_SHORTCUTS = EnumSet.of(KeyCode.LEFT, KeyCode.RIGHT, KeyCode.UP, KeyCode.DOWN,
            KeyCode.HOME, KeyCode.END, KeyCode.A, KeyCode.C, KeyCode.V, KeyCode.X, KeyCode.Y, KeyCode.Z,
            KeyCode.BACK_SPACE, KeyCode.DELETE, KeyCode.INSERT);
    /** The keys that, with Alt, a text field being edited keeps (the timeline's keys elsewhere). */
    private static final Set<KeyCode> ALT_MOTIONS = EnumSet.of(KeyCode.LEFT, KeyCode.RIGHT, KeyCode.UP, KeyCode.DOWN,
            KeyCode.HOME, KeyCode.END);

    private final Scene scene;
    private final Commands commands;
    private final Node home;
    private TextInputControl editing;
    /** A Tab key is being handled: the field it focuses is being edited. */
    private boolean traversing;
    /** The key press was taken by a command: its KEY_TYPED must not type into a focused field. */
    private boolean swallowTyped;

    KeyRouting(Scene scene, Commands commands, Node home) {
        this.scene = scene;
        this.commands = commands;
        this.home = home;
        scene.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            TextInputControl t = textControl(e.getPickResult() == null ? null : e.getPickResult().getIntersectedNode());
            editing = t != null && t.isEditable() ? t : null;
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::pressed);
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowTyped) {
                e.consume();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            swallowTyped = false;
            traversing = false;
        });
        // after the field had its chance: a key it left alone must not fire a menu accelerator
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (editing != null && editing == scene.getFocusOwner() && keptByText(e) && commands.anyHasKey(e)) {
                e.consume();
            }
        });
        scene.focusOwnerProperty().addListener((obs, old, now) -> {
            if (traversing && now instanceof TextInputControl t && t.isEditable()) {
                editing = t;
            } else if (now != editing) {
                editing = null;
            }
        });
    }

    TextInputControl editing() {
        return editing;
    }

    private void pressed(KeyEvent e) {
        swallowTyped = false;
        Node focus = scene.getFocusOwner();
        if (e.getCode() == KeyCode.TAB) {
            traversing = true;
            return;
        }
        if (editing != null && editing != focus) {
            editing = null;
        }
        if (editing != null) {
            if ((e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.ENTER) && !modified(e)) {
                editing = null; // the field still gets the key (Enter fires its action)
                return;
            }
            if (keptByText(e)) {
                return;
            }
        }
        Optional<Command> c = commands.forKey(e);
        if (c.isPresent()) {
            e.consume();
            swallowTyped = true;
            commands.execute(c.get().id());
            return;
        }
        if (TRANSPORT.contains(e.getCode()) && !modified(e) && !e.isShiftDown()) {
            e.consume();
            swallowTyped = true;
            return;
        }
        if (focus instanceof TextInputControl t && t.isEditable() && typesText(e)) {
            editing = t;
        }
    }

    /** After a transport command: no text field (and nothing outside the views) keeps the focus. */
    void releaseFocus() {
        editing = null;
        Node f = scene.getFocusOwner();
        if (f == null || f instanceof TextInputControl || !inside(f, home)) {
            home.requestFocus();
        }
    }

    private static boolean modified(KeyEvent e) {
        return e.isShortcutDown() || e.isControlDown() || e.isAltDown() || e.isMetaDown();
    }

    /** Whether a text field being edited keeps this key. */
    private static boolean keptByText(KeyEvent e) {
        if (e.getCode().isFunctionKey()) {
            return false;
        }
        if (!modified(e)) {
            return true;
        }
        if (e.isAltDown() && !e.isShortcutDown() && !e.isControlDown() && ALT_MOTIONS.contains(e.getCode())) {
            return true; // Alt+arrows, Home and End move by words and lines in some text fields
        }
        return (e.isShortcutDown() || e.isControlDown()) && !e.isAltDown() && TEXT_SHORTCUTS.contains(e.getCode());
    }

    private static boolean typesText(KeyEvent e) {
        if (modified(e)) {
            return false;
        }
        return e.getCode() == KeyCode.BACK_SPACE || e.getCode() == KeyCode.DELETE
                || (!e.getText().isEmpty() && !Character.isISOControl(e.getText().charAt(0)));
    }

    private static TextInputControl textControl(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p instanceof TextInputControl t) {
                return t;
            }
        }
        return null;
    }

    private static boolean inside(Node n, Node ancestor) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }
}
