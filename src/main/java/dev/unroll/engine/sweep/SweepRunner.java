package dev.unroll.engine.sweep;

import dev.unroll.architecture.AllowedToStartThreads;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.RunMemory;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.ResultsFile;
import dev.unroll.engine.train.RunControl;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs a sweep: every run of its grid, at most {@code parallel} at a time, each on one thread of
 * its own (a trainer is single-threaded, so N runs keep N cores busy). The command line and the
 * app use this same runner.
 *
 * <p>Each run writes into its folder (see {@link SweepFolder}): a row of {@code loss.csv} every
 * log interval, a checkpoint every checkpoint interval and when it is stopped, and when it ends
 * its results file in the original format and its {@code run.properties}; the summary table is
 * rewritten whenever a run ends. Started again over the same folder, a sweep leaves finished and
 * diverged runs alone and continues every other run from its checkpoint, so that the final
 * results equal those of an uninterrupted sweep, bit for bit (timings aside).
 *
 * <p>Any run can be paused, resumed or cancelled while the others go on. A file that cannot be
 * written (a full disk) fails that run with a message naming the file; finished runs' files are
 * never rewritten, and every write is atomic, so nothing already saved is lost.
 *
 * <p>Threading: the commands may be called from any thread; the {@link SweepListener} is called on
 * the worker threads.
 */
@AllowedToStartThreads("one of the engine's pools: a sweep's points train in parallel, for the app and the command line alike")
public final class SweepRunner {
    /** Default time between two snapshots of a run handed to the listener. */
    public static final long DEFAULT_PUBLISH_NANOS = 50_000_000L;

    private final SweepFolder folder;
    private final SweepManifest manifest;
    private final Corpus corpus;
    private final SweepStorage storage;
    private final SweepListener listener;
    private final List<RunSpec> runs;
    private final RunControl[] controls;
    private final AtomicIntegerArray cancelled;
    private final AtomicReferenceArray<RunResult> results;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicInteger remaining;
    private final CountDownLatch done;
    /** The one run (index) this runner trains, as one line of a plan; -1 for the whole sweep. */
    private volatile int point = -1;
    private volatile Clock clock = Clock.systemDefaultZone();
    private volatile long publishNanos = DEFAULT_PUBLISH_NANOS;
    private volatile long modelCopyEvery;
    private ExecutorService pool;

