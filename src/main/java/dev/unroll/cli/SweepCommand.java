package dev.unroll.cli;

import dev.unroll.architecture.AllowedToStartThreads;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.RunMemory;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.sweep.FileSweepStorage;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunSpec;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.sweep.SweepFolder;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.engine.sweep.SweepListener;
import dev.unroll.engine.sweep.SweepManifest;
import dev.unroll.engine.sweep.SweepOptions;
import dev.unroll.engine.sweep.SweepRunner;
import dev.unroll.engine.sweep.SweepSummary;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code unroll sweep}: a grid of training runs, several at once, with the results of each run
 * (results file, loss CSV, checkpoint) and a summary table (Markdown and CSV). The engine's
 * {@link SweepRunner} does the work; the app's Experiments view uses the same runner and opens
 * the folders this command writes.
 */
@Command(name = "sweep",
        description = {"Train a grid of runs over cell, stacked layers, hidden size, batch size, optimizer, learning rate, sequence length"
                + " and seed, --parallel at a time (each single-threaded), and compare them in a table.",
                "Lists and ranges: --cells vanilla,lstm,gru --hidden-sizes 100,250,500 --learning-rates 0.1,0.01,0.001 --seeds 1..3"
                        + " (a step: 10..50:20); --layers 1,2 --batch-size 1,8 --optimizer adagrad,adam take lists too.",
                "The sweep folder holds sweep.properties, summary.md, summary.csv and runs/NN-hsH-lrR-isT-seedS/ (-nlL, -bsB and the optimizer added when not 1, 1, adagrad) with each run's"
                        + " results file (ni…-hs…-is…-lr…-yyyy-MM-dd-HHmm.txt), loss.csv, checkpoint.npz and run.properties.",
                "Run the same command again (or --resume DIR) to continue an interrupted sweep: finished runs are kept,"
                        + " the others continue from their checkpoints."},
        exitCodeList = {"0:every run finished or diverged", "1:a run failed, the summary could not be written, or out of memory (one line on stderr); with --collect, a grid point missing, failed or still running (one line each)", UnrollCli.STATUS_BAD_INPUT,
                "130:interrupted by Ctrl-C (SIGINT), after every run saved its checkpoint",
                "143:stopped by SIGTERM, after every run saved its checkpoint"})
@AllowedToStartThreads("a shutdown hook is a thread: Ctrl+C stops the sweep and keeps the points done")
final class SweepCommand extends SubCommand {
    private static final long LOG_LINE_NANOS = 10_000_000_000L;

    @Mixin
    CorpusFlags corpusFlags = new CorpusFlags();

    @Option(names = "--original", description = "The talk's nine runs: hidden 100,250,500 x learning rate 0.1,0.01,0.001,"
            + " sequence length 25, 1,000,000 iterations (grid flags and --num-iterations override parts of it).")
    boolean original;

    @Option(names = "--cells", paramLabel = "LIST", description = "Cells: vanilla, lstm, gru (default: vanilla).")
    String cells;

    @Option(names = "--hidden-sizes", paramLabel = "LIST", description = "Hidden sizes (default: 100).")
    String hiddenSizes;

    @Option(names = "--learning-rates", paramLabel = "LIST", description = "Learning rates (default: 0.1).")
    String learningRates;

    @Option(names = "--sequence-lengths", paramLabel = "LIST", description = "Sequence lengths (default: 25).")
    String sequenceLengths;

    @Option(names = "--seeds", paramLabel = "LIST", description = "Seeds (default: 42).")
    String seeds;

    @Option(names = "--parallel", paramLabel = "N", description = "Runs trained at once (default: the number of cores).")
    Integer parallel;

    @Option(names = "--num-iterations", paramLabel = "N", description = "Iterations per run (default: 500000; 1000000 with --original).")
    Long numIterations;

    @Option(names = "--num-samples", paramLabel = "N", defaultValue = "10", description = "Samples in each results file (default: ${DEFAULT-VALUE}).")
    int numSamples;

