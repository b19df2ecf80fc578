package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.VanillaRnn;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

class ProbeResultTest {
    static final Vocabulary VOCAB = Vocabulary.of("abc \n\"()");

    static ModelSnapshot randomModel(int hidden, long seed) {
        VanillaRnn rnn = new VanillaRnn(VOCAB.size(), hidden, new Rng(seed));
        // larger weights than the 0.01 init, so activations are far from zero
        for (var p : rnn.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] *= 60;
            }
        }
        List<Tensor> ps = new ArrayList<>();
        for (var p : rnn.parameters()) {
            ps.add(p.copy());
        }
        return new ModelSnapshot(7, VOCAB, ps, ps, List.of());
    }

    @Test
    void hiddenStatesAndLossesAreThoseOfTheModelsForwardPassAfterTheWarmup() {
        ModelSnapshot m = randomModel(6, 1);
        ProbeText probe = ProbeText.of(VOCAB, "ab(c", "a \"bc\"\n(a)", "b");
        ProbeResult r = ProbeResult.run(m, probe);

        RecurrentModel rnn = m.newModel();
        double[] h = new double[6];
        rnn.forward(VOCAB.encode("ab(c"), null, h, null, null, null);
        int[] in = VOCAB.encode("a \"bc\"\n(a)");
        int[] tg = VOCAB.encode(" \"bc\"\n(a)b");
        double[] hs = new double[in.length * 6];
        double[] ps = new double[in.length * VOCAB.size()];
        double[] loss = new double[in.length];
        rnn.forward(in, tg, h, hs, ps, loss);

        assertEquals(7, r.iteration());
        assertArrayEquals(hs, r.hidden(), 0.0);
        assertArrayEquals(ps, r.probs(), 0.0);
        assertArrayEquals(loss, r.loss(), 0.0);
        assertEquals(VOCAB.indexOf('b'), r.target(in.length - 1));
    }

    @Test
    void withoutTheFollowingCharacterTheLastPositionHasNoLoss() {
        ProbeResult r = ProbeResult.run(randomModel(4, 2), ProbeText.of(VOCAB, "", "abca", ""));
        assertEquals(-1, r.target(3));
        assertTrue(Double.isNaN(r.loss()[3]));
        assertTrue(r.loss()[2] > 0);
        assertEquals((r.loss()[0] + r.loss()[1] + r.loss()[2]) / 3, r.meanLoss(), 1e-12);
    }

    @Test
    void charactersOutsideTheVocabularyAreSkippedAndNamed() {
        ProbeText p = ProbeText.of(VOCAB, "xa", "abé c€é", "");
        assertEquals("ab c", p.text());
        assertEquals(Set.of((int) 'x', (int) 'é', (int) '€'), p.unknown());
        assertEquals(4, p.skipped());
        assertTrue(p.skippedNote().contains("'é'"), p.skippedNote());
        assertTrue(p.skippedNote().startsWith("skipped 4 characters"), p.skippedNote());
        assertEquals(1, p.warmup().length);
    }

    @Test
    void topKListsTheMostLikelyCharactersInOrder() {
        ProbeResult r = ProbeResult.run(randomModel(5, 3), ProbeText.of(VOCAB, "", "abc", ""));
        for (int t = 0; t < 3; t++) {
            int[] top = r.topK(t, 5);
            assertEquals(5, top.length);
            for (int i = 1; i < 5; i++) {
                assertTrue(r.prob(t, top[i - 1]) >= r.prob(t, top[i]));
            }
            for (int s = 0; s < VOCAB.size(); s++) {
                final int sym = s;
                boolean listed = Arrays.stream(top).anyMatch(x -> x == sym);
                if (!listed) {
                    assertTrue(r.prob(t, s) <= r.prob(t, top[4]));
                }
            }
        }
    }

    @Test
    void anEmptyProbeGivesAnEmptyResult() {
        ProbeResult r = ProbeResult.run(randomModel(3, 4), ProbeText.of(VOCAB, "ab", "", ""));
        assertEquals(0, r.length());
        assertTrue(Double.isNaN(r.meanLoss()));
        ProbeAnalysis a = ProbeAnalysis.of(r);
        assertEquals(3, a.stats().mean().length);
        assertEquals(null, a.best(TextFeature.IN_QUOTES));
    }
}
