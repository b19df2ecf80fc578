package dev.unroll.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: a harness for the "train with the seed's sampling runs at 90% or more of
 * bench". In one JVM, for one cell and hidden size, it runs the real {@code unroll bench} and
 * {@code unroll train} commands in-process, alternately, with the same number of iterations N:
 * <pre>
 *   bench --cells C --hidden-sizes H --iterations N --warmup 0
 *   train --cell C --hidden-size H --num-iterations N --num-samples 0 --output-dir TMP
 * </pre>
 * train samples as the seed does, 200 characters every 100 iterations (its defaults). Each command
 * is timed from the outside, wall time and CPU time of the calling thread (both commands train on
 * it), so train's figure includes everything it does beyond bench: the sampling, the snapshots,
 * the progress lines and samples printed. Both load the corpus. {@code --num-samples 0} leaves out
 * the results file's ten samples drawn once at the end (2,000 characters, about 27 iterations'
 * worth at any size: a constant of the run, not of its speed). A first untimed round of both warms
 * the JIT. Prints each repetition and the median ratio train / bench of iterations per second.
 *
 * <pre>
 *   mvn -B -q test-compile
 *   java -cp target/classes:target/test-classes:PICOCLI_JAR dev.unroll.cli.TrainSpeedMain \
 *       ../shared/corpora/tinyshakespeare.txt lstm 250 3 [iterations]
 * </pre>
 * Arguments: corpus, cell, hidden size, repetitions, and the iterations per command (default: about
 * 3 seconds' worth at 5 GFLOP/s). Run one JVM per cell and size.
 */
public final class TrainSpeedMain {

    private TrainSpeedMain() {
    }

    public static void main(String[] args) throws IOException {
        String corpus = args[0];
        String cell = args[1];
        int hidden = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        int gates = switch (cell) {
            case "lstm" -> 4;
            case "gru" -> 3;
            default -> 1;
        };
        long iterations = args.length > 4 ? Long.parseLong(args[4])
                : Math.max(300, (long) (3 * 5e9 / (6.0 * 25 * (gates * (double) hidden * hidden + 65.0 * hidden))));
        Path dir = Files.createTempDirectory("unroll-train-speed");
        Path log = dir.resolve("output.txt");
        String h = Integer.toString(hidden);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            time(out, bench(corpus, cell, h, iterations));
            time(out, train(corpus, cell, h, iterations, dir));
            List<Double> wall = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                double[] b = time(out, bench(corpus, cell, h, iterations));
                double[] t = time(out, train(corpus, cell, h, iterations, dir));
                wall.add(b[0] / t[0]);
                cpu.add(b[1] / t[1]);
                System.out.printf("rep %d %s H=%d N=%d  bench %.1f it/s (%.1f it/cpu-s)  train %.1f it/s (%.1f it/cpu-s)"
                        + "  train/bench wall %.3f cpu %.3f%n", r, cell, hidden, iterations, iterations / b[0], iterations / b[1],
                        iterations / t[0], iterations / t[1], b[0] / t[0], b[1] / t[1]);
            }
            System.out.printf("median %s H=%d train/bench wall %.3f %s cpu %.3f %s%n", cell, hidden, median(wall), range(wall),
                    median(cpu), range(cpu));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static String[] bench(String corpus, String cell, String hidden, long iterations) {
        return new String[] {"bench", "--corpus-file", corpus, "--cells", cell, "--hidden-sizes", hidden,
            "--iterations", Long.toString(iterations), "--warmup", "0"};
    }

    private static String[] train(String corpus, String cell, String hidden, long iterations, Path dir) {
        return new String[] {"train", "--corpus-file", corpus, "--cell", cell, "--hidden-size", hidden,
            "--num-iterations", Long.toString(iterations), "--num-samples", "0", "--output-dir", dir.toString()};
    }

    /** Runs one command in-process; returns {wall seconds, CPU seconds of this thread}. */
    private static double[] time(PrintWriter out, String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        int status = UnrollCli.run(out, out, args);
        long wall = System.nanoTime() - start;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        if (status != 0) {
            throw new UncheckedIOException(new IOException(String.join(" ", args) + " exited " + status));
        }
        return new double[] {wall / 1e9, cpu / 1e9};
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }

    private static String range(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("[%.3f..%.3f]", a[0], a[a.length - 1]);
    }
}
