package dev.unroll.app;

import dev.unroll.app.core.AppPrefs;

import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.prefs.BackingStoreException;

/** Small corpora and helpers for the window tests. */
public final class ShellFixtures {
    private ShellFixtures() {
    }

    /** A deterministic text of short verse-like lines, about {@code chars} characters long. */
    static String verses(int chars, long seed) {
        String[] words = {"the", "night", "river", "stone", "light", "over", "under", "slow", "bright", "wind",
                "sea", "and", "a", "of", "song", "old", "road", "sleeps", "falls", "sings"};
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(chars + 64);
        while (sb.length() < chars) {
            int n = 3 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                String w = words[r.nextInt(words.length)];
                sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            }
            sb.append(r.nextInt(3) == 0 ? ".\n" : ",\n");
        }
        return sb.toString();
    }

    static Path writeCorpus(Path dir, String name, int chars) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, verses(chars, 7), StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Forgets the app's preferences (the test node, {@code unroll.prefs.node}): a window opened next starts
     * as on a fresh install, whatever an earlier test or an earlier run left (the theme above all: a
     * layout test ends in the presentation theme, and the preferences outlive the JVM).
     */
    public static void freshPrefs() {
        String node = System.getProperty(AppPrefs.NODE_PROPERTY, "");
        if (node.isBlank() || node.equals(AppPrefs.DEFAULT_NODE)) {
            return; // not the tests' own node (run outside Maven): never the user's preferences
        }
        try {
            AppPrefs.node().removeNode();
            AppPrefs.flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("cannot reset the test preferences: " + e.getMessage(), e);
        }
    }

    /** Waits for a condition evaluated on the JavaFX thread. */
    public static void await(long seconds, String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for: " + what, e);
        }
    }

    /** Runs on the JavaFX thread and returns the result. */
    public static <T> T onFx(Callable<T> c) {
        if (Platform.isFxApplicationThread()) {
            try {
                return c.call();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }
        return WaitForAsyncUtils.waitForAsyncFx(20_000, c);
    }

    public static void runFx(Runnable r) {
        onFx(() -> {
            r.run();
            return null;
        });
    }
}
