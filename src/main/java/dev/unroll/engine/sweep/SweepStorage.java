package dev.unroll.engine.sweep;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.TrainerState;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Every file a sweep reads or writes goes through here, so that a test can make the disk "fill
 * up" at a chosen write and check that the run in progress fails cleanly while finished runs stay
 * intact. {@link FileSweepStorage} is the real file system. Writes replace a file atomically: a
 * reader sees the old content or the new one, never half of it.
 */
public interface SweepStorage {

    /** Creates a folder and its parents. */
    void createDirectories(Path dir) throws IOException;

    /** Writes a UTF-8 text file atomically (replacing any old one). */
    void writeText(Path file, String text) throws IOException;

    /**
     * Writes a small UTF-8 text file in place, not atomically: the last resort when an atomic write
     * failed (a full disk has no room for a second copy, but rewriting a small file reuses its own
     * space), so that a run's record does not keep saying "running" after the run failed.
     */
    default void overwriteText(Path file, String text) throws IOException {
        writeText(file, text);
    }

    /** Reads a UTF-8 text file. */
    String readText(Path file) throws IOException;

    /** Whether a file exists. */
    boolean exists(Path file);

    /** Saves a run's full state atomically. */
    void saveCheckpoint(Path file, TrainerState state, Corpus corpus) throws IOException;

    /** Loads a run's state; the corpus must be the one it was trained on. */
    TrainerState loadCheckpoint(Path file, Corpus corpus) throws IOException;

    /** Deletes a file if it exists. */
    void delete(Path file) throws IOException;
}
