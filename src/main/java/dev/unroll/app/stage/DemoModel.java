package dev.unroll.app.stage;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.io.Checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The network that ships with the app, so that generation and the inspection views show a trained
 * model the moment the app opens: a vanilla RNN with 100 hidden units trained by Unroll's own
 * command line on the bundled Romanian verses ({@code corpora/romanian-verses.txt}). It is an
 * ordinary checkpoint on the classpath at {@value #RESOURCE}; {@code packaging/make-demo.sh} makes
 * it again (same seed, same weights).
 */
public final class DemoModel {
    /** Classpath location of the checkpoint. */
    public static final String RESOURCE = "/demo/romanian-verses-h100.npz";
    /** The corpus it was trained on (a bundled corpus id). */
    public static final String CORPUS_ID = "romanian-verses";
    /** How the app names it (the source of its {@code ModelLoaded} event). */
    public static final Path SOURCE = Path.of("demo", "romanian-verses-h100.npz");

    private DemoModel() {
    }

    /**
     * Reads the demo checkpoint (call off the JavaFX thread: a few milliseconds).
     *
     * @throws BadInputException when the resource is missing or damaged
     */
    public static Checkpoint load() {
        Path tmp = null;
        try (InputStream in = DemoModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BadInputException("the demo network is missing from the application (" + RESOURCE + ")");
            }
            // Checkpoint reads zip files from disk; the resource may sit inside the jar
            tmp = Files.createTempFile("unroll-demo-", ".npz");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return Checkpoint.load(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo network: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind; the system cleans its temp folder
                }
            }
        }
    }
}
