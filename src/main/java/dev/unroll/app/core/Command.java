package dev.unroll.app.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.Ikon;

/**
 * One action of the app, as the user knows it: an id, a label, its keys (the first is the
 * accelerator menus show), an optional icon, whether it can run now, and where its keys apply.
 * Commands are made with {@link #of(String, String, Runnable)} and the builder methods, and
 * registered once in {@link Commands}; menus, buttons, the keyboard, the shortcuts dialog and talk
 * scripts all take them from there.
 *
 * <p>Immutable: each builder method returns a new command.
 */
public final class Command {
    /** Ids are lower-case words joined by dots or dashes, e.g. {@code run.start}, {@code view.loss}. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
    static final ObservableBooleanValue ALWAYS = Bindings.createBooleanBinding(() -> true);

    private final String id;
    private final String label;
    private final Runnable action;
    private final List<KeyCombination> keys;
    private final Ikon icon;
    private final ObservableBooleanValue enabled;
    private final String scope;
    private final boolean transport;

    private Command(String id, String label, Runnable action, List<KeyCombination> keys, Ikon icon,
                    ObservableBooleanValue enabled, String scope, boolean transport) {
        this.id = id;
        this.label = label;
        this.action = action;
        this.keys = List.copyOf(keys);
        this.icon = icon;
        this.enabled = enabled;
        this.scope = scope;
        this.transport = transport;
    }

    /**
     * A global command without keys, always enabled.
     *
     * @param id     stable id (lower-case words joined by dots or dashes); talk scripts and tests name it
     * @param label  what menus and the shortcuts dialog say
     * @param action what it does; runs on the JavaFX thread
     * @throws IllegalArgumentException when the id is malformed or the label empty
     */
    public static Command of(String id, String label, Runnable action) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad command id '" + id + "'");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("command " + id + " needs a label");
        }
        return new Command(id, label, Objects.requireNonNull(action, "action"), List.of(), null, ALWAYS, null, false);
    }

    /** This command with one more key; the first key given is the accelerator menus show. */
    public Command key(KeyCombination key) {
        List<KeyCombination> k = new ArrayList<>(keys);
        k.add(Objects.requireNonNull(key, "key"));
        return new Command(id, label, action, k, icon, enabled, scope, transport);
    }

    /** This command with an icon (from a font that ships with the app: see {@link Icons}), shown on its buttons. */
    public Command icon(Ikon glyph) {
        return new Command(id, label, action, keys, glyph, enabled, scope, transport);
    }

    /** This command, enabled only while {@code when} is true (menus, buttons and keys follow it). */
    public Command enabledWhen(ObservableBooleanValue when) {
        return new Command(id, label, action, keys, icon, Objects.requireNonNull(when, "when"), scope, transport);
    }

    /**
     * This command with its keys applying only while the view {@code viewId} shows; there they take
     * precedence over a global command with the same key.
     */
    public Command scope(String viewId) {
        return new Command(id, label, action, keys, icon, enabled, Objects.requireNonNull(viewId, "viewId"), transport);
    }

    /**
     * This command as a transport command (start, pause, step...): after it runs, the keyboard focus
     * never stays in a text field, so the next Space or arrow drives the transport again.
     */
    public Command transport() {
        return new Command(id, label, action, keys, icon, enabled, scope, true);
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The keys that run it, the accelerator first; empty when it has none. */
    public List<KeyCombination> keys() {
        return keys;
    }

    /** The accelerator menus show, or null. */
    public KeyCombination accelerator() {
        return keys.isEmpty() ? null : keys.get(0);
    }

    /** The icon, or null. */
    public Ikon icon() {
        return icon;
    }

    /** Whether it can run now. */
    public ObservableBooleanValue enabled() {
        return enabled;
    }

    public boolean isEnabled() {
        return enabled.get();
    }

    /** The id of the view its keys belong to, or null for a global command. */
    public String scope() {
        return scope;
    }

    public boolean isTransport() {
        return transport;
    }

    /** Runs the action, whether or not enabled (callers check; see {@link Commands#execute}). */
    void run() {
        action.run();
    }

    @Override
    public String toString() {
        return id + (keys.isEmpty() ? "" : " " + keys) + (scope == null ? "" : " in " + scope);
    }
}
