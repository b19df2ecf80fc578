package dev.unroll.engine.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files that appear whole: written to a hidden temporary beside them, then moved into place, so a
 * reader (or a crash) sees the old file or the new one, never a part of one.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Moves {@code tmp} onto {@code target} in one step where the file system can; where it cannot
     * (some network and FUSE file systems), replaces {@code target} with it.
     */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Removes a temporary file that a failed write left ({@code null}: there is none). Failing to remove it is not an
     * error of its own: the write's failure is what is reported, and the leftover is all that remains of it.
     */
    public static void removeLeftover(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the temporary file is all that is left; nothing more to do
        }
    }

    /** A new hidden temporary's name beside {@code file} (in its folder, starting with a dot, unique to this call). */
    public static Path temporaryBeside(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return dir.resolve("." + file.getFileName() + "." + Long.toUnsignedString(System.nanoTime(), 36) + ".tmp");
    }

    /**
     * Writes {@code text} (UTF-8) as {@code file}, replacing it whole, its folder made if missing. The
     * temporary gets the usual permissions (not {@code Files.createTempFile}'s private ones) and is
     * removed when the write fails.
     */
    public static void writeString(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = temporaryBeside(file);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
