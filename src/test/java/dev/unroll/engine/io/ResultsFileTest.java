package dev.unroll.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

class ResultsFileTest {
    @Test
    void namesTheFileLikeTheOriginalExperiment() {
        TrainingConfig c = TrainingConfig.defaults().withHiddenSize(250).withLearningRate(0.001);
        assertEquals("ni1000000-hs250-is25-lr0.001-2026-03-07-0905.txt",
                ResultsFile.fileName(1_000_000, c, LocalDateTime.of(2026, 3, 7, 9, 5)));
        // a stacked, batched run says so (char-rnn's num_layers and batch_size); the seed's names stay as they were
        TrainingConfig deep = c.withDepth(new Depth(2, 50, 0));
        assertEquals("ni1000000-hs250-nl2-bs50-is25-lr0.001-2026-03-07-0905.txt",
                ResultsFile.fileName(1_000_000, deep, LocalDateTime.of(2026, 3, 7, 9, 5)));
        assertEquals("1.0", ResultsFile.rate(1));
        assertEquals("0.1", ResultsFile.rate(0.1));
    }

    @Test
    void writesNSamplesOfMCharactersSeparatedByBlankLines(@TempDir Path dir) throws Exception {
        // no blank line and no "\n\n" in the corpus, so every blank line in the file is a separator
        Corpus corpus = Corpus.of("abc", "abcab cabca bcabc ".repeat(40));
        TrainingConfig c = TrainingConfig.defaults().withHiddenSize(8).withIterations(50).withSampleLength(30).withSampleEvery(0);
        Trainer t = new Trainer(corpus, c);
        for (int i = 0; i < 50; i++) {
            t.iterate();
        }
        Path file = dir.resolve("r.txt");
        ResultsFile.write(file, t, 4);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        String[] parts = text.substring(0, text.length() - 1).split("\n\n", -1);
        assertEquals(4, parts.length);
        for (String p : parts) {
            assertEquals(30, p.codePointCount(0, p.length()));
        }
        // the same run gives the same file, and sampling did not disturb the run
        assertEquals(ResultsFile.text(ResultsFile.samples(t, 4)), text);
        assertEquals(50, t.iteration());
    }

    /** Issue 16 item 13: rates named as Python's str() prints them, as the seed's file names have them. */
    @Test
    void ratesAreNamedAsPythonPrintsThem() {
        // python3 -c "print([str(x) for x in (1e-05, 1e-4, 0.00025, 2.5e-07, 0.1, 1.0, 2.0, 250.0, 1e16, 1.5e16, 1e-10, 0.3)])"
        assertEquals("1e-05", ResultsFile.rate(1e-5));
        assertEquals("0.0001", ResultsFile.rate(1e-4));
        assertEquals("0.00025", ResultsFile.rate(0.00025));
        assertEquals("2.5e-07", ResultsFile.rate(2.5e-7));
        assertEquals("0.1", ResultsFile.rate(0.1));
        assertEquals("1.0", ResultsFile.rate(1.0));
        assertEquals("2.0", ResultsFile.rate(2));
        assertEquals("250.0", ResultsFile.rate(250));
        assertEquals("1e+16", ResultsFile.rate(1e16));
        assertEquals("1.5e+16", ResultsFile.rate(1.5e16));
        assertEquals("1e-10", ResultsFile.rate(1e-10));
        assertEquals("0.3", ResultsFile.rate(0.3));
        assertEquals("ni100-hs8-is25-lr1e-05-2026-03-07-0905",
                ResultsFile.baseName(TrainingConfig.defaults().withHiddenSize(8).withLearningRate(1e-5), 100,
                        LocalDateTime.of(2026, 3, 7, 9, 5)));
    }

    /** Issue 16 item 13: each sample follows a character the generator draws from the vocabulary, as the seed's do. */
    @Test
    void eachSampleFollowsARandomCharacterOfTheVocabulary() {
        Corpus corpus = Corpus.of("abc", "abcab cabca bcabc ".repeat(40));
        TrainingConfig c = TrainingConfig.defaults().withHiddenSize(8).withIterations(50).withSampleLength(30).withSampleEvery(0).withSeed(3);
        Trainer t = new Trainer(corpus, c);
        for (int i = 0; i < 50; i++) {
            t.iterate();
        }
        Rng random = new Rng(3 ^ 0x5DEECE66DL);
        List<String> expected = new ArrayList<>();
        Set<Integer> firsts = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            int first = random.nextInt(corpus.vocabulary().size());
            firsts.add(first);
            expected.add(t.sample(first, 30, t.temperature(), random));
        }
        assertEquals(expected, ResultsFile.samples(t, 6));
        assertTrue(firsts.size() > 1, "the characters the samples follow differ: " + firsts);
    }
}
