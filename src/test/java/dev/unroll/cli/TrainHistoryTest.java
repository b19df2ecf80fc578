package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.ReferenceEquivalenceTest;
import dev.unroll.engine.train.HistoryEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code unroll train} keeps the run's history (--history-mb, 0 = off), says in its summary how much it kept, saves it
 * in the checkpoint, and a resumed run continues it.
 */
class TrainHistoryTest {
    @TempDir
    Path dir;

    private Result train(Path corpus, String... more) {
        String[] base = {"train", "--corpus-file", corpus.toString(), "--hidden-size", "16", "--output-dir", dir.toString(), "--quiet"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return run(all);
    }

    private static String historyLine(Result r) {
        assertEquals(0, r.status(), r.err());
        return r.out().lines().filter(l -> l.startsWith("history: ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
    }

    @Test
    void theSummarySaysWhatWasKeptAndTheCheckpointHoldsIt() throws IOException {
        Path corpus = Files.writeString(dir.resolve("c.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        Path ck = dir.resolve("run.npz");
        String line = historyLine(train(corpus, "--num-iterations", "600", "--checkpoint", ck.toString()));
        List<HistoryEntry> h = Checkpoint.load(ck).state().history();
        assertEquals(List.of(100L, 200L, 500L), h.stream().map(HistoryEntry::iteration).toList());
        double mb = h.stream().mapToLong(HistoryEntry::bytes).sum() / (double) (1 << 20);
        assertEquals("history: 3 entries kept (iterations 100 to 500), " + String.format(Locale.ROOT, "%.2f", mb)
                + " MB of 64 MB, in the checkpoint", line);

        assertEquals("history: off (--history-mb 0)", historyLine(train(corpus, "--num-iterations", "300", "--history-mb", "0",
                "--checkpoint", ck.toString())));
        assertEquals(List.of(), Checkpoint.load(ck).state().history());
        assertEquals("history: none kept yet (the first is kept after iteration 100)", historyLine(train(corpus, "--num-iterations", "50")));
        assertTrue(historyLine(train(corpus, "--num-iterations", "200", "--history-mb", "1")).endsWith("MB of 1 MB, not saved (no --checkpoint)"));
    }

    /** Trained to 150, saved, resumed to 600: the checkpoint's history is that of one run to 600, bit for bit. */
    @Test
    void aResumedRunContinuesItsHistory() throws IOException {
        Path corpus = Files.writeString(dir.resolve("c.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        Path resumed = dir.resolve("resumed.npz");
        Path whole = dir.resolve("whole.npz");
        assertEquals(0, train(corpus, "--num-iterations", "150", "--checkpoint", resumed.toString()).status());
        assertEquals(1, Checkpoint.load(resumed).state().history().size());
        Result r = run("train", "--corpus-file", corpus.toString(), "--resume", resumed.toString(), "--num-iterations", "600",
                "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(historyLine(r).startsWith("history: 3 entries kept (iterations 100 to 500)"), historyLine(r));
        assertEquals(0, train(corpus, "--num-iterations", "600", "--checkpoint", whole.toString()).status());
        List<HistoryEntry> a = Checkpoint.load(whole).state().history();
        List<HistoryEntry> b = Checkpoint.load(resumed).state().history();
        assertEquals(a.stream().map(HistoryEntry::iteration).toList(), b.stream().map(HistoryEntry::iteration).toList());
        for (int i = 0; i < a.size(); i++) {
            ReferenceEquivalenceTest.assertTensorsEqual(a.get(i).parameters(), b.get(i).parameters());
            assertEquals(a.get(i).sample(), b.get(i).sample());
        }
    }

    @Test
    void aBadBudgetIsOneLine() throws IOException {
        Path corpus = Files.writeString(dir.resolve("c.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        assertEquals("unroll: --history-mb must be between 0 and 1048576 (got -1)",
                train(corpus, "--num-iterations", "10", "--history-mb", "-1").assertOneLineError(2));
        assertTrue(train(corpus, "--num-iterations", "10", "--history-mb", "lots").assertOneLineError(2).contains("--history-mb"));
    }
}
