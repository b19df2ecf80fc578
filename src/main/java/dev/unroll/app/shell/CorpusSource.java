package dev.unroll.app.shell;

import dev.unroll.engine.corpus.Corpus;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Somewhere a corpus comes from: a corpus bundled with the app, or a file.
 *
 * @param name        shown in the list
 * @param description one line about it
 * @param file        the file it is read from, or null for a bundled corpus
 * @param loader      reads it (may be slow: called off the JavaFX thread); throws BadInputException
 */
public record CorpusSource(String name, String description, Path file, Supplier<Corpus> loader) {

    public static CorpusSource ofFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new CorpusSource(String.valueOf(abs.getFileName()), abs.toString(), abs, () -> Corpus.load(abs));
    }

    public boolean isFile() {
        return file != null;
    }

    @Override
    public String toString() {
        return name;
    }
}
