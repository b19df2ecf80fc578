package dev.unroll.app.compare;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.fx.LatestValue;
import dev.unroll.app.ui.TypedNumber;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.compare.CellComparison;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.Pictures;

import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Compare view's model: the comparison's settings as typed (the number of weights every cell
 * gets, the iterations), the cells' depth (stacked layers, the weights matched over the stack) and its corpus (the side panel's, or a bundled one chosen for the comparison
 * alone), the comparison running on the engine's {@link CellComparison} (vanilla,
 * LSTM and GRU on the chosen corpus, each on a thread of its own, analysed there), and the newest
 * {@link CellComparison.Snapshot} it published. The trainers' threads only store the newest snapshot
 * in an atomic reference; a frame timer, running only while a comparison trains and the view shows,
 * moves it into {@link #snapshotProperty()} once per pulse (the comparison's end is moved at once,
 * shown or not). All properties live on the JavaFX thread.
 */
public final class CompareModel {
    /** The cells compared, in the order shown. */
    public static final List<Cell> CELLS = List.of(Cell.VANILLA, Cell.LSTM, Cell.GRU);
    /** How long closing waits for the runs to stop. */
    static final long CLOSE_WAIT_SECONDS = 10;

    private final AppContext context;
    /** The weights every cell gets unless typed otherwise. */
    public static final long DEFAULT_WEIGHTS = 25_000;
    /**
     * Iterations per cell unless typed otherwise: as many as {@code compare-cells} trains by default, which on
     * two free cores end in well under a minute (about a minute of CPU time in all: a talk's slide), the gated cells below
     * the n-gram line by then.
     */
    public static final long DEFAULT_ITERATIONS = 20_000;
    /** The depths the comparison offers: stacked layers of each cell, 1 (the seed's comparison, the default) to 3. */
    public static final List<Integer> LAYER_CHOICES = List.of(1, 2, 3);

