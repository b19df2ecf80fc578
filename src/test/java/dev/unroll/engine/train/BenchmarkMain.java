package dev.unroll.engine.train;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ReferenceVanillaRnn;
import dev.unroll.engine.model.VanillaRnn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: a command-line harness for measuring the engine without the CLI. Interleaves, for
 * several repetitions, {@link Benchmark} (the optimised {@link VanillaRnn} through the real
 * {@link Trainer}) and a loop over {@link ReferenceVanillaRnn} + {@link Adagrad} (the pre-optimisation
 * code, as an in-session baseline), and prints medians.
 *
 * <pre>
 *   mvn -B -q test-compile
 *   java -cp target/classes:target/test-classes dev.unroll.engine.train.BenchmarkMain \
 *       ../shared/corpora/tinyshakespeare.txt 100,250,500 5 [reference]
 * </pre>
 * Arguments: corpus, hidden sizes, repetitions, and "reference" to also time the reference model.
 * The engine needs no library, so the two class folders are the whole class path.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        Corpus corpus = Corpus.load(Path.of(args.length > 0 ? args[0] : "../shared/corpora/tinyshakespeare.txt"));
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "100,250,500").split(",")).mapToInt(Integer::parseInt).toArray();
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        boolean reference = args.length > 3 && args[3].equals("reference");
        int T = 25;
        List<List<Double>> ours = new ArrayList<>();
        List<List<Double>> refs = new ArrayList<>();
        List<List<Double>> cpus = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
            cpus.add(new ArrayList<>());
            ours.add(new ArrayList<>());
            refs.add(new ArrayList<>());
        }
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < sizes.length; k++) {
                int h = sizes[k];
                long iters = iterationsFor(h);
                Benchmark.Result r = Benchmark.run(corpus, h, T, iters, iters / 4);
                ours.get(k).add(r.iterationsPerSecond());
                cpus.get(k).add(r.iterationsPerCpuSecond());
                System.out.printf("rep %d H=%d unroll    %9.1f it/s  %8.0f ns/it  %5.2f GFLOP/s  (%9.1f it/cpu-s)  smooth %.3f%n",
                        rep, h, r.iterationsPerSecond(), r.nanosPerIteration(), r.gflops(), r.iterationsPerCpuSecond(), r.smoothLoss());
                if (reference) {
                    double ref = referenceItersPerSecond(corpus, h, T, iters / 2, iters / 8);
                    refs.get(k).add(ref);
                    System.out.printf("rep %d H=%d reference %9.1f it/s%n", rep, h, ref);
                }
            }
        }
        System.out.println("median it/s:");
        for (int k = 0; k < sizes.length; k++) {
            double m = median(ours.get(k));
            System.out.printf("H=%d unroll %.1f (per cpu-second %.1f) %s%s%n", sizes[k], m, median(cpus.get(k)), ours.get(k),
                    reference ? String.format("  reference %.1f  speed-up %.2fx", median(refs.get(k)), m / median(refs.get(k))) : "");
        }
    }

    private static long iterationsFor(int h) {
        return Math.max(200, 40_000_000_000L / (long) (6.0 * 25 * (h * h + 65.0 * h)) / 10);
    }

    /** The trainer's loop without its bookkeeping, on the reference model. */
    static double referenceItersPerSecond(Corpus corpus, int h, int T, long iters, long warmup) {
        int[] data = corpus.encoded();
        Rng rng = new Rng(42);
        ReferenceVanillaRnn model = new ReferenceVanillaRnn(corpus.vocabulary().size(), h, rng);
        Adagrad opt = new Adagrad();
        opt.initialise(model.parameters());
        double[] hprev = new double[h];
        int p = 0;
        long start = 0;
        for (long i = 0; i < warmup + iters; i++) {
            if (i == warmup) {
                start = System.nanoTime();
            }
            if (p + T + 1 >= data.length) {
                p = 0;
                Arrays.fill(hprev, 0);
            }
            model.trainWindow(data, p, T, hprev, 5.0);
            opt.step(model.parameters(), model.gradients(), 0.1);
            p += T;
        }
        return iters * 1e9 / (System.nanoTime() - start);
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }
}
