package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** --layers, --batch-size and --dropout on train, sample (through the checkpoint), bench and sweep. */
class DepthFlagsTest {
    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        return Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
    }

    private static void has(String text, String part) {
        assertTrue(text.contains(part), "expected \"" + part + "\" in: " + text);
    }

    private Result train(Path corpus, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--corpus-file", corpus.toString(), "--hidden-size", "10",
                "--sequence-length", "10", "--sample-frequency", "0", "--num-samples", "1", "--output-dir", dir.toString(),
                "--cell", "lstm", "--layers", "2", "--batch-size", "3", "--dropout", "0.2", "--optimizer", "adam", "--learning-rate", "0.003"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** 30 iterations, then 30 more from the format-3 checkpoint: the bits of 60 at once; the settings cannot change on resume. */
    @Test
    void trainSavesFormatThreeAndResumesAsIfNeverStopped() throws IOException {
        Path corpus = corpus();
        Path straight = dir.resolve("straight.npz");
        Result r = train(corpus, "--num-iterations", "60", "--checkpoint", straight.toString());
        assertEquals(0, r.status(), r.err());
        has(r.err().lines().findFirst().orElse(""), "learning rate 0.003, adam, 2 layers, batch 3, dropout 0.2, 60 iterations");
        Checkpoint x = Checkpoint.load(straight);
        assertEquals(3, x.formatVersion());
        assertEquals(new Depth(2, 3, 0.2), x.state().config().depth());
        Path thirty = dir.resolve("thirty.npz");
        Path resumed = dir.resolve("resumed.npz");
        assertEquals(0, train(corpus, "--num-iterations", "30", "--checkpoint", thirty.toString()).status());
        Result b = run("train", "--corpus-file", corpus.toString(), "--resume", thirty.toString(), "--num-iterations", "60",
                "--checkpoint", resumed.toString(), "--output-dir", dir.toString(), "--num-samples", "1", "--quiet");
        assertEquals(0, b.status(), b.err());
        TrainerState s = x.state();
        TrainerState y = Checkpoint.load(resumed).state();
        for (int i = 0; i < s.parameters().size(); i++) {
            assertArrayEquals(s.parameters().get(i).data, y.parameters().get(i).data, s.parameters().get(i).name);
        }
        assertArrayEquals(s.hidden(), y.hidden());
        // the same run on two threads, resumed from the same file: the same bits
        Path twoThreads = dir.resolve("two.npz");
        Result c = run("train", "--corpus-file", corpus.toString(), "--resume", thirty.toString(), "--num-iterations", "60",
                "--checkpoint", twoThreads.toString(), "--output-dir", dir.toString(), "--num-samples", "1", "--quiet", "--threads", "2");
        assertEquals(0, c.status(), c.err());
        TrainerState z = Checkpoint.load(twoThreads).state();
        for (int i = 0; i < s.parameters().size(); i++) {
            assertArrayEquals(s.parameters().get(i).data, z.parameters().get(i).data, s.parameters().get(i).name);
        }
        has(run("train", "--corpus-file", corpus.toString(), "--resume", straight.toString(), "--layers", "3", "--quiet")
                .assertOneLineError(2), "--layers 3 differs from the resumed checkpoint's 2; leave it out when resuming");
        has(run("train", "--corpus-file", corpus.toString(), "--resume", straight.toString(), "--batch-size", "4", "--quiet")
                .assertOneLineError(2), "--batch-size 4 differs from the resumed checkpoint's 3; leave it out when resuming");
        has(run("train", "--corpus-file", corpus.toString(), "--resume", straight.toString(), "--precision", " F32 ", "--quiet")
                .assertOneLineError(2), "--precision F32 differs from the resumed checkpoint's f64; leave it out when resuming");
        Result sample = run("sample", "--checkpoint", straight.toString(), "--prime", "the ", "--length", "40", "--seed", "5");
        assertEquals(0, sample.status(), sample.err());
        assertTrue(sample.out().startsWith("the ") && sample.out().strip().codePointCount(0, sample.out().strip().length()) >= 40,
                sample.out());
        assertEquals(sample.out(), run("sample", "--checkpoint", straight.toString(), "--prime", "the ", "--length", "40", "--seed", "5").out());
    }

    @Test
    void badValuesEndWithOneLineNamingTheFlag() throws IOException {
        String f = corpus().toString();
        List<List<String>> commands = List.of(
                List.of("train", "--corpus-file", f, "--quiet"),
                List.of("bench", "--corpus-file", f, "--hidden-sizes", "8", "--iterations", "2", "--warmup", "0"),
                List.of("sweep", "--corpus-file", f, "--output-dir", dir.resolve("s").toString(), "--quiet"));
        String[][] bad = {
                {"--layers", "0", "--layers must be between 1 and 4 (got 0)"},
                {"--layers", "5", "--layers must be between 1 and 4 (got 5)"},
                {"--batch-size", "0", "--batch-size must be between 1 and 1024 (got 0)"},
                {"--batch-size", "1025", "--batch-size must be between 1 and 1024 (got 1025)"},
                {"--dropout", "1", "--dropout must be at least 0 and below 1 (got 1.0)"},
                {"--dropout", "-0.1", "--dropout must be at least 0 and below 1 (got -0.1)"},
                {"--dropout", "0.3", "--dropout acts between stacked layers: give --layers 2 or more (got --dropout 0.3 with one layer)"},
                {"--layers", "two", "'two' is not an int"},
                {"--precision", "f16", "--precision: unknown precision 'f16': use f64 or f32"}};
        for (List<String> command : commands) {
            for (String[] b : bad) {
                List<String> args = new ArrayList<>(command);
                args.add(b[0]);
                args.add(b[1]);
                has(run(args.toArray(String[]::new)).assertOneLineError(2), b[2]);
            }
        }
        assertTrue(Files.notExists(dir.resolve("s")), "no sweep folder for refused flags");
        has(run("train", "--corpus-file", f, "--quiet", "--threads", "0").assertOneLineError(2), "--threads must be between 1 and 256 (got 0)");
        has(run("bench", "--corpus-file", f, "--threads", "300").assertOneLineError(2), "--threads must be between 1 and 256 (got 300)");
    }

    /** bench: characters per second is B x T x iterations per second. */
    @Test
    void benchCountsTheCharactersOfEveryStream() throws IOException {
        Result bench = run("bench", "--corpus-file", corpus().toString(), "--cells", "gru", "--hidden-sizes", "8", "--iterations", "20",
                "--warmup", "2", "--sequence-length", "10", "--layers", "2", "--batch-size", "5");
        assertEquals(0, bench.status(), bench.err());
        has(bench.out(), "no sampling; 2 layers, batch 5");
        // a lone run takes every core by default (the result is the same for any count)
        int cores = Trainer.defaultThreads();
        has(bench.out(), cores > 1 ? "; " + cores + " threads" : "batch 5");
        Matcher m = Pattern.compile("\\s+gru\\s+8\\s+([\\d.,]+)\\s+([\\d,]+)\\s").matcher(bench.out());
        assertTrue(m.find(), bench.out());
        double itPerSec = Double.parseDouble(m.group(1).replace(",", ""));
        double chars = Double.parseDouble(m.group(2).replace(",", ""));
        assertEquals(5 * 10 * itPerSec, chars, 5 * 10 * 0.05 + 1, bench.out());
    }

    @Test
    void aSweepsRunsTrainWithTheLayersAndBatchGiven() throws IOException {
        Path out = dir.resolve("sweep");
        Result r = run("sweep", "--corpus-file", corpus().toString(), "--cells", "gru", "--hidden-sizes", "8", "--learning-rates", "0.002,0.004",
                "--sequence-lengths", "10", "--num-iterations", "20", "--sample-frequency", "0", "--num-samples", "1", "--parallel", "1",
                "--optimizer", "adam", "--layers", "2", "--batch-size", "4", "--output-dir", out.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        List<Path> checkpoints;
        try (Stream<Path> files = Files.walk(out)) {
            checkpoints = files.filter(p -> p.toString().endsWith(".npz")).toList();
        }
        assertEquals(2, checkpoints.size(), checkpoints.toString());
        for (Path p : checkpoints) {
            Checkpoint cp = Checkpoint.load(p);
            assertEquals(3, cp.formatVersion());
            assertEquals(new Depth(2, 4, 0.0), cp.state().config().depth());
        }
        has(run("sweep", "--corpus-file", corpus().toString(), "--resume", out.toString(), "--layers", "3", "--quiet")
                .assertOneLineError(2), "--resume continues a sweep as it was defined; leave out the grid flags");
    }

    /**
     * Issue 27: a sweep's layers, batch size and optimizer are axes. Eight runs, each trained with its own
     * settings (its checkpoint says so), in folders and summary rows that name them; the sweep resumes
     * from its manifest, keeping the runs that are done; lists elsewhere, and bad values in a list, are one line.
     */
    @Test
    void aSweepsLayersBatchAndOptimizerAreAxesItsRunsAndSummaryName() throws IOException {
        Path corpus = corpus();
        Path out = dir.resolve("axes");
        Result r = run("sweep", "--corpus-file", corpus.toString(), "--cells", "gru", "--hidden-sizes", "8", "--learning-rates", "0.002",
                "--sequence-lengths", "10", "--num-iterations", "12", "--sample-frequency", "0", "--num-samples", "1", "--parallel", "2",
                "--layers", "1,2", "--batch-size", "1,3", "--optimizer", "adagrad,adam", "--output-dir", out.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        String[] names = {"01-gru-hs8-lr0.002-is10-seed42", "02-gru-hs8-adam-lr0.002-is10-seed42", "03-gru-hs8-bs3-lr0.002-is10-seed42",
                "04-gru-hs8-bs3-adam-lr0.002-is10-seed42", "05-gru-nl2-hs8-lr0.002-is10-seed42", "06-gru-nl2-hs8-adam-lr0.002-is10-seed42",
                "07-gru-nl2-hs8-bs3-lr0.002-is10-seed42", "08-gru-nl2-hs8-bs3-adam-lr0.002-is10-seed42"};
        for (int i = 0; i < names.length; i++) {
            TrainerState s = Checkpoint.load(out.resolve("runs").resolve(names[i]).resolve("checkpoint.npz")).state();
            assertEquals(i < 4 ? 1 : 2, s.config().depth().layers(), names[i]);
            assertEquals(i % 4 < 2 ? 1 : 3, s.config().depth().batchSize(), names[i]);
            assertEquals(i % 2 == 0 ? "adagrad" : "adam", s.optimizer(), names[i]);
        }
        String summary = Files.readString(out.resolve("summary.md"));
        has(summary, "| run id | hidden size | learning rate | loss | cell | layers | batch | optimizer | seq. length | seed |");
        assertTrue(summary.matches("(?s).*\\| 07 \\| 8 \\| 0\\.002 \\| [\\d.]+ \\| gru \\| 2 \\| 3 \\| adagrad \\| 10 \\| 42 \\|.*"), summary);
        has(r.out(), "| 08 | 8 | 0.002 |");
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(csv.get(0).endsWith(",layers,batch_size,optimizer"), csv.get(0));
        assertTrue(csv.get(8).startsWith("08,") && csv.get(8).endsWith(",2,3,adam"), csv.get(8));
        has(Files.readString(out.resolve("sweep.properties")), "grid.layers=1,2");

        // resume: the run whose folder is gone is trained again, the other seven are kept
        try (Stream<Path> files = Files.walk(out.resolve("runs").resolve(names[6]))) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
        Result resumed = run("sweep", "--corpus-file", corpus.toString(), "--resume", out.toString(), "--quiet");
        assertEquals(0, resumed.status(), resumed.err());
        has(resumed.err(), "sweep: 8 runs of 12 iterations");
        has(resumed.err(), "(7 already done, kept)");
        assertTrue(Files.exists(out.resolve("runs").resolve(names[6]).resolve("checkpoint.npz")));

        String f = corpus.toString();
        has(run("train", "--corpus-file", f, "--layers", "1,2", "--quiet").assertOneLineError(2),
                "--layers takes one value here (got 1,2); lists are for unroll sweep");
        has(run("bench", "--corpus-file", f, "--batch-size", "2,4").assertOneLineError(2), "--batch-size takes one value here (got 2,4)");
        has(run("train", "--corpus-file", f, "--optimizer", "adam,rmsprop", "--quiet").assertOneLineError(2),
                "--optimizer takes one value here (got adam,rmsprop); lists are for unroll sweep");
        Path s2 = dir.resolve("s2");
        has(run("sweep", "--corpus-file", f, "--output-dir", s2.toString(), "--layers", "1,5").assertOneLineError(2),
                "--layers must be between 1 and 4 (got 5)");
        has(run("sweep", "--corpus-file", f, "--output-dir", s2.toString(), "--layers", "2,2").assertOneLineError(2),
                "duplicate configuration: layers lists 2 twice");
        has(run("sweep", "--corpus-file", f, "--output-dir", s2.toString(), "--optimizer", "adam,sgd").assertOneLineError(2),
                "--optimizer: unknown optimizer 'sgd'");
        has(run("sweep", "--corpus-file", f, "--output-dir", s2.toString(), "--layers", "2,1", "--dropout", "0.2").assertOneLineError(2),
                "dropout acts between layers");
        assertTrue(Files.notExists(s2), "no sweep folder for refused flags");
    }
}
