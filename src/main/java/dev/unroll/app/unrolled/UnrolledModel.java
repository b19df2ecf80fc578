package dev.unroll.app.unrolled;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.events.ShowWalk;
import dev.unroll.app.fx.Animations;
import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.app.fx.LatestValue;
import dev.unroll.app.fx.Throttle;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.corpus.CorpusWords;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.inspect.BpttAnalysis;
import dev.unroll.engine.inspect.BpttTrace;
import dev.unroll.engine.inspect.GatedWalk;
import dev.unroll.engine.inspect.SpectralTracker;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.Pictures;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.util.Duration;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The walk-through's state: which window is unrolled (a {@link BpttTrace} for the vanilla cell, a
 * {@link GatedWalk} trace for the LSTM and GRU, computed by the engine on a copy of the weights off
 * the JavaFX thread; at most one of {@link #trace()} and {@link #gated()} is set), and how far
 * through one iteration the speaker has stepped. The position runs over 0..2T:
 * <pre>
 *   0          nothing computed yet
 *   1..T       forward: steps 1..position done (h_t, p_t, loss of each)
 *   T+1..2T    backward: dL/dh_t known for t = 2T-position+1 .. T
 * </pre>
 * Made with an {@link AppContext}, it also follows training: it unrolls the newest window (or the
 * typed text) on the newest weights as they come, catches up when its view shows again after new
 * ones came while hidden, keeps the spectral radius of the run's copies (a {@link SpectralTracker})
 * and asks training for a copy at most once per {@link #COPY_CADENCE}. Its view reads the typed text,
 * the chosen source and folded or unrolled from its properties.
 * Commands are called on the JavaFX thread.
 */
public final class UnrolledModel {
    /** Where the unrolled characters come from. */
    public enum Source { WINDOW, TEXT }

    private final ReadOnlyObjectWrapper<BpttTrace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
    /** The gated cell's walk (LSTM, GRU), or null when the vanilla trace (or nothing) is shown. */
    private final ReadOnlyObjectWrapper<WindowTrace> gated = new ReadOnlyObjectWrapper<>(this, "gated");
    private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(this, "position");
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing");
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper(this, "computing");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Source> source = new ReadOnlyObjectWrapper<>(this, "source", Source.WINDOW);
    private final ReadOnlyStringWrapper describe = new ReadOnlyStringWrapper(this, "description", "");
    /** Steps per second while playing. */
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 4);
    /** Whether new model copies replace the unrolled window (when not playing). */
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final Timeline player = Animations.track("unrolled-player", new Timeline());
    private final BackgroundTasks executor;
    private final AtomicLong requests = new AtomicLong();
    private String text = "";
    private long windowIteration = -1;
    /** The iteration of the weights the walk shown was computed on (-1 before any). */
    private long walkModelIteration = -1;
    /** The vocabulary of the gated walk shown (its trace holds indices only). */
    private Vocabulary gatedVocabulary;
    /** A position a talk's slide asked for, taken by the next walk shown (null: keep the position). */
    private Target target;

    /**
     * A position asked for by pass and step, whatever the walk's length: the start of the forward pass
     * (0) or of the backward one (T), plus {@code step} steps, at most T.
     */
    private record Target(boolean backward, int step) {
        int position(int T) {
            return (backward ? T : 0) + Math.min(step, T);
        }
    }

    public UnrolledModel(BackgroundTasks executor) {
        this.executor = executor;
        player.setCycleCount(Timeline.INDEFINITE);
        speed.addListener((o, a, b) -> {
            if (isPlaying()) {
                restartPlayer();
            }
        });
    }

    /** A model with its own daemon worker thread. */
    public UnrolledModel() {
        this(new BackgroundTasks("unroll-bptt"));
    }

    /**
     * A walk-through that follows the context's training: it unrolls the newest window (or the typed
     * text) on the newest weights, tracks the spectral radius of the run's copies and asks training
     * for copies while it runs (see {@link #COPY_CADENCE}). Made on the JavaFX thread.
     */
    public UnrolledModel(AppContext context) {
        this(new BackgroundTasks("unroll-bptt"));
        this.context = context;
        this.spectralShown = new LatestValue<>("unrolled-spectral", spectralHistory::set);
        this.spectral = new SpectralTracker(1024, spectralShown::offer);
        // each snapshot of a running run asks for a copy of the weights, at most once per COPY_CADENCE
        cadence = new Throttle("unrolled-copy-cadence", COPY_CADENCE, () -> {
            if (context.training().state() == RunState.RUNNING) {
                context.training().requestModelCopy();
            }
        });
        spectralOffer = new Throttle("unrolled-spectral-offer", COPY_CADENCE, () -> {
            ModelSnapshot m = context.model().get();
            if (!disposed && m != null && m.cell() == Cell.VANILLA) {
                spectral.offer(m);
            }
        });
        context.snapshot().addListener((o, a, snap) -> onSnapshot(snap));
        context.model().addListener((o, a, m) -> onModel(m));
        // Follow turned on again: the newest window (or weights) at once, not at the next snapshot
        follow.addListener((o, a, on) -> {
            if (on && showing) {
                followNewest();
            }
        });
        onModel(context.model().get());
        onSnapshot(context.snapshot().get());
    }

    // ---- loading ----

    /**
     * Unrolls a training window (from a snapshot's trace) on a model copy's weights.
     *
     * @param windowIteration the iteration whose window this is
     */
    public void loadWindow(ModelSnapshot model, WindowTrace window, long windowIteration, double clip) {
        if (model == null || window == null) {
            return;
        }
        if (window.vocabSize() != model.vocabSize() || window.hiddenSize() != model.hiddenSize()) {
            message.set("the training window does not fit the model (another vocabulary or hidden size): unroll a typed text instead");
            return;
        }
        source.set(Source.WINDOW);
        this.windowIteration = windowIteration;
        compute(model, gatedCell(model) ? () -> GatedWalk.ofWindow(model, window, clip) : () -> BpttAnalysis.ofWindow(model, window, clip),
                "window of iteration " + Pictures.count(windowIteration) + " · weights of iteration " + Pictures.count(model.iteration()));
    }

    /** Unrolls a typed text from a zero state; unknown characters are left out (and named). */
    public void loadText(ModelSnapshot model, String typed, double clip) {
        text = typed == null ? "" : typed;
        source.set(Source.TEXT);
        if (model == null) {
            message.set("No model yet: train one (or load a checkpoint) to unroll a text.");
            return;
        }
        Vocabulary vocab = model.vocabulary();
        Set<Integer> missing = vocab.missingFrom(text);
        String note = missing.isEmpty() ? "" : "left out (not in the model's vocabulary): " + Vocabulary.describe(missing);
        String t = text;
        compute(model, gatedCell(model) ? () -> GatedWalk.ofText(model, t, clip) : () -> BpttAnalysis.ofText(model, t, clip), "typed text · weights of iteration " + Pictures.count(model.iteration()), note);
    }

    private static boolean gatedCell(ModelSnapshot model) {
        return model.cell() != Cell.VANILLA;
    }

    private void compute(ModelSnapshot model, Supplier<?> work, String description) {
        compute(model, work, description, "");
    }

    /** Runs {@code work} (giving a BpttTrace or a gated WindowTrace) off the JavaFX thread and shows its result. */
    private void compute(ModelSnapshot model, Supplier<?> work, String description, String note) {
        long id = requests.incrementAndGet();
        computing.set(true);
        // a newer request supersedes this one: it is skipped if it has not started, and its result dropped
        executor.run(() -> requests.get() != id ? null : work.get(), r -> {
            if (requests.get() == id) {
                computing.set(false);
                if (r instanceof BpttTrace b) {
                    accept(b, description, note);
                } else if (r instanceof WindowTrace w) {
                    acceptGated(w, model, description, note);
                }
            }
        }, why -> {
            if (requests.get() == id) {
                computing.set(false);
                message.set(why);
            }
        });
    }

    /** Shows a computed trace (JavaFX thread); the position is kept within the new length. */
    void accept(BpttTrace t, String description, String note) {
        walkModelIteration = t.modelIteration();
        show(t.length(), () -> {
            gated.set(null);
            trace.set(t);
        }, description, note);
    }

    /**
     * Shows a gated cell's walk (JavaFX thread), computed on {@code weights}; the position is kept
     * within the new length.
     */
    void acceptGated(WindowTrace t, ModelSnapshot weights, String description, String note) {
        walkModelIteration = weights.iteration();
        gatedVocabulary = weights.vocabulary();
        show(t.length(), () -> {
            trace.set(null);
            gated.set(t);
        }, description, note);
    }

    /** Replaces the walk shown by {@code set}, a walk of T steps, keeping the phase and step where possible. */
    private void show(int T, Runnable set, String description, String note) {
        int oldT = length();
        int pos = position.get();
        if (target != null) {
            pos = target.position(T);
            target = null;
        } else if (oldT != T) {
            // same phase, same step where possible
            pos = pos <= oldT ? Math.min(pos, T) : T + Math.min(pos - oldT, T);
        }
        pos = Math.max(0, Math.min(2 * T, pos));
        // listeners must never see a position beyond the trace: move down first, up after
        if (pos < position.get()) {
            position.set(pos);
        }
        set.run();
        position.set(pos);
        describe.set(description);
        message.set(note == null ? "" : note);
    }

    /** Shows a message (JavaFX thread). */
    public void setMessage(String m) {
        message.set(m);
    }

    // ---- stepping ----

    /**
     * Moves to step {@code step} of a pass (a talk's slide): the start of the forward pass or the end of it
     * (the start of the backward pass) plus {@code step} steps, at most the walk's length
     * ({@link Integer#MAX_VALUE}: the pass's last step). Taken at once when a walk is shown and none is
     * being computed, else by the walk that comes next (the slide's text or window).
     */
    public void moveTo(boolean backward, int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step " + step);
        }
        pause();
        target = new Target(backward, step);
        if (hasWalk() && !computing.get()) {
            int pos = target.position(length());
            target = null;
            position.set(pos);
        }
    }

    /**
     * The speaker stepped (→, ←, Home, End): the walk shown is held, Follow is turned off so that no new
     * window or weights replace it mid-explanation, until Follow is turned on again.
     */
    public void hold() {
        follow.set(false);
    }

    public void stepForward() {
        if (hasWalk() && position.get() < 2 * length()) {
            position.set(position.get() + 1);
        } else {
            pause();
        }
    }

    public void stepBack() {
        if (position.get() > 0) {
            position.set(position.get() - 1);
        }
    }

    public void toStart() {
        pause();
        position.set(0);
    }

    public void toEnd() {
        pause();
        position.set(2 * length());
    }

    /** Jumps to the end of the forward pass. */
    public void toForwardEnd() {
        if (hasWalk()) {
            position.set(length());
        }
    }

    public void play() {
        if (!hasWalk()) {
            return;
        }
        if (position.get() >= 2 * length()) {
            position.set(0);
        }
        playing.set(true);
        restartPlayer();
    }

    private void restartPlayer() {
        player.stop();
        player.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1.0 / Math.max(0.1, speed.get())), e -> stepForward()));
        player.play();
    }

    public void pause() {
        player.stop();
        playing.set(false);
    }

    public void togglePlay() {
        if (isPlaying()) {
            pause();
        } else {
            play();
        }
    }

    // ---- what views read ----

    public ReadOnlyObjectProperty<BpttTrace> traceProperty() {
        return trace.getReadOnlyProperty();
    }

    /** The vanilla cell's trace, or null (nothing computed yet, or a gated cell's walk is shown). */
    public BpttTrace trace() {
        return trace.get();
    }

    /** The gated cell's walk (LSTM, GRU: {@link GatedWalk}), or null. */
    public ReadOnlyObjectProperty<WindowTrace> gatedProperty() {
        return gated.getReadOnlyProperty();
    }

    /** The gated cell's walk shown, or null (nothing computed yet, or the vanilla cell's trace is shown). */
    public WindowTrace gated() {
        return gated.get();
    }

    /** The vocabulary the gated walk's indices read in (null before one). */
    Vocabulary gatedVocabulary() {
        return gatedVocabulary;
    }

    /** Whether a walk (vanilla or gated) is shown. */
    public boolean hasWalk() {
        return trace.get() != null || gated.get() != null;
    }

    /** T, the steps of the walk shown (0 without one). */
    public int length() {
        BpttTrace t = trace.get();
        WindowTrace g = gated.get();
        return t != null ? t.length() : g != null ? g.length() : 0;
    }

    /** The iteration of the weights the walk shown was computed on, -1 before any. */
    long walkModelIteration() {
        return walkModelIteration;
    }

    public ReadOnlyIntegerProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    public int position() {
        return position.get();
    }

    /** Forward steps done (0..T). */
    public int forwardDone() {
        return Math.min(position.get(), length());
    }

    /** Backward steps done (0..T): dL/dh_t is known for the last this many steps. */
    public int backwardDone() {
        return hasWalk() ? Math.max(0, position.get() - length()) : 0;
    }

    /** The step (0-based) the position points at, or -1 at position 0. */
    public int currentStep() {
        if (!hasWalk() || position.get() == 0) {
            return -1;
        }
        int p = position.get();
        int T = length();
        return p <= T ? p - 1 : 2 * T - p;
    }

    /** Whether the position is in the backward pass. */
    public boolean inBackward() {
        return hasWalk() && position.get() > length();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public boolean isPlaying() {
        return playing.get();
    }

    public ReadOnlyBooleanProperty computingProperty() {
        return computing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Which window and weights are shown ("window of iteration 1200 · weights of iteration 1200"). */
    public ReadOnlyStringProperty descriptionProperty() {
        return describe.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Source> sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public String text() {
        return text;
    }

    public long windowIteration() {
        return windowIteration;
    }

    public DoubleProperty speedProperty() {
        return speed;
    }

    public BooleanProperty followProperty() {
        return follow;
    }

    /** A one-line account of the position, for the status line. */
    public String positionText() {
        BpttTrace t = trace.get();
        if (t == null) {
            return gated.get() == null ? "" : gatedPositionText(gated.get());
        }
        int T = t.length();
        int p = position.get();
        if (p == 0) {
            return "ready: step forward (→) to run step 1 of " + T;
        }
        if (p <= T) {
            return String.format("forward step %d of %d · loss of step %.3f · loss so far %.3f", p, T,
                    t.stepLoss()[p - 1], t.lossThrough(p - 1));
        }
        int s = 2 * T - p;
        String text = String.format("backward step %d of %d · ‖dL/dh_%d‖ = %.4g · window loss %.3f", p - T, T, s + 1,
                t.dhNorms()[s], t.loss());
        if (p == 2 * T) {
            text += String.format(" · clipped %.2f%% of gradient entries", 100 * t.clippedFraction());
        }
        return text;
    }

    private String gatedPositionText(WindowTrace g) {
        int T = g.length();
        int p = position.get();
        if (p == 0) {
            return "ready: step forward (→) to run step 1 of " + T + " of the " + g.gates().cell().cliName().toUpperCase(Locale.ROOT);
        }
        if (p <= T) {
            double soFar = 0;
            for (int i = 0; i < p; i++) {
                soFar += g.stepLoss()[i];
            }
            return String.format("forward step %d of %d · loss of step %.3f · loss so far %.3f", p, T, g.stepLoss()[p - 1], soFar);
        }
        int s = 2 * T - p;
        double[] dc = g.gates().dcNorms();
        return String.format("backward step %d of %d · ‖dL/dh_%d‖ = %.4g", p - T, T, s + 1, g.dhNorms()[s])
                + (dc == null ? "" : String.format(" · ‖dL/dc_%d‖ = %.4g", s + 1, dc[s]))
                + String.format(" · window loss %.3f", g.loss())
                + (p == 2 * T ? String.format(" · clipped %.2f%% of gradient entries", 100 * g.clippedFraction()) : "");
    }

    /** Stops the player and ends the worker thread. */

    // ---- following training (a model made with an AppContext) ----

    /**
     * How often, while training, a fresh model copy is requested: once a second, like the
     * Hidden state view's live updates. Each copy is unrolled (the walk-through following training),
     * its Whh decomposed (the spectral radius over iterations) and the walk-through redrawn; three
     * times a second cost the trainer about a tenth of its speed on two cores, and a window that
     * changes faster than once a second cannot be read anyway.
     */
    static final Duration COPY_CADENCE = Duration.millis(1000);
    /** The slowest and fastest pace of the walk-through, steps per second. */
    static final double MIN_SPEED = 0.5;
    static final double MAX_SPEED = 12;

    private AppContext context;
    private SpectralTracker spectral;
    private LatestValue<SpectralTracker.History> spectralShown;
    private Throttle cadence;
    /** Offers the newest run copy's Whh to the spectral tracker, at most once per COPY_CADENCE. */
    private Throttle spectralOffer;
    private final ReadOnlyObjectWrapper<SpectralTracker.History> spectralHistory = new ReadOnlyObjectWrapper<>(this, "spectralHistory");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "");
    private final ReadOnlyLongWrapper liveResets = new ReadOnlyLongWrapper(this, "liveResets");
    private final StringProperty typedText = new SimpleStringProperty(this, "typedText", "");
    private final ObjectProperty<Source> chosenSource = new SimpleObjectProperty<>(this, "chosenSource", Source.WINDOW);
    private final BooleanProperty unrolled = new SimpleBooleanProperty(this, "unrolled");
    private boolean showing;
    private boolean disposed;
    /** A new run began and no copy of its weights was asked for yet: the first is asked for at once (the radius's history starts there). */
    private boolean firstCopyWanted = true;
    private ModelSnapshot lastModel;
    /** Whether {@link #lastModel} was a copy from the training run (not the demo network or a loaded model). */
    private boolean lastFromRun;
    /** A model came while hidden: its Whh is decomposed when the view is shown. */
    private boolean spectralBehind;
    private ModelSnapshot lastUnrolled;
    private TrainingSnapshot lastSnapshot;
    /** A new window or model came while hidden: the walk-through catches up when shown. */
    private boolean behind;

    /** The spectral radius's newest history, on the JavaFX thread (null before the first). */
    public ReadOnlyObjectProperty<SpectralTracker.History> spectralHistoryProperty() {
        return spectralHistory.getReadOnlyProperty();
    }

    /** The spectral radius's history as the tracker holds it now. */
    SpectralTracker.History spectralHistory() {
        return spectral.history();
    }

    /** What the view says while no walk is shown. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** Counts the runs begun and resets: each time, the live charts start again. */
    public ReadOnlyLongProperty liveResetsProperty() {
        return liveResets.getReadOnlyProperty();
    }

    /** The text typed to unroll. */
    public StringProperty typedTextProperty() {
        return typedText;
    }

    /** Where the next walk is to come from, as chosen (the view's toggles show it). */
    public ObjectProperty<Source> chosenSourceProperty() {
        return chosenSource;
    }

    /** Whether the network is drawn unrolled over the window (true) or folded into one cell. */
    public BooleanProperty unrolledProperty() {
        return unrolled;
    }

    /** Plays faster (×1.5, at most {@link #MAX_SPEED}). */
    public void faster() {
        speed.set(Math.min(MAX_SPEED, speed.get() * 1.5));
    }

    /** Plays slower (÷1.5, at least {@link #MIN_SPEED}). */
    public void slower() {
        speed.set(Math.max(MIN_SPEED, speed.get() / 1.5));
    }

    /**
     * The view shows (true) or hides: shown, it catches up with what came while hidden (the spectral
     * radius of a model from elsewhere, the newest window or weights); hidden, it pauses and computes nothing.
     */
    public void setShowing(boolean on) {
        showing = on;
        if (on) {
            if (spectralBehind) {
                spectralBehind = false;
                spectralOffer.runNow();
            }
            if (behind) {
                behind = false;
                catchUp();
            }
        } else {
            pause();
        }
    }

    /** Unrolls the typed text (Enter in its field, a talk's probe text). */
    public void unrollTypedText() {
        chosenSource.set(Source.TEXT);
        loadText();
    }

    /** Unrolls the typed text, or a phrase in the corpus's language when none was typed. */
    public void unrollTypedTextOrPhrase() {
        chosenSource.set(Source.TEXT);
        if (typedText.get().isBlank()) {
            typedText.set(defaultText());
        }
        loadText();
    }

    /** Unrolls the newest training window (the user asked for it). */
    public void unrollNewestWindow() {
        chosenSource.set(Source.WINDOW);
        loadWindow(true);
    }

    /** A talk's slide: the walk-through as it says (see {@link ShowWalk}). */
    public void showWalk(ShowWalk w) {
        if (w.unrolled() != null) {
            unrolled.set(w.unrolled());
        }
        if (ShowWalk.TRAINING.equals(w.follow())) {
            follow.set(true);
            unrollNewestWindow();
        } else if (ShowWalk.TYPED.equals(w.follow())) {
            follow.set(true);
            unrollTypedTextOrPhrase();
        }
        if (w.setsPosition()) {
            moveTo(w.backward(), w.step() == null ? 0 : w.step());
        }
    }

    /** Shown again after new weights came: unroll the newest window or the typed text on them, as following would have. */
    private void catchUp() {
        ModelSnapshot m = context.model().get();
        if (m != null) {
            unrollOn(m);
        }
        if (sourceProperty().get() == Source.WINDOW) {
            followWindow(context.snapshot().get());
        }
    }

    private void onSnapshot(TrainingSnapshot s) {
        if (s == null) {
            if (lastSnapshot != null) {
                liveResets.set(liveResets.get() + 1);
                spectral.clear();
            }
            lastSnapshot = null;
            firstCopyWanted = true;
            updatePlaceholder();
            return;
        }
        if (lastSnapshot != null && s.iteration() < lastSnapshot.iteration()) {
            // a new run (or a reset): earlier curves belong to another model
            liveResets.set(liveResets.get() + 1);
            spectral.clear();
            firstCopyWanted = true;
        }
        lastSnapshot = s;
        if (s.state() == RunState.RUNNING && !disposed) {
            if (firstCopyWanted) {
                firstCopyWanted = false;
                cadence.runNow();
            } else {
                cadence.request();
            }
        }
        followWindow(s);
        updatePlaceholder();
    }

    /**
     * Unrolls the snapshot's window on its model copy when the walk-through follows training; a
     * hidden view computes nothing and catches up when shown.
     */
    private void followWindow(TrainingSnapshot s) {
        if (s != null && s.model() != null && s.model() != lastUnrolled && s.trace() != null
                && sourceProperty().get() == Source.WINDOW
                && (!hasWalk() || (follow.get() && !isPlaying()))) {
            if (!showing) {
                behind = true;
                return;
            }
            lastUnrolled = s.model();
            loadWindow(s.model(), s.trace(), s.iteration(), s.config().clip());
        }
    }

    /** The text unrolled when none was typed: a phrase in the corpus's language (its own words). */
    private String defaultText() {
        Corpus c = context.corpus().get();
        return c == null ? BundledCorpus.defaultCorpus().words().probe() : CorpusWords.of(c).probe();
    }

    private void onModel(ModelSnapshot m) {
        if (m == lastModel) {
            return;
        }
        lastModel = m;
        // the spectral radius over iterations is one run's history: a model from elsewhere (the demo
        // network, a checkpoint, a sweep's run) starts a history of its own, and so does the run after it
        TrainingSnapshot s = context.snapshot().get();
        boolean fromRun = m != null && s != null && s.model() == m;
        if (m != null && (!fromRun || !lastFromRun)) {
            spectral.clear();
        }
        lastFromRun = fromRun;
        // the spectral radius is Whh's (a gated cell has none): a run's copies are decomposed at most once per
        // COPY_CADENCE, shown or hidden (the copies other views ask for, Hidden state's live updates, come far more
        // often); a model from elsewhere is decomposed when the view shows
        if (m != null && m.cell() == Cell.VANILLA) {
            if (fromRun) {
                spectralOffer.request();
            } else if (showing) {
                spectralOffer.runNow();
            } else {
                spectralBehind = true;
            }
        }
        if (m != null && showing) {
            unrollOn(m);
        } else if (m != null) {
            behind = true; // a hidden view computes nothing: it catches up when shown
        }
        updatePlaceholder();
    }

    /**
     * Unrolls the typed text on new weights when following, or a text when the model is not the run's (the
     * demo network after a Reset, a loaded checkpoint): a walk of another model's window, or of weights
     * that are gone, is never left on screen.
     */
    private void unrollOn(ModelSnapshot m) {
        TrainingSnapshot s = context.snapshot().get();
        boolean runModel = m == lastModel && lastFromRun;
        if (sourceProperty().get() == Source.TEXT) {
            if (!hasWalk() || !runModel || (follow.get() && !isPlaying())) {
                loadText(m, text(), clip());
            }
        } else if (!runModel || s == null || s.trace() == null) {
            // a model without a training window (the demo network after a Reset, a checkpoint): unroll a text
            if (typedText.get().isBlank()) {
                typedText.set(defaultText());
            }
            chosenSource.set(Source.TEXT);
            loadText(m, typedText.get(), clip());
        }
    }

    private double clip() {
        TrainingSnapshot s = context.snapshot().get();
        return s == null ? 5.0 : s.config().clip();
    }

    /** Follow turned on: the newest training window (or the typed text on the newest weights), if newer than the walk's. */
    private void followNewest() {
        TrainingSnapshot s = context.snapshot().get();
        ModelSnapshot m = context.model().get();
        if (sourceProperty().get() == Source.WINDOW) {
            if (s != null && s.trace() != null && (s.iteration() != windowIteration()
                    || (m != null && m.iteration() != walkModelIteration()))) {
                loadWindow(false);
            }
        } else if (m != null && m.iteration() != walkModelIteration()) {
            loadText(m, text(), clip());
        }
    }

    /** Unrolls the newest training window on the newest model copy. */
    void loadWindow(boolean explicit) {
        TrainingSnapshot s = context.snapshot().get();
        ModelSnapshot m = context.model().get();
        if (s == null || s.trace() == null) {
            setMessage(m == null ? "No training window yet: start training first."
                    : "No training window (this model was loaded without a run): type a text to unroll instead.");
            if (m != null && explicit) {
                chosenSource.set(Source.TEXT);
            }
            return;
        }
        if (m == null || (s.model() == null && explicit && context.training().hasRun())) {
            context.training().requestModelCopy();
        }
        ModelSnapshot use = s.model() != null ? s.model() : m;
        if (use == null) {
            setMessage("Waiting for a copy of the weights…");
            return;
        }
        lastUnrolled = use;
        loadWindow(use, s.trace(), s.iteration(), s.config().clip());
    }

    private void loadText() {
        loadText(context.model().get(), typedText.get(), clip());
        updatePlaceholder();
    }

    private void updatePlaceholder() {
        // short enough for three lines in large type under the toolbar's rows at 1280x720
        placeholder.set(context.model().get() == null
                ? "No model yet. Start training (or load a checkpoint): the network unrolls here over "
                        + "the training window, or over a text you type."
                : "Choose “Training window” or type a text to unroll.");
    }

    /** Stops the walk-through and the worker threads, and the training-following part's timers and tracker. */
    public void dispose() {
        pause();
        showing = false;
        disposed = true;
        if (context != null) {
            cadence.cancel();
            spectralOffer.cancel();
            spectral.close();
            spectralShown.dispose();
        }
        executor.close();
    }
}
