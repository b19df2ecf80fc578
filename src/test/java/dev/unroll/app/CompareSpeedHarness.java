package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;

import dev.unroll.app.compare.CompareFeature;
import dev.unroll.app.compare.CompareModel;
import dev.unroll.engine.compare.CellComparison;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.RunControl;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import com.sun.management.OperatingSystemMXBean;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Measures, in one JVM and one sitting, the training speed of the cell comparison (vanilla, LSTM and
 * GRU at the Compare view's default 25,000 weights on the default corpus) three ways, alternating so
 * the machine's load falls on all of them: the three trainers alone, headless, with no analysis
 * ("bare"); the engine's {@link CellComparison} headless (the same runs with its analysis); and the
 * comparison in the window with the Compare view showing. Reports the iterations per second summed
 * over the three runs and the ratios. Runs only with -Dunroll.measure=true
 * (-Dunroll.measure.seconds=N per phase, default 10; -Dunroll.measure.rounds=N, default 3, after one uncounted
 * warm-up round of the trainers and of the view, -Dunroll.measure.warmup=N seconds in the window, default 30).
 */
@ExtendWith(ApplicationExtension.class)
class CompareSpeedHarness {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.show();
    }

    @Test
    void measure() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("unroll.measure"), "set -Dunroll.measure=true");
        int seconds = Integer.getInteger("unroll.measure.seconds", 10);
        await(20, "default corpus", () -> window.context().corpus().get() != null);
        Corpus corpus = onFx(() -> window.context().corpus().get());
        CompareModel model = ((CompareFeature) window.feature("compare").orElseThrow()).model();
        runFx(() -> model.iterationsProperty().set("1000000000"));
        List<TrainingConfig> runs = onFx(model::runs);
        int rounds = Integer.getInteger("unroll.measure.rounds", 3);
        // one uncounted round first: the JIT compiles the trainers and the view's drawing before anything is timed.
        // Drawn once a second, the view's code reaches the compiler's thresholds slowly: with a short warm-up the
        // compiler's threads take a tenth of a core through the timed phases (seen in /proc's per-thread times)
        int warmup = Integer.getInteger("unroll.measure.warmup", 30);
        bare(corpus, runs, Math.min(seconds, 5));
        inApp(model, warmup);
        double[][] r = new double[3][rounds];
        double[][] cpu = new double[3][rounds];
        for (int round = 0; round < rounds; round++) {
            r[0][round] = bare(corpus, runs, seconds);
            cpu[0][round] = lastPerCpu;
            r[1][round] = headless(corpus, runs, seconds);
            cpu[1][round] = lastPerCpu;
            r[2][round] = inApp(model, seconds);
            cpu[2][round] = lastPerCpu;
        }
        double bare = mean(r[0]);
        double headless = mean(r[1]);
        double app = mean(r[2]);
        double[] perCpu = {mean(cpu[0]), mean(cpu[1]), mean(cpu[2])};
        StringBuilder report = new StringBuilder("\n==== compare speed report (" + rounds + " rounds, " + seconds + " s per phase, " + corpus.name() + ", "
                + runs.stream().map(c -> c.cell().cliName() + " h" + c.hiddenSize()).toList() + ") ====\n");
        report.append(String.format("three trainers alone (bare): %.0f it/s summed %s%n", bare, rounds(r[0])));
        report.append(String.format("comparison headless:         %.0f it/s summed %s, %.2f of bare%n", headless, rounds(r[1]), headless / bare));
        report.append(String.format("comparison in the window:    %.0f it/s summed %s, %.2f of headless, %.2f of bare%n",
                app, rounds(r[2]), app / headless, app / bare));
        report.append(String.format("in the window / headless, round by round: %s%n", ratios(r[2], r[1])));
        report.append(String.format("per CPU-second of the trainer threads: bare %.0f, headless %.0f, in the window %.0f; "
                + "in the window %.2f of headless, %.2f of bare%n", perCpu[0], perCpu[1], perCpu[2], perCpu[2] / perCpu[1], perCpu[2] / perCpu[0]));
        report.append("CPU per thread in the window (CPU s per s, last phase):").append(cpuReport).append('\n');
        System.out.println(report);
    }

    private static double mean(double[] xs) {
        return Arrays.stream(xs).average().orElse(Double.NaN);
    }

    private static String rounds(double[] xs) {
        return Arrays.stream(xs).mapToObj(x -> String.format("%.0f", x)).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String ratios(double[] a, double[] b) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            out.append(i == 0 ? "" : ", ").append(String.format("%.2f", a[i] / b[i]));
        }
        return out.toString();
    }

    /** Iterations per CPU-second of the trainer threads in the last phase (a figure the machine's other load hardly moves). */
    private static double lastPerCpu;

    /** CPU time of the threads whose names start with {@code prefix}. */
    private static long cpuOf(String prefix) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(prefix)) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /** Summed iterations per second of wall time over {@code seconds}, after a warm-up; the trainers' threads start with {@code threads}. */
    private static double rate(LongSupplier iterations, int seconds, String threads) throws InterruptedException {
        Thread.sleep(1500); // warm up (a measurement, not a test: it waits for the JIT, not for a condition)
        long i0 = iterations.getAsLong();
        long c0 = cpuOf(threads);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long i1 = iterations.getAsLong();
        long c1 = cpuOf(threads);
        long t1 = System.nanoTime();
        lastPerCpu = (i1 - i0) * 1e9 / Math.max(1, c1 - c0);
        return (i1 - i0) * 1e9 / (t1 - t0);
    }

    private static double bare(Corpus corpus, List<TrainingConfig> runs, int seconds) throws InterruptedException {
        Trainer[] trainers = new Trainer[runs.size()];
        RunControl[] controls = new RunControl[runs.size()];
        Thread[] threads = new Thread[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Trainer t = new Trainer(corpus, runs.get(i));
            RunControl rc = new RunControl();
            trainers[i] = t;
            controls[i] = rc;
            threads[i] = new Thread(() -> t.run(rc, s -> { }), "bare-" + runs.get(i).cell().cliName());
            threads[i].start();
        }
        double rate = rate(() -> {
            long sum = 0;
            for (Trainer t : trainers) {
                sum += t.iteration();
            }
            return sum;
        }, seconds, "bare-");
        for (int i = 0; i < runs.size(); i++) {
            controls[i].stop();
            threads[i].join();
        }
        return rate;
    }

    private static long iterations(CellComparison.Snapshot s) {
        return s == null ? 0 : s.cells().stream().mapToLong(c -> c.training() == null ? 0 : c.training().iteration()).sum();
    }

    private static double headless(Corpus corpus, List<TrainingConfig> runs, int seconds) throws InterruptedException {
        CellComparison cmp = new CellComparison(corpus, runs);
        cmp.start(s -> { });
        double rate = rate(() -> iterations(cmp.latest()), seconds, "unroll-compare-");
        cmp.stop();
        cmp.await(30, TimeUnit.SECONDS);
        return rate;
    }

    /** CPU seconds per second of wall time of the JavaFX and rendering threads in the last in-window phase. */
    private String cpuReport = "";

    /** CPU time of this process, all its threads (the JVM's own included). */
    private static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Map<String, Long> cpuByThread() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new TreeMap<>();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null) {
                out.merge(t.getThreadName().replaceAll("[0-9]+$", "#"), Math.max(0, mx.getThreadCpuTime(t.getThreadId())), Long::sum);
            }
        }
        return out;
    }

    private double inApp(CompareModel model, int seconds) throws InterruptedException {
        runFx(() -> {
            window.select("compare");
            model.start();
        });
        Map<String, Long> cpu0 = cpuByThread();
        long p0 = processCpu();
        long w0 = System.nanoTime();
        double rate = rate(() -> iterations(model.latestPublished()), seconds, "unroll-compare-");
        Map<String, Long> cpu1 = cpuByThread();
        long w1 = System.nanoTime();
        // the process's CPU includes what no Java thread shows: the garbage collector's and the JIT compiler's threads
        StringBuilder b = new StringBuilder(String.format("  (whole process %.2f)", (processCpu() - p0) / (double) (w1 - w0)));
        for (var e : cpu1.entrySet()) {
            double share = (e.getValue() - cpu0.getOrDefault(e.getKey(), 0L)) / (double) (w1 - w0);
            if (share > 0.02) {
                b.append(String.format("  %s %.2f", e.getKey(), share));
            }
        }
        cpuReport = b.toString();
        runFx(model::stop);
        await(30, "the comparison stopped", () -> !onFx(() -> model.runningProperty().get()));
        return rate;
    }
}
