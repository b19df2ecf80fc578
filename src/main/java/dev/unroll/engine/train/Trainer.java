package dev.unroll.engine.train;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Rng;
import dev.unroll.engine.RunMemory;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.generate.Sampler;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.kernel.KernelPool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The training loop of min-char-rnn, iteration for iteration:
 * <pre>
 *   if p + T + 1 >= train length: h = 0, p = 0        (and h = 0 at the very start)
 *   every sampleEvery iterations: sample from (h, data[p]) before the update
 *   loss, grads, h = BPTT over data[p .. p+T] -> data[p+1 .. p+T+1]
 *   smooth = 0.999 smooth + 0.001 loss
 *   Adagrad step; p += T; n += 1
 * </pre>
 * That is the default; the configuration's {@link Optimization} may choose another optimizer (RMSprop,
 * Adam), clipping by the gradients' global norm instead of entry by entry, and a learning-rate decay
 * (the rate of each update is {@link LearningRateDecay#rate} of the rate set).
 *
 * <p>Layers and batches. With a {@link Depth} other than {@link Depth#single()} the model is a
 * {@link DeepRnn} of L layers trained on B streams, char-rnn's batching:
 * <pre>
 *   the training text is cut into B stretches of floor(train length / B) characters; stream b reads stretch b
 *   if p + T + 1 >= stretch length: every stream's state = 0, p = 0     (the streams wrap together)
 *   every sampleEvery iterations: sample from (stream 0's state, data[p]) before the update
 *   loss, grads, states = BPTT over each stream's data[b S + p .. b S + p + T], the mean over the B T characters
 *   the window loss reported (and smoothed) is T times that mean: a window's sum, averaged over the streams
 *   optimizer step; p += T; n += 1
 * </pre>
 * At B = 1 and L = 1 this is the seed's loop; the seed-exact cells run it (the code path above).
 * The gradients of the mean are 1/(B T) of the window sums' the seed path takes; Adagrad, RMSprop and
 * Adam are nearly invariant to that scale (but for their epsilon and for clipping), so a learning rate
 * carries over. The state carried between windows is B rows of the model's state (stream 0 first);
 * the validation loss is measured as on the seed path, from a zero state, one stream, no dropout.
 * Dropout masks are drawn from the run's generator, so a run is reproducible.
 * An optional tail of the corpus is held out and its mean loss per character is measured every
 * {@code evalEvery} iterations. {@link #run} drives the loop under a {@link RunControl} and publishes
 * {@link TrainingSnapshot}s to a listener at a bounded rate, never per iteration.
 *
 * <p>Threading: {@link #run} and {@link #iterate} belong to one thread. {@link #snapshot()},
 * {@link #modelSnapshot()} and {@link #exportState()} may be called from any thread; they wait at
 * most one iteration. The learning rate, temperature and publication settings are volatile and may
 * be changed at any time; they take effect at the next iteration.
 */
public final class Trainer {
    /** The validation loss is measured on at most this many characters of the held-out tail. */
    public static final int MAX_VALIDATION_CHARS = 10_000;
    /** Samples kept for snapshots. */
    public static final int SAMPLES_KEPT = 200;

    private final Corpus corpus;
    /** The window being trained: the corpus's codes of [pointer, pointer + T + 1), copied each iteration. */
    private final int[] window;
    private final int trainLength;
    private final TrainingConfig config;
    private final RecurrentModel model;
    /** The stacked, batched model when the configuration's {@link Depth} is not the seed's; null otherwise. */
    private final DeepRnn deep;
    /** Characters of each stream's stretch of the training text (the training length at batch 1). */
    private final int streamLength;
    /** The threads of the stacked model's products ({@link #setThreads}); null: the training thread alone. */
    private KernelPool pool;
    private final Optimizer optimizer;
    private final Rng rng;
    private final double[] hprev;
    /** The parameters and gradients in {@link TrainingStats}' order (its three matrices first). */
    private final List<Tensor> statsParameters;
    private final List<Tensor> statsGradients;
    /** The model's index of each of {@link TrainingStats}' three matrices, and the norms of their last steps. */
    private final int[] statsIndex;
    private final double[] statsUpdateNorms = new double[3];
    private final LossHistory history = new LossHistory();
    /** Weight/gradient statistics every few iterations (see {@link TrainingStats}); published in snapshots. */
    private final TrainingStats stats = new TrainingStats();
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    /** Copies of the weights at scheduled iterations, kept after the update of such an iteration. */
    private final RunHistory runHistory = new RunHistory(RunHistory.DEFAULT_BUDGET_BYTES);
    private List<Sample> samplesView = List.of();

    private int pointer;
    private long iteration;
    private double smoothLoss;
    private double lastLoss = Double.NaN;
    private double valLoss = Double.NaN;
    private long elapsedNanos;
    private boolean hasTrace;
    /** Shortest time between two recomputed traces of a stacked or batched model while it runs. */
    static final long STACKED_TRACE_NANOS = 250_000_000L;
    /**
     * A stacked trace is recomputed at most once per this many times what the last one took, so that it takes at most
     * a twentieth of the training thread's time whatever the model's size and the machine's load.
     */
    static final int STACKED_TRACE_BUDGET = 20;
    private WindowTrace stackedTrace;
    private long stackedTraceCost;
    /** Set when traces were disabled: the trace kept from before is not shown when they are enabled again. */
    private volatile boolean stackedTraceStale;
    private long stackedTraceIteration = -1;
    private long stackedTraceNanos;
    private volatile RunState state = RunState.READY;
    private volatile String message = "";

    private volatile double learningRate;
    private volatile double temperature;
    private volatile long publishIntervalNanos = 40_000_000L;
    private volatile long modelCopyEvery = 0;
    private volatile long publishEvery = 0;
    private volatile boolean modelCopyRequested;
    private volatile boolean traceEnabled = true;
    private volatile boolean statsEnabled = true;
    private ModelSnapshot lastModel;
    private volatile IterationListener iterationListener;

    private long speedIter;
    private long speedNanos;
    private double itersPerSecond;

    /** A new run of the config's cell: weights initialised from the config's seed ({@link Cell#create}). */
    public Trainer(Corpus corpus, TrainingConfig config) {
        this(corpus, config, (TrainerState) null);
    }

    /** A new run of {@code cell}, whatever the config's: the same as {@code new Trainer(corpus, config.withCell(cell))}. */
    public Trainer(Corpus corpus, TrainingConfig config, Cell cell) {
        this(corpus, config.withCell(cell), (TrainerState) null);
    }

    private Trainer(Corpus corpus, TrainingConfig config, TrainerState state) {
        this.corpus = corpus;
        this.config = config;
        int n = corpus.length();
        this.trainLength = trainingLength(n, config.valFraction());
        int held = n - trainLength;
        int T = config.sequenceLength();
        if (trainLength < T + 1) {
            throw new BadInputException(corpus.name() + " is too short: " + trainLength + " training characters"
                    + (held > 0 ? " (after holding out " + held + " for validation)" : "")
                    + ", but a window of sequence length " + T + " needs at least " + (T + 1));
        }
        if (held == 1) {
            throw new BadInputException("the validation fraction holds out only one character; use 0 or a larger fraction");
        }
        String cellName = config.cell() == Cell.VANILLA ? "" : " (" + config.cell().cliName() + " cell)";
        Depth depth = config.depth();
        int vocab = corpus.vocabulary().size();
        RunMemory.requireFits(config.trainingBytes(vocab) + corpus.memoryBytes(), "a run of hidden size " + config.hiddenSize()
                + cellName + depth.describe() + " on " + vocab + " distinct characters");
        this.streamLength = trainLength / depth.batchSize();
        if (streamLength < T + 1) {
            throw new BadInputException(corpus.name() + " is too short for batch size " + depth.batchSize() + ": each stream reads "
                    + streamLength + " of the " + trainLength + " training characters, but a window of sequence length " + T
                    + " needs at least " + (T + 1));
        }
        this.window = new int[depth.batchSize() * (T + 1)];
        this.rng = new Rng(config.seed());
        if (depth.isSingle()) {
            this.deep = null;
            this.model = config.cell().create(vocab, config.hiddenSize(), rng);
        } else {
            this.deep = new DeepRnn(config.cell(), vocab, config.hiddenSize(), depth.layers(), depth.dropout(), depth.precision(), rng);
            this.model = deep;
        }
        this.optimizer = config.optimization().optimizer().create();
        optimizer.initialise(model.parameters());
        this.hprev = new double[depth.batchSize() * model.stateSize()];
        this.statsParameters = matricesFirst(model.parameters());
        this.statsGradients = matricesFirst(model.gradients());
        this.statsIndex = model.cell() == Cell.VANILLA && deep == null ? new int[] {0, 1, 2}
                : new int[] {0, 1, model.parameters().size() - 2};
        this.smoothLoss = config.initialSmoothLoss(corpus.vocabulary().size());
        this.learningRate = config.learningRate();
        this.temperature = config.temperature();
        if (state != null) {
            restore(state);
        }
    }

    /**
     * Continues a saved run on its corpus; the corpus must have the run's vocabulary, and the saved
     * parameters must be those of the configuration's cell, with its shapes.
     */
    public static Trainer resume(Corpus corpus, TrainerState state) {
        if (!corpus.vocabulary().equals(state.vocabulary())) {
            throw new BadInputException("the checkpoint was trained on another vocabulary (" + state.vocabulary().size()
                    + " characters) than " + corpus.name() + " has (" + corpus.vocabulary().size() + ")");
        }
        Cell saved = Cell.ofParameters(state.parameters());
        if (saved != state.config().cell()) {
            throw new BadInputException("the saved parameters are those of a " + saved.cliName() + " cell, but the settings say "
                    + state.config().cell().cliName());
        }
        return new Trainer(corpus, state.config(), state);
    }

    private void restore(TrainerState s) {
        List<Tensor> ps = model.parameters();
        List<Tensor> os = optimizer.state();
        if (s.parameters().size() != ps.size()) {
            throw new BadInputException("the checkpoint holds " + s.parameters().size() + " parameters, expected " + ps.size());
        }
        if (!s.optimizer().equals(optimizer.name()) || s.memory().size() != os.size()) {
            throw new BadInputException("the checkpoint holds " + s.memory().size() + " state arrays of the optimizer "
                    + s.optimizer() + ", expected " + os.size() + " of " + optimizer.name());
        }
        for (int i = 0; i < ps.size(); i++) {
            requireShape(ps.get(i), s.parameters().get(i));
            ps.get(i).copyFrom(s.parameters().get(i));
        }
        for (int i = 0; i < os.size(); i++) {
            requireShape(os.get(i), s.memory().get(i));
            os.get(i).copyFrom(s.memory().get(i));
        }
        if (s.hidden().length != hprev.length) {
            throw new BadInputException("the checkpoint's state has " + s.hidden().length + " entries, expected " + hprev.length);
        }
        if (s.pointer() < 0 || s.pointer() >= corpus.length()) {
            throw new BadInputException("the checkpoint's data pointer " + s.pointer() + " lies outside the corpus");
        }
        System.arraycopy(s.hidden(), 0, hprev, 0, hprev.length);
        pointer = s.pointer();
        iteration = s.iteration();
        smoothLoss = s.smoothLoss();
        lastLoss = s.lastLoss();
        valLoss = s.valLoss();
        rng.setState(s.rngState());
        learningRate = s.learningRate();
        temperature = s.temperature();
        elapsedNanos = s.elapsedNanos();
        for (Sample sample : s.samples()) {
            addSample(sample);
        }
        runHistory.restore(s.history());
        state = iteration >= config.iterations() ? RunState.FINISHED : RunState.STOPPED;
    }

    /**
     * The tensors reordered for {@link TrainingStats}, whose three matrices are the input, recurrent
     * and output weights: unchanged for the vanilla cell (Wxh, Whh, Why, bh, by); for a gated cell
     * weight_ih, weight_hh, Why, then bias_ih, bias_hh, by; for a stacked model weight_ih_l0,
     * weight_hh_l0, Why, then the others in the model's order.
     */
    private List<Tensor> matricesFirst(List<Tensor> ts) {
        if (deep != null) { // weight_ih_l0, weight_hh_l0, Why, then the others in their order
            List<Tensor> out = new ArrayList<>(List.of(ts.get(0), ts.get(1), ts.get(ts.size() - 2)));
            for (int i = 2; i < ts.size(); i++) {
                if (i != ts.size() - 2) {
                    out.add(ts.get(i));
                }
            }
            return List.copyOf(out);
        }
        if (model.cell() == Cell.VANILLA) {
            return ts;
        }
        return List.of(ts.get(0), ts.get(1), ts.get(4), ts.get(2), ts.get(3), ts.get(5));
    }

    private static void requireShape(Tensor expected, Tensor got) {
        if (!expected.sameShape(got)) {
            throw new BadInputException("the checkpoint's " + got.name + " is " + got.rows + "x" + got.cols
                    + ", expected " + expected.rows + "x" + expected.cols);
        }
    }

    // ---- the loop ----

    /**
     * One iteration: an optional sample, one window forward and backward, one optimizer step.
     *
     * @return the window's loss; NaN or infinite means the run diverged (the update is not applied)
     */
    public synchronized double iterate() {
        if (deep != null) {
            return iterateStreams();
        }
        final int T = config.sequenceLength();
        if (pointer + T + 1 >= trainLength) {
            Arrays.fill(hprev, 0);
            pointer = 0;
        }
        if (config.sampleEvery() > 0 && iteration % config.sampleEvery() == 0) {
            addSample(new Sample(iteration, smoothLoss, temperature, sampleText(corpus.at(pointer), config.sampleLength(), temperature)));
        }
        corpus.copyCodes(pointer, pointer + T + 1, window, 0);
        Optimization how = config.optimization();
        double loss = model.trainWindow(window, 0, T, hprev, how.clipMode().elementBound(config.clip()));
        hasTrace = true;
        return finishIteration(loss, how);
    }

    /** {@link #iterate()} for a stacked or batched model: see the class comment. */
    private double iterateStreams() {
        final int T = config.sequenceLength();
        final int B = config.depth().batchSize();
        if (pointer + T + 1 >= streamLength) {
            Arrays.fill(hprev, 0);
            pointer = 0;
        }
        if (config.sampleEvery() > 0 && iteration % config.sampleEvery() == 0) {
            addSample(new Sample(iteration, smoothLoss, temperature, sampleText(corpus.at(pointer), config.sampleLength(), temperature)));
        }
        for (int b = 0; b < B; b++) {
            final int from = b * streamLength + pointer;
            corpus.copyCodes(from, from + T + 1, window, b * (T + 1));
        }
        Optimization how = config.optimization();
        double loss = T * deep.trainBatch(window, B, T, hprev, how.clipMode().elementBound(config.clip()), rng);
        hasTrace = true;
        return finishIteration(loss, how);
    }

    /** The part of an iteration after the gradients, shared by both paths: divergence, clipping by norm, the update, the records. */
    private double finishIteration(double loss, Optimization how) {
        final int T = config.sequenceLength();
        lastLoss = loss;
        if (!Double.isFinite(loss)) {
            state = RunState.DIVERGED;
            message = "the loss became " + (Double.isNaN(loss) ? "NaN" : "infinite") + " at iteration " + (iteration + 1)
                    + " (learning rate " + learningRate + "); try a lower learning rate";
            return loss;
        }
        if (how.clipMode() == ClipMode.NORM) {
            double norm = ClipMode.clipByGlobalNorm(model.gradients(), config.clip());
            if (!Double.isFinite(norm)) {
                state = RunState.DIVERGED;
                message = "the gradient norm became " + (Double.isNaN(norm) ? "NaN" : "infinite") + " at iteration " + (iteration + 1)
                        + " (learning rate " + learningRate + "); try a lower learning rate";
                return Double.NaN;
            }
        }
        smoothLoss = smoothLoss * 0.999 + loss * 0.001;
        final double rate = effectiveLearningRate();
        optimizer.step(model.parameters(), model.gradients(), rate);
        pointer += T;
        iteration++;
        history.add(iteration, loss, smoothLoss);
        if (statsEnabled && stats.due(iteration)) {
            for (int m = 0; m < statsIndex.length; m++) {
                statsUpdateNorms[m] = optimizer.updateNorm(statsIndex[m], model.gradients().get(statsIndex[m]), rate);
            }
            stats.record(iteration, statsParameters, statsGradients, statsUpdateNorms, how.clipMode().elementBound(config.clip()));
        }
        if (trainLength < corpus.length() && iteration % config.evalEvery() == 0) {
            valLoss = validationLoss();
            history.addValidation(iteration, valLoss);
        }
        if (runHistory.isDue(iteration)) {
            runHistory.keep(iteration, model.parameters(), smoothLoss, valLoss);
        }
        return loss;
    }

    /** Stream 0's state (the whole state at batch 1), a copy for sampling from. */
    private double[] firstStreamState() {
        return Arrays.copyOf(hprev, model.stateSize());
    }

    private String sampleText(int seedIndex, int length, double temp) {
        double[] h = firstStreamState();
        int[] idx = Sampler.generate(model, h, seedIndex, length, temp, Sampler.Mode.SAMPLE, 0, rng);
        return corpus.vocabulary().decode(idx);
    }

    private void addSample(Sample s) {
        runHistory.attachSample(s);
        samples.addLast(s);
        while (samples.size() > SAMPLES_KEPT) {
            samples.removeFirst();
        }
        samplesView = null;
    }

    /**
     * Characters of a corpus of {@code corpusLength} characters that are trained on: the corpus less
     * its held-out tail of floor(length x valFraction) characters.
     */
    public static int trainingLength(int corpusLength, double valFraction) {
        return corpusLength - (int) Math.floor(corpusLength * valFraction);
    }

    /**
     * Characters of the held-out tail that the validation loss reads (the first one is context
     * only): at most {@value #MAX_VALIDATION_CHARS} + 1.
     */
    public static int validationSpan(int corpusLength, double valFraction) {
        return Math.min(corpusLength - trainingLength(corpusLength, valFraction), MAX_VALIDATION_CHARS + 1);
    }

    /** Mean loss per character over (at most {@value #MAX_VALIDATION_CHARS} characters of) the held-out tail, from a zero state. */
    public synchronized double validationLoss() {
        int n = validationSpan(corpus.length(), config.valFraction());
        if (n < 2) {
            return Double.NaN;
        }
        int[] in = corpus.codes(trainLength, trainLength + n - 1);
        int[] tg = corpus.codes(trainLength + 1, trainLength + n);
        double loss = model.forward(in, tg, new double[model.stateSize()], null, null, null);
        return loss / (n - 1);
    }

    /**
     * Trains until the configured number of iterations, a stop, or divergence, publishing snapshots
     * to {@code listener} about every {@link #setPublishInterval publish interval}, at every single
     * step, on pausing and at the end. Returns the final state. May be called again after a stop to
     * continue. An unexpected exception marks the run FAILED, is published (with its message, or
     * for an OutOfMemoryError {@link RunMemory#outOfMemory()}'s line), and is rethrown.
     */
    public RunState run(RunControl control, TrainingListener listener) {
        if (state == RunState.DIVERGED) {
            listener.onSnapshot(snapshot());
            return state;
        }
        state = RunState.RUNNING;
        message = "";
        speedIter = iteration;
        speedNanos = elapsedNanos;
        listener.onSnapshot(snapshot());
        long lastPublish = System.nanoTime();
        long nextSlot = lastPublish;
        try {
            while (iteration < config.iterations()) {
                if (control.wouldBlock()) {
                    state = RunState.PAUSED;
                    listener.onSnapshot(snapshot());
                }
                if (!control.awaitTurn()) {
                    state = RunState.STOPPED;
                    break;
                }
                boolean stepping = control.isPaused();
                state = stepping ? RunState.PAUSED : RunState.RUNNING;
                double rate = control.maxIterationsPerSecond();
                long start = System.nanoTime();
                if (Double.isFinite(rate)) {
                    long wait = nextSlot - start;
                    if (wait > 0 && !stepping) {
                        LockSupport.parkNanos(wait);
                    }
                    start = System.nanoTime();
                    nextSlot = Math.max(nextSlot, start - 1_000_000_000L) + (long) (1e9 / rate);
                } else {
                    nextSlot = start;
                }
                iterate();
                long end = System.nanoTime();
                elapsedNanos += end - start;
                if (state == RunState.DIVERGED) {
                    break;
                }
                if (iterationListener != null) {
                    iterationListener.afterIteration(iteration, lastLoss, smoothLoss, valLoss, elapsedNanos);
                }
                long every = publishEvery;
                if (stepping || end - lastPublish >= publishIntervalNanos || Double.isFinite(rate)
                        || (every > 0 && iteration % every == 0)) {
                    lastPublish = end;
                    listener.onSnapshot(snapshot());
                }
            }
            if (state == RunState.RUNNING || state == RunState.PAUSED) {
                state = iteration >= config.iterations() ? RunState.FINISHED : RunState.STOPPED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = RunState.STOPPED;
        } catch (RuntimeException | Error e) {
            state = RunState.FAILED;
            message = e instanceof OutOfMemoryError ? RunMemory.outOfMemory() : "training failed: " + e;
            listener.onSnapshot(snapshot());
            throw e;
        }
        modelCopyRequested = true;
        listener.onSnapshot(snapshot());
        return state;
    }

    // ---- what other threads may ask for ----

    /** A snapshot of the run now. */
    public synchronized TrainingSnapshot snapshot() {
        updateSpeed();
        if (samplesView == null) {
            samplesView = List.copyOf(samples);
        }
        long every = modelCopyEvery;
        boolean copy = modelCopyRequested
                || (every > 0 && (lastModel == null || iteration - lastModel.iteration() >= every))
                || (state != RunState.RUNNING && (lastModel == null || lastModel.iteration() != iteration));
        if (copy) {
            modelCopyRequested = false;
            lastModel = copyModel();
        }
        WindowTrace trace = traceEnabled && hasTrace ? trace() : null;
        // a stacked model's trace is recomputed now and then: it holds the window of the iteration it was taken at
        long windowIteration = deep != null && trace != null ? stackedTraceIteration : iteration;
        return new TrainingSnapshot(iteration, config.iterations(), state, message, lastLoss, smoothLoss, valLoss,
                itersPerSecond, elapsedNanos, learningRate, temperature, config, corpus.vocabulary(), history.view(),
                samplesView, trace, lastModel, stats.view(), false, windowIteration);
    }

    /**
     * The last window's trace: the model's own for one layer at batch 1 (kept as it trains); for a stacked
     * or batched model one recomputed by {@link DeepRnn#lastTrace} (a pass through every layer), while running at
     * most every {@value #STACKED_TRACE_NANOS} ns and at most once per {@value #STACKED_TRACE_BUDGET} times what the
     * last one took (its forward and backward pass in float64 at batch 1 can cost a good part of an iteration), so
     * that a window drawn 25 times a second does not slow the run it shows.
     */
    private WindowTrace trace() {
        if (deep == null) {
            return model.lastTrace();
        }
        long now = System.nanoTime();
        long gap = Math.max(STACKED_TRACE_NANOS, STACKED_TRACE_BUDGET * stackedTraceCost);
        if (stackedTrace == null || stackedTraceStale || (stackedTraceIteration != iteration
                && (state != RunState.RUNNING || now - stackedTraceNanos >= gap))) {
            stackedTraceStale = false;
            stackedTrace = deep.lastTrace();
            long end = System.nanoTime();
            stackedTraceCost = end - now;
            stackedTraceIteration = iteration;
            stackedTraceNanos = end;
        }
        return stackedTrace;
    }

    private void updateSpeed() {
        long dn = elapsedNanos - speedNanos;
        long di = iteration - speedIter;
        if (dn >= 200_000_000L && di > 0) {
            double now = di * 1e9 / dn;
            itersPerSecond = itersPerSecond == 0 ? now : 0.5 * itersPerSecond + 0.5 * now;
            speedIter = iteration;
            speedNanos = elapsedNanos;
        }
    }

    /** A copy of the current weights (and gradients and optimizer memory). */
    public synchronized ModelSnapshot modelSnapshot() {
        lastModel = copyModel();
        return lastModel;
    }

    private ModelSnapshot copyModel() {
        return new ModelSnapshot(iteration, corpus.vocabulary(), copies(model.parameters()), copies(model.gradients()),
                copies(optimizer.memory()));
    }

    private static List<Tensor> copies(List<Tensor> ts) {
        List<Tensor> out = new ArrayList<>(ts.size());
        for (Tensor t : ts) {
            out.add(t.copy());
        }
        return out;
    }

    /** Everything a checkpoint needs to continue this run bit for bit. */
    public synchronized TrainerState exportState() {
        return new TrainerState(config, corpus.vocabulary(), optimizer.name(), copies(model.parameters()),
                copies(optimizer.state()), hprev.clone(), pointer, iteration, smoothLoss, lastLoss, valLoss,
                rng.state(), learningRate, temperature, elapsedNanos, List.copyOf(samples), runHistory.entries());
    }

    /**
     * Draws a text from the current weights and hidden state without disturbing the run: a copy of
     * the hidden state, and a generator of its own (so the run's random sequence is untouched).
     */
    public synchronized String sample(int length, double temp, long seed) {
        double[] h = firstStreamState();
        int[] idx = Sampler.generate(model, h, corpus.at(Math.min(pointer, corpus.length() - 1)), length, temp, Sampler.Mode.SAMPLE, 0, new Rng(seed));
        return corpus.vocabulary().decode(idx);
    }

    /**
     * Draws a text that follows the character of index {@code first}, from the current weights and
     * a copy of the hidden state, with the caller's generator (the run's own is untouched): as the
     * original experiment's results file draws its samples.
     */
    public synchronized String sample(int first, int length, double temp, Rng random) {
        double[] h = firstStreamState();
        int[] idx = Sampler.generate(model, h, first, length, temp, Sampler.Mode.SAMPLE, 0, random);
        return corpus.vocabulary().decode(idx);
    }

    /**
     * Called by {@link #run} on the training thread after every completed (finite) iteration, with
     * plain numbers only, so that a caller can log every iteration or save checkpoints between
     * iterations without the trainer allocating anything. It runs outside the timed part of the
     * iteration; it may call {@link #exportState()}. It must not call {@link #run} or {@link #iterate}.
     */
    @FunctionalInterface
    public interface IterationListener {
        /**
         * @param iteration    iterations done, this one included
         * @param loss         this window's loss (sum over the window)
         * @param smoothLoss   the smooth loss (sum over a window)
         * @param valLoss      the latest validation loss per character, NaN if none
         * @param elapsedNanos training time so far
         */
        void afterIteration(long iteration, double loss, double smoothLoss, double valLoss, long elapsedNanos);
    }

    /**
     * Takes the loss history of the run this trainer continues (its points up to this trainer's
     * iteration), e.g. after going back from a blow-up to an earlier state. Call before running.
     */
    public synchronized void continueHistory(LossHistory.View earlier) {
        history.replay(earlier, iteration);
    }

    /**
     * The weights kept so far ({@link RunHistory}: after iterations 100, 200, 500, 1,000, ..., within the
     * budget), oldest first; a resumed run's include those of the run it continues.
     */
    public synchronized List<HistoryEntry> history() {
        return runHistory.entries();
    }

    /** What the history holds against its budget ({@link #setHistoryBudget}; 0 when it is off), read at once. */
    public synchronized RunHistory.Usage historyUsage() {
        return runHistory.usage();
    }

    /**
     * Sets the history's budget in bytes ({@link RunHistory#DEFAULT_BUDGET_BYTES} unless set; 0: keep
     * none and drop those kept) and thins the history to it. Keeping copies never changes the training.
     *
     * @throws BadInputException when the budget is negative
     */
    public synchronized void setHistoryBudget(long bytes) {
        if (bytes < 0) {
            throw new BadInputException("the history's budget must be 0 or more bytes (got " + bytes + ")");
        }
        runHistory.setBudget(bytes);
    }

    /** Sets (or clears, with null) the per-iteration listener of {@link #run}; set it before running. */
    public void setIterationListener(IterationListener listener) {
        iterationListener = listener;
    }

    // ---- threads ----

    /**
     * Computes the stacked model's matrix products on {@code threads} threads (the training thread and
     * {@code threads - 1} workers, made now and kept until {@link #close()} or the next call). The result is
     * bit for bit the same for every thread count. The seed path (one layer at batch 1) runs on the training
     * thread whatever is set: its products are matrix-vector ones, too small to share. Call between iterations.
     *
     * @throws BadInputException when threads is below 1 or above {@value #MAX_THREADS}
     */
    public synchronized void setThreads(int threads) {
        setThreads(threads, KernelPool.DEFAULT_SERIAL_BELOW);
    }

    /** The most threads {@link #setThreads} takes. */
    public static final int MAX_THREADS = 256;

    /**
     * Threads a lone run takes when not told: every core the JVM sees (the result is the same for every
     * count, so this changes only the speed; a sweep or a comparison running several models divides them).
     */
    public static int defaultThreads() {
        return Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** {@link #setThreads(int)} with the pool's threshold below which a product stays on one thread (tests use 0). */
    synchronized void setThreads(int threads, long serialBelow) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new BadInputException("threads must be between 1 and " + MAX_THREADS + " (got " + threads + ")");
        }
        close();
        if (deep != null && threads > 1) {
            pool = new KernelPool(threads, serialBelow);
            deep.setPool(pool);
        }
    }

    /** Threads the products run on: 1, or what {@link #setThreads} set for a stacked model. */
    public synchronized int threads() {
        return pool == null ? 1 : pool.threads();
    }

    /** Stops the worker threads of {@link #setThreads}, if any; the trainer goes on with one thread. */
    public synchronized void close() {
        if (pool != null) {
            deep.setPool(null);
            pool.close();
            pool = null;
        }
    }

    // ---- settings that may change during a run ----

    public void setLearningRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new BadInputException("learning rate must be a positive finite number (got " + lr + ")");
        }
        learningRate = lr;
    }

    public void setTemperature(double t) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new BadInputException("temperature must be a positive finite number (got " + t + ")");
        }
        temperature = t;
    }

    /** Minimum time between two published snapshots while running (default 40 ms). */
    public void setPublishInterval(long nanos) {
        publishIntervalNanos = Math.max(0, nanos);
    }

    /**
     * Also publish a snapshot after every iteration that is a multiple of this (0, the default: on the
     * {@linkplain #setPublishInterval interval} only), so that a listener that analyses snapshots sees the
     * same iterations however fast the machine trains.
     */
    public void setPublishEvery(long iterations) {
        publishEvery = Math.max(0, iterations);
    }

    /** Copy the weights into the snapshot every this many iterations (0: only when paused, stopped or asked). */
    public void setModelCopyEvery(long iterations) {
        modelCopyEvery = Math.max(0, iterations);
    }

    /** The next snapshot will carry a fresh copy of the weights. */
    public void requestModelCopy() {
        modelCopyRequested = true;
    }

    /**
     * Whether snapshots carry the last window's trace (default true). Enabled again, a stacked model's next snapshot
     * carries a window recomputed then, not the one kept from before.
     */
    public void setTraceEnabled(boolean enabled) {
        if (!enabled) {
            stackedTraceStale = true;
        }
        traceEnabled = enabled;
    }

    /**
     * Whether a snapshot's trace costs this run work: true for a stacked or batched model, whose window is recomputed
     * for the snapshot ({@link DeepRnn#lastTrace}); false for one layer at batch 1, which keeps it as it trains.
     */
    public boolean recomputesTrace() {
        return deep != null;
    }

    /** Whether the trainer records {@link TrainingStats} every few iterations (default true). */
    public void setStatsEnabled(boolean enabled) {
        statsEnabled = enabled;
    }

    // ---- plain facts ----

    /** The cell being trained. */
    public Cell cell() {
        return model.cell();
    }

    public TrainingConfig config() {
        return config;
    }

    public Corpus corpus() {
        return corpus;
    }

    public RunState state() {
        return state;
    }

    public String message() {
        return message;
    }

    public synchronized long iteration() {
        return iteration;
    }

    public synchronized double smoothLoss() {
        return smoothLoss;
    }

    public synchronized double lastLoss() {
        return lastLoss;
    }

    /** The learning rate set (the configuration's, or the one set during the run), before any decay. */
    public double learningRate() {
        return learningRate;
    }

    /**
     * The rate the next update uses: {@link #learningRate()} after the configuration's decay at the
     * iterations done ({@link LearningRateDecay#rate}); the rate set when there is no decay.
     */
    public double effectiveLearningRate() {
        return config.optimization().decay().rate(learningRate, iteration, config.iterations());
    }

    /** The latest validation loss, mean per character; NaN when none was measured. */
    public synchronized double valLoss() {
        return valLoss;
    }

    /** Training time so far (the time of {@link #run}'s iterations), pauses excluded. */
    public synchronized long elapsedNanos() {
        return elapsedNanos;
    }

    public double temperature() {
        return temperature;
    }

    /** Characters used for training (the corpus less the validation tail). */
    public int trainLength() {
        return trainLength;
    }

    /** Package-private: tests look at the live model. */
    public RecurrentModel model() {
        return model;
    }
}
