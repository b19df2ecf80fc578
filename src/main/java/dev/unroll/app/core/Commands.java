package dev.unroll.app.core;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The registry of the app's commands: every action a menu, a button, a key or a talk script can
 * trigger is registered here once, with its keys. Menus ({@link #menuItem}), buttons
 * ({@link #button}, {@link #decorate}), the keyboard ({@link #install}) and the shortcuts dialog
 * ({@link #withKeys()}) are built from it, so an accelerator is written in one place only.
 *
 * <h2>Keys</h2>
 * A key runs the first enabled command it belongs to, looking first at the commands scoped to the
 * view showing ({@link #showingViewProperty()}), then at the global ones. Two commands of the same
 * scope may not share a key; a scoped command may take a global command's key (the walk-through's
 * Space plays the walk-through where training's Space pauses training). Space, ← and → are the
 * transport keys: they never reach a control other than a text field being edited (see
 * {@link #install}).
 *
 * <p>All methods on the JavaFX thread.
 */
public final class Commands {
    /** A view's command is this and the view's id ({@code view.loss}, {@code view.samples}...): it shows the view. */
    public static final String VIEW_PREFIX = "view.";

    private final Map<String, Command> byId = new LinkedHashMap<>();
    private final List<Consumer<? super Command>> executed = new CopyOnWriteArrayList<>();
    private final ObjectProperty<String> showingView = new SimpleObjectProperty<>(this, "showingView");
    private KeyRouting routing;

    /**
     * Registers a command.
     *
     * @return the command
     * @throws IllegalArgumentException when its id is taken, or one of its keys is taken by another
     *                                  command of the same scope
     */
    public Command add(Command c) {
        if (byId.containsKey(c.id())) {
            throw new IllegalArgumentException("command " + c.id() + " is registered twice");
        }
        for (Command other : byId.values()) {
            if (Objects.equals(other.scope(), c.scope())) {
                for (KeyCombination k : c.keys()) {
                    if (other.keys().contains(k)) {
                        throw new IllegalArgumentException("key " + k.getName() + " of " + c.id() + " is taken by " + other.id());
                    }
                }
            }
        }
        byId.put(c.id(), c);
        return c;
    }

    /** Removes a command (a view that is disposed); nothing happens when it is not registered. */
    public void remove(String id) {
        byId.remove(id);
    }

    /** The command with this id. @throws IllegalArgumentException when none is registered */
    public Command get(String id) {
        Command c = byId.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no command " + id);
        }
        return c;
    }

    public Optional<Command> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every command, in the order registered. */
    public List<Command> all() {
        return List.copyOf(byId.values());
    }

    /** The commands that have keys, global ones first, then by scope, each in the order registered. */
    public List<Command> withKeys() {
        List<Command> out = new ArrayList<>();
        byId.values().stream().filter(c -> !c.keys().isEmpty() && c.scope() == null).forEach(out::add);
        byId.values().stream().filter(c -> !c.keys().isEmpty() && c.scope() != null)
                .collect(Collectors.groupingBy(Command::scope, LinkedHashMap::new, Collectors.toList()))
                .values().forEach(out::addAll);
        return out;
    }

    /**
     * Runs a command if it is enabled. A transport command then takes the keyboard focus out of any
     * text field (see {@link Command#transport()}).
     *
     * @return whether it ran
     * @throws IllegalArgumentException when no command has this id
     */
    public boolean execute(String id) {
        return execute(get(id));
    }

    private boolean execute(Command c) {
        if (!c.isEnabled()) {
            return false;
        }
        c.run();
        if (c.isTransport() && routing != null) {
            routing.releaseFocus();
        }
        for (Consumer<? super Command> l : executed) {
            l.accept(c);
        }
        return true;
    }

    /** The id of the command that shows a view: {@value #VIEW_PREFIX} and the view's id. */
    public static String viewCommand(String viewId) {
        return VIEW_PREFIX + viewId;
    }

    /**
     * Calls {@code listener} after each command that ran, whichever way it was asked for (menu,
     * button, key, talk script, {@link #execute}); a disabled command that did not run is not heard.
     */
    public void addExecutedListener(Consumer<? super Command> listener) {
        executed.add(listener);
    }

    public void removeExecutedListener(Consumer<? super Command> listener) {
        executed.remove(listener);
    }

    /** The id of the view showing (scoped keys apply there), or null. The main window sets it. */
    public ObjectProperty<String> showingViewProperty() {
        return showingView;
    }

    /** The command a key press runs now: the first enabled one, the showing view's before the global ones. */
    public Optional<Command> forKey(KeyEvent e) {
        String view = showingView.get();
        Command global = null;
        for (Command c : byId.values()) {
            if (!c.isEnabled() || c.keys().stream().noneMatch(k -> k.match(e))) {
                continue;
            }
            if (c.scope() == null) {
                if (global == null) {
                    global = c;
                }
            } else if (c.scope().equals(view)) {
                return Optional.of(c);
            }
        }
        return Optional.ofNullable(global);
    }

    /** Whether any registered command, enabled or not, of any scope, has this key. */
    boolean anyHasKey(KeyEvent e) {
        return byId.values().stream().anyMatch(c -> c.keys().stream().anyMatch(k -> k.match(e)));
    }

    /**
     * Routes the scene's keys to the commands, with the keyboard discipline:
     * <ul>
     * <li>a key runs the command {@link #forKey} finds, whichever control has the focus;</li>
     * <li>Space, ← and → never reach a control (a focused button is not pressed, a list does not
     *     move), except a text field being edited;</li>
     * <li>a text field is being edited once the user clicks into it, tabs into it or types a
     *     character into it; Escape or Enter ends it (the field still gets that key). While editing,
     *     keys without Ctrl or Alt, the editing keys with Ctrl (arrows, Home, End, A, C, V, X, Y, Z,
     *     Backspace, Delete) and the arrows, Home and End with Alt, are the field's; function keys and other Ctrl keys still run commands;</li>
     * <li>after a transport command the focus leaves any text field, and any control outside
     *     {@code home}, for {@code home}.</li>
     * </ul>
     *
     * @param scene the window's scene
     * @param home  where the focus goes after a transport command: the views (a focusable node)
     */
    public void install(Scene scene, Node home) {
        routing = new KeyRouting(scene, this, home);
    }

    /** The text field being edited, or null (see {@link #install}). */
    public TextInputControl editing() {
        return routing == null ? null : routing.editing();
    }

    // ---- building controls ----

    /** A menu item for a command: its label, its accelerator, enabled with it. */
    public MenuItem menuItem(String id) {
        Command c = get(id);
        MenuItem m = new MenuItem(c.label());
        m.setId("menu-" + c.id().replace('.', '-'));
        m.setMnemonicParsing(false);
        if (c.accelerator() != null) {
            m.setAccelerator(c.accelerator());
        }
        if (c.enabled() != Command.ALWAYS) {
            m.disableProperty().bind(Bindings.not(c.enabled()));
        }
        m.setOnAction(e -> execute(c));
        return m;
    }

    /** A button for a command: its icon and label, a tooltip with its keys, enabled with it, not focus-traversable. */
    public Button button(String id) {
        return decorate(new Button(get(id).label()), id);
    }

    /**
     * Makes a button of a view run a command: the action, a tooltip with the keys, enabled with the
     * command (unless the command is always enabled, then the view manages it), and never focus-traversable
     * (Space must not press the focused button). The text stays the view's; a command's icon goes beside it
     * ({@link Icons#beside}) unless the button shows one already.
     *
     * @param tooltip what the tooltip says before the keys
     */
    public <B extends ButtonBase> B decorate(B b, String id, String tooltip) {
        Command c = get(id);
        b.setTooltip(new Tooltip(tooltip + keysSuffix(c)));
        if (c.icon() != null && b.getGraphic() == null) {
            Icons.beside(b, c.icon());
            if (b.getAccessibleText() == null && (b.getText() == null || b.getText().isBlank())) {
                b.setAccessibleText(c.label()); // a word for a screen reader until the view gives it its text
            }
        }
        b.setOnAction(e -> execute(c));
        b.setFocusTraversable(false);
        if (c.enabled() != Command.ALWAYS) {
            b.disableProperty().bind(Bindings.not(c.enabled()));
        }
        return b;
    }

    /** A tooltip saying {@code text} and the command's keys, for a control that is not a plain button. */
    public Tooltip tooltip(String id, String text) {
        return new Tooltip(text + keysSuffix(get(id)));
    }

    /** {@link #decorate(ButtonBase, String, String)} with the command's label as the tooltip. */
    public <B extends ButtonBase> B decorate(B b, String id) {
        return decorate(b, id, get(id).label());
    }

    /** " (Ctrl+Enter)" for a command with keys, "" without. */
    public static String keysSuffix(Command c) {
        return c.keys().isEmpty() ? "" : " (" + keysText(c) + ")";
    }

    /** A command's keys as the user reads them, e.g. "Page Down, Ctrl+→". */
    public static String keysText(Command c) {
        return c.keys().stream().map(Commands::keyText).collect(Collectors.joining(", "));
    }

    /** One key as the user reads it: the platform's text with arrows drawn as arrows. */
    public static String keyText(KeyCombination k) {
        String s = k.getDisplayText();
        return s.replace("Right", "→").replace("Left", "←").replace("Up", "↑").replace("Down", "↓")
                .replace("Page ↓", "Page Down").replace("Page ↑", "Page Up");
    }
}
