package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;

import dev.unroll.app.loss.LossFeature;
import dev.unroll.app.shell.Preset;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.RunControl;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures, in one JVM: training speed headless ({@code Trainer.run}) against training in the window
 * with the loss view showing (same corpus and settings), at hidden 100 and 500, alternating to spread
 * the machine's load over both; the pulse intervals of the JavaFX thread while training in the window;
 * and what the Quick demo preset reaches in a minute. {@link #views()} measures the training speed with
 * each view showing against headless, in one sitting, and the CPU the JavaFX and renderer threads spend
 * per second with each view showing (with -Dunroll.measure.jfr=DIR, where their samples fall). Prints a
 * report; runs only with -Dunroll.measure=true (-Dunroll.measure.seconds=N per phase, default 10).
 */
@ExtendWith(ApplicationExtension.class)
class ShellSpeedHarness {
    /**
     * How long each phase runs before it is timed (-Dunroll.measure.warmup=SECONDS, default 1.5): the run's first
     * iterations, and in the window the JIT compiling the view's code (still a tenth of a core 20 s into a phase).
     */
    private static final long WARM_UP_MS = Math.round(1000 * Double.parseDouble(System.getProperty("unroll.measure.warmup", "1.5")));
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
        Corpus corpus = BundledCorpus.defaultCorpus().load();
        StringBuilder report = new StringBuilder("\n==== shell speed report (" + seconds + " s per phase) ====\n");

        for (int hidden : new int[] {100, 500}) {
            TrainingConfig cfg = new TrainingConfig(hidden, 25, 0.1, 1_000_000_000L, 100, 200, 1.0, 42, 0.05, 1000, 5.0);
            double[] headless = new double[2];
            double[] headlessCpu = new double[2];
            double[] appCpu = new double[2];
            double[] app = new double[2];
            String frames = "";
            for (int round = 0; round < 2; round++) {
                headless[round] = headless(corpus, cfg, seconds);
                double[] r = inApp(cfg, seconds, "loss");
                app[round] = r[0];
                headlessCpu[round] = lastHeadlessPerCpu;
                appCpu[round] = lastAppPerCpu;
                frames = String.format("pulse intervals ms: median %.1f, p95 %.1f, p99 %.1f, max %.1f (%d pulses)", r[1], r[2], r[3], r[4], (int) r[5]);
            }
            double h = (headless[0] + headless[1]) / 2;
            double a = (app[0] + app[1]) / 2;
            report.append(String.format("H %d: headless %.0f it/s (%.0f, %.0f), in app %.0f it/s (%.0f, %.0f), ratio %.2f%n",
                    hidden, h, headless[0], headless[1], a, app[0], app[1], a / h));
            double hc = (headlessCpu[0] + headlessCpu[1]) / 2;
            double ac = (appCpu[0] + appCpu[1]) / 2;
            report.append(String.format("  per CPU-second of the trainer thread: headless %.0f, in app %.0f, ratio %.2f%n", hc, ac, ac / hc));
            report.append("  in app, last round: ").append(frames).append('\n');
            report.append("  CPU per thread in app:").append(cpuReport).append('\n');
            LossFeature loss = (LossFeature) window.feature("loss").orElseThrow();
            report.append("  loss chart: ").append(onFx(loss.view()::updateStats)).append('\n');
        }

        if (!Boolean.getBoolean("unroll.measure.quick")) {
            System.err.println(report);
            return;
        }
        // Quick demo on the default corpus, headless, for at most 60 s
        TrainingConfig quick = Preset.QUICK_DEMO.config();
        Trainer t = new Trainer(corpus, quick);
        double start = t.smoothLoss();
        long t0 = System.nanoTime();
        RunControl rc = new RunControl();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
            rc.stop();
        });
        stopper.setDaemon(true);
        stopper.start();
        t.run(rc, s -> { });
        stopper.interrupt();
        double secs = (System.nanoTime() - t0) / 1e9;
        report.append(String.format("Quick demo: %,d iterations in %.1f s, smooth loss %.1f -> %.1f (%.2f -> %.2f per char), val %.2f per char%n",
                t.iteration(), secs, start, t.smoothLoss(), start / 25, t.smoothLoss() / 25, t.valLoss()));
        report.append("  last sample: ").append(t.sample(160, 1.0, 1).replace("\n", " / ")).append('\n');
        System.err.println(report);
    }

    /**
     * Training speed with each view showing, against headless, at hidden {@code unroll.measure.hidden}
     * (default 100): for every view in {@code unroll.measure.views} (default all six), a headless phase
     * then a phase in the window with that view showing (its default settings: Unrolled follows training
     * on the training window, Hidden state updates live), {@code unroll.measure.rounds} rounds (default 2)
     * so both see the machine's load alike. Prints a Markdown table of the means. With
     * {@code -Dunroll.measure.preset=char-rnn}, the side panel's char-rnn preset instead (2-layer LSTM 128, batch 50,
     * float32, Adam), headless on as many threads as the window trains on (every core unless the panel says otherwise).
     */
    @Test
    void views() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("unroll.measure"), "set -Dunroll.measure=true");
        int seconds = Integer.getInteger("unroll.measure.seconds", 10);
        int hidden = Integer.getInteger("unroll.measure.hidden", 100);
        int rounds = Integer.getInteger("unroll.measure.rounds", 2);
        List<String> views = List.of(System.getProperty("unroll.measure.views", "loss,samples,hidden,unrolled,generate,experiments").split(","));
        // -Dunroll.measure.headless=false: only the in-window phases (the FX and renderer cost per view)
        boolean skipHeadless = !Boolean.parseBoolean(System.getProperty("unroll.measure.headless", "true"));
        Corpus corpus = BundledCorpus.defaultCorpus().load();
        // -Dunroll.measure.preset=char-rnn: the side panel's char-rnn preset (2-layer LSTM 128, batch 50, f32) on the panel's threads
        boolean charRnn = "char-rnn".equals(System.getProperty("unroll.measure.preset"));
        TrainingConfig cfg = charRnn ? Preset.CHAR_RNN.config().withIterations(1_000_000_000L)
                : new TrainingConfig(hidden, 25, 0.1, 1_000_000_000L, 100, 200, 1.0, 42, 0.05, 1000, 5.0);
        headlessThreads = charRnn ? Trainer.defaultThreads() : 1;
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, String> detail = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String view : views) {
                double h = skipHeadless ? Double.NaN : headless(corpus, cfg, seconds);
                double hc = lastHeadlessPerCpu;
                double[] r = inApp(cfg, seconds, view);
                double[] sum = sums.computeIfAbsent(view, k -> new double[5]);
                sum[4] += lastFxRenderMsPerSecond;
                sum[0] += r[0];
                sum[1] += h;
                sum[2] += lastAppPerCpu;
                sum[3] += hc;
                detail.put(view, String.format("pulse median %.1f ms, p95 %.1f ms;%s%s", r[1], r[2], cpuReport, hotFrames));
                System.err.printf("round %d, %s: in window %.2f it/s, headless %.2f it/s, FX + renderer %.0f ms/s%n", round + 1, view, r[0], h,
                        lastFxRenderMsPerSecond);
            }
        }
        StringBuilder report = new StringBuilder(String.format("%n==== training speed by view: %s, %d s per phase after %.1f s, %d rounds ====%n",
                charRnn ? Preset.CHAR_RNN.name() + ", headless on " + headlessThreads + " threads, in the window on " + appThreads
                        : "hidden " + hidden, seconds, WARM_UP_MS / 1000.0, rounds));
        // a batched run's iterations are few and long: its speed in characters (batch x sequence length per iteration)
        double perIteration = cfg.depth().batchSize() * cfg.sequenceLength();
        String unit = perIteration > 1 ? "chars/s" : "it/s";
        report.append("| view | in window " + unit + " | headless " + unit + " | ratio | ratio per trainer CPU-second | FX + renderer CPU ms/s |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (var e : sums.entrySet()) {
            double[] m = e.getValue();
            report.append(String.format("| %s | %,.0f | %,.0f | %.2f | %.2f | %.0f |%n", e.getKey(), perIteration * m[0] / rounds,
                    perIteration * m[1] / rounds, m[0] / m[1], m[2] / m[3], m[4] / rounds));
        }
        for (var e : detail.entrySet()) {
            report.append("  ").append(e.getKey()).append(", last round: ").append(e.getValue()).append('\n');
        }
        System.err.println(report);
    }

    /** Threads of the headless trainer's products: the window's for the char-rnn preset (a stacked model), else 1. */
    private int headlessThreads = 1;

    private double headless(Corpus corpus, TrainingConfig cfg, int seconds) throws InterruptedException {
        Trainer t = new Trainer(corpus, cfg);
        if (headlessThreads > 1) {
            t.setThreads(headlessThreads);
        }
        t.setTraceEnabled(false); // as `unroll train` runs: no view reads a window
        RunControl rc = new RunControl();
        long[] marks = new long[2];
        long[] iters = new long[2];
        Thread th = new Thread(() -> t.run(rc, s -> { }));
        th.start();
        Thread.sleep(WARM_UP_MS); // warm up
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getThreadCpuTime(th.getId());
        marks[0] = System.nanoTime();
        iters[0] = t.iteration();
        Thread.sleep(seconds * 1000L);
        marks[1] = System.nanoTime();
        iters[1] = t.iteration();
        long c1 = mx.getThreadCpuTime(th.getId());
        rc.stop();
        th.join();
        t.close();
        lastHeadlessPerCpu = (iters[1] - iters[0]) * 1e9 / (c1 - c0);
        return (iters[1] - iters[0]) * 1e9 / (marks[1] - marks[0]);
    }

    /** Iterations per second of wall time in the window with view {@code view} showing, and pulse interval statistics. */
    private double[] inApp(TrainingConfig cfg, int seconds, String view) throws InterruptedException {
        await(20, "default corpus", () -> window.context().corpus().get() != null);
        runFx(() -> {
            window.context().training().reset();
            window.hyperparameters().apply(cfg);
            window.select(view);
            window.controls().start();
        });
        appThreads = onFx(() -> window.context().training().threads());
        Thread.sleep(WARM_UP_MS);
        long[] pulses = new long[100_000];
        int[] n = {0};
        long[] last = {0};
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last[0] != 0 && n[0] < pulses.length) {
                    pulses[n[0]++] = now - last[0];
                }
                last[0] = now;
            }
        };
        runFx(timer::start);
        Recording jfr = startRecording();
        Map<String, Long> cpu0 = cpuByThread();
        TrainingSnapshot a = onFx(() -> window.context().snapshot().get());
        long w0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        TrainingSnapshot b = onFx(() -> window.context().snapshot().get());
        long w1 = System.nanoTime();
        Map<String, Long> cpu1 = cpuByThread();
        runFx(timer::stop);
        long fxRender = 0;
        for (var e : cpu1.entrySet()) {
            if (e.getKey().equals("JavaFX Application Thread") || e.getKey().startsWith("QuantumRenderer")) {
                fxRender += e.getValue() - cpu0.getOrDefault(e.getKey(), 0L);
            }
        }
        lastFxRenderMsPerSecond = fxRender / 1e6 / ((w1 - w0) / 1e9);
        hotFrames = stopRecording(jfr, view);
        StringBuilder cpu = new StringBuilder();
        for (var e : cpu1.entrySet()) {
            long d = e.getValue() - cpu0.getOrDefault(e.getKey(), 0L);
            if (d > 50_000_000L) {
                cpu.append(String.format(" %s %.2f s/s;", e.getKey(), d / 1e9 / ((w1 - w0) / 1e9)));
            }
        }
        cpuReport = cpu.toString();
        long trainerCpu = cpu1.getOrDefault("unroll-trainer", 0L) - cpu0.getOrDefault("unroll-trainer", 0L);
        lastAppPerCpu = (b.iteration() - a.iteration()) * 1e9 / Math.max(1, trainerCpu);
        runFx(() -> window.context().training().reset());
        long[] p = Arrays.copyOf(pulses, n[0]);
        Arrays.sort(p);
        double wall = (b.iteration() - a.iteration()) * 1e9 / (w1 - w0);
        // wall time, like the headless figure (the snapshots are up to one pulse old at both ends)
        return new double[] {wall, pct(p, 0.5), pct(p, 0.95), pct(p, 0.99), p.length == 0 ? 0 : p[p.length - 1] / 1e6, p.length};
    }

    private String cpuReport = "";
    /** The threads the window's run trained on, last phase. */
    private int appThreads;
    private double lastFxRenderMsPerSecond;
    private String hotFrames = "";

    /**
     * With -Dunroll.measure.jfr=DIR, a flight recording of execution samples (every 10 ms) while one view
     * shows; null otherwise.
     */
    private static Recording startRecording() {
        if (System.getProperty("unroll.measure.jfr") == null) {
            return null;
        }
        Recording r = new Recording();
        r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        r.start();
        return r;
    }

    /**
     * Stops the recording, writes it to DIR/VIEW.jfr and returns where the JavaFX and renderer threads'
     * samples fall: the share of each top frame (self) and of the innermost frame in dev.unroll (the
     * app's code that caused the work), the twelve largest of each.
     */
    private static String stopRecording(Recording r, String view) throws InterruptedException {
        if (r == null) {
            return "";
        }
        try {
            r.stop();
            Path dir = Path.of(System.getProperty("unroll.measure.jfr"));
            Files.createDirectories(dir);
            Path file = dir.resolve(view + ".jfr");
            r.dump(file);
            r.close();
            Map<String, Integer> self = new HashMap<>();
            Map<String, Integer> app = new HashMap<>();
            Map<String, Integer> threads = new HashMap<>();
            int total = 0;
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                RecordedThread t = e.getThread("sampledThread");
                String name = t == null ? "" : t.getJavaName();
                if (name == null || !(name.equals("JavaFX Application Thread") || name.startsWith("QuantumRenderer"))
                        || e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
                    continue;
                }
                total++;
                String tag = name.startsWith("Quantum") ? "R " : "FX ";
                threads.merge(tag, 1, Integer::sum);
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                self.merge(tag + frame(frames.get(0)), 1, Integer::sum);
                String cause = "(no app frame)";
                for (RecordedFrame f : frames) {
                    if (f.getMethod().getType().getName().startsWith("dev.unroll")) {
                        cause = frame(f);
                        break;
                    }
                }
                app.merge(tag + cause, 1, Integer::sum);
            }
            return String.format("%n    samples %d %s; self: %s%n    innermost app frame: %s", total, threads, top(self, total), top(app, total));
        } catch (IOException e) {
            return " (recording failed: " + e + ")";
        }
    }

    private static String frame(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static String top(Map<String, Integer> counts, int total) {
        StringBuilder b = new StringBuilder();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> b.append(String.format("%s %.0f%%, ", e.getKey(), 100.0 * e.getValue() / Math.max(1, total))));
        return b.toString();
    }
    private double lastHeadlessPerCpu;
    private double lastAppPerCpu;

    /** CPU time per live thread, by name (threads of one name summed). */
    private static Map<String, Long> cpuByThread() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new TreeMap<>();
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null) {
                long c = mx.getThreadCpuTime(ti.getThreadId());
                if (c > 0) {
                    out.merge(ti.getThreadName(), c, Long::sum);
                }
            }
        }
        return out;
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }
}
