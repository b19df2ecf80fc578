package dev.unroll.app.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** Where talk scripts live: the workspace's {@code talks} folder, seeded with an example. */
public final class TalkScripts {
    /** The example script on the classpath (the demo of the meetup talk, and the format's reference). */
    public static final String EXAMPLE_RESOURCE = "/dev/unroll/app/stage/example.talk";
    public static final String EXAMPLE_NAME = "example.talk";

    private TalkScripts() {
    }

    /**
     * SHA-256 of each example script shipped before this one: a workspace's example.talk still equal to
     * one of them was never edited, and is brought up to date (an edited one is the speaker's and stays).
     */
    static final Set<String> EARLIER_EXAMPLES = Set.of(
            "b9fd2b1b18838b027c88189209017b69bd88aed5cd5b1b893f32725b87efbe99",
            "2b537fda20ea3baaf109a96b2e71976bf2f70b5840eb8076b84da3ca9a751665",
            "b3675f117e3f74bc1162a6355cb310800f9aa34bdaadcb78fa47afdcfccb3bfa",
            "6f6f48c49a655e995a7e73768f63897e206570ef10e9db7462ebad616dfbd5b1",
            "f773d366d2f94b54dddc03e2f25a3ecc522c9f12bb77a84774035a5220b67a25",
            "b6ba818e87fac2b5224ab703f1dcf3950a28c7ea9f42b1b7db0443c2d2908590");

    /**
     * The talks folder, created with the example script in it when it does not exist yet; an example
     * left as an earlier version shipped it is replaced by this version's.
     *
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static Path talksFolder() {
        Path dir = Workspace.talksDir();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                writeExample(dir.resolve(EXAMPLE_NAME));
            } else {
                updateExample(dir.resolve(EXAMPLE_NAME), EARLIER_EXAMPLES);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the talks folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code file} with the shipped example when its SHA-256 is one of {@code earlier} (an
     * unedited earlier example); any other file, or none, is left alone.
     *
     * @return whether it was replaced
     */
    static boolean updateExample(Path file, Set<String> earlier) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) > TalkScript.MAX_BYTES || !earlier.contains(sha256(Files.readAllBytes(file)))) {
            return false;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        writeExample(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static void writeExample(Path file) throws IOException {
        try (InputStream in = TalkScripts.class.getResourceAsStream(EXAMPLE_RESOURCE)) {
            if (in != null) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }
}
