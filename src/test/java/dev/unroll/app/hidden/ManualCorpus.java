package dev.unroll.app.hidden;

import dev.unroll.engine.corpus.Corpus;

/** The corpus for the manual measurements. */
final class ManualCorpus {
    private ManualCorpus() {
    }

    static Corpus get() {
        return Corpus.of("structured", dev.unroll.engine.corpus.StructuredTextGenerator.generate(
                dev.unroll.engine.corpus.StructuredTextGenerator.DEFAULT_SEED, 300_000));
    }
}
