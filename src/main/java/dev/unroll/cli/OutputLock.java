package dev.unroll.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Holds an output of a run (a checkpoint, a loss log, a sweep folder) for as long as the run
 * writes it, so that a second run started on the same file is refused instead of overwriting the
 * first one's work: the last writer used to win, silently.
 *
 * <p>The lock is an operating-system file lock ({@link FileChannel#tryLock}) on a small file beside
 * the output, {@code .<name>.lock} (inside the folder for a folder, {@code .unroll.lock}), not on
 * the output itself: a checkpoint is replaced by an atomic move at every save, and a lock on the old
 * file would guard nothing. The lock file holds the process id of its holder, for the message; the
 * operating system drops the lock when the process ends however it ends (kill -9 too), so a lock
 * file left behind by a killed run does not block the next one. A run that reads an output (a
 * {@code --resume} that saves to the file it resumes) takes the lock before it reads, so it cannot
 * read a state another run is about to replace.
 *
 * <p>The lock file stays when the run ends, emptied: deleting it would let a second run lock the
 * deleted file while a third locks a new one of the same name. Within one process the file is
 * opened once per lock and never again (on POSIX systems, closing any other descriptor of a locked
 * file drops the process's lock).
 */
final class OutputLock implements AutoCloseable {
    /** The byte range locked: past the process id, so that readers on any platform can read the id. */
    private static final long REGION = 1L << 20;

    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private OutputLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of an output: {@code .<name>.lock} beside a file, {@code .unroll.lock} inside a folder. */
    static Path lockFileOf(Path output, boolean folder) {
        Path abs = output.toAbsolutePath().normalize();
        try {
            // one lock whatever the name a run was given (a link, a relative path)
            abs = folder ? abs.toRealPath() : abs.getParent().toRealPath().resolve(abs.getFileName());
        } catch (IOException | RuntimeException e) {
            // not there yet: the name as given
        }
        return folder ? abs.resolve(".unroll.lock") : abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /**
     * Takes the lock of an output file or folder, or ends the command with status 2 and one line
     * naming the output and the process that holds it.
     *
     * @param what how the message names the output, e.g. "--checkpoint run.npz"
     */
    static OutputLock acquire(Path output, boolean folder, String what) {
        Path file = lockFileOf(output, folder);
        try {
            return take(file, what, folder);
        } catch (IOException e) {
            throw CliExit.badInput(what + ": cannot take its lock file " + file + " (" + Outputs.reason(e) + ")");
        }
    }

    /**
     * As {@link #acquire}, but null when the lock file cannot be written at all (a folder that cannot
     * be made): the output cannot be written either, and the command says so in its own words.
     */
    static OutputLock acquireIfWritable(Path output, boolean folder, String what) {
        try {
            return take(lockFileOf(output, folder), what, folder);
        } catch (IOException e) {
            return null;
        }
    }

    private static OutputLock take(Path file, String what, boolean folder) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock(REGION, 1, false);
        } catch (OverlappingFileLockException sameProcess) {
            lock = null; // another command of this process holds it
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw held(what, file, folder);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new OutputLock(ch, lock);
    }

    private static CliExit held(String what, Path lockFile, boolean folder) {
        String pid = holder(lockFile);
        String by = pid == null ? "another run" : pid.equals(Long.toString(ProcessHandle.current().pid()))
                ? "another run in this process (" + pid + ")" : "another run (process " + pid + ")";
        return CliExit.badInput(what + " is being written by " + by + "; wait until it ends, or choose another " + (folder ? "folder" : "file"));
    }

    /** The process id the lock file holds, or null when it says none. */
    private static String holder(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return text.matches("\\d{1,19}") ? text : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Empties the lock file and lets go of the lock; safe to call twice. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            channel.truncate(0);
        } catch (IOException ignored) {
            // a stale process id only shows in a message, and only while someone holds the lock
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to free
        }
    }

    /** Releases every lock in the list (in reverse order). */
    static void closeAll(List<OutputLock> locks) {
        for (int i = locks.size() - 1; i >= 0; i--) {
            locks.get(i).close();
        }
    }
}
