package dev.unroll.engine.train;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures training speed the way the issue states the targets: by default one window of T characters
 * per iteration (batch of one), one thread, double precision; with the settings' {@link Depth} B windows
 * of L layers an iteration, in its precision, on the threads given; sampling, validation and traces off. Each
 * cell and hidden size gets a fresh {@link Trainer} (the defaults of {@link TrainingConfig} otherwise, seed
 * included), runs {@code warmupIterations} untimed iterations (so that the JIT has compiled the hot
 * loop) and then {@code iterations} timed ones.
 *
 * <p>Pure engine code: no console output, nothing static to configure. A caller such as the CLI's
 * {@code bench} command prints the {@link Result}s. The machine's other load shows up in the figures;
 * compare runs made in the same session and prefer the median of several repetitions.
 *
 * <pre>{@code
 *   List<Benchmark.Result> rs = Benchmark.run(corpus, new int[] {100, 250, 500}, 25, 2000, 500);
 *   for (Benchmark.Result r : rs) System.out.printf("H=%d %.0f it/s%n", r.hiddenSize(), r.iterationsPerSecond());
 * }</pre>
 */
public final class Benchmark {

    private Benchmark() {
    }

    /**
     * One measured cell and hidden size.
     *
     * @param cell                the recurrent cell
     * @param hiddenSize          H
     * @param sequenceLength      T, characters per window
     * @param vocabSize           V, the corpus's vocabulary
     * @param iterations          timed iterations (warm-up excluded)
     * @param nanos               wall time of the timed iterations
     * @param iterationsPerSecond {@code iterations / seconds}
     * @param nanosPerIteration   {@code nanos / iterations}
     * @param flopsPerIteration   {@link #flopsPerIteration(Cell, int, int, int)}
     * @param gflops              {@code flopsPerIteration * iterationsPerSecond / 1e9}
     * @param cpuNanos            CPU time the measuring thread used for the timed iterations, or -1 where the JVM
     *                            cannot tell; unlike wall time it leaves out the time the thread waited for a core,
     *                            so on a busy machine {@link #iterationsPerCpuSecond()} is the steadier figure
     * @param smoothLoss          the trainer's smooth loss at the end (a sanity check: it must be finite and falling)
     */
    public record Result(Cell cell, int hiddenSize, int sequenceLength, int vocabSize, long iterations, long nanos,
                         double iterationsPerSecond, double nanosPerIteration, double flopsPerIteration,
                         double gflops, long cpuNanos, double smoothLoss) {

        /** Iterations per second of CPU time ({@code iterations / cpu seconds}), NaN when the CPU time is unknown. */
        public double iterationsPerCpuSecond() {
            return cpuNanos > 0 ? iterations * 1e9 / cpuNanos : Double.NaN;
        }
    }

    /**
     * Floating-point operations of one vanilla training iteration: {@link #flopsPerIteration(Cell, int, int, int)}
     * of {@link Cell#VANILLA}, 6 T (H^2 + V H).
     */
    public static double flopsPerIteration(int vocabSize, int hiddenSize, int sequenceLength) {
        return flopsPerIteration(Cell.VANILLA, vocabSize, hiddenSize, sequenceLength);
    }

    /**
     * Floating-point operations of one training iteration, counting a multiply-add as two and only
     * the six matrix products (the nonlinearities, gate products, softmax, clipping and Adagrad are
     * O(T(GH+V) + GH^2 + VH) and left out). With G = {@link Cell#gates()} (1 vanilla, 4 LSTM, 3 GRU)
     * and W_hh the G H x H recurrent weight:
     * <pre>
     *   forward:  W_hh h_{t-1} (G H^2), Why h_t (VH)                               per step
     *   backward: dWhy += dy h^T (VH), Why^T dy (VH), dW_hh += da h_{t-1}^T (G H^2), W_hh^T da (G H^2)
     *   flops = 2 T (3 G H^2 + 3 V H) = 6 T (G H^2 + V H)
     * </pre>
     * The input product W_ih x_t is a column lookup (x_t is one-hot) and costs nothing.
     */
    public static double flopsPerIteration(Cell cell, int vocabSize, int hiddenSize, int sequenceLength) {
        double h = hiddenSize;
        double v = vocabSize;
        return 6.0 * sequenceLength * (cell.gates() * h * h + v * h);
    }

    /**
     * Floating-point operations of one training iteration of L layers at batch B, counted as
     * {@link #flopsPerIteration(Cell, int, int, int)} counts them, with the input products of layers
     * 1..L-1 (H inputs, not one-hot) added: 6 B T ((2 L - 1) G H^2 + V H). At one layer and batch 1 the same.
     */
    public static double flopsPerIteration(Cell cell, int vocabSize, int hiddenSize, int sequenceLength, Depth depth) {
        double h = hiddenSize;
        double v = vocabSize;
        return 6.0 * depth.batchSize() * sequenceLength * ((2.0 * depth.layers() - 1) * cell.gates() * h * h + v * h);
    }

