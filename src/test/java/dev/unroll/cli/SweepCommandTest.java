package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunSpec;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

class SweepCommandTest {
    static final String TEXT = "the cat sat on the mat; ce frumoasă e luna. hello world, hello rnn. ".repeat(60);

    private static String[] sweep(Path corpus, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--corpus-file", corpus.toString(),
                "--hidden-sizes", "8,16", "--learning-rates", "0.1,0.05", "--sequence-lengths", "10", "--seeds", "1",
                "--num-iterations", "300", "--sample-size", "30", "--num-samples", "2", "--val-fraction", "0.1",
                "--eval-every", "100", "--csv-every", "50", "--parallel", "2", "--output-dir", out.toString(), "--quiet"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            int at = args.indexOf(more[i]);
            if (at >= 0) {
                args.set(at + 1, more[i + 1]);
            } else {
                args.add(more[i]);
                args.add(more[i + 1]);
            }
        }
        return args.toArray(String[]::new);
    }

    @Test
    void runsAGridAndWritesTheTableAndEveryRunsFiles(@TempDir Path tmp) throws IOException {
        Path corpus = Files.writeString(tmp.resolve("text.txt"), TEXT);
        Path out = tmp.resolve("sweep");
        Result r = run(sweep(corpus, out));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("| run id | hidden size | learning rate | loss | cell |"), r.out());
        assertTrue(r.out().contains("wall time "), r.out());
        String md = Files.readString(out.resolve("summary.md"));
        for (String row : List.of("| 01 | 8 | 0.1 |", "| 02 | 8 | 0.05 |", "| 03 | 16 | 0.1 |", "| 04 | 16 | 0.05 |")) {
            assertTrue(md.contains(row), md);
        }
        assertEquals(5, Files.readAllLines(out.resolve("summary.csv")).size());
        Path run1 = out.resolve("runs").resolve("01-hs8-lr0.1-is10-seed1");
        assertTrue(Files.exists(run1.resolve("checkpoint.npz")));
        assertTrue(Files.readString(run1.resolve("loss.csv")).startsWith("iteration,loss,smooth_loss,val_loss,iterations_per_second\n"));
        try (Stream<Path> files = Files.list(run1)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().matches("ni300-hs8-is10-lr0\\.1-\\d{4}-\\d\\d-\\d\\d-\\d{4}\\.txt")).count());
        }

        // the same command again: every run is kept as it is
        byte[] before = Files.readAllBytes(run1.resolve("checkpoint.npz"));
        Result again = run(sweep(corpus, out).clone());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("(4 already done, kept)"), again.err());
        assertArrayEquals(before, Files.readAllBytes(run1.resolve("checkpoint.npz")));
        Result resumed = run("sweep", "--resume", out.toString(), "--quiet");
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.err().contains("(4 already done, kept)"), resumed.err());
    }

    @Test
    void badInputGivesStatusTwoAndOneLine(@TempDir Path tmp) throws IOException {
        Path corpus = Files.writeString(tmp.resolve("text.txt"), TEXT);
        Path out = tmp.resolve("s");
        String empty = run(sweep(corpus, out, "--hidden-sizes", " ")).assertOneLineError(2);
        assertTrue(empty.contains("the grid is empty: give at least one value for --hidden-sizes"), empty);
        String dup = run(sweep(corpus, out, "--learning-rates", "0.1,0.1")).assertOneLineError(2);
        assertEquals("unroll: duplicate configuration: learning rates lists 0.1 twice", dup);
        Path file = Files.writeString(tmp.resolve("file"), "x");
        String unwritable = run(sweep(corpus, file.resolve("sub"))).assertOneLineError(2);
        assertTrue(unwritable.startsWith("unroll: cannot write the sweep folder"), unwritable);
        String noCorpus = run("sweep", "--hidden-sizes", "8", "--output-dir", out.toString()).assertOneLineError(2);
        assertTrue(noCorpus.contains("--corpus-file"), noCorpus);
        String range = run(sweep(corpus, out, "--seeds", "5..1")).assertOneLineError(2);
        assertTrue(range.contains("is empty"), range);
        String parallel = run(sweep(corpus, out, "--parallel", "0")).assertOneLineError(2);
        assertTrue(parallel.contains("--parallel"), parallel);
        String notSweep = run("sweep", "--resume", tmp.toString()).assertOneLineError(2);
        assertTrue(notSweep.contains("is not a sweep folder"), notSweep);
        assertTrue(!Files.exists(out), "nothing is written for bad input");
    }

    /**
     * Issue 23 (smaller): a sweep stopped by a full disk said each problem on a line of its own (six in
     * all); the problems beside the runs' own are kept for the one last line.
     */
    @Test
    void problemsBesideTheRunsAreSaidInTheOneLastLine() {
        StringWriter err = new StringWriter();
        SweepCommand.Progress progress = new SweepCommand.Progress(new PrintWriter(err, true), true);
        progress.onMessage("could not record the failure of run 02 in r/run.properties: No space left on device");
        progress.onMessage("could not write the summary in s: No space left on device");
        assertEquals("", err.toString(), "nothing printed on its own");
        RunResult first = RunResult.pending(
                new RunSpec(2, TrainingConfig.defaults())).with(
                RunStatus.FAILED, "could not write r/checkpoint.npz: No space left on device");
        assertEquals("unroll: 2 runs failed; run " + first.spec().id() + ": could not write r/checkpoint.npz: No space left on device;"
                + " also could not record the failure of run 02 in r/run.properties: No space left on device;"
                + " could not write the summary in s: No space left on device", SweepCommand.failedLine(2, first, progress.messages()));
    }
}
