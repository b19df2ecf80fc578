package dev.unroll.app.hidden;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.corpus.StructuredTextGenerator;

/** The corpus for the manual measurements. */
final class ManualCorpus {
    private ManualCorpus() {
    }

    static Corpus get() {
        return Corpus.of("structured", StructuredTextGenerator.generate(
                StructuredTextGenerator.DEFAULT_SEED, 300_000));
    }
}
