package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.LearningRateDecay;
import dev.unroll.engine.train.Optimization;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainerState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The optimizer, clipping and decay flags of train, sweep, bench and compare-cells. */
class OptimizerFlagsTest {
    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        return Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
    }

    private static void has(String line, String part) {
        assertTrue(line.contains(part), "expected \"" + part + "\" in: " + line);
    }

    private Result train(Path corpus, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--corpus-file", corpus.toString(), "--hidden-size", "10",
                "--sequence-length", "10", "--sample-frequency", "0", "--num-samples", "1", "--output-dir", dir.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void trainSavesTheOptimizationAndResumesAsIfNeverStopped() throws IOException {
        Path corpus = corpus();
        Path straight = dir.resolve("straight.npz");
        String[] how = {"--cell", "lstm", "--optimizer", "adam", "--learning-rate", "0.002", "--clip", "norm", "--clip-value", "1.5",
                "--lr-decay", "step", "--lr-decay-every", "7", "--lr-decay-start", "10", "--lr-decay-factor", "0.8"};
        Result r = train(corpus, concat(how, "--num-iterations", "60", "--checkpoint", straight.toString()));
        assertEquals(0, r.status(), r.err());
        has(r.err().lines().findFirst().orElse(""),
                "learning rate 0.002, adam, norm clipping 1.5, step decay x0.8 every 7 from 10, 60 iterations");
        TrainerState x = Checkpoint.load(straight).state();
        assertEquals(new Optimization(OptimizerKind.ADAM, ClipMode.NORM, LearningRateDecay.none().withKind(LearningRateDecay.Kind.STEP)
                .withEvery(7).withStart(10).withFactor(0.8)), x.config().optimization());
        assertEquals(1.5, x.config().clip());
        assertEquals("adam", x.optimizer());
        // 30, then 30 more from the checkpoint: the same bits as 60 at once (a step decay does not depend on the run's length)
        Path thirty = dir.resolve("thirty.npz");
        Path resumed = dir.resolve("resumed.npz");
        Result a = train(corpus, concat(how, "--num-iterations", "30", "--checkpoint", thirty.toString()));
        assertEquals(0, a.status(), a.err());
        Result b = run("train", "--corpus-file", corpus.toString(), "--resume", thirty.toString(), "--num-iterations", "60",
                "--checkpoint", resumed.toString(), "--output-dir", dir.toString(), "--num-samples", "1", "--quiet");
        assertEquals(0, b.status(), b.err());
        TrainerState y = Checkpoint.load(resumed).state();
        assertEquals(60, y.iteration());
        assertEquals(x.config(), y.config());
        for (int i = 0; i < x.memory().size(); i++) {
            assertArrayEquals(x.memory().get(i).data, y.memory().get(i).data, x.memory().get(i).name);
        }
        for (int i = 0; i < x.parameters().size(); i++) {
            assertArrayEquals(x.parameters().get(i).data, y.parameters().get(i).data, x.parameters().get(i).name);
        }
        has(run("train", "--corpus-file", corpus.toString(), "--resume", straight.toString(), "--optimizer", "rmsprop", "--quiet")
                .assertOneLineError(2), "--optimizer rmsprop differs from the resumed checkpoint's adam; leave it out when resuming");
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void badValuesEndWithOneLineNamingTheFlagOnEveryCommand() throws IOException {
        String f = corpus().toString();
        List<List<String>> commands = List.of(
                List.of("train", "--corpus-file", f, "--quiet"),
                List.of("bench", "--corpus-file", f, "--hidden-sizes", "8", "--iterations", "2", "--warmup", "0"),
                List.of("sweep", "--corpus-file", f, "--output-dir", dir.resolve("s").toString(), "--quiet"),
                List.of("compare-cells", "--corpus-file", f, "--num-iterations", "2"));
        String[][] bad = {
                {"--optimizer", "sgd", "--optimizer: unknown optimizer 'sgd': use adagrad, rmsprop or adam"},
                {"--clip", "both", "--clip: unknown clipping 'both': use elementwise or norm"},
                {"--clip-value", "0", "--clip-value must be a positive finite number (got 0.0)"},
                {"--clip-value", "NaN", "--clip-value must be a positive finite number (got NaN)"},
                {"--lr-decay", "linear", "--lr-decay: unknown learning-rate decay 'linear': use none, step or cosine"},
                {"--lr-decay-every", "0", "--lr-decay-every must be a positive number (got 0)"},
                {"--lr-decay-start", "-1", "--lr-decay-start must not be negative (got -1)"},
                {"--lr-decay-factor", "1.5", "--lr-decay-factor must be above 0 and at most 1 (got 1.5)"},
                {"--lr-min", "-0.1", "--lr-min must be a finite number, at least 0 (got -0.1)"},
                {"--lr-decay-every", "ten", "'ten' is not a long"}};
        for (List<String> command : commands) {
            for (String[] b : bad) {
                List<String> args = new ArrayList<>(command);
                args.add(b[0]);
                args.add(b[1]);
                has(run(args.toArray(String[]::new)).assertOneLineError(2), b[2]);
            }
        }
        assertTrue(Files.notExists(dir.resolve("s")), "no sweep folder for refused flags");
    }

    @Test
    void benchAndCompareCellsTrainWithTheOptimizerGiven() throws IOException {
        Path corpus = corpus();
        Result bench = run("bench", "--corpus-file", corpus.toString(), "--cells", "gru", "--hidden-sizes", "8", "--iterations", "20",
                "--warmup", "2", "--optimizer", "rmsprop", "--learning-rate", "0.002", "--lr-decay", "step");
        assertEquals(0, bench.status(), bench.err());
        has(bench.out(), "no sampling; learning rate 0.002, rmsprop, step decay x0.97 every 10,000");
        assertTrue(bench.out().lines().anyMatch(l -> l.matches("\\s+gru\\s+8(\\s+[\\d.,]+){6}")), bench.out());
        Result compare = run("compare-cells", "--corpus-file", corpus.toString(), "--cells", "vanilla", "--match-params", "2000",
                "--num-iterations", "20", "--max-order", "2", "--optimizer", "adam", "--learning-rate", "0.002");
        assertEquals(0, compare.status(), compare.err());
        has(compare.out(), "20 iterations per cell, sequence length 25, learning rate 0.002, adam, seed 42");
    }

    @Test
    void aSweepsRunsTrainWithTheOptimizerGivenAndItsResumeRefusesNewOnes() throws IOException {
        Path corpus = corpus();
        Path out = dir.resolve("sweep");
        Result r = run("sweep", "--corpus-file", corpus.toString(), "--hidden-sizes", "8", "--learning-rates", "0.002,0.004",
                "--sequence-lengths", "10", "--num-iterations", "20", "--sample-frequency", "0", "--num-samples", "1", "--parallel", "1",
                "--optimizer", "adam", "--clip", "norm", "--output-dir", out.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        List<Path> checkpoints;
        try (Stream<Path> files = Files.walk(out)) {
            checkpoints = files.filter(p -> p.toString().endsWith(".npz")).toList();
        }
        assertEquals(2, checkpoints.size(), checkpoints.toString());
        for (Path p : checkpoints) {
            TrainerState s = Checkpoint.load(p).state();
            assertEquals("adam", s.optimizer());
            assertEquals(ClipMode.NORM, s.config().optimization().clipMode());
        }
        has(run("sweep", "--corpus-file", corpus.toString(), "--resume", out.toString(), "--optimizer", "rmsprop", "--quiet")
                .assertOneLineError(2), "--resume continues a sweep as it was defined; leave out the grid flags");
    }
}
