package dev.unroll.app.shell;

import java.util.List;

/** The corpora shipped with the app, as sources for the corpus list (the default first). */
public final class BundledSources {
    private BundledSources() {
    }

    public static List<CorpusSource> list() {
        return List.of();
    }
}