    private final StringProperty weights = new SimpleStringProperty(this, "weights", Long.toString(DEFAULT_WEIGHTS));
    private final StringProperty iterations = new SimpleStringProperty(this, "iterations", Long.toString(DEFAULT_ITERATIONS));
    /** Stacked layers of each cell (one of {@link #LAYER_CHOICES}). */
    private final ObjectProperty<Integer> layers = new SimpleObjectProperty<>(this, "layers", 1);
    /** A bundled corpus's id the comparison trains on, or "" for the side panel's corpus. */
    private final StringProperty corpusId = new SimpleStringProperty(this, "corpusId", "");
    /** The bundled corpus loaded last for the comparison (loaded once, kept while chosen). */
    private Corpus loaded;
    private String loadedId;
    private final ReadOnlyObjectWrapper<CellComparison.Snapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message",
            "Train vanilla, LSTM and GRU on the chosen corpus with the same number of weights: press Compare.");
    /** The runs' snapshots, latest wins; its timer runs only while a comparison trains and the view shows. */
    private final LatestValue<CellComparison.Snapshot> pump = new LatestValue<>("compare-pump", true, this::show);
    private volatile CellComparison comparison;
    private boolean showing;

    public CompareModel(AppContext context) {
        this.context = context;
    }

    /**
     * The runs a comparison would train now: each cell over the base settings (the original
     * experiment's, with a 5% validation tail for the baseline) at the depth chosen, its hidden size
     * matched to the weights asked for.
     *
     * @throws BadInputException when a field does not parse, no corpus is chosen, or the weights are out of a cell's range
     */
    public List<TrainingConfig> runs() {
        Integer depth = layers.get();
        return runs(corpus(), TypedNumber.wholeLong("weights", weights.get()), TypedNumber.wholeLong("iterations", iterations.get()),
                depth == null ? 1 : depth);
    }

    /** {@link #runs(Corpus, long, long, int)} at one layer: the seed's comparison. */
    public static List<TrainingConfig> runs(Corpus corpus, long weights, long iterations) {
        return runs(corpus, weights, iterations, 1);
    }

    /**
     * The runs a comparison trains on {@code corpus}: each cell over the base settings (the original
     * experiment's, with a 5% validation tail for the baseline), with {@code layers} stacked layers
     * (batch 1, float64, no dropout: one layer is the seed's path, bit for bit), its hidden size matched
     * to {@code weights} over the whole stack, as {@code compare-cells --layers} matches it.
     *
     * @throws BadInputException when the weights are out of a cell's range, or the layers out of 1 to {@link DeepRnn#MAX_LAYERS}
     */
    public static List<TrainingConfig> runs(Corpus corpus, long weights, long iterations, int layers) {
        TrainingConfig base = TrainingConfig.defaults().withIterations(iterations).withValFraction(0.05).withDepth(new Depth(layers, 1, 0.0));
        return CellComparison.matched(base, corpus.vocabulary().size(), weights, CELLS);
    }

    /**
     * The corpus a comparison would train on now: the bundled one chosen ({@link #corpusIdProperty}), or the side panel's.
     *
     * @throws BadInputException when none is chosen, or the bundled one cannot be read
     */
    public Corpus corpus() {
        String id = corpusId.get();
        if (id == null || id.isEmpty()) {
            Corpus corpus = context.corpus().get();
            if (corpus == null) {
                throw new BadInputException("Choose a corpus first.");
            }
            return corpus;
        }
        BundledCorpus bundled = BundledCorpus.byId(id).orElseThrow(() -> new BadInputException("no bundled corpus '" + id + "'"));
        if (!id.equals(loadedId)) {
            loaded = bundled.load();
            loadedId = id;
        }
        return loaded;
    }

    /** Starts a comparison of the three cells on the chosen corpus; false (with a message) when it cannot. */
    public boolean start() {
        if (running.get()) {
            return false;
        }
        Corpus corpus;
        try {
            List<TrainingConfig> runs = runs();
            corpus = corpus();
            comparison = new CellComparison(corpus, runs);
        } catch (BadInputException e) {
            message.set(e.getMessage());
            return false;
        }
        snapshot.set(comparison.latest());
        running.set(true);
        message.set("Training " + describe(comparison.configs()) + " on " + corpus.name() + ".");
        comparison.start(this::published);
        updatePump();
        return true;
    }

    /**
     * "vanilla h107, lstm h48, gru h55": the cells and their matched hidden sizes; with stacked layers
     * the depth after them ("vanilla h60, lstm h27, gru h31, 2 layers each").
     */
    static String describe(List<TrainingConfig> runs) {
        StringBuilder b = new StringBuilder();
        for (TrainingConfig c : runs) {
            b.append(b.length() == 0 ? "" : ", ").append(c.cell().cliName()).append(" h").append(c.hiddenSize());
        }
        int depth = runs.isEmpty() ? 1 : runs.get(0).depth().layers();
        return b + (depth > 1 ? ", " + layersText(depth) + " each" : "");
    }

    /** "1 layer", "2 layers". */
    static String layersText(int layers) {
        return layers + (layers == 1 ? " layer" : " layers");
    }

    /** Stops the comparison's runs; their curves stay on screen. */
    public void stop() {
        if (comparison != null && running.get()) {
            comparison.stop();
            message.set("Stopping…");
        }
    }

    /**
     * On a trainer's thread: keeps the newest snapshot for the pump. The last one (every run over) is
     * delivered even while the view is hidden and the pump stopped, so the comparison is known to have
     * ended (closing the app then interrupts nothing).
     */
    private void published(CellComparison.Snapshot s) {
        pump.offer(s);
        if (s.over()) {
            Platform.runLater(this::deliver);
        }
    }

    /** Moves the newest published snapshot onto the screen (latest wins). */
    void deliver() {
        pump.deliverNow();
    }

    private void show(CellComparison.Snapshot s) {
        snapshot.set(s);
        if (s.over() && running.get()) {
            running.set(false);
            message.set(overMessage(s, comparison.configs()));
            updatePump();
        }
    }

    /**
     * "Comparison over at iteration N (vanilla h107, lstm h48, gru h55)." and, for each run that failed or blew up,
     * which and why, in the trainer's words ("The gru run diverged: the loss became NaN at iteration 37 ...").
     */
    static String overMessage(CellComparison.Snapshot s, List<TrainingConfig> runs) {
        long it = s.cells().stream().mapToLong(c -> c.training() == null ? 0 : c.training().iteration()).min().orElse(0);
        StringBuilder m = new StringBuilder("Comparison over at iteration " + Pictures.count(it) + " (" + describe(runs) + ").");
        for (CellComparison.CellState c : s.cells()) {
            TrainingSnapshot t = c.training();
            if (t == null || (t.state() != RunState.FAILED && t.state() != RunState.DIVERGED)) {
                continue;
            }
            m.append(" The ").append(c.cell().cliName()).append(" run ")
                    .append(t.state() == RunState.FAILED ? "failed" : "diverged");
            m.append(t.message().isEmpty() ? " at iteration " + Pictures.count(t.iteration()) : ": " + t.message()).append('.');
        }
        return m.toString();
    }

    /** The view shows (true) or hides: the pump runs only while a comparison trains and the view shows. */
    void setShowing(boolean on) {
        showing = on;
        if (on) {
            deliver(); // catch up at once
        }
        updatePump();
    }

    private void updatePump() {
        pump.setPaused(!showing);
        pump.expect(showing && running.get());
    }

    /** What closing the app now would interrupt ("" when nothing). */
    public String closingNote() {
        return running.get() ? "A comparison of the three cells is training: closing stops it." : "";
    }

    /** Stops the runs and waits (briefly) for them to end; stops the pump. */
    public void dispose() {
        pump.dispose();
        if (comparison != null) {
            comparison.stop();
            try {
                comparison.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The newest snapshot the comparison published, whether or not it reached the screen yet (the
     * screen takes it at the next pulse while the view shows); null before any comparison. Safe on any thread.
     */
    public CellComparison.Snapshot latestPublished() {
        CellComparison c = comparison;
        return c == null ? null : c.latest();
    }

    /** The weights (parameters) every cell gets, as typed. */
    public StringProperty weightsProperty() {
        return weights;
    }

    /** The id of the bundled corpus the comparison trains on, or "" (the default) for the side panel's corpus. */
    public StringProperty corpusIdProperty() {
        return corpusId;
    }

    /** Stacked layers of each cell, one of {@link #LAYER_CHOICES} (default 1, the seed's comparison). */
    public ObjectProperty<Integer> layersProperty() {
        return layers;
    }

    /** Iterations per cell, as typed. */
    public StringProperty iterationsProperty() {
        return iterations;
    }

    /** The newest comparison on screen, or null before the first. */
    public ReadOnlyObjectProperty<CellComparison.Snapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public AppContext context() {
        return context;
    }
}
