package dev.unroll.app.unrolled;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.events.ShowWalk;
import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.inspect.BpttAnalysis;
import dev.unroll.engine.inspect.BpttTrace;
import dev.unroll.engine.inspect.GatedWalk;
import dev.unroll.engine.inspect.SpectralTracker;
import dev.unroll.engine.inspect.StackWalk;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.render.Pictures;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.util.Duration;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The walk-through's state: which window is unrolled (a {@link BpttTrace} for the vanilla cell, a
 * {@link GatedWalk} trace for the LSTM and GRU, a {@link StackWalk} for a stacked model of any cell,
 * computed by the engine on a copy of the weights off the JavaFX thread; at most one of {@link #trace()},
 * {@link #gated()} and {@link #stack()} is set), and how far through one iteration the speaker has stepped.
 * With L layers (1 but for a stack) the position runs over 0..2TL, one layer's cell at one step each:
 * <pre>
 *   0            nothing computed yet
 *   1..TL        forward: layer 1 at step 1, layer 2 at step 1, …, layer L at step T (h, p_t, loss of each)
 *   TL+1..2TL    backward: layer L at step T, layer L-1 at step T, …, layer 1 at step 1 (dL/dh of each)
 * </pre>
 * It coordinates its parts, each with its own contract: the {@link WalkPlayer} steps while playing,
 * {@link PositionText} words the position, and the {@link TrainingFollower} follows the context's
 * training (unrolls the newest window or the typed text on the newest weights as they come, catches
 * up when the view shows again after new ones came while hidden, keeps the spectral radius of the
 * run's copies in its {@link SpectralFollower} and asks training for a copy at most once per
 * {@link #COPY_CADENCE} through its {@link CopyCadence}). The commands' state (the typed text, the
 * chosen source, folded or unrolled) is its properties, which its view reads.
 * Commands are called on the JavaFX thread.
 */
public final class UnrolledModel {
    /** Where the unrolled characters come from. */
    public enum Source { WINDOW, TEXT }

    private final ReadOnlyObjectWrapper<BpttTrace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
    /** The gated cell's walk (LSTM, GRU), or null when the vanilla trace (or nothing) is shown. */
    private final ReadOnlyObjectWrapper<WindowTrace> gated = new ReadOnlyObjectWrapper<>(this, "gated");
    /** A stacked model's walk (every cell, every layer), or null. */
    private final ReadOnlyObjectWrapper<StackWalk> stack = new ReadOnlyObjectWrapper<>(this, "stack");
    private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(this, "position");
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper(this, "computing");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Source> source = new ReadOnlyObjectWrapper<>(this, "source", Source.WINDOW);
    private final ReadOnlyStringWrapper describe = new ReadOnlyStringWrapper(this, "description", "");
    /** Whether new model copies replace the unrolled window (when not playing). */
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final WalkPlayer player = new WalkPlayer(this, this::stepForward);
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
        /** In a walk of T steps through L layers: a step is every layer's cell at one time step. */
        int position(int T, int L) {
            return ((backward ? T : 0) + Math.min(step, T)) * L;
        }
    }

    /**
     * A walk-through that follows the context's training (a {@link TrainingFollower}): it unrolls the
     * newest window (or the typed text) on the newest weights, tracks the spectral radius of the run's
     * copies and asks training for copies while it runs (see {@link #COPY_CADENCE}). Made on the JavaFX
     * thread.
     */
    public UnrolledModel(AppContext context) {
        this.executor = new BackgroundTasks("unroll-bptt");
        this.follower = new TrainingFollower(this, context);
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
        if (model.layers() > 1) {
            // the trainer's trace keeps its top layer's start state only: the stack is unrolled from a zero state
            compute(model, () -> StackWalk.ofWindow(model, window, clip),
                    "window of iteration " + Pictures.count(windowIteration) + " from a zero state · weights of iteration "
                            + Pictures.count(model.iteration()) + " · " + model.layers() + " layers");
            return;
        }
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
        String desc = "typed text · weights of iteration " + Pictures.count(model.iteration());
        if (model.layers() > 1) {
            compute(model, () -> StackWalk.ofText(model, t, clip), desc + " · " + model.layers() + " layers", note);
            return;
        }
        compute(model, gatedCell(model) ? () -> GatedWalk.ofText(model, t, clip) : () -> BpttAnalysis.ofText(model, t, clip), desc, note);
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
                } else if (r instanceof StackWalk w) {
                    acceptStack(w, model, description, note);
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
        show(t.length(), 1, () -> {
            gated.set(null);
            stack.set(null);
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
        show(t.length(), 1, () -> {
            trace.set(null);
            stack.set(null);
            gated.set(t);
        }, description, note);
    }

    /** Shows a stacked model's walk (JavaFX thread), computed on {@code weights}; the phase and step are kept where possible. */
    void acceptStack(StackWalk w, ModelSnapshot weights, String description, String note) {
        walkModelIteration = weights.iteration();
        gatedVocabulary = weights.vocabulary();
        show(w.length(), w.layerCount(), () -> {
            trace.set(null);
            gated.set(null);
            stack.set(w);
        }, description, note);
    }

    /** Replaces the walk shown by {@code set}, a walk of T steps through L layers, keeping the phase and step where possible. */
    private void show(int T, int L, Runnable set, String description, String note) {
        int oldP = passLength();
        int P = T * L;
        int pos = position.get();
        if (target != null) {
            pos = target.position(T, L);
            target = null;
        } else if (oldP != P) {
            // same phase, same step where possible
            pos = pos <= oldP ? Math.min(pos, P) : P + Math.min(pos - oldP, P);
        }
        pos = Math.max(0, Math.min(2 * P, pos));
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
            int pos = target.position(length(), layers());
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

    /** A step by hand ({@code step}: forward, back, to the start or the end): the player stops and the walk shown is {@link #hold() held}. */
    public void byHand(Runnable step) {
        pause();
        hold();
        step.run();
    }

    public void stepForward() {
        if (hasWalk() && position.get() < 2 * passLength()) {
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
        position.set(2 * passLength());
    }

    /** Jumps to the end of the forward pass. */
    public void toForwardEnd() {
        if (hasWalk()) {
            position.set(passLength());
        }
    }

    public void play() {
        if (!hasWalk()) {
            return;
        }
        if (position.get() >= 2 * passLength()) {
            position.set(0);
        }
        player.play();
    }

    public void pause() {
        player.pause();
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

    /** A stacked model's walk (every layer), or null. */
    public ReadOnlyObjectProperty<StackWalk> stackProperty() {
        return stack.getReadOnlyProperty();
    }

    /** The stacked model's walk shown, or null (nothing computed yet, or a one-layer walk is shown). */
    public StackWalk stack() {
        return stack.get();
    }

    /** Whether a walk (vanilla, gated or stacked) is shown. */
    public boolean hasWalk() {
        return trace.get() != null || gated.get() != null || stack.get() != null;
    }

    /** T, the steps of the walk shown (0 without one). */
    public int length() {
        BpttTrace t = trace.get();
        WindowTrace g = gated.get();
        StackWalk k = stack.get();
        return t != null ? t.length() : g != null ? g.length() : k != null ? k.length() : 0;
    }

    /** L, the layers the walk shown steps through (1 but for a stack). */
    public int layers() {
        StackWalk k = stack.get();
        return k == null ? 1 : k.layerCount();
    }

    /** The positions of one pass, TL: one per layer's cell per step. */
    int passLength() {
        return length() * layers();
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

    /** Forward steps done (0..TL; with one layer, 0..T). */
    public int forwardDone() {
        return Math.min(position.get(), passLength());
    }

    /** Backward steps done (0..TL): with one layer, dL/dh_t is known for the last this many steps. */
    public int backwardDone() {
        return hasWalk() ? Math.max(0, position.get() - passLength()) : 0;
    }

    /** The time step (0-based) the position points at, or -1 at position 0. */
    public int currentStep() {
        if (!hasWalk() || position.get() == 0) {
            return -1;
        }
        int p = position.get();
        int L = layers();
        int P = passLength();
        return p <= P ? (p - 1) / L : length() - 1 - (p - P - 1) / L;
    }

    /**
     * The layer (0-based, 0 reading the characters) the position points at, or -1 at position 0: forward
     * from the bottom layer up at each step, backward from the top layer down.
     */
    public int currentLayer() {
        if (!hasWalk() || position.get() == 0) {
            return -1;
        }
        int p = position.get();
        int L = layers();
        int P = passLength();
        return p <= P ? (p - 1) % L : L - 1 - (p - P - 1) % L;
    }

    /** Whether the position is in the backward pass. */
    public boolean inBackward() {
        return hasWalk() && position.get() > passLength();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return player.playingProperty();
    }

    public boolean isPlaying() {
        return player.isPlaying();
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

    /** Steps per second while playing. */
    public DoubleProperty speedProperty() {
        return player.speedProperty();
    }

    public BooleanProperty followProperty() {
        return follow;
    }

    /** A one-line account of the position, for the status line. */
    public String positionText() {
        StackWalk k = stack.get();
        return k != null ? PositionText.ofStack(k, position.get()) : PositionText.of(trace.get(), gated.get(), position.get());
    }

    // ---- following training (its TrainingFollower) and the commands' state ----

    /**
     * How often, while training, a fresh model copy is requested: once a second, like the
     * Hidden state view's live updates. Each copy is unrolled (the walk-through following training),
     * its Whh decomposed (the spectral radius over iterations) and the walk-through redrawn; three
     * times a second cost the trainer about a tenth of its speed on two cores, and a window that
     * changes faster than once a second cannot be read anyway.
     */
    static final Duration COPY_CADENCE = Duration.millis(1000);
    /** The slowest and fastest pace of the walk-through, steps per second. */
    static final double MIN_SPEED = WalkPlayer.MIN_SPEED;
    static final double MAX_SPEED = WalkPlayer.MAX_SPEED;

    /** The walk-through following training: the snapshot catch-up, the spectral radius, the copies asked for. */
    private final TrainingFollower follower;
    private final StringProperty typedText = new SimpleStringProperty(this, "typedText", "");
    private final ObjectProperty<Source> chosenSource = new SimpleObjectProperty<>(this, "chosenSource", Source.WINDOW);
    private final BooleanProperty unrolled = new SimpleBooleanProperty(this, "unrolled");

    /** The spectral radius's newest history, on the JavaFX thread (null before the first). */
    public ReadOnlyObjectProperty<SpectralTracker.History> spectralHistoryProperty() {
        return follower.spectralHistoryProperty();
    }

    /** The spectral radius's history as the tracker holds it now. */
    SpectralTracker.History spectralHistory() {
        return follower.spectralHistory();
    }

    /** What the view says while no walk is shown. */
    public ReadOnlyStringProperty placeholderProperty() {
        return follower.placeholderProperty();
    }

    /** Counts the runs begun and resets: each time, the live charts start again. */
    public ReadOnlyLongProperty liveResetsProperty() {
        return follower.liveResetsProperty();
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
        player.faster();
    }

    /** Plays slower (÷1.5, at least {@link #MIN_SPEED}). */
    public void slower() {
        player.slower();
    }

    /**
     * The view shows (true) or hides: shown, it catches up with what came while hidden (the spectral
     * radius of a model from elsewhere, the newest window or weights); hidden, it pauses and computes nothing.
     */
    public void setShowing(boolean on) {
        follower.setShowing(on);
        if (!on) {
            pause();
        }
    }

    /** Unrolls the typed text (Enter in its field, a talk's probe text). */
    public void unrollTypedText() {
        chosenSource.set(Source.TEXT);
        follower.loadText();
    }

    /** Unrolls the typed text, or a phrase in the corpus's language when none was typed. */
    public void unrollTypedTextOrPhrase() {
        chosenSource.set(Source.TEXT);
        if (typedText.get().isBlank()) {
            typedText.set(follower.defaultText());
        }
        follower.loadText();
    }

    /** Unrolls the newest training window (the user asked for it). */
    public void unrollNewestWindow() {
        chosenSource.set(Source.WINDOW);
        follower.loadWindow(true);
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

    /** Stops the walk-through and the worker threads, and the training-following part's timers and tracker. */
    public void dispose() {
        pause();
        follower.dispose();
        executor.close();
    }
}
