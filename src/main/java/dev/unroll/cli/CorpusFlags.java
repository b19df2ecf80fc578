package dev.unroll.cli;

import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;

import java.nio.file.Path;

/** The command line's corpus flags: {@code --corpus-file FILE} or {@code --corpus ID} (a shipped corpus), one of the two. */
final class CorpusFlags {
    private CorpusFlags() {
    }

    /**
     * The corpus the flags name.
     *
     * @param file the {@code --corpus-file}, or null
     * @param id   the {@code --corpus} id, or null
     * @throws CliExit (bad input) when both or neither are given, or no shipped corpus has the id
     */
    static Corpus load(Path file, String id) {
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
}
