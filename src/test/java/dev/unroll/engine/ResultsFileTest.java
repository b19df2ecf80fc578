package dev.unroll.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
    @Test
    void namesTheFileLikeTheOriginalExperiment() {
        TrainingConfig c = TrainingConfig.defaults().withHiddenSize(250).withLearningRate(0.001);
        assertEquals("ni1000000-hs250-is25-lr0.001-2026-03-07-0905.txt",
                ResultsFile.fileName(1_000_000, c, LocalDateTime.of(2026, 3, 7, 9, 5)));
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
}
