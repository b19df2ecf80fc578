package dev.unroll.cli;

import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.sweep.SweepManifest;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The command line's corpus flags, a mixin: {@code --corpus-file FILE} or {@code --corpus ID} (a
 * shipped corpus), one of the two. {@code train} and {@code bench} take a file only: {@link TrainingFile}.
 */
final class CorpusFlags {
    @Option(names = "--corpus-file", paramLabel = "FILE", description = "The text (UTF-8).")
    Path file;

    @Option(names = "--corpus", paramLabel = "ID", description = "A corpus shipped with Unroll, by id (e.g. romanian-verses), instead of --corpus-file.")
    String id;

    /** Whether either flag was given. */
    boolean given() {
        return file != null || id != null;
    }

    /** Where the corpus comes from, as a sweep's manifest records it: "bundled:ID" or the file's absolute path. */
    String source() {
        return id != null ? "bundled:" + id : file.toAbsolutePath().toString();
    }

    /**
     * The corpus the flags name.
     *
     * @throws CliExit (bad input) when both or neither are given, or no shipped corpus has the id
     */
    Corpus load() {
        if (file != null && id != null) {
            throw CliExit.badInput("give either --corpus-file or --corpus, not both");
        }
        if (id != null) {
            return BundledCorpus.byId(id).orElseThrow(() -> CliExit.badInput("no shipped corpus '" + id
                    + "'; there are: " + String.join(", ", BundledCorpus.all().stream().map(BundledCorpus::id).toList()))).load();
        }
        if (file == null) {
            throw CliExit.badInput("give the training text: --corpus-file FILE or --corpus ID");
        }
        return Corpus.load(file);
    }

    /**
     * The corpus a saved sweep was defined on, when these flags do not name one: its shipped corpus ("bundled:ID",
     * as {@link #source()} records it) or its file, if still where it was.
     *
     * @throws CliExit (bad input) as {@link #load()} for the flags given; when the saved corpus is gone
     */
    Corpus loadOr(SweepManifest.CorpusRef saved) {
        if (given()) {
            return load();
        }
        String s = saved.source();
        if (s.startsWith("bundled:")) {
            String id = s.substring("bundled:".length());
            return BundledCorpus.byId(id).orElseThrow(() -> CliExit.badInput("the sweep's shipped corpus '" + id
                    + "' is not in this version of Unroll; give --corpus-file")).load();
        }
        if (!s.isEmpty() && Files.isRegularFile(Path.of(s))) {
            return Corpus.load(Path.of(s));
        }
        throw CliExit.badInput("the sweep's corpus " + saved.name() + " is no longer at '" + s + "'; give it with --corpus-file");
    }

    /** The corpus flag of {@code train} and {@code bench}, a mixin: {@code --corpus-file FILE}, required (no shipped corpus). */
    static final class TrainingFile {
        @Option(names = "--corpus-file", required = true, paramLabel = "FILE", description = "The training text (UTF-8).")
        Path file;

        /** The corpus in the file. */
        Corpus load() {
            return Corpus.load(file);
        }
    }
}