    private SweepRunner(SweepFolder folder, SweepManifest manifest, Corpus corpus, SweepStorage storage,
                        SweepListener listener, List<RunResult> known) {
        this.folder = folder;
        this.manifest = manifest;
        this.corpus = corpus;
        this.storage = storage;
        this.listener = listener == null ? SweepListener.NONE : listener;
        this.runs = manifest.runs();
        this.controls = new RunControl[runs.size()];
        this.cancelled = new AtomicIntegerArray(runs.size());
        this.results = new AtomicReferenceArray<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            controls[i] = new RunControl();
            results.set(i, known.get(i));
        }
        this.remaining = new AtomicInteger(runs.size());
        this.done = new CountDownLatch(1);
    }

    /**
     * Prepares a sweep in {@code dir}: creates the folder and writes the manifest, or, when the
     * folder already holds a sweep, checks it is this same sweep (then the runs resume).
     *
     * @throws BadInputException when the folder cannot be written, holds another sweep, or the corpus is not the sweep's
     */
    public static SweepRunner create(Path dir, SweepManifest manifest, Corpus corpus, SweepStorage storage, SweepListener listener) {
        SweepFolder folder = new SweepFolder(dir);
        if (!manifest.corpus().matches(corpus)) {
            throw new BadInputException("the corpus given is not the one described in the sweep's manifest");
        }
        requireLongEnough(manifest, corpus);
        if (storage.exists(folder.manifest())) {
            SweepManifest old = readManifest(folder, storage);
            if (!old.sameSweepAs(manifest)) {
                throw new BadInputException(dir + " already holds a different sweep (" + old.grid().size() + " runs of "
                        + old.corpus().name() + "); choose another folder, or resume that sweep as it is");
            }
            manifest = old;
        } else {
            try {
                storage.createDirectories(dir);
                storage.writeText(folder.manifest(), manifest.toText());
            } catch (IOException e) {
                throw new BadInputException("cannot write the sweep folder " + dir + ": " + describe(e), e);
            }
        }
        return new SweepRunner(folder, manifest, corpus, storage, listener, readResults(folder, manifest, storage));
    }

    /** Resumes the sweep saved in {@code dir} on its corpus (which must be the very text it was started on). */
    public static SweepRunner resume(Path dir, Corpus corpus, SweepStorage storage, SweepListener listener) {
        SweepFolder folder = new SweepFolder(dir);
        SweepManifest m = readManifest(folder, storage);
        if (!m.corpus().matches(corpus)) {
            throw new BadInputException("the sweep in " + dir + " was trained on " + m.corpus().name() + " ("
                    + m.corpus().characters() + " characters), not on the corpus given (" + corpus.name() + ", "
                    + corpus.length() + " characters)");
        }
        requireLongEnough(m, corpus);
        try {
            storage.writeText(folder.manifest(), m.toText());
        } catch (IOException e) {
            throw new BadInputException("cannot write to the sweep folder " + dir + ": " + describe(e), e);
        }
        return new SweepRunner(folder, m, corpus, storage, listener, readResults(folder, m, storage));
    }

    /**
     * Prepares one grid point of the sweep in {@code dir} (one line of a plan, see {@link SweepPlan}):
     * {@link #start(int)} trains only run {@code number}, from its checkpoint when it has one, and
     * writes only into that run's folder: neither the manifest nor the summary (which
     * {@link SweepCollect} builds once the points are done), so points may run at once on
     * machines that share the folder. A run that is finished or diverged is left as it is.
     *
     * @param number the run's number, from 1 (its id)
     * @throws BadInputException when the folder holds no sweep, the number is not one of its runs, or the corpus is not its
     */
    public static SweepRunner point(Path dir, int number, Corpus corpus, SweepStorage storage, SweepListener listener) {
        SweepFolder folder = new SweepFolder(dir);
        SweepManifest m = readManifest(folder, storage);
        if (number < 1 || number > m.runs().size()) {
            throw new BadInputException("the sweep in " + dir + " has runs 1 to " + m.runs().size() + "; there is no run " + number);
        }
        if (!m.corpus().matches(corpus)) {
            throw new BadInputException("the sweep in " + dir + " was trained on " + m.corpus().name() + " ("
                    + m.corpus().characters() + " characters), not on the corpus given (" + corpus.name() + ", "
                    + corpus.length() + " characters)");
        }
        requireLongEnough(m, corpus);
        SweepRunner r = new SweepRunner(folder, m, corpus, storage, listener, readResults(folder, m, storage));
        r.point = number - 1;
        r.remaining.set(1);
        return r;
    }

    /**
     * Refuses, before any run starts, a grid with a sequence length the corpus is too short for
     * (rather than failing that run after the others have trained).
     */
    static void requireLongEnough(SweepManifest m, Corpus corpus) {
        double val = m.grid().base().valFraction();
        int train = Trainer.trainingLength(corpus.length(), val);
        int longest = m.grid().sequenceLengths().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (train < longest + 1) {
            int held = corpus.length() - train;
            throw new BadInputException(corpus.name() + " is too short for sequence length " + longest + " in the grid: "
                    + train + " training characters" + (held > 0 ? " (after holding out " + held + " for validation)" : "")
                    + ", but a window of sequence length " + longest + " needs at least " + (longest + 1));
        }
    }

    /** A sweep folder as it is on disk: its manifest and each run's latest result (pending when none). */
    public record Saved(SweepFolder folder, SweepManifest manifest, List<RunResult> results) {
    }

    /** Reads a sweep folder without running anything (to show it, or to resume it later). */
    public static Saved read(Path dir, SweepStorage storage) {
        SweepFolder folder = new SweepFolder(dir);
        SweepManifest m = readManifest(folder, storage);
        return new Saved(folder, m, readResults(folder, m, storage));
    }

    private static SweepManifest readManifest(SweepFolder folder, SweepStorage storage) {
        if (!storage.exists(folder.manifest())) {
            throw new BadInputException(folder.dir() + " is not a sweep folder (it has no " + SweepFolder.MANIFEST + ")");
        }
        try {
            return SweepManifest.parse(folder.manifest().toString(), storage.readText(folder.manifest()));
        } catch (IOException e) {
            throw new BadInputException("cannot read " + folder.manifest() + ": " + describe(e), e);
        }
    }

    private static List<RunResult> readResults(SweepFolder folder, SweepManifest m, SweepStorage storage) {
        List<RunResult> out = new ArrayList<>();
        for (RunSpec spec : m.runs()) {
            out.add(readRecord(folder, spec, storage));
        }
        return out;
    }

    private static RunResult readRecord(SweepFolder folder, RunSpec spec, SweepStorage storage) {
        Path f = folder.runRecord(spec);
        if (!storage.exists(f)) {
            return RunResult.pending(spec);
        }
        try {
            return RunResult.parse(spec, f.toString(), storage.readText(f));
        } catch (IOException | BadInputException e) {
            return RunResult.pending(spec).with(RunStatus.FAILED, "its record is unreadable: " + e.getMessage());
        }
    }

    // ---- settings ----

    /** The clock that dates results files (tests fix it). */
    public SweepRunner clock(Clock c) {
        clock = c;
        return this;
    }

    /** Time between two snapshots of a run (default 50 ms). */
    public SweepRunner publishInterval(long nanos) {
        publishNanos = Math.max(0, nanos);
        return this;
    }

    /** Copy each run's weights into its snapshots every this many iterations (0: only when a run ends). */
    public SweepRunner modelCopyEvery(long iterations) {
        modelCopyEvery = Math.max(0, iterations);
        return this;
    }

    // ---- running ----

    /**
     * Starts the runs that are not final on {@code parallel} worker threads (daemon threads), and
     * returns at once. Call once.
     */
    public void start(int parallel) {
        if (parallel < 1) {
            throw new BadInputException("parallel must be at least 1 (got " + parallel + ")");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the sweep was started already");
        }
        AtomicInteger n = new AtomicInteger();
        List<Integer> order = point >= 0 ? List.of(point) : startOrder(runs, parallel);
        pool = Executors.newFixedThreadPool(Math.min(parallel, order.size()), r -> {
            Thread t = new Thread(r, "unroll-sweep-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int k : order) {
            pool.execute(() -> runSafely(k));
        }
        pool.shutdown();
    }

    /**
     * The order in which runs are handed to the workers. One worker takes them in run order; several
     * take the costliest first (longest-processing-time scheduling), so that a long run does not
     * start last and leave the other cores idle: for the original grid on two cores this saves
     * about a seventh of the wall time. Cost is iterations x T x (H^2 + 64 H), the shape of the
     * work per iteration; ties keep run order.
     */
    static List<Integer> startOrder(List<RunSpec> runs, int parallel) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            order.add(i);
        }
        if (parallel > 1) {
            order.sort(Comparator.comparingDouble((Integer i) -> -cost(runs.get(i).config())));
        }
        return order;
    }

    private static double cost(TrainingConfig c) {
        double h = c.hiddenSize();
        return (double) c.iterations() * c.sequenceLength() * (h * h + 64 * h);
    }

    /** Starts and waits for the end; returns the results in run order. */
    public List<RunResult> run(int parallel) throws InterruptedException {
        start(parallel);
        await();
        return results();
    }

    /** Waits until every run is over. */
    public void await() throws InterruptedException {
        done.await();
    }

    /** Waits at most this long; true when every run is over. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Pauses a run (it keeps its worker thread until resumed or cancelled). */
    public void pause(int index) {
        controls[index].pause();
    }

    public void resume(int index) {
        controls[index].resume();
    }

    public boolean isPaused(int index) {
        return controls[index].isPaused();
    }

    /** Stops a run (it saves its checkpoint; a later resume continues it), or keeps it from starting. */
    public void cancel(int index) {
        cancelled.set(index, 1);
        controls[index].stop();
    }

    /** Stops every run; each saves its checkpoint, so the sweep can be resumed. */
    public void cancelAll() {
        for (int i = 0; i < runs.size(); i++) {
            cancel(i);
        }
    }

    public List<RunSpec> runs() {
        return runs;
    }

    public SweepManifest manifest() {
        return manifest;
    }

    public SweepFolder folder() {
        return folder;
    }

    public Corpus corpus() {
        return corpus;
    }

    /** The latest result of every run, in run order. */
    public List<RunResult> results() {
        List<RunResult> out = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            out.add(results.get(i));
        }
        return out;
    }

    // ---- one run ----

    /** A file of a run could not be written: carries the run out of the trainer's loop. */
    private static final class StorageFailure extends RuntimeException {
        StorageFailure(String message, IOException cause) {
            super(message, cause);
        }
    }

    private volatile String summaryProblem;

    private void runSafely(int i) {
        try {
            runOne(i);
        } catch (StorageFailure e) {
            RunResult r = results.get(i);
            report(i, r.with(RunStatus.FAILED, e.getMessage()), true);
        } catch (BadInputException e) {
            report(i, results.get(i).with(RunStatus.FAILED, e.getMessage()), true);
        } catch (OutOfMemoryError e) {
            report(i, results.get(i).with(RunStatus.FAILED, RunMemory.outOfMemory()), true);
        } catch (RuntimeException | Error e) {
            report(i, results.get(i).with(RunStatus.FAILED, "training failed: " + e), true);
        } finally {
            if (remaining.decrementAndGet() == 0) {
                writeSummary();
                listener.onFinished(results());
                done.countDown();
            }
        }
    }

    private void runOne(int i) {
        RunSpec spec = runs.get(i);
        RunResult known = results.get(i);
        if (known.status().isFinal()) {
            listener.onResult(known);
            return;
        }
        if (cancelled.get(i) != 0) {
            report(i, known.with(RunStatus.STOPPED, "cancelled before it started"), known.status() != RunStatus.PENDING);
            return;
        }
        Path cp = folder.checkpoint(spec);
        Trainer trainer;
        LossLog log;
        if (storage.exists(cp)) {
            TrainerState state;
            try {
                state = storage.loadCheckpoint(cp, corpus);
            } catch (IOException e) {
                throw new BadInputException("cannot resume from " + cp + ": " + describe(e), e);
            }
            if (!state.config().equals(spec.config())) {
                throw new BadInputException("cannot resume: " + cp + " holds a run with another configuration");
            }
            trainer = Trainer.resume(corpus, state);
            log = readLog(spec, state.iteration());
        } else {
            trainer = new Trainer(corpus, spec.config());
            log = new LossLog();
        }
        trainer.setTraceEnabled(false);
        trainer.setStatsEnabled(false); // no view reads them here
        trainer.setPublishInterval(publishNanos);
        trainer.setModelCopyEvery(modelCopyEvery);
        TrainingConfig c = spec.config();
        int logEvery = manifest.options().logEvery();
        long checkpointEvery = manifest.options().checkpointEvery();
        report(i, figures(spec, trainer, RunStatus.RUNNING, 0, "", ""), false);
        long[] lastRow = {trainer.iteration(), trainer.elapsedNanos()};
        trainer.setIterationListener((it, loss, smooth, val, nanos) -> {
            if (it % logEvery == 0) {
                log.add(it, loss, smooth, val, rate(it, nanos, lastRow));
            }
            if (it % checkpointEvery == 0 && it < c.iterations()) {
                saveProgress(spec, trainer, log);
                results.set(i, figures(spec, trainer, RunStatus.RUNNING, 0, "", ""));
                writeRecord(spec, results.get(i));
            }
        });
        RunState end = trainer.run(controls[i], s -> listener.onSnapshot(spec, s));
        switch (end) {
            case FINISHED -> {
                if (log.size() == 0 || log.iterations()[log.size() - 1] != trainer.iteration()) {
                    log.add(trainer.iteration(), trainer.lastLoss(), trainer.smoothLoss(), trainer.valLoss(),
                            rate(trainer.iteration(), trainer.elapsedNanos(), lastRow));
                }
                saveProgress(spec, trainer, log);
                String name = writeResultsFile(spec, trainer);
                report(i, figures(spec, trainer, RunStatus.FINISHED, 0, name, ""), true);
            }
            case DIVERGED -> {
                write(folder.lossCsv(spec), log.toCsv());
                String name = writeResultsFile(spec, trainer);
                report(i, figures(spec, trainer, RunStatus.DIVERGED, trainer.iteration() + 1, name, trainer.message()), true);
            }
            default -> {
                saveProgress(spec, trainer, log);
                report(i, figures(spec, trainer, RunStatus.STOPPED, 0, "",
                        "cancelled at iteration " + trainer.iteration() + "; resuming the sweep continues it"), true);
            }
        }
    }

    /** Iterations per second since the last row, remembered in {@code last} = {iteration, nanos}. */
    private static double rate(long it, long nanos, long[] last) {
        double r = nanos > last[1] && it > last[0] ? (it - last[0]) * 1e9 / (nanos - last[1]) : Double.NaN;
        last[0] = it;
        last[1] = nanos;
        return r;
    }

    private LossLog readLog(RunSpec spec, long upTo) {
        Path f = folder.lossCsv(spec);
        if (!storage.exists(f)) {
            return new LossLog();
        }
        try {
            return LossLog.parse(f.toString(), storage.readText(f), upTo);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + f + ": " + describe(e), e);
        }
    }

    /** Reads a run's loss log as saved (for showing a finished run's curve). */
    public static LossLog readLossLog(SweepFolder folder, RunSpec spec, SweepStorage storage) {
        Path f = folder.lossCsv(spec);
        if (!storage.exists(f)) {
            return new LossLog();
        }
        try {
            return LossLog.parse(f.toString(), storage.readText(f), Long.MAX_VALUE);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + f + ": " + describe(e), e);
        }
    }

    /** Loss log first, checkpoint second: a resumed run trims the log back to its checkpoint. */
    private void saveProgress(RunSpec spec, Trainer trainer, LossLog log) {
        write(folder.lossCsv(spec), log.toCsv());
        Path cp = folder.checkpoint(spec);
        try {
            storage.saveCheckpoint(cp, trainer.exportState(), corpus);
        } catch (IOException e) {
            throw failure(cp, e, trainer);
        }
    }

    private String writeResultsFile(RunSpec spec, Trainer trainer) {
        String name = ResultsFile.baseName(spec.config(), trainer.iteration(), LocalDateTime.now(clock)) + ".txt";
        write(folder.runDir(spec).resolve(name), ResultsFile.content(trainer, manifest.options().resultSamples()));
        return name;
    }

    private void write(Path file, String text) {
        try {
            storage.writeText(file, text);
        } catch (IOException e) {
            throw failure(file, e, null);
        }
    }

    private static StorageFailure failure(Path file, IOException e, Trainer trainer) {
        return new StorageFailure("could not write " + file + ": " + describe(e)
                + (trainer == null ? "" : " (the run stopped at iteration " + trainer.iteration() + ")"), e);
    }

    private RunResult figures(RunSpec spec, Trainer t, RunStatus status, long divergedAt, String resultsFile, String message) {
        long nanos = t.elapsedNanos();
        long it = t.iteration();
        double val = t.valLoss();
        double smooth = t.smoothLoss();
        double bpc = Double.isFinite(val) ? val / Math.log(2) : smooth / spec.config().sequenceLength() / Math.log(2);
        double speed = nanos > 0 ? it / (nanos / 1e9) : Double.NaN;
        return new RunResult(spec, status, it, divergedAt, it == 0 ? Double.NaN : smooth, val,
                it == 0 ? Double.NaN : bpc, speed, nanos, resultsFile, message);
    }

    private void report(int i, RunResult r, boolean persist) {
        results.set(i, r);
        if (persist) {
            writeRecord(r.spec(), r);
            writeSummary();
        }
        listener.onResult(r);
    }

    private void writeRecord(RunSpec spec, RunResult r) {
        Path f = folder.runRecord(spec);
        try {
            storage.writeText(f, r.toText());
        } catch (IOException e) {
            if (r.status() == RunStatus.FAILED || r.status() == RunStatus.STOPPED) {
                // a record left saying "running" would be wrong: rewrite it in its own space
                try {
                    storage.overwriteText(f, r.toText());
                    return;
                } catch (IOException again) {
                    // said below (a failure) or thrown (a stop)
                }
            }
            if (r.status() == RunStatus.FAILED) {
                listener.onMessage("could not record the failure of run " + spec.id() + " in " + f + ": " + describe(e));
            } else {
                throw failure(f, e, null);
            }
        }
    }

    private synchronized void writeSummary() {
        if (point >= 0) {
            return; // a grid point writes only its own folder
        }
        List<RunResult> all = results();
        String title = SweepSummary.title(manifest);
        try {
            storage.writeText(folder.summaryMarkdown(), SweepSummary.markdown(title, all));
            storage.writeText(folder.summaryCsv(), SweepSummary.csv(all));
            summaryProblem = null;
        } catch (IOException e) {
            boolean first = summaryProblem == null;
            summaryProblem = "could not write the summary in " + folder.dir() + ": " + describe(e);
            if (first) {
                listener.onMessage(summaryProblem);
            }
        }
    }

    /** Why the summary files are not up to date (the last write failed), or null when they are. */
    public String summaryProblem() {
        return summaryProblem;
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return m == null || m.isBlank() ? kind : m;
    }
}
