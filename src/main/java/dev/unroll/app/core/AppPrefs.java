package dev.unroll.app.core;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Where the app remembers things between launches (theme, window bounds, recent corpora): a
 * {@link Preferences} node named by the system property {@code unroll.prefs.node}, by default
 * {@code dev/unroll}. Tests set the property to a node of their own so they never touch the user's.
 */
public final class AppPrefs {
    public static final String NODE_PROPERTY = "unroll.prefs.node";
    public static final String DEFAULT_NODE = "dev/unroll";

    private AppPrefs() {
    }

    /** The app's preferences node. */
    public static Preferences node() {
        String path = System.getProperty(NODE_PROPERTY, DEFAULT_NODE);
        if (path == null || path.isBlank()) {
            path = DEFAULT_NODE;
        }
        return Preferences.userRoot().node(path.startsWith("/") ? path.substring(1) : path);
    }

    /** Writes pending changes; a store that cannot be written is not worth failing the app for. */
    public static void flush() {
        try {
            node().flush();
        } catch (BackingStoreException | IllegalStateException e) {
            // preferences are a convenience: the app works without them
        }
    }
}
