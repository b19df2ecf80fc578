package dev.unroll.cli;

import dev.unroll.engine.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a command's output locations before any work starts: no output may be one of the run's
 * inputs (compared as real files: links and relative names are seen through), and every output
 * can be written. Each problem ends the command with status 2 and one line.
 */
final class Outputs {
    private Outputs() {
    }

    /**
     * Refuses an output that is the same file as an input.
     *
     * @param outFlag the output's flag, e.g. "--loss-csv"
     * @param inFlag  the input's flag, e.g. "--corpus-file"
     */
    static void notAnInput(Path output, String outFlag, Path input, String inFlag) {
        if (output != null && input != null && sameFile(output, input)) {
            throw CliExit.badInput(outFlag + " " + output + " is the same file as " + inFlag + " " + input
                    + "; no output of a run may be one of its inputs (it would be overwritten)");
        }
    }

    /** Whether two paths name the same file: the same inode when both exist, else the same real folder and name. */
    static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall back on the names
        }
        return real(a).equals(real(b));
    }

    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            return abs;
        }
    }

    /**
     * Makes sure a file can be written: its folder exists or can be made, and a file can be created
     * in it (tried with a probe that is removed at once); an existing file must be a regular one.
     */
    static void writableFile(Path file, String flag) {
        if (Files.isDirectory(file)) {
            throw CliExit.badInput(flag + " " + file + " is a folder; give a file name");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw CliExit.badInput(flag + " " + file + " is not a regular file");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw CliExit.badInput(flag + " " + file + " cannot be written (permission denied)");
        }
        probe(file.toAbsolutePath().getParent(), flag + " " + file);
    }

    /** Makes sure a folder exists (or can be made) and files can be created in it. */
    static void writableFolder(Path dir, String flag) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw CliExit.badInput(flag + " " + dir + " is a file, not a folder");
        }
        probe(dir.toAbsolutePath(), flag + " " + dir);
    }

    private static void probe(Path dir, String what) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CliExit.badInput(what + ": cannot create the folder " + dir + " (" + reason(e) + ")");
        }
        Path probe = null;
        try {
            probe = Files.createTempFile(dir, ".unroll-probe-", ".tmp");
        } catch (IOException e) {
            throw CliExit.badInput(what + ": cannot write in the folder " + dir + " (" + reason(e) + ")");
        } finally {
            AtomicFiles.removeLeftover(probe);
        }
    }

    /** A file-system exception as a short reason: "permission denied", "read-only file system", ... */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
