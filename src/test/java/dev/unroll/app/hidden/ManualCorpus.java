package dev.unroll.app.hidden;

import dev.unroll.engine.Corpus;

/** The corpus for the manual measurements. */
final class ManualCorpus {
    private ManualCorpus() {
    }

    static Corpus get() {
        return Corpus.of("fixture", Fixtures.text(5, 200_000));
    }
}