    /** Measures one hidden size of the vanilla cell: {@link #run(Corpus, Cell, int, int, long, long)}. */
    public static Result run(Corpus corpus, int hiddenSize, int sequenceLength, long iterations, long warmupIterations) {
        return run(corpus, Cell.VANILLA, hiddenSize, sequenceLength, iterations, warmupIterations);
    }

    /**
     * Measures one cell at one hidden size.
     *
     * @param corpus           the training text (must hold more than {@code sequenceLength + 1} characters)
     * @param cell             the recurrent cell
     * @param hiddenSize       H, 1 to {@link TrainingConfig#MAX_HIDDEN} ({@link TrainingConfig#MAX_GATED_HIDDEN} for a gated cell)
     * @param sequenceLength   T
     * @param iterations       timed iterations, at least 1
     * @param warmupIterations untimed iterations before them, at least 0
     * @throws BadInputException if the corpus is too short or a setting is out of range
     */
    public static Result run(Corpus corpus, Cell cell, int hiddenSize, int sequenceLength, long iterations, long warmupIterations) {
        return run(corpus, cell, hiddenSize, sequenceLength, iterations, warmupIterations, TrainingConfig.defaults());
    }

    /**
     * Measures one cell at one hidden size with the learning rate, clip bound, {@link Optimization}
     * (optimizer, clipping, decay) and {@link Depth} (layers, batch, dropout) of {@code settings}; otherwise as {@link #run(Corpus, Cell, int, int, long, long)}.
     */
    public static Result run(Corpus corpus, Cell cell, int hiddenSize, int sequenceLength, long iterations, long warmupIterations,
                             TrainingConfig settings) {
        return run(corpus, cell, hiddenSize, sequenceLength, iterations, warmupIterations, settings, 1);
    }

    /**
     * {@link #run(Corpus, Cell, int, int, long, long, TrainingConfig)} with a stacked model's products on
     * {@code threads} threads ({@link Trainer#setThreads}; the seed path stays on one).
     */
    public static Result run(Corpus corpus, Cell cell, int hiddenSize, int sequenceLength, long iterations, long warmupIterations,
                             TrainingConfig settings, int threads) {
        if (iterations < 1 || warmupIterations < 0) {
            throw new BadInputException("iterations must be positive and warm-up iterations not negative (got "
                    + iterations + ", " + warmupIterations + ")");
        }
        TrainingConfig config = TrainingConfig.defaults()
                .withLearningRate(settings.learningRate())
                .withClip(settings.clip())
                .withOptimization(settings.optimization())
                .withDepth(settings.depth())
                .withHiddenSize(hiddenSize)
                .withSequenceLength(sequenceLength)
                .withIterations(warmupIterations + iterations)
                .withSampleEvery(0)
                .withValFraction(0)
                .withCell(cell);
        Trainer trainer = new Trainer(corpus, config);
        try {
            trainer.setThreads(threads);
            return measure(trainer, corpus, cell, hiddenSize, sequenceLength, iterations, warmupIterations, settings);
        } finally {
            trainer.close();
        }
    }

    private static Result measure(Trainer trainer, Corpus corpus, Cell cell, int hiddenSize, int sequenceLength, long iterations,
                                  long warmupIterations, TrainingConfig settings) {
        trainer.setTraceEnabled(false);
        trainer.setStatsEnabled(false); // no view reads them here
        for (long i = 0; i < warmupIterations; i++) {
            trainer.iterate();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        for (long i = 0; i < iterations; i++) {
            trainer.iterate();
        }
        long nanos = Math.max(1, System.nanoTime() - start);
        long cpuNanos = cpu ? Math.max(1, threads.getCurrentThreadCpuTime() - cpuStart) : -1;
        int v = corpus.vocabulary().size();
        double flops = flopsPerIteration(cell, v, hiddenSize, sequenceLength, settings.depth());
        double itPerSec = iterations * 1e9 / nanos;
        return new Result(cell, hiddenSize, sequenceLength, v, iterations, nanos, itPerSec, (double) nanos / iterations,
                flops, flops * itPerSec / 1e9, cpuNanos, trainer.smoothLoss());
    }

    /**
     * Measures several hidden sizes one after the other, in the order given.
     *
     * @return one result per hidden size, in the same order
     * @see #run(Corpus, int, int, long, long)
     */
    public static List<Result> run(Corpus corpus, int[] hiddenSizes, int sequenceLength, long iterations, long warmupIterations) {
        List<Result> out = new ArrayList<>(hiddenSizes.length);
        for (int h : hiddenSizes) {
            out.add(run(corpus, h, sequenceLength, iterations, warmupIterations));
        }
        return List.copyOf(out);
    }
}
