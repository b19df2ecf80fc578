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
}
