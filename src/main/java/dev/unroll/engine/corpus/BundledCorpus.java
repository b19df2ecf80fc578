package dev.unroll.engine.corpus;

import dev.unroll.engine.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A corpus that ships inside Unroll: the files of the project's top-level {@code corpora/} folder,
 * which the build puts on the classpath under {@code corpora/}. See {@code corpora/README.md} for what
 * each one is and how it was made.
 *
 * @param id          stable identifier (the file name without extension), for settings and the command line
 * @param name        short display name
 * @param description one line for a list of corpora
 * @param resource    absolute classpath path of the UTF-8 text, {@code /corpora/<file>}
 * @param words       the corpus's own default prime and probe text, in its language
 */
public record BundledCorpus(String id, String name, String description, String resource, CorpusWords words) {

    /** Romanian verses first: the corpus the app opens with. */
    private static final List<BundledCorpus> ALL = List.of(
            new BundledCorpus("romanian-verses", "Romanian verses",
                    "39 original song-like verses in Romanian with repeating choruses and diacritics (about 36,000 characters)",
                    "/corpora/romanian-verses.txt", new CorpusWords("Mama ", "cu o traistă și cu flori")),
            new BundledCorpus("structured", "Structured text",
                    "Generated text with nested brackets, quotes and short and long lines, for watching hidden units (300,000 characters)",
                    "/corpora/structured.txt", new CorpusWords("Vel ", "mes \"FUNNOSIN NUPO\" re (fu, [mar])")));

    public BundledCorpus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(words, "words");
        if (!resource.startsWith("/")) {
            throw new IllegalArgumentException("resource must be an absolute classpath path: " + resource);
        }
    }

    /** Every bundled corpus, the default (the one the app opens with) first. */
    public static List<BundledCorpus> all() {
        return ALL;
    }

    /** The corpus the app opens with. */
    public static BundledCorpus defaultCorpus() {
        return ALL.get(0);
    }

    /** The bundled corpus with this id, if any. */
    public static Optional<BundledCorpus> byId(String id) {
        return ALL.stream().filter(c -> c.id.equals(id)).findFirst();
    }

    /** The file name of the resource, e.g. {@code structured.txt}; also the loaded corpus' name. */
    public String fileName() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /**
     * Reads the text from the classpath as strict UTF-8.
     *
     * @throws BadInputException when the resource is missing, unreadable, empty or not valid UTF-8
     */
    public Corpus load() {
        byte[] bytes;
        try (InputStream in = BundledCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BadInputException("bundled corpus " + id + " is missing from the application (" + resource + ")");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new BadInputException("cannot read bundled corpus " + id + ": " + e.getMessage());
        }
        String file = fileName();
        return Corpus.of(file, Corpus.decodeUtf8(file, bytes));
    }

    @Override
    public String toString() {
        return name;
    }
}
