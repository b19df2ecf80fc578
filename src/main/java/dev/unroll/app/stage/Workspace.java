package dev.unroll.app.stage;

import java.nio.file.Path;

/**
 * The folder where the app keeps what a user makes with it: the session (last run's checkpoint
 * and settings) and talk scripts. {@code ~/Unroll} unless the system property
 * {@value #PROPERTY} names another folder (tests point it to a temporary one).
 */
public final class Workspace {
    public static final String PROPERTY = "unroll.workspace";

    private Workspace() {
    }

    /** The workspace folder (not created here). */
    public static Path root() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), "Unroll");
    }

    /** Where the session is saved: {@code <workspace>/session}. */
    public static Path sessionDir() {
        return root().resolve("session");
    }

    /** Where talk scripts are looked for first: {@code <workspace>/talks}. */
    public static Path talksDir() {
        return root().resolve("talks");
    }
}
