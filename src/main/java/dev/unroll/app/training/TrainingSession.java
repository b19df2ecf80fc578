package dev.unroll.app.training;

import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.app.fx.LatestValue;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.io.ResultsFile;
import dev.unroll.engine.train.HealthyStates;
import dev.unroll.engine.train.HistoryEntry;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.RunControl;
import dev.unroll.engine.train.RunHistory;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingListener;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The app's one training run and its background thread. The trainer publishes snapshots into a
 * {@link LatestValue} (latest wins), whose frame timer, running only while the training thread
 * does, moves the newest one into {@link #snapshotProperty()} once per pulse at most, so the
 * JavaFX event queue is never flooded however fast training goes. Commands (start, pause, step, ...) are called on the JavaFX thread
 * and only steer the engine's {@link RunControl}; the model is never touched from here.
 */
public final class TrainingSession {
    private static final System.Logger LOG = System.getLogger(TrainingSession.class.getName());
    private final ReadOnlyObjectWrapper<TrainingSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper runExists = new ReadOnlyBooleanWrapper(this, "runExists", false);
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active", false);
    /**
     * The hand-off of the trainer's snapshots; its timer runs while the training thread does (launch
     * to end), and only then: an idle app runs no timer.
     */
    private final LatestValue<TrainingSnapshot> pump = new LatestValue<>("training-pump", s -> {
        snapshot.set(s);
        state.set(s.state());
    });

    /** The run's history ({@link Trainer#history()}), oldest first; empty without a run. */
    private final ReadOnlyObjectWrapper<List<HistoryEntry>> history = new ReadOnlyObjectWrapper<>(this, "history", List.of());
    /** The hand-off of the history, offered from the training thread when an entry was kept or dropped. */
    private final LatestValue<List<HistoryEntry>> historyPump = new LatestValue<>("history-pump", history::set);
    /** What the history held when it was last offered (training thread). */
    private volatile RunHistory.Usage offeredUsage;

    /**
     * A seam for tests, called on the training thread with each snapshot before it is handed over:
     * a test throws from it what the trainer could throw there (an OutOfMemoryError while copying
     * the weights for a snapshot) without exhausting the heap. Does nothing otherwise.
     */
    volatile TrainingListener onTrainingThread = TrainingListener.NONE;

    private volatile Trainer trainer;
    /** How often (training time) the run's state is kept for "back to iteration N" after a blow-up. */
    static final long HEALTH_EVERY_NANOS = 1_000_000_000L;
    /** The run's last healthy state, for going back after a blow-up; null without a run. */
    private volatile HealthyStates health;
    /** The iteration of the run last saved as a checkpoint (or adopted from one), -1 when none. */
    private volatile long savedIteration = -1;
    private RunControl control = new RunControl();
    private Thread thread;
    private Task<RunState> current;
    private double speed = Double.POSITIVE_INFINITY;
    /** The threads of a run's products ({@link #setThreads}). */
    private int threads = Trainer.defaultThreads();
    private final Map<Object, Long> copyCadences = new HashMap<>();
    /** The views that want the training window in the snapshots ({@link #setTraceWanted}). */
    private final Set<Object> traceWishes = new HashSet<>();

    public TrainingSession() {
    }

    /** Moves the newest published snapshot, if any, to the property. Called every pulse. */
    void deliver() {
        historyPump.deliverNow();
        pump.deliverNow();
    }

    /** The newest snapshot the UI has been handed (null when there is no run). */
    public ReadOnlyObjectProperty<TrainingSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public TrainingSnapshot snapshot() {
        return snapshot.get();
    }

    /**
     * The run's history as the UI knows it: the entries the trainer keeps ({@link Trainer#history()}), oldest
     * first, handed over with the snapshots (an entry kept shows at the latest with the snapshot after it);
     * empty without a run. JavaFX thread.
     */
    public ReadOnlyObjectProperty<List<HistoryEntry>> historyProperty() {
        return history.getReadOnlyProperty();
    }

    /** Offers the trainer's history when it changed since it was last offered (training thread, or the JavaFX thread when idle). */
    private void offerHistory(Trainer t) {
        RunHistory.Usage u = t.historyUsage();
        if (!u.equals(offeredUsage)) {
            offeredUsage = u;
            historyPump.offer(t.history());
        }
    }

    /** The run's state, or null when there is no run. */
    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public RunState state() {
        return state.get();
    }

    /** The last error message (a run that failed), or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether a run exists (started, paused, stopped or finished). Sizes are locked while it does. */
    public boolean hasRun() {
        return trainer != null;
    }

    /**
     * Whether the run holds training that no checkpoint has: it has done iterations since it was
     * last saved or adopted from a file (any thread).
     */
    public boolean hasUnsavedWork() {
        Trainer t = trainer;
        return t != null && t.iteration() > 0 && t.iteration() != savedIteration;
    }

    /** {@link #hasRun()} as a property, for binding (sizes are locked while it is true). */
    public ReadOnlyBooleanProperty runExistsProperty() {
        return runExists.getReadOnlyProperty();
    }

    /** Whether the run can be continued by {@link #resumeRun()}: it exists, is not active, not finished, diverged or failed. */
    public boolean canContinue() {
        if (trainer == null || isActive()) {
            return false;
        }
        RunState s = trainer.state();
        return s != RunState.FINISHED && s != RunState.DIVERGED && s != RunState.FAILED;
    }

    /**
     * Whether a training thread is running (training or paused inside the loop), as seen on the
     * JavaFX thread: true from the moment a run is launched until its thread has ended.
     */
    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    /** Whether the background thread is training or paused inside the loop. */
    public boolean isActive() {
        // the task's end is seen on the JavaFX thread (after its last snapshot), so the UI's view stays consistent
        return current != null;
    }

    /** Creates a new run (replacing none: call {@link #reset()} first) and starts it. */
    public void start(Corpus corpus, TrainingConfig config) {
        if (isActive()) {
            throw new IllegalStateException("a run is active");
        }
        use(new Trainer(corpus, config));
        savedIteration = -1;
        watchHealth(trainer);
        applyCopyCadence();
        runExists.set(true);
        control = new RunControl();
        control.setMaxIterationsPerSecond(speed);
        launch();
    }

    /** Adopts a run restored from a checkpoint, without starting it; {@link #resumeRun()} continues it. */
    public void adopt(Corpus corpus, TrainerState saved) {
        if (isActive()) {
            throw new IllegalStateException("a run is active");
        }
        use(Trainer.resume(corpus, saved));
        savedIteration = saved.iteration(); // it came from a file: nothing of it is unsaved yet
        watchHealth(trainer);
        applyCopyCadence();
        runExists.set(true);
        control = new RunControl();
        control.setMaxIterationsPerSecond(speed);
        publishNow();
    }

    /**
     * Keeps the run's last healthy state ({@link HealthyStates}): every {@link #HEALTH_EVERY_NANOS} of
     * training a copy of the state, judged by the loss of the window after it. Runs on the training
     * thread between iterations.
     */
    private void watchHealth(Trainer t) {
        TrainerState start = t.exportState();
        HealthyStates h = new HealthyStates(start);
        health = h;
        long[] lastOffer = {start.elapsedNanos()};
        t.setIterationListener((iteration, loss, smooth, val, elapsed) -> {
            h.onLoss(loss, smooth);
            if (elapsed - lastOffer[0] >= HEALTH_EVERY_NANOS && Double.isFinite(loss)) {
                lastOffer[0] = elapsed;
                h.offer(t.exportState());
            }
        });
    }

    /**
     * The iteration a diverged run can go back to (its last healthy state, see {@link HealthyStates}),
     * or -1 when the run has not diverged.
     */
    public long rewindIteration() {
        Trainer t = trainer;
        HealthyStates h = health;
        return t == null || h == null || t.state() != RunState.DIVERGED ? -1 : h.healthy().iteration();
    }

    /**
     * The learning rate to go back at after a blow-up: a tenth of the lower of the rate the run
     * diverged at and the rate of its last healthy state (a rate raised by hand that blew the run
     * up is not the one to divide), to two significant digits; NaN when the run has not diverged.
     */
    public double rewindLearningRate() {
        Trainer t = trainer;
        HealthyStates h = health;
        if (rewindIteration() < 0) {
            return Double.NaN;
        }
        double lr = Math.min(t.snapshot().learningRate(), h.healthy().learningRate()) / 10;
        return Double.parseDouble(String.format(Locale.ROOT, "%.2g", lr));
    }

    /**
     * Goes back from a diverged run to its last healthy state and trains on from there at
     * {@code learningRate} (the loss history after that iteration goes with the blown-up weights).
     * Does nothing unless {@link #rewindIteration()} is at least 0 and the run's thread has ended.
     */
    public void rewind(double learningRate) {
        if (rewindIteration() < 0 || isActive()) {
            return; // not diverged, or its thread has not yet ended
        }
        Corpus c = trainer.corpus();
        TrainerState h = health.healthy();
        TrainerState at = h.withLearningRate(learningRate);
        long saved = savedIteration;
        TrainingSnapshot blownUp = trainer.snapshot();
        use(Trainer.resume(c, at));
        trainer.continueHistory(blownUp.losses());
        savedIteration = saved == at.iteration() ? saved : -1;
        watchHealth(trainer);
        applyCopyCadence();
        error.set("");
        control = new RunControl();
        control.setMaxIterationsPerSecond(speed);
        launch();
    }

    /**
     * Gives an adopted run the loss history that led to it (points up to its iteration), e.g. the
     * history kept beside a session's checkpoint; before it trains on.
     */
    public void continueHistory(LossHistory.View earlier) {
        Trainer t = trainer;
        if (t == null || isActive() || earlier == null || earlier.size() == 0) {
            return;
        }
        t.continueHistory(earlier);
        publishNow();
    }

    /** Continues a stopped or adopted run (not a finished or diverged one). */
    public void resumeRun() {
        if (trainer == null || isActive()) {
            return;
        }
        RunState s = trainer.state();
        if (s == RunState.FINISHED || s == RunState.DIVERGED || s == RunState.FAILED) {
            return;
        }
        control = new RunControl();
        control.setMaxIterationsPerSecond(speed);
        launch();
    }

    private void launch() {
        Trainer t = trainer;
        RunControl c = control;
        error.set("");
        Task<RunState> task = new Task<>() {
            @Override
            protected RunState call() {
                return t.run(c, s -> {
                    onTrainingThread.onSnapshot(s);
                    offerHistory(t);
                    pump.offer(s);
                });
            }
        };
        task.setOnFailed(e -> {
            error.set(failure(task.getException()));
            deliver();
            ended(task);
        });
        task.setOnSucceeded(e -> {
            deliver();
            ended(task);
        });
        thread = new Thread(task, "unroll-trainer");
        thread.setDaemon(true);
        current = task;
        active.set(true);
        pump.expect(true);
        historyPump.expect(true);
        thread.start();
    }

    /**
     * The one line for a run whose thread failed: a refusal's own message, for an OutOfMemoryError
     * the command line's line ({@link BackgroundTasks#describe}: how much memory Java had, how to
     * give it more), else "training failed: " and the exception. The run itself stays, at its last
     * finished iteration, so it can be saved. Unexpected failures are logged with their stack.
     */
    static String failure(Throwable ex) {
        if (ex instanceof BadInputException || ex instanceof OutOfMemoryError) {
            return BackgroundTasks.describe(ex);
        }
        LOG.log(System.Logger.Level.WARNING, "training failed", ex);
        return "training failed: " + ex;
    }

    private void ended(Task<RunState> task) {
        if (task == current) {
            current = null;
            active.set(false);
            pump.expect(false);
            historyPump.expect(false);
        }
    }

    public void pause() {
        control.pause();
    }

    public void resume() {
        if (isActive()) {
            control.resume();
        } else {
            resumeRun();
        }
    }

    public boolean isPaused() {
        return control.isPaused();
    }

    /** Runs exactly one more iteration: pauses first if running; starts a stopped run paused. */
    public void step() {
        if (trainer == null) {
            return;
        }
        if (!isActive()) {
            RunState s = trainer.state();
            if (s == RunState.FINISHED || s == RunState.DIVERGED) {
                return;
            }
            control = new RunControl();
            control.setMaxIterationsPerSecond(speed);
            control.pause();
            control.step(1);
            launch();
            return;
        }
        control.pause();
        control.step(1);
    }

    /** Ends the run's thread; the run stays (it can be saved, inspected, continued). */
    public void stop() {
        control.stop();
    }

    /** Stops and waits up to {@code millis} for the thread to end. */
    public boolean stopAndWait(long millis) {
        control.stop();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean ended = !t.isAlive();
            if (ended && Platform.isFxApplicationThread()) {
                deliver();
                current = null;
                active.set(false);
                pump.expect(false);
                historyPump.expect(false);
            }
            return ended;
        }
        return true;
    }

    /** Stops and forgets the run. */
    public void reset() {
        stopAndWait(5000);
        use(null);
        health = null;
        savedIteration = -1;
        thread = null;
        current = null;
        active.set(false);
        pump.expect(false);
        runExists.set(false);
        pump.clear();
        historyPump.expect(false);
        historyPump.clear();
        offeredUsage = null;
        history.set(List.of());
        snapshot.set(null);
        state.set(null);
        error.set("");
    }

    /**
     * The threads of the next run's products (a stacked model's; one layer at batch 1 runs on one whatever
     * this says): they take effect when a run is started, adopted or rewound.
     *
     * @throws BadInputException when the count is below 1 or above {@link Trainer#MAX_THREADS}
     */
    public void setThreads(int count) {
        if (count < 1 || count > Trainer.MAX_THREADS) {
            throw new BadInputException("threads must be between 1 and " + Trainer.MAX_THREADS + " (got " + count + ")");
        }
        threads = count;
    }

    public int threads() {
        return threads;
    }

    /** Makes {@code next} the run (null: none), on the set threads; the one before gives its worker threads back. */
    private void use(Trainer next) {
        Trainer before = trainer;
        if (before != null && before != next) {
            before.close();
        }
        if (next != null) {
            next.setThreads(threads);
        }
        trainer = next;
        applyTraceWish();
    }

    /**
     * A view asks for the training window in the snapshots ({@link TrainingSnapshot#trace}), or withdraws its wish.
     * A stacked or batched run recomputes its window for the snapshots ({@link Trainer#recomputesTrace}): it does so
     * only while some view asks; a one-layer run keeps its window as it trains and always hands it on. Wishes outlive
     * a run: a new or resumed run gets them too. A run not training publishes again at once, with its window.
     */
    public void setTraceWanted(Object owner, boolean wanted) {
        boolean changed = wanted ? traceWishes.add(owner) : traceWishes.remove(owner);
        if (changed) {
            applyTraceWish();
            if (wanted && trainer != null && trainer.recomputesTrace() && !isActive()) {
                publishNow();
            }
        }
    }

    private void applyTraceWish() {
        if (trainer != null) {
            trainer.setTraceEnabled(!traceWishes.isEmpty() || !trainer.recomputesTrace());
        }
    }

    /** Iterations per second at most (slow motion); infinity for full speed. */
    public void setSpeed(double itersPerSecond) {
        speed = itersPerSecond;
        control.setMaxIterationsPerSecond(itersPerSecond);
    }

    public double speed() {
        return speed;
    }

    public void setLearningRate(double lr) {
        if (trainer != null) {
            trainer.setLearningRate(lr);
            if (!isActive()) {
                publishNow();
            }
        }
    }

    public void setTemperature(double t) {
        if (trainer != null) {
            trainer.setTemperature(t);
        }
    }

    /** The next snapshot carries a fresh copy of the weights. */
    public void requestModelCopy() {
        if (trainer != null) {
            trainer.requestModelCopy();
            if (!isActive()) {
                publishNow();
            }
        }
    }

    /**
     * A view asks for copies of the weights in the snapshots every {@code iterations} iterations
     * (0 withdraws its wish). Several views may ask: the trainer copies at the smallest cadence any
     * of them wants. Wishes outlive a run: a new or resumed run gets them too.
     */
    public void setModelCopyEvery(Object owner, long iterations) {
        if (iterations > 0) {
            copyCadences.put(owner, iterations);
        } else {
            copyCadences.remove(owner);
        }
        applyCopyCadence();
    }

    /** The smallest cadence any view asked for, or 0 (copies only on request or when not running). */
    public long modelCopyEvery() {
        return copyCadences.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private void applyCopyCadence() {
        if (trainer != null) {
            trainer.setModelCopyEvery(modelCopyEvery());
        }
    }

    /** The run's full state for a checkpoint (waits at most one iteration). Call off the JavaFX thread for big models. */
    public TrainerState exportState() {
        return trainer == null ? null : trainer.exportState();
    }

    /**
     * Saves the run as a checkpoint (atomically). May be called off the JavaFX thread (it waits at
     * most one iteration of a running trainer); does nothing without a run.
     *
     * @return whether there was a run to save
     */
    public boolean saveCheckpoint(Path file) {
        Trainer t = trainer;
        if (t == null) {
            return false;
        }
        TrainerState state = t.exportState();
        Checkpoint.save(file, state, Checkpoint.CorpusInfo.of(t.corpus()));
        savedIteration = state.iteration();
        return true;
    }

    /**
     * Saves a state taken earlier with {@link #exportState()} as a checkpoint (atomically), so that the
     * file holds exactly the iteration its name was given for while the run trained on. May be called
     * off the JavaFX thread; does nothing without a run.
     *
     * @return whether there was a run to save
     */
    public boolean saveCheckpoint(Path file, TrainerState state) {
        Trainer t = trainer;
        if (t == null || state == null) {
            return false;
        }
        Checkpoint.save(file, state, Checkpoint.CorpusInfo.of(t.corpus()));
        savedIteration = state.iteration();
        return true;
    }

    /**
     * Writes the original experiment's results file: {@code count} samples from the run's current
     * weights, without disturbing the run. May be called off the JavaFX thread.
     *
     * @return whether there was a run
     */
    public boolean writeResults(Path file, int count) {
        Trainer t = trainer;
        if (t == null) {
            return false;
        }
        ResultsFile.write(file, t, count);
        return true;
    }

    /** The run's corpus, or null. */
    public Corpus corpus() {
        return trainer == null ? null : trainer.corpus();
    }

    /** The run's configuration, or null. */
    public TrainingConfig config() {
        return trainer == null ? null : trainer.config();
    }

    private void publishNow() {
        offeredUsage = null;
        offerHistory(trainer);
        historyPump.deliverNow();
        pump.offer(trainer.snapshot());
        deliver();
    }

    /** Stops the pump and the thread: the window is closing. */
    public void dispose() {
        pump.dispose();
        historyPump.dispose();
        stopAndWait(3000);
        if (trainer != null) {
            trainer.close();
        }
    }
}
