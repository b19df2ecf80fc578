package dev.unroll.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.Corpus;

import org.junit.jupiter.api.Test;

class LearningTest {

    @Test
    void lossFallsWellBelowUniformOnARepetitiveText() {
        Corpus corpus = Corpus.of("abc", "the cat sat on the mat. ".repeat(200));
        TrainingConfig config = TrainingConfig.defaults().withHiddenSize(32).withIterations(3000).withSampleEvery(0);
        Trainer trainer = new Trainer(corpus, config);
        double uniform = Math.log(corpus.vocabulary().size());
        for (int i = 0; i < 3000; i++) {
            trainer.iterate();
        }
        double perChar = trainer.smoothLoss() / config.sequenceLength();
        assertTrue(perChar < 0.5 * uniform, "mean loss per char " + perChar + " vs uniform " + uniform);
    }

    @Test
    void sameSeedSameRunBitForBit() {
        Corpus corpus = Corpus.of("g", "hello world, hello rnn. ".repeat(50));
        TrainingConfig config = TrainingConfig.defaults().withHiddenSize(16).withIterations(300).withSampleEvery(50);
        Trainer a = new Trainer(corpus, config);
        Trainer b = new Trainer(corpus, config);
        for (int i = 0; i < 300; i++) {
            assertEquals(Double.doubleToLongBits(a.iterate()), Double.doubleToLongBits(b.iterate()));
        }
        assertEquals(a.snapshot().samples(), b.snapshot().samples());
        Trainer c = new Trainer(corpus, config.withSeed(7));
        assertTrue(c.iterate() != new Trainer(corpus, config).iterate());
    }
}
