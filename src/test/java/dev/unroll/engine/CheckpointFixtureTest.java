package dev.unroll.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Checkpoints written by earlier versions of the format must keep loading. */
class CheckpointFixtureTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(CheckpointFixtureTest.class.getResource("/checkpoints/" + name).toURI());
    }

    @Test
    void format1FixtureLoadsResumesAndGenerates() throws URISyntaxException {
        Checkpoint cp = Checkpoint.load(resource("format1-tiny.npz"));
        assertEquals(1, cp.formatVersion());
        TrainerState s = cp.state();
        assertEquals(40, s.iteration());
        assertEquals(100, s.pointer());
        assertEquals(8, s.config().hiddenSize());
        assertEquals(10, s.config().sequenceLength());
        assertEquals(1, s.config().seed());
        assertEquals(4629845416872938288L, Double.doubleToLongBits(s.smoothLoss()));
        assertEquals(-4621929617559336669L, Double.doubleToLongBits(s.parameters().get(0).data[0]));
        assertEquals(Long.parseUnsignedLong("17503078834657126637"), s.rngState());
        assertEquals(3, s.samples().size());
        assertEquals("format1-corpus.txt", cp.corpus().name());
        // the settings codec reads the first format's config whole; it had no output settings
        assertEquals(new TrainingConfig(8, 10, 0.1, 500_000, 15, 20, 1.0, 1, 0.0, 1000, 5.0).withIterations(s.config().iterations()),
                s.config());
        assertEquals(null, cp.outputs());

        Corpus corpus = Corpus.load(resource("format1-corpus.txt"));
        assertTrue(cp.sameCorpus(corpus));
        Trainer t = cp.resume(corpus);
        for (int i = 0; i < 10; i++) {
            assertTrue(Double.isFinite(t.iterate()));
        }
        assertEquals(50, t.iteration());

        ModelSnapshot m = Checkpoint.loadModel(resource("format1-tiny.npz"));
        int[] text = Sampler.generate(m.newModel(), new double[8], 0, 30, 1.0, Sampler.Mode.SAMPLE, 0, new Rng(2));
        assertEquals(30, m.vocabulary().decode(text).codePointCount(0, m.vocabulary().decode(text).length()));
    }
}
