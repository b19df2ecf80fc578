package dev.unroll;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * System properties a test changes, put back as they were when it ends: {@link #of} remembers the values the
 * named properties have now (or that they are unset), {@link #set} changes one (remembering it first, if not
 * yet), and {@link #restore} sets each remembered property to its old value again, or clears it when it had none.
 *
 * <pre>{@code
 * @BeforeEach void properties() { saved = SavedProperties.of(StageSupport.DEMO_PROPERTY).set(Workspace.PROPERTY, dir.toString()); }
 * @AfterEach void restore() { saved.restore(); }
 * }</pre>
 */
public final class SavedProperties {
    /** Each property's value before the test, null when it was unset; in the order first remembered. */
    private final Map<String, String> before = new LinkedHashMap<>();

    /** Remembers nothing yet: each property {@link #set} is remembered as it is set. */
    public SavedProperties() {
    }

    /** Remembers the current values of these properties (the ones a test, or the code it runs, may set). */
    public static SavedProperties of(String... names) {
        SavedProperties p = new SavedProperties();
        for (String n : names) {
            p.remember(n);
        }
        return p;
    }

    private void remember(String name) {
        if (!before.containsKey(name)) {
            before.put(name, System.getProperty(name));
        }
    }

    /** Sets a property for the test, remembering its value before first if it is not remembered yet. */
    public SavedProperties set(String name, String value) {
        remember(name);
        System.setProperty(name, value);
        return this;
    }

    /** Puts every remembered property back: its old value, or unset when it had none. */
    public void restore() {
        before.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
