package dev.unroll.engine.sweep;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.AtomicFiles;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.train.TrainerState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The real file system: atomic text writes (temporary file, then a move), {@link Checkpoint} for states. */
public final class FileSweepStorage implements SweepStorage {

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public void writeText(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }

    @Override
    public void overwriteText(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    @Override
    public String readText(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public void saveCheckpoint(Path file, TrainerState state, Corpus corpus) throws IOException {
        try {
            Checkpoint.save(file, state, Checkpoint.CorpusInfo.of(corpus));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public TrainerState loadCheckpoint(Path file, Corpus corpus) {
        Checkpoint cp = Checkpoint.load(file);
        cp.requireVocabularyOf(corpus, "checkpoint " + file);
        return cp.state();
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
