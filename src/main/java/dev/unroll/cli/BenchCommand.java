package dev.unroll.cli;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.engine.train.Benchmark;
import dev.unroll.engine.train.TrainingConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code unroll bench}: training speed per hidden size, without sampling, with the machine's
 * figures, so that numbers from different machines can be compared.
 */
@Command(name = "bench",
        description = {"Measure training speed (iterations and characters per second, no sampling) for several cells and hidden sizes,"
                + " at --layers and --batch-size (characters per second = B x T x iterations per second)."})
final class BenchCommand extends SubCommand {

    @Mixin
    CorpusFlags.TrainingFile corpusFile = new CorpusFlags.TrainingFile();

    @Option(names = "--cells", paramLabel = "CELL,...", defaultValue = "vanilla",
            description = "Cells to measure: vanilla, lstm, gru (default: ${DEFAULT-VALUE}).")
    String cells;

    @Option(names = "--hidden-sizes", paramLabel = "H,H,...", split = ",", defaultValue = "100,250,500",
            description = "Hidden sizes to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> hiddenSizes;

    @Option(names = "--sequence-length", paramLabel = "T", defaultValue = "25", description = "Characters per window (default: ${DEFAULT-VALUE}).")
    int sequenceLength;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "2000", description = "Timed iterations per size (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "500", description = "Untimed iterations first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    LearningRateFlag learningRate = new LearningRateFlag();

    @Mixin
    SettingsFlags settingsFlags = new SettingsFlags();

    @Mixin
    ThreadsFlag threadsFlag = new ThreadsFlag();

    @Override
    public Integer call() {
        PrintWriter out = out();
        List<Cell> cellList = SweepGrid.parseCells("--cells", cells);
        for (Cell c : cellList) {
            for (int h : hiddenSizes) {
                if (h < 1 || h > CellFlags.maxHidden(c)) {
                    throw CliExit.badInput("--hidden-sizes must be between 1 and " + CellFlags.maxHidden(c)
                            + (c == Cell.VANILLA ? "" : " for the " + c.cliName() + " cell") + " (got " + h + ")");
                }
            }
        }
        FlagChecks.positive("--sequence-length", sequenceLength);
        FlagChecks.positive("--iterations", iterations);
        FlagChecks.notNegative("--warmup", warmup);
        learningRate.check();
        threadsFlag.check();
        int threads = threadsFlag.count();
        TrainingConfig settings = settingsFlags.apply(learningRate.apply(TrainingConfig.defaults()));
        int batch = settings.depth().batchSize();
        Corpus corpus = corpusFile.load();
        out.println("machine: " + machine());
        out.println("corpus:  " + corpus.name() + " (" + Text.count(corpus.length()) + " characters, vocabulary "
                + corpus.vocabulary().size() + "), sequence length " + sequenceLength + ", " + Text.count(warmup)
                + " warm-up + " + Text.count(iterations) + " timed iterations per size, no sampling"
                + (learningRate.given() || settingsFlags.optimization.any() ? "; learning rate " + settings.learningRate() + OptimizerFlags.describe(settings) : "")
                + (settingsFlags.depth.any() ? settings.depth().describe().replaceFirst("^, ", "; ") : "")
                + (threads > 1 ? "; " + threads + " threads" : ""));
        out.println();
        out.println(String.format("%8s %8s %12s %12s %14s %10s %10s %12s", "cell", "hidden", "it/s", "chars/s", "it/CPU-s", "ms/it",
                "GFLOP/s", "smooth loss"));
        out.flush();
        for (Cell c : cellList) {
            for (int h : hiddenSizes) {
                Benchmark.Result r = Benchmark.run(corpus, c, h, sequenceLength, iterations, warmup, settings, threads);
                double perCpu = r.iterationsPerCpuSecond();
                out.println(String.format("%8s %8d %12s %12s %14s %10s %10s %12s", c.cliName(), h, Text.fixed(r.iterationsPerSecond(), 1),
                        Text.fixed(r.iterationsPerSecond() * sequenceLength * batch, 0), Double.isNaN(perCpu) ? "n/a" : Text.fixed(perCpu, 1), Text.fixed(r.nanosPerIteration() / 1e6, 3),
                        Text.fixed(r.gflops(), 2), Text.fixed(r.smoothLoss(), 3)));
                out.flush();
            }
        }
        out.println();
        out.println("it/s is wall-clock; chars/s the characters trained on per second (B x T an iteration, B windows of T"
                + " characters: how batched trainers such as PyTorch's char-rnn report it); it/CPU-s divides by the CPU time of the training thread,"
                + " steadier on a busy machine.");
        out.println("GFLOP/s counts the matrix products of an iteration, 6 B T ((2 L - 1) G H^2 + V H) for L layers (6 T (G H^2 + V H)"
                + " at one layer, batch 1), G = 1 vanilla, 4 lstm, 3 gru.");
        return UnrollCli.EXIT_OK;
    }

    /** Cores, CPU model (from /proc/cpuinfo when present), OS and architecture, JVM. */
    static String machine() {
        String cpu = cpuModel();
        return Runtime.getRuntime().availableProcessors() + " cores" + (cpu.isEmpty() ? "" : ", " + cpu) + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")";
    }

    private static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return "";
        }
        try {
            for (String line : Files.readAllLines(info, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? "" : line.substring(colon + 1).trim();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
