package dev.unroll.app.shell;

import dev.unroll.engine.corpus.BundledCorpus;
import java.util.List;

/** The corpora shipped with the app ({@link BundledCorpus}), as sources for the corpus list; the default first. */
public final class BundledSources {
    private BundledSources() {
    }

    public static List<CorpusSource> list() {
        return BundledCorpus.all().stream()
                .map(b -> new CorpusSource(b.name(), b.description(), null, b::load))
                .toList();
    }
}
