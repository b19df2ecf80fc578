package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.baseline.NGramBaseline;
import dev.unroll.engine.corpus.Corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

class BaselineCommandTest {
    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        return Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
    }

    @Test
    void printsOneRowPerOrderWithTheEnginesFigures() throws IOException {
        Path file = corpus();
        CliTestSupport.Result r = run("baseline", "--corpus-file", file.toString(), "--order", "1..4", "--val-fraction", "0.2");
        assertEquals(0, r.status(), r.err());
        NGramBaseline b = NGramBaseline.measure(Corpus.load(file), 0.2, List.of(1, 2, 3, 4), 10_000);
        for (NGramBaseline.Row row : b.rows()) {
            String expected = String.format(Locale.ROOT, "%6d %12s %9s %12s %10s", row.order(), Text.count(row.distinct()),
                    Text.fixed(row.discount(), 3), Text.fixed(row.natsPerChar(), 4), Text.fixed(row.bitsPerChar(), 4));
            assertTrue(r.out().contains(expected), "expected row\n" + expected + "\nin\n" + r.out());
        }
        assertTrue(r.out().contains("scored on " + Text.count(b.scoredChars()) + " validation characters"), r.out());
        assertTrue(r.out().contains("best: order " + b.best().order()), r.out());
    }

    @Test
    void badInputEndsWithOneLine() throws IOException {
        Path file = corpus();
        String f = file.toString();
        has(run("baseline", "--corpus-file", f, "--order", "0").assertOneLineError(2), "--order must lie between 1 and 64 (got 0)");
        has(run("baseline", "--corpus-file", f, "--order", "1..65").assertOneLineError(2), "--order must lie between 1 and 64");
        has(run("baseline", "--corpus-file", f, "--order", "abc").assertOneLineError(2), "--order: 'abc' is not a whole number");
        has(run("baseline", "--corpus-file", f, "--order", "5..2").assertOneLineError(2), "is empty");
        has(run("baseline", "--corpus-file", f, "--val-fraction", "0").assertOneLineError(2), "--val-fraction must be above 0");
        has(run("baseline", "--corpus-file", f, "--val-fraction", "0.7").assertOneLineError(2), "--val-fraction");
        has(run("baseline", "--corpus-file", f, "--max-val-chars", "0").assertOneLineError(2), "--max-val-chars");
        has(run("baseline", "--corpus-file", dir.resolve("none.txt").toString()).assertOneLineError(2), "corpus file not found");
        has(run("baseline", "--corpus-file", Files.writeString(dir.resolve("short.txt"), "abcdefghi").toString())
                .assertOneLineError(2), "too short");
        has(run("baseline").assertOneLineError(2), "Missing required option: '--corpus-file");
    }

    private static void has(String line, String part) {
        assertTrue(line.contains(part), "expected \"" + part + "\" in: " + line);
    }
}
