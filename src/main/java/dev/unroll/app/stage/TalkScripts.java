package dev.unroll.app.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where talk scripts live: the workspace's {@code talks} folder, seeded with an example. */
public final class TalkScripts {
    /** The example script on the classpath (the demo of the meetup talk, and the format's reference). */
    public static final String EXAMPLE_RESOURCE = "/dev/unroll/app/stage/example.talk";
    public static final String EXAMPLE_NAME = "example.talk";

    private TalkScripts() {
    }

    /**
     * The talks folder, created with the example script in it when it does not exist yet.
     *
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static Path talksFolder() {
        Path dir = Workspace.talksDir();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try (InputStream in = TalkScripts.class.getResourceAsStream(EXAMPLE_RESOURCE)) {
                    if (in != null) {
                        Files.copy(in, dir.resolve(EXAMPLE_NAME));
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the talks folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
