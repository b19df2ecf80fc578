package dev.unroll.engine.compare;

import dev.unroll.architecture.AllowedToStartThreads;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.baseline.NGramBaseline;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.inspect.GateSaturation;
import dev.unroll.engine.inspect.LongRangeMeasures;
import dev.unroll.engine.inspect.VanishingGradient;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.RunControl;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Vanilla, LSTM and GRU (or any list of cells) trained side by side on the same corpus at the same
 * number of weights, each on a thread of its own, with the analysis that shows why the gated cells
 * remember longer done on the trainers' threads: each cell's vanishing-gradient curve
 * ({@link VanishingGradient#ofWindow} on the window just trained), taken every
 * {@value #GRADIENT_EVERY} iterations and averaged over the recent windows analysed and over the first
 * ones ({@link GradientAverage}): the same windows on any machine, so the curves at an iteration do
 * not depend on how fast it trains; and, for a gated cell, its gate saturation over the start of the
 * validation text ({@link GateSaturation#ofText}), at most once per {@link #ANALYSIS_INTERVAL_NANOS
 * analysis interval}. The n-gram baseline of the corpus is measured
 * once, on the first run's thread, before it trains. When a run reaches its last iteration it draws
 * one more sample, from its final weights, so the samples shown at the end are of the iteration the
 * runs ended at.
 *
 * <p>Everything is published as one immutable {@link Snapshot}, latest wins: a front end reads
 * {@link #latest()} (or is told through the consumer given to {@link #start}) at its own rate and
 * draws it; nothing it does reaches the models.
 *
 * <p>Threading: the commands may be called from any thread; the consumer is called on the trainers'
 * threads and must return quickly (store the snapshot in an atomic reference).
 */
@AllowedToStartThreads("one of the engine's pools: the three cells train side by side, a thread each, for the app and the command line alike")
public final class CellComparison {
    /** Default time between two snapshots of one trainer. */
    public static final long DEFAULT_PUBLISH_NANOS = 50_000_000L;
    /** Shortest time between two gate-saturation analyses of one cell: 5 a second. */
    public static final long ANALYSIS_INTERVAL_NANOS = 200_000_000L;
    /**
     * Iterations between two windows whose vanishing-gradient curve is taken (the trainer publishes a
     * snapshot at each multiple). By the first validation (1,000 iterations) each curve averages 20 windows.
     */
    public static final int GRADIENT_EVERY = 50;
    /** Characters of the validation text (or of the corpus end, without a split) read for gate saturation. */
    public static final int SATURATION_CHARS = 500;
    /** Characters of the validation tail the long-range units are measured on when a run ends (as {@code compare-cells} does). */
    public static final int LONG_RANGE_CHARS = Trainer.MAX_VALIDATION_CHARS;
    /** The n-gram orders of the baseline; its best one is the line drawn. */
    public static final List<Integer> BASELINE_ORDERS = List.of(1, 2, 3, 4, 5);

    /**
     * One cell's latest state.
     *
     * @param config     the cell's run (its cell and matched hidden size)
     * @param parameters its number of weights and biases ({@link TrainingConfig#parameterCount}: the whole stack's)
     * @param training   the trainer's newest snapshot, or null before its first
     * @param gradient   the vanishing-gradient curve averaged over the recently analysed windows
     *                   ({@link GradientAverage#recent}), or null before the first analysis
     * @param startGradient the curve averaged over the first windows analysed ({@link GradientAverage#start}), or null before
     * @param saturation the newest gate saturation of a gated cell, null for the vanilla cell or before the first analysis
     * @param longRange  how far back the trained cell reaches ({@link LongRangeMeasures} on the validation tail: the
     *                   units most correlated with quotes and bracket depth), measured once its run has ended; null
     *                   before, or when the corpus has no tail to measure
     */
    public record CellState(TrainingConfig config, long parameters, TrainingSnapshot training, VanishingGradient.Mean gradient,
                            VanishingGradient.Mean startGradient, GateSaturation saturation, LongRangeMeasures longRange) {
        /** The cell. */
        public Cell cell() {
            return config.cell();
        }
    }

    /**
     * What the comparison publishes.
     *
     * @param cells          one state per cell, in the order of the configurations
     * @param baseline       the corpus's n-gram baseline, or null while it is measured (or when the corpus has no validation tail to score)
     * @param sampleIteration the newest iteration at which every cell has published a sample, or -1 when there is none yet
     * @param samples        each cell's sample at {@code sampleIteration} (same order; empty when there is none)
     * @param over           whether every run has ended
     */
    public record Snapshot(List<CellState> cells, NGramBaseline baseline, long sampleIteration, List<String> samples, boolean over) {
        public Snapshot {
            cells = List.copyOf(cells);
            samples = List.copyOf(samples);
        }
    }

    private final Corpus corpus;
    private final List<TrainingConfig> configs;
    private final long[] parameters;
    private final RunControl[] controls;
    private final AtomicReferenceArray<CellState> states;
    private final AtomicReference<NGramBaseline> baseline = new AtomicReference<>();
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();
    private final int[] saturationText;
    private final CountDownLatch done;
    private final AtomicInteger remaining;
    private volatile long publishNanos = DEFAULT_PUBLISH_NANOS;
    private final Object publishLock = new Object();
    private final SampleLog samplesLog;
    private volatile Consumer<Snapshot> consumer = s -> { };
    private boolean started;

    /**
     * A comparison of the given runs (typically {@link #matched}'s) on {@code corpus}.
     *
     * @throws BadInputException when there are no runs, or the corpus is too short for a run's window
     */
    public CellComparison(Corpus corpus, List<TrainingConfig> configs) {
        if (configs.isEmpty()) {
            throw new BadInputException("give at least one cell to compare");
        }
        this.corpus = corpus;
        this.configs = List.copyOf(configs);
        int n = configs.size();
        this.parameters = new long[n];
        this.controls = new RunControl[n];
        this.states = new AtomicReferenceArray<>(n);
        for (int i = 0; i < n; i++) {
            TrainingConfig c = configs.get(i);
            int train = Trainer.trainingLength(corpus.length(), c.valFraction());
            if (train < c.sequenceLength() + 1) {
                throw new BadInputException(corpus.name() + " is too short for windows of " + c.sequenceLength() + " characters");
            }
            parameters[i] = c.parameterCount(corpus.vocabulary().size());
            controls[i] = new RunControl();
            states.set(i, new CellState(c, parameters[i], null, null, null, null, null));
        }
        this.saturationText = saturationText(corpus, configs.get(0).valFraction());
        this.done = new CountDownLatch(n);
        this.remaining = new AtomicInteger(n);
        this.samplesLog = new SampleLog(n);
        publish();
    }

    /**
     * One run per cell over {@code base}, each with the hidden size whose weight count is closest to
     * {@code targetParameters} for the corpus's vocabulary at {@code base}'s depth: the whole stack's count
     * with more than one layer ({@link Cell#hiddenSizeMatching(int, long, int)}, as {@code compare-cells --layers} matches).
     *
     * @throws BadInputException when the target is out of a cell's range
     */
    public static List<TrainingConfig> matched(TrainingConfig base, int vocabularySize, long targetParameters, List<Cell> cells) {
        List<TrainingConfig> out = new ArrayList<>();
        int layers = base.depth().layers();
        for (Cell c : cells) {
            out.add(base.withCell(c, c.hiddenSizeMatching(vocabularySize, targetParameters, layers)));
        }
        return out;
    }

    /** The start of the validation tail (or the corpus's last characters without one), at most {@link #SATURATION_CHARS}. */
    private static int[] saturationText(Corpus corpus, double valFraction) {
        int[] data = corpus.encoded();
        int train = Trainer.trainingLength(data.length, valFraction);
        int from = train < data.length - 1 ? train : Math.max(0, data.length - SATURATION_CHARS);
        return Arrays.copyOfRange(data, from, Math.min(data.length, from + SATURATION_CHARS));
    }

    /** Minimum time between two snapshots of one trainer (default {@value #DEFAULT_PUBLISH_NANOS} ns); set before {@link #start}. */
    public void setPublishInterval(long nanos) {
        publishNanos = nanos;
    }

    /**
     * Starts every run on a daemon thread of its own; {@code onSnapshot} receives each new
     * {@link Snapshot} on those threads (it must return quickly).
     *
     * @throws IllegalStateException when started before
     */
    public synchronized void start(Consumer<Snapshot> onSnapshot) {
        if (started) {
            throw new IllegalStateException("the comparison was started already");
        }
        started = true;
        consumer = onSnapshot == null ? s -> { } : onSnapshot;
        for (int i = 0; i < configs.size(); i++) {
            int index = i;
            Thread t = new Thread(() -> runOne(index), "unroll-compare-" + configs.get(i).cell().cliName());
            t.setDaemon(true);
            t.start();
        }
    }

    private void runOne(int i) {
        try {
            if (i == 0) {
                measureBaseline();
            }
            Trainer trainer = new Trainer(corpus, configs.get(i));
            trainer.setStatsEnabled(false);
            trainer.setPublishInterval(publishNanos);
            trainer.setModelCopyEvery(1); // each published snapshot carries the weights its window was trained with
            trainer.setPublishEvery(GRADIENT_EVERY);
            long[] lastAnalysis = {Long.MIN_VALUE, -1}; // the time of the last saturation analysis, the iteration of the last gradient window
            GradientAverage average = new GradientAverage();
            trainer.run(controls[i], s -> onSnapshot(i, s, lastAnalysis, average));
            finalSample(i, trainer);
            measureLongRange(i);
        } catch (RuntimeException | Error e) {
            // the trainer published the failure in its last snapshot; the other runs go on
        } finally {
            remaining.decrementAndGet();
            publish(); // the last run's end is published before await() returns
            done.countDown();
        }
    }

    private void measureBaseline() {
        TrainingConfig c = configs.get(0);
        if (Trainer.validationSpan(corpus.length(), c.valFraction()) < 2) {
            return;
        }
        try {
            baseline.set(NGramBaseline.measure(corpus, c.valFraction(), BASELINE_ORDERS, Trainer.MAX_VALIDATION_CHARS));
        } catch (BadInputException e) {
            // a tail too short to score: the comparison shows no baseline
        }
    }

    /** Once run {@code i} has ended: how far back its last weights reach, on the validation tail ({@link LongRangeMeasures}). */
    private void measureLongRange(int i) {
        CellState old = states.get(i);
        if (old.training() == null || old.training().model() == null) {
            return;
        }
        TrainingConfig c = old.config();
        try {
            LongRangeMeasures m = LongRangeMeasures.of(old.training().model(), corpus, c.valFraction(), c.sequenceLength(), LONG_RANGE_CHARS);
            states.set(i, new CellState(c, old.parameters(), old.training(), old.gradient(), old.startGradient(), old.saturation(), m));
        } catch (BadInputException e) {
            // no validation tail to measure on: the comparison shows no long-range units
        }
    }

    /**
     * Once run {@code i} has trained all its iterations: its sample at that iteration, drawn from the final
     * weights (the trainer samples before an iteration's update, so its last one is {@code sampleEvery} earlier).
     */
    private void finalSample(int i, Trainer trainer) {
        TrainingConfig c = configs.get(i);
        CellState old = states.get(i);
        if (c.sampleEvery() <= 0 || old.training() == null || old.training().state() != RunState.FINISHED) {
            return;
        }
        long it = trainer.iteration();
        String text = trainer.sample(c.sampleLength(), c.temperature(), c.seed() + it);
        samplesLog.add(i, List.of(new Sample(it, trainer.smoothLoss(), c.temperature(), text)));
    }

    private void onSnapshot(int i, TrainingSnapshot s, long[] lastAnalysis, GradientAverage average) {
        CellState old = states.get(i);
        VanishingGradient.Mean flow = old.gradient();
        VanishingGradient.Mean startFlow = old.startGradient();
        GateSaturation sat = old.saturation();
        long now = System.nanoTime();
        boolean windowDue = s.iteration() > 0 && s.iteration() % GRADIENT_EVERY == 0 && s.iteration() != lastAnalysis[1];
        if (windowDue && s.model() != null && s.trace() != null && s.trace().length() > 0) {
            lastAnalysis[1] = s.iteration();
            average.add(VanishingGradient.ofWindow(s.model(), s.trace()));
            flow = average.recent();
            startFlow = average.start();
        }
        boolean due = lastAnalysis[0] == Long.MIN_VALUE || now - lastAnalysis[0] >= ANALYSIS_INTERVAL_NANOS || s.state() != RunState.RUNNING;
        if (due && s.model() != null) {
            lastAnalysis[0] = now;
            if (configs.get(i).cell() != Cell.VANILLA && saturationText.length > 0) {
                sat = GateSaturation.ofText(s.model(), saturationText);
            }
        }
        states.set(i, new CellState(old.config(), old.parameters(), s, flow, startFlow, sat, null));
        samplesLog.add(i, s.samples());
        publish();
    }

    /**
     * Builds the snapshot of every cell's newest state and hands it on, under one lock: the three trainers'
     * threads publish in the order they build, so the last snapshot handed on is never older than one before it
     * (without the lock, a snapshot built before another run's last state could reach the consumer after the
     * one that says the comparison is over, and a finished cell read an earlier iteration on screen).
     */
    private void publish() {
        synchronized (publishLock) {
            publishNow();
        }
    }

    private void publishNow() {
        int n = configs.size();
        List<CellState> cells = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cells.add(states.get(i));
        }
        SampleLog.Common common = samplesLog.common();
        Snapshot snap = new Snapshot(cells, baseline.get(), common.iteration(), common.texts(), remaining.get() == 0);
        latest.set(snap);
        consumer.accept(snap);
    }

    /** The newest snapshot (never null: before any training it holds each cell's configuration). */
    public Snapshot latest() {
        return latest.get();
    }

    /** The runs, in order. */
    public List<TrainingConfig> configs() {
        return configs;
    }

    /** Pauses every run. */
    public void pause() {
        for (RunControl c : controls) {
            c.pause();
        }
    }

    /** Resumes every run. */
    public void resume() {
        for (RunControl c : controls) {
            c.resume();
        }
    }

    /** Stops every run (each ends its current iteration and publishes its last snapshot). */
    public void stop() {
        for (RunControl c : controls) {
            c.stop();
        }
    }

    /** Waits at most this long for every run to end; true when they have. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    /** Whether every run has ended (false before {@link #start}). */
    public boolean isOver() {
        return done.getCount() == 0;
    }
}
