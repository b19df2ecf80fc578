package dev.unroll.app.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

class DemoModelTest {

    @Test
    void theShippedDemoNetworkIsTheRomanianVersesNetworkOfTheMakeDemoScript() {
        Checkpoint cp = DemoModel.load();
        Corpus verses = BundledCorpus.byId(DemoModel.CORPUS_ID).orElseThrow().load();
        ModelSnapshot m = cp.model();
        assertEquals(verses.vocabulary(), m.vocabulary(), "the model's characters are those of the Romanian verses");
        assertEquals(65, m.vocabSize());
        assertTrue(m.vocabulary().contains('ș') && m.vocabulary().contains('ț') && m.vocabulary().contains('ă'));
        assertEquals(100, m.hiddenSize());
        assertTrue(cp.sameCorpus(verses), "trained on the very text the app ships");
        // the settings of packaging/make-demo.sh
        assertEquals(42, cp.state().config().seed());
        assertEquals(25, cp.state().config().sequenceLength());
        assertEquals(0.1, cp.state().config().learningRate());
        assertEquals(300_000, cp.state().iteration());
    }

    @Test
    void itPredictsTheVersesFarBetterThanChance() {
        ModelSnapshot m = DemoModel.load().model();
        Corpus verses = BundledCorpus.byId(DemoModel.CORPUS_ID).orElseThrow().load();
        int[] data = verses.encoded();
        int n = 5000;
        RecurrentModel rnn = m.newModel();
        double loss = rnn.forward(Arrays.copyOfRange(data, 0, n), Arrays.copyOfRange(data, 1, n + 1),
                new double[m.hiddenSize()], null, null, null) / n;
        double chance = Math.log(m.vocabSize());
        // a uniform guess costs ln 65 = 4.17 nats per character; the trained network about 1.5
        assertTrue(loss < 1.9, "mean loss per character " + loss + " (chance: " + chance + ")");
    }
}