    @Mixin
    SamplingOptions options = new SamplingOptions();

    @Mixin
    SettingsFlags settingsFlags = new SettingsFlags(true);

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10000", description = "Iterations between each run's checkpoints (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--csv-every", paramLabel = "N", defaultValue = "100", description = "Iterations between loss CSV rows (default: ${DEFAULT-VALUE}).")
    int csvEvery;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "The sweep folder (default: a new sweep-yyyy-MM-dd-HHmmss folder in the"
            + " workspace: ~/Unroll/experiments, or experiments/ under -Dunroll.workspace). An existing sweep folder with the same grid is resumed.")
    Path outputDir;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep in DIR as it was defined (its corpus must be given too,"
            + " unless it was a shipped corpus or its file is still where it was).")
    Path resume;

    @Option(names = "--quiet", description = "No progress lines; only the summary.")
    boolean quiet;

    @Option(names = "--plan", paramLabel = "DIR", description = "Train nothing: write the grid into DIR for another scheduler: commands.txt"
            + " (line k trains run k, resumable; for parallel -j N < commands.txt or xargs), slurm.sbatch (a job array),"
            + " k8s-job.yaml (an Indexed Job; fill in its REPLACE-ME image and volume) and the manifest.")
    Path plan;

    @Option(names = "--launcher", paramLabel = "CMD", description = "With --plan: how each machine starts Unroll in commands.txt"
            + " (default: the way this one was started: the installed launcher, java -jar with this jar, or unroll).")
    String launcher;

    @Option(names = "--point", paramLabel = "N", description = "With --resume: train only run N (its id, from 1) and write only its folder,"
            + " as a line of commands.txt does; a run that is over is left as it is.")
    Integer point;

    @Option(names = "--collect", paramLabel = "DIR", description = "Write summary.md and summary.csv of the planned sweep in DIR from its runs'"
            + " folders; status 1 and one line for each run that is missing, failed or still running.")
    Path collect;

    /** The sweep folder's lock, held from before the folder is read or written until the sweep ends. */
    private final List<OutputLock> locks = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        try {
            return sweep();
        } finally {
            OutputLock.closeAll(locks);
        }
    }

    /** Refuses a sweep folder another sweep is working in (status 2): the two would train every run twice. */
    private void lockFolder(Path dir) {
        OutputLock lock = OutputLock.acquireIfWritable(dir, true, "the sweep folder " + dir);
        if (lock != null) {
            locks.add(lock);
        }
    }

    private int sweep() throws InterruptedException {
        PrintWriter out = out();
        PrintWriter err = err();
        if (plan != null || collect != null || point != null || launcher != null) {
            return elsewhere(out, err);
        }
        int n = FlagChecks.atLeastOne("--parallel", parallel, Runtime.getRuntime().availableProcessors());
        SweepRunner runner;
        Progress progress = new Progress(err, quiet);
        FileSweepStorage storage = new FileSweepStorage();
        if (resume != null) {
            if (gridFlags() || settingsFlags.any()) {
                throw CliExit.badInput("--resume continues a sweep as it was defined; leave out the grid flags");
            }
            if (Files.isDirectory(resume)) {
                lockFolder(resume);
            }
            SweepRunner.Saved saved = SweepRunner.read(resume, storage);
            runner = SweepRunner.resume(resume, corpusFlags.loadOr(saved.manifest().corpus()), storage, progress);
        } else {
            Corpus corpus = corpusFlags.load();
            SweepGrid grid = grid();
            Path dir = outputDir != null ? outputDir : SweepFolder.defaultWorkspace()
                    .resolve("sweep-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss", Locale.ROOT)));
            SweepManifest m = manifest(dir, corpus, grid);
            lockFolder(dir);
            runner = SweepRunner.create(dir, m, corpus, storage, progress);
        }
        progress.runner = runner;
        int atOnce = Math.min(n, runner.runs().size());
        long largest = runner.runs().stream().mapToLong(x -> x.config().trainingBytes(runner.corpus().vocabulary().size()))
                .max().orElse(0);
        RunMemory.requireFits(atOnce * largest + runner.corpus().memoryBytes(), "this sweep (" + atOnce + " runs at once)");
        List<RunResult> before = runner.results();
        long done = before.stream().filter(r -> r.status().isFinal()).count();
        err.println("sweep: " + runner.runs().size() + " runs of " + Text.count(runner.manifest().grid().base().iterations())
                + " iterations on " + runner.corpus().name() + ", " + Math.min(n, runner.runs().size()) + " at a time, in "
                + runner.folder().dir() + (done > 0 ? " (" + done + " already done, kept)" : ""));
        err.flush();

        AtomicBoolean interrupted = new AtomicBoolean();
        // the hook waits until the last lines are printed: once it returns the JVM halts, and a line
        // printed after that by this thread would be lost (it was, in 3 of 7 trials)
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = interruptHook(runner, interrupted, reported, "unroll-sweep-interrupt");
        boolean hooked = addHook(hook);
        long t0 = System.nanoTime();
        try {
            runner.start(n);
            while (!runner.await(1, TimeUnit.SECONDS)) {
                progress.tick();
            }
            return report(out, err, runner, n, (System.nanoTime() - t0) / 1e9, interrupted.get(), progress.messages());
        } finally {
            releaseHook(hook, hooked, interrupted, reported);
        }
    }

    /** --plan, --collect and --point: a sweep run by another scheduler ({@link SweepElsewhere}). */
    private int elsewhere(PrintWriter out, PrintWriter err) throws InterruptedException {
        if ((plan != null ? 1 : 0) + (collect != null ? 1 : 0) + (point != null ? 1 : 0) > 1) {
            throw CliExit.badInput("give one of --plan, --collect and --point");
        }
        if (launcher != null && plan == null) {
            throw CliExit.badInput("--launcher goes with --plan");
        }
        if (plan != null) {
            if (resume != null || outputDir != null) {
                throw CliExit.badInput("--plan DIR is the sweep folder; leave out --resume and --output-dir");
            }
            Corpus corpus = corpusFlags.load();
            SweepGrid grid = grid();
            return SweepElsewhere.plan(out, plan, manifest(plan.toAbsolutePath().normalize(), corpus, grid), corpus, launcher);
        }
        if (gridFlags()) {
            throw CliExit.badInput((collect != null ? "--collect" : "--point") + " works on a planned sweep as it was defined; leave out the grid flags");
        }
        if (collect != null) {
            if (resume != null || outputDir != null || corpusFlags.given()) {
                throw CliExit.badInput("--collect DIR reads only the sweep folder; leave out the other folder and corpus flags");
            }
            return SweepElsewhere.collect(out, err, collect);
        }
        if (resume == null) {
            throw CliExit.badInput("--point N goes with --resume DIR (the planned sweep's folder)");
        }
        SweepRunner.Saved saved = SweepRunner.read(resume, new FileSweepStorage());
        return SweepElsewhere.point(err, resume, point, corpusFlags.loadOr(saved.manifest().corpus()), quiet);
    }

    /** Whether a flag of the grid was given: --original, a list of cells, hidden sizes, rates, lengths or seeds, or --num-iterations. */
    private boolean gridFlags() {
        return original || cells != null || hiddenSizes != null || learningRates != null || sequenceLengths != null || seeds != null
                || numIterations != null;
    }

    /** A new sweep's manifest: its name (the talk's for --original, else its folder's), corpus, grid and options. */
    private SweepManifest manifest(Path dir, Corpus corpus, SweepGrid grid) {
        return new SweepManifest(original ? "Original nine runs" : String.valueOf(dir.getFileName()),
                SweepManifest.CorpusRef.of(corpus, corpusFlags.source()), grid, new SweepOptions(csvEvery, checkpointEvery, numSamples));
    }

    /** The table and the last lines: what was written and what was not, and the exit status. */
    /**
     * After a sweep (or a point) ended: lets a waiting {@link #interruptHook} return, and takes the hook
     * away unless the JVM is already shutting down through it.
     */
    static void releaseHook(Thread hook, boolean hooked, AtomicBoolean interrupted, CountDownLatch reported) {
        reported.countDown();
        if (hooked && !interrupted.get()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook waited for the lines above
            }
        }
    }

    /**
     * The shutdown hook of a sweep (and of a planned sweep's point): on Ctrl-C or SIGTERM it marks the
     * sweep interrupted, cancels its runs, waits for their checkpoints and then for the last lines to be
     * printed ({@code reported}), since the JVM halts once the hook returns.
     */
    static Thread interruptHook(SweepRunner runner, AtomicBoolean interrupted, CountDownLatch reported, String name) {
        return new Thread(() -> {
            interrupted.set(true);
            runner.cancelAll();
            try {
                runner.await(60, TimeUnit.SECONDS);
                reported.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    private static int report(PrintWriter out, PrintWriter err, SweepRunner runner, int n, double wall, boolean interrupted,
                              List<String> messages) {
        List<RunResult> results = runner.results();
        out.print(SweepSummary.markdown(runner.manifest().name() + " on " + runner.manifest().corpus().name(), results));
        out.println();
        String problem = runner.summaryProblem();
        out.println("wall time " + Text.duration(wall) + " for " + results.size() + " runs, " + Math.min(n, results.size())
                + " at a time; " + (problem == null ? "summary: " + runner.folder().summaryMarkdown() + ", " + runner.folder().summaryCsv()
                : "the summary (summary.md, summary.csv) was NOT written: " + problem));
        out.flush();
        int status = UnrollCli.EXIT_OK;
        if (interrupted || results.stream().anyMatch(x -> x.status() == RunStatus.STOPPED)) {
            err.println("unroll: sweep interrupted; run 'unroll sweep --resume " + runner.folder().dir() + "' to continue it");
            status = UnrollCli.EXIT_INTERRUPTED;
        } else {
            long failed = results.stream().filter(x -> x.status() == RunStatus.FAILED).count();
            if (failed > 0) {
                RunResult first = results.stream().filter(x -> x.status() == RunStatus.FAILED).findFirst().orElseThrow();
                err.println(failedLine(failed, first, messages));
                status = UnrollCli.EXIT_ERROR;
            } else if (problem != null) {
                err.println("unroll: " + problem + "; every run's own files were written ('unroll sweep --resume "
                        + runner.folder().dir() + "' writes the summary again)");
                status = UnrollCli.EXIT_ERROR;
            }
        }
        err.flush();
        return status;
    }

    /**
     * The one line of a sweep whose runs failed: how many, the first one's reason, and what else could
     * not be written (a full disk fails every run, every record and the summary: one line, not one each).
     */
    static String failedLine(long failed, RunResult first, List<String> messages) {
        return "unroll: " + failed + " run" + (failed == 1 ? "" : "s") + " failed; run " + first.spec().id() + ": "
                + UnrollCli.oneLine(first.message()) + (messages.isEmpty() ? "" : "; also " + UnrollCli.oneLine(String.join("; ", messages)));
    }

    /**
     * Registers a shutdown hook (for train, sweep and a planned sweep's point); false when the JVM is already shutting
     * down or may not register one (then nothing is registered).
     */
    static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            return false;
        }
    }

    private SweepGrid grid() {
        options.check();
        TrainingConfig d = TrainingConfig.defaults();
        long its = numIterations != null ? numIterations : original ? SweepGrid.ORIGINAL_ITERATIONS : d.iterations();
        TrainingConfig base;
        try {
            base = options.config(d.hiddenSize(), d.sequenceLength(), d.learningRate(), its, d.seed(), settingsFlags.apply(d));
        } catch (BadInputException e) {
            throw CliExit.badInput(e.getMessage());
        }
        if (checkpointEvery < 1 || csvEvery < 1) {
            throw CliExit.badInput("--checkpoint-every and --csv-every must be positive");
        }
        FlagChecks.notNegative("--num-samples", numSamples);
        String h = hiddenSizes != null ? hiddenSizes : original ? "100,250,500" : String.valueOf(d.hiddenSize());
        String lr = learningRates != null ? learningRates : original ? "0.1,0.01,0.001" : String.valueOf(d.learningRate());
        String t = sequenceLengths != null ? sequenceLengths : String.valueOf(d.sequenceLength());
        String s = seeds != null ? seeds : String.valueOf(d.seed());
        String c = cells != null ? cells : d.cell().cliName();
        DepthFlags depth = settingsFlags.depth;
        return new SweepGrid(SweepGrid.parseCells("--cells", c), depth.layerAxis(base), SweepGrid.parseInts("--hidden-sizes", h),
                depth.batchAxis(base), settingsFlags.optimization.optimizerAxis(base.optimization().optimizer()), SweepGrid.parseDoubles("--learning-rates", lr),
                SweepGrid.parseInts("--sequence-lengths", t), SweepGrid.parseLongs("--seeds", s), base);
    }

    /** Progress on stderr: a line when a run ends, and every 10 seconds a line with every active run's progress. */
    static final class Progress implements SweepListener {
        private final PrintWriter err;
        private final boolean quiet;
        private final ConcurrentHashMap<Integer, TrainingSnapshot> latest = new ConcurrentHashMap<>();
        private final List<String> messages = new CopyOnWriteArrayList<>();
        volatile SweepRunner runner;
        private long lastLine = System.nanoTime();

        Progress(PrintWriter err, boolean quiet) {
            this.err = err;
            this.quiet = quiet;
        }

        @Override
        public void onSnapshot(RunSpec run, TrainingSnapshot s) {
            latest.put(run.number(), s);
        }

        @Override
        public void onResult(RunResult r) {
            if (quiet || !r.status().isOver()) {
                return;
            }
            latest.remove(r.spec().number());
            var c = r.spec().config();
            String what = "run " + r.spec().id() + " (" + (c.cell() == Cell.VANILLA ? "" : c.cell().cliName() + ", ")
                    + "hidden " + c.hiddenSize() + c.depth().describe() + (c.optimization().optimizer() == OptimizerKind.ADAGRAD ? ""
                    : ", " + c.optimization().optimizer().cliName()) + ", learning rate " + SweepGrid.formatRate(c.learningRate())
                    + ", sequence " + c.sequenceLength() + ", seed " + c.seed() + "): ";
            String how = switch (r.status()) {
                case FINISHED -> "finished, loss " + Text.fixed(r.loss(), 4) + ", " + Text.count(Math.round(r.itersPerSecond()))
                        + " iterations/s, " + r.trainingTimeText();
                case DIVERGED -> "diverged at iteration " + Text.count(r.divergedAt());
                default -> r.status().label() + " at iteration " + Text.count(r.iteration()) + (r.message().isEmpty() ? "" : ": " + r.message());
            };
            synchronized (err) {
                err.println(what + how);
                err.flush();
            }
        }

        /** Kept for the last line (a problem beside a run's own: a record or the summary not written), not printed on its own. */
        @Override
        public void onMessage(String message) {
            messages.add(message);
        }

        /** The problems reported beside the runs' own, in order. */
        List<String> messages() {
            return List.copyOf(messages);
        }

        void tick() {
            long now = System.nanoTime();
            if (quiet || now - lastLine < LOG_LINE_NANOS || latest.isEmpty()) {
                return;
            }
            lastLine = now;
            StringBuilder sb = new StringBuilder();
            SweepRunner r = runner;
            long done = r == null ? 0 : r.results().stream().filter(x -> x.status().isOver()).count();
            sb.append("[").append(done).append("/").append(r == null ? "?" : r.runs().size()).append(" done]");
            latest.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                TrainingSnapshot s = e.getValue();
                sb.append(String.format(Locale.ROOT, "  %02d %3.0f%% loss %.2f", e.getKey(), 100 * s.progress(), s.smoothLoss()));
            });
            synchronized (err) {
                err.println(sb);
                err.flush();
            }
        }
    }
}
