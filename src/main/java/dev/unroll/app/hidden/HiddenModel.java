package dev.unroll.app.hidden;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.app.fx.Throttle;
import dev.unroll.app.ui.Messages;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.GateSaturation;
import dev.unroll.engine.inspect.LayerInspection;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeLayer;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.inspect.ProbeText;
import dev.unroll.engine.inspect.SpanFinder;
import dev.unroll.engine.inspect.TextFeature;
import dev.unroll.engine.inspect.UnitOrder;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hidden-state view's model: the probe settings the user edits, and read-only results the view
 * draws. The forward pass and the analysis (and the clustering order) run on one background daemon
 * thread, latest request wins, and each result is handed to the JavaFX thread once. Everything
 * else lives on the JavaFX thread.
 *
 * <p>A stacked model's probe is read through the chosen signal of every layer at once (the engine's
 * {@link LayerInspection#everyLayer}): the view shows the chosen layer's, the unit finder searches them
 * all, and the Saturation page draws every layer's gates. Choosing another layer of the same probe takes
 * the analysis already made.
 */
public final class HiddenModel {
    /** Longest passage read from the corpus, and longest own text. */
    public static final int MAX_LENGTH = 2000;
    /** Most units pinned for the coloured text at once. */
    public static final int MAX_PINNED = 8;
    /** While training runs, live updates come at most this often (ms), however fast the iterations go. */
    public static final long MIN_LIVE_INTERVAL_MS = 1000;
    /** Points kept in the saturation history. */
    public static final int HISTORY = 1000;

    /** A span of the probe [from, to). */
    public record Span(int from, int to) {
    }

    /** A cell the pointer is over: a position in the probe and a unit (-1 when only the character counts). */
    public record Cell(int position, int unit) {
    }

    /** One point of the saturation history. */
    public record SaturationPoint(long iteration, double saturatedFraction, double meanAbs) {
    }

    private final AppContext context;

    private final ObjectProperty<ProbeSource> source = new SimpleObjectProperty<>(this, "source", ProbeSource.CORPUS);
    private final IntegerProperty passageStart = new SimpleIntegerProperty(this, "passageStart", -1);
    private final IntegerProperty passageLength = new SimpleIntegerProperty(this, "passageLength", 300);
    private final IntegerProperty warmup = new SimpleIntegerProperty(this, "warmup", 100);
    private final StringProperty ownText = new SimpleStringProperty(this, "ownText", "");
    private final BooleanProperty live = new SimpleBooleanProperty(this, "live", true);
    private final IntegerProperty cadence = new SimpleIntegerProperty(this, "cadence", 500);
    private final ObjectProperty<RowOrder> rowOrder = new SimpleObjectProperty<>(this, "rowOrder", RowOrder.INDEX);
    private final ObjectProperty<TextFeature> feature = new SimpleObjectProperty<>(this, "feature", TextFeature.IN_QUOTES);
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold", 0.5);
    private final BooleanProperty findHigh = new SimpleBooleanProperty(this, "findHigh", true);
    private final BooleanProperty showPredictions = new SimpleBooleanProperty(this, "showPredictions", false);
    private final ObservableList<Integer> pinned = FXCollections.observableArrayList();
    private final ObjectProperty<ProbeLayer> quantity = new SimpleObjectProperty<>(this, "quantity", ProbeLayer.H);
    private final IntegerProperty layer = new SimpleIntegerProperty(this, "layer", 0);
    private final ReadOnlyIntegerWrapper layers = new ReadOnlyIntegerWrapper(this, "layers", 1);
    private final ReadOnlyObjectWrapper<dev.unroll.engine.model.Cell> cell = new ReadOnlyObjectWrapper<>(this, "cell", dev.unroll.engine.model.Cell.VANILLA);
    private boolean fallingBack;
    private final ObjectProperty<Cell> hover = new SimpleObjectProperty<>(this, "hover");

    private final ReadOnlyObjectWrapper<ProbeAnalysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
    private final ReadOnlyObjectWrapper<List<ProbeAnalysis>> layerAnalyses = new ReadOnlyObjectWrapper<>(this, "layerAnalyses", List.of());
    private final ReadOnlyObjectWrapper<List<GateSaturation>> layerSaturation = new ReadOnlyObjectWrapper<>(this, "layerSaturation", List.of());
    private final ReadOnlyIntegerWrapper shownLayer = new ReadOnlyIntegerWrapper(this, "shownLayer", 0);
    private final ReadOnlyObjectWrapper<int[]> order = new ReadOnlyObjectWrapper<>(this, "order");
    private final ReadOnlyObjectWrapper<ModelSnapshot> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<Span> span = new ReadOnlyObjectWrapper<>(this, "span");
    private final ReadOnlyObjectWrapper<SpanFinder.Result> spanResult = new ReadOnlyObjectWrapper<>(this, "spanResult");
    private final ObservableList<SaturationPoint> saturationHistory = FXCollections.observableArrayList();

    private final BackgroundTasks executor = new BackgroundTasks("unroll-hidden-probe");
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private long generation;
    private long lastComputeNanos;
    private boolean showing;
    private TrainingConfig lastConfig;
    private Corpus autoStartCorpus;
    /** Live recomputes on the newest weights: at the cadence, but at most once per MIN_LIVE_INTERVAL_MS. */
    private final Throttle liveUpdates = new Throttle("hidden-live", Duration.millis(MIN_LIVE_INTERVAL_MS), this::liveUpdate);
    private int autoStartValidation = -1;

    /**
     * What the background thread is asked: the probe of a model read through a signal, shown at {@code layer};
     * {@code reuse} (every layer's analyses) and {@code reuseSaturation} when they are made already (another
     * layer or row order of the same probe), null to read the probe.
     */
    private record Request(long generation, ModelSnapshot model, ProbeText probe, List<ProbeAnalysis> reuse,
                           List<GateSaturation> reuseSaturation, int layer, RowOrder order, TextFeature feature, ProbeLayer quantity) {
    }

    private record Outcome(List<ProbeAnalysis> analyses, List<GateSaturation> saturation, int[] order, long nanos) {
        ProbeAnalysis analysis(int layer) {
            return analyses.get(layer);
        }
    }

    public HiddenModel(AppContext context) {
        this.context = context;
        context.model().addListener((obs, old, m) -> modelChanged(m));
        context.snapshot().addListener((obs, old, s) -> snapshotChanged(s));
        context.corpus().addListener((obs, old, c) -> {
            if (source.get() == ProbeSource.CORPUS) {
                refresh();
            }
        });
        Runnable probeChanged = this::refresh;
        source.addListener((obs, o, n) -> probeChanged.run());
        passageStart.addListener((obs, o, n) -> probeChanged.run());
        passageLength.addListener((obs, o, n) -> probeChanged.run());
        warmup.addListener((obs, o, n) -> probeChanged.run());
        ownText.addListener((obs, o, n) -> {
            if (source.get() == ProbeSource.OWN) {
                probeChanged.run();
            }
        });
        rowOrder.addListener((obs, o, n) -> reorder());
        quantity.addListener((obs, o, n) -> {
            saturationHistory.clear(); // the history is one quantity's
            if (!fallingBack) {
                refresh();
            }
        });
        layer.addListener((obs, o, n) -> {
            saturationHistory.clear(); // the history is one layer's
            pinned.clear(); // unit 5 of another layer is another unit
            if (!fallingBack) {
                showLayer();
            }
        });
        feature.addListener((obs, o, n) -> {
            if (rowOrder.get() == RowOrder.CORRELATION) {
                reorder();
            }
        });
        cadence.addListener((obs, o, n) -> applyCadence());
        live.addListener((obs, o, n) -> {
            if (n) {
                applyCadence();
                context.training().requestModelCopy();
                ModelSnapshot m = context.model().get();
                if (m != null && m != shown.get()) {
                    compute(m);
                }
            }
            updateStatus();
        });
        threshold.addListener((obs, o, n) -> updateSpanResult());
        findHigh.addListener((obs, o, n) -> updateSpanResult());
    }

    // ---- settings ----

    public ObjectProperty<ProbeSource> sourceProperty() {
        return source;
    }

    /** First character of the corpus passage; -1 until set (then the validation tail, or 0). */
    public IntegerProperty passageStartProperty() {
        return passageStart;
    }

    public IntegerProperty passageLengthProperty() {
        return passageLength;
    }

    /** Characters of the corpus read before the passage (0: start from a zero hidden state). */
    public IntegerProperty warmupProperty() {
        return warmup;
    }

    public StringProperty ownTextProperty() {
        return ownText;
    }

    /** Follow training (true) or stay frozen on the weights shown. */
    public BooleanProperty liveProperty() {
        return live;
    }

    /** While live, update every this many iterations. */
    public IntegerProperty cadenceProperty() {
        return cadence;
    }

    public ObjectProperty<RowOrder> rowOrderProperty() {
        return rowOrder;
    }

    /** The feature used to order rows by correlation (and highlighted in the finder). */
    public ObjectProperty<TextFeature> featureProperty() {
        return feature;
    }

    /** The span finder's activation threshold, 0 to 1. */
    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    /** The span finder looks for units high in the span (true) or low. */
    public BooleanProperty findHighProperty() {
        return findHigh;
    }

    /** Show the top-5 predictions and the loss strip under each character of the coloured text. */
    public BooleanProperty showPredictionsProperty() {
        return showPredictions;
    }

    /** Units pinned for the coloured text, most recently pinned first. */
    /**
     * What the heatmap, the text colouring, the unit finder and the saturation show: h (the default),
     * or for a gated model's probe the LSTM's c or a gate ({@link ProbeLayer#of}), read by the engine's
     * {@link ProbeResult#runLayers}. A model whose cell
     * lacks the quantity chosen shows h, and the choice goes back to h.
     */
    public ObjectProperty<ProbeLayer> quantityProperty() {
        return quantity;
    }

    /**
     * Which layer of a stacked model the heatmap, the coloured text and the saturation show: 0 the one
     * reading the characters, {@code layers - 1} the top one (the default, and again whenever a model of
     * another depth arrives). A one-layer model's is 0.
     */
    public IntegerProperty layerProperty() {
        return layer;
    }

    /** How many layers the model being probed has (1 before any). */
    public ReadOnlyIntegerProperty layersProperty() {
        return layers.getReadOnlyProperty();
    }

    /** The layer the shown analysis is of (0-based). */
    public ReadOnlyIntegerProperty shownLayerProperty() {
        return shownLayer.getReadOnlyProperty();
    }

    /**
     * The chosen signal of every layer over the probe, analysed, layer 0 first: what the unit finder searches
     * (one entry for a one-layer model; empty before any analysis).
     */
    public ReadOnlyObjectProperty<List<ProbeAnalysis>> layerAnalysesProperty() {
        return layerAnalyses.getReadOnlyProperty();
    }

    /**
     * Every layer's gate saturation over the probe's passage (Karpathy, Johnson and Fei-Fei 2015, Fig. 4),
     * layer 0 first: for a stacked gated model, empty otherwise (one layer: the Saturation page stays the
     * chosen signal's).
     */
    public ReadOnlyObjectProperty<List<GateSaturation>> layerSaturationProperty() {
        return layerSaturation.getReadOnlyProperty();
    }

    /** How the view names layer {@code k} (0-based) of {@code of}: "layer 1 of 2", "layer 2 of 2 (top)". */
    public static String layerName(int k, int of) {
        return String.format(Locale.ROOT, "layer %d of %d%s", k + 1, of, k == of - 1 ? " (top)" : "");
    }

    /**
     * Shows a unit of another layer (the unit finder's answer): chooses that layer, then pins the unit.
     */
    public void showUnit(int layerIndex, int unit) {
        if (layerIndex != layer.get() && layerIndex >= 0 && layerIndex < layers.get()) {
            layer.set(layerIndex);
        }
        pin(unit);
    }

    /** How the view names a layer: "h (hidden state)", "c (cell state)", "forget gate". */
    public static String label(ProbeLayer layer) {
        return switch (layer.kind()) {
            case HIDDEN -> "h (hidden state)";
            case CELL_STATE -> "c (cell state)";
            case GATE -> layer.name() + " gate";
        };
    }

    /** The cell of the model whose probe is shown (vanilla before any). */
    public ReadOnlyObjectProperty<dev.unroll.engine.model.Cell> cellProperty() {
        return cell.getReadOnlyProperty();
    }

    public ObservableList<Integer> pinned() {
        return pinned;
    }

    /** The cell under the pointer (heatmap or text), or null. */
    public ObjectProperty<Cell> hoverProperty() {
        return hover;
    }

    // ---- results ----

    /** The analysis shown, or null when there is nothing to show (see {@link #messageProperty()}). */
    public ReadOnlyObjectProperty<ProbeAnalysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    public ProbeAnalysis analysis() {
        return analysis.get();
    }

    /** Row order of the heatmap: row -&gt; unit. */
    public ReadOnlyObjectProperty<int[]> orderProperty() {
        return order.getReadOnlyProperty();
    }

    /** The weights the shown analysis was computed on. */
    public ReadOnlyObjectProperty<ModelSnapshot> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** What is wrong or worth knowing about the probe or the model ("" when all is well). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Which iteration and probe the view depicts. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether a forward pass is running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Span> spanProperty() {
        return span.getReadOnlyProperty();
    }

    /** The span finder's answer for the selected span, or null. */
    public ReadOnlyObjectProperty<SpanFinder.Result> spanResultProperty() {
        return spanResult.getReadOnlyProperty();
    }

    /** Saturation of the probe's activations at each analysed iteration of this run, oldest first. */
    public ObservableList<SaturationPoint> saturationHistory() {
        return saturationHistory;
    }

    /** How long the last forward pass and analysis took on the background thread. */
    public long lastComputeNanos() {
        return lastComputeNanos;
    }

    // ---- commands ----

    /** Selects a span of the probe for the finder (to exclusive); an empty span clears it. */
    public void selectSpan(int from, int to) {
        ProbeAnalysis a = analysis.get();
        if (a == null || to <= from) {
            span.set(null);
        } else {
            span.set(new Span(Math.max(0, from), Math.min(a.length(), to)));
        }
        updateSpanResult();
    }

    /** Pins a unit for the coloured text (moves it to the front if pinned already). */
    public void pin(int unit) {
        pinned.remove(Integer.valueOf(unit));
        pinned.add(0, unit);
        while (pinned.size() > MAX_PINNED) {
            pinned.remove(pinned.size() - 1);
        }
    }

    public void unpin(int unit) {
        pinned.remove(Integer.valueOf(unit));
    }

    /** Recomputes the probe on the weights shown (frozen) or the newest ones (live). */
    public void refresh() {
        ModelSnapshot m = live.get() || shown.get() == null ? context.model().get() : shown.get();
        compute(m);
    }

    /** Freezes on the weights shown (or follows training again). */
    public void setLive(boolean on) {
        live.set(on);
    }

    /** Called by the feature when its tab shows or hides; hidden, it asks training for no copies and computes nothing. */
    public void setShowing(boolean on) {
        showing = on;
        applyCadence();
        if (!on) {
            liveUpdates.cancel();
        }
        if (on) {
            if (live.get()) {
                ModelSnapshot m = context.model().get();
                if (m == null || analysis.get() == null || m != shown.get()) {
                    if (m == null && context.training().hasRun()) {
                        context.training().requestModelCopy();
                    }
                    compute(m);
                }
            }
        }
    }

    public boolean isShowing() {
        return showing;
    }

    /** Withdraws its wish for weight copies and ends the background thread (the window is closing). */
    public void dispose() {
        showing = false;
        liveUpdates.cancel();
        context.training().setModelCopyEvery(this, 0);
        executor.close();
    }

    // ---- the machinery ----

    private void applyCadence() {
        context.training().setModelCopyEvery(this, showing && live.get() ? Math.max(1, cadence.get()) : 0);
    }

    /** Whether the weights shown last came from the timeline's kept iteration (not the live run). */
    private boolean timelineShown;

    private void snapshotChanged(TrainingSnapshot s) {
        if (s == null) {
            return;
        }
        if (s.config() != lastConfig) {
            // a new run (or a resumed one): tell its trainer our cadence
            lastConfig = s.config();
            applyCadence();
        }
    }

    private void modelChanged(ModelSnapshot m) {
        TrainingSnapshot ts = context.snapshot().get();
        // the timeline moved to a kept iteration or back to live: those weights at once, not at the cadence
        boolean timelineMoved = ts != null && (ts.historical() || timelineShown);
        timelineShown = ts != null && ts.historical();
        if (!showing || !live.get() || m == null) {
            return;
        }
        ModelSnapshot s = shown.get();
        boolean running = ts != null && ts.state() == RunState.RUNNING;
        if (s == null || !running || timelineMoved || m.iteration() < s.iteration() || !m.vocabulary().equals(s.vocabulary())
                || m.hiddenSize() != s.hiddenSize()) {
            liveUpdates.runNow();
        } else if (m.iteration() - s.iteration() >= cadence.get()) {
            // at the cadence, but never more often than MIN_LIVE_INTERVAL_MS: the newest weights then
            liveUpdates.request();
        }
    }

    private void liveUpdate() {
        ModelSnapshot newest = context.model().get();
        if (showing && live.get() && newest != null && newest != shown.get()) {
            compute(newest);
        }
    }

    private Corpus corpus() {
        Corpus c = context.training().corpus();
        return c != null ? c : context.corpus().get();
    }

    /** Where the validation tail of the run's corpus starts, or -1 without one. */
    public int validationStart() {
        Corpus c = corpus();
        TrainingConfig cfg = context.training().config();
        if (c == null || cfg == null || cfg.valFraction() <= 0) {
            return -1;
        }
        int held = (int) Math.floor(c.length() * cfg.valFraction());
        return held >= 2 ? c.length() - held : -1;
    }

    /** Builds the probe for a model's vocabulary, or sets a message and returns null. */
    private ProbeText buildProbe(ModelSnapshot m) {
        int warm = Math.max(0, warmup.get());
        if (source.get() == ProbeSource.OWN) {
            String text = ownText.get() == null ? "" : ownText.get();
            if (text.isEmpty()) {
                fail("The probe text is empty: type or paste some text above.");
                return null;
            }
            String note = "";
            if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
                text = text.substring(0, text.offsetByCodePoints(0, MAX_LENGTH));
                note = "Only the first " + MAX_LENGTH + " characters are probed. ";
            }
            String warmText = "";
            Corpus c = corpus();
            if (warm > 0 && c != null) {
                int end = startFor(c);
                warmText = c.slice(Math.max(0, end - warm), end);
            }
            return probeOrFail(m, ProbeText.of(m.vocabulary(), warmText, text, ""), note);
        }
        Corpus c = corpus();
        if (c == null) {
            fail("No corpus chosen: pick one in the side panel, or probe your own text ('my text').");
            return null;
        }
        int start = startFor(c);
        int end = Math.min(c.length(), start + Math.max(1, Math.min(MAX_LENGTH, passageLength.get())));
        String passage = c.slice(start, end);
        String warmText = c.slice(Math.max(0, start - warm), start);
        String following = end < c.length() ? c.slice(end, end + 1) : "";
        return probeOrFail(m, ProbeText.of(m.vocabulary(), warmText, passage, following), "");
    }

    private int startFor(Corpus c) {
        int v = validationStart();
        if (passageStart.get() < 0 || autoStartCorpus != c || autoStartValidation != v) {
            // a new corpus or a new split: start at the validation tail (or the beginning) again
            autoStartCorpus = c;
            autoStartValidation = v;
            passageStart.set(v >= 0 ? v : 0); // listeners recompute; harmless, latest wins
        }
        return Math.max(0, Math.min(passageStart.get(), c.length() - 1));
    }

    private ProbeText probeOrFail(ModelSnapshot m, ProbeText p, String note) {
        if (p.isEmpty()) {
            fail("None of the probe's characters is in the model's vocabulary"
                    + (p.unknown().isEmpty() ? "." : " (" + p.skippedNote() + ")."));
            return null;
        }
        pendingNote = note + (p.skipped() > 0 ? Messages.sentence(p.skippedNote()) + ". " : "");
        return p;
    }

    private String pendingNote = "";


    private void fail(String text) {
        generation++; // results in flight are stale now
        pending.set(null);
        analysis.set(null);
        order.set(null);
        span.set(null);
        spanResult.set(null);
        busy.set(false);
        message.set(text);
        updateStatus();
    }

    private void compute(ModelSnapshot m) {
        if (m == null) {
            fail(context.training().hasRun()
                    ? "Waiting for a copy of the weights from training..."
                    : "No model yet: start training (or load a checkpoint) and the hidden units appear here.");
            return;
        }
        ProbeText probe = buildProbe(m);
        if (probe == null) {
            shown.set(m);
            return;
        }
        ProbeLayer q = quantity.get();
        if (!q.belongsTo(m.cell())) {
            q = ProbeLayer.H;
            fallingBack = true;
            try {
                quantity.set(q);
            } finally {
                fallingBack = false;
            }
        }
        if (m.layers() != layers.get() || layer.get() >= m.layers() || layer.get() < 0) {
            // a model of another depth: its top layer, as before there was a choice
            layers.set(m.layers());
            fallingBack = true;
            try {
                layer.set(m.layers() - 1);
            } finally {
                fallingBack = false;
            }
        }
        submit(new Request(++generation, m, probe, null, null, layer.get(), rowOrder.get(), feature.get(), q));
    }

    private void reorder() {
        ProbeAnalysis a = analysis.get();
        if (a != null) {
            submit(new Request(++generation, shown.get(), a.result().probe(), layerAnalyses.get(), layerSaturation.get(),
                    shownLayer.get(), rowOrder.get(), feature.get(), a.result().layer()));
        }
    }

    /** Another layer chosen: the analyses of the probe shown have it already; otherwise the probe is read again. */
    private void showLayer() {
        ProbeAnalysis a = analysis.get();
        List<ProbeAnalysis> all = layerAnalyses.get();
        int k = layer.get();
        if (a != null && k >= 0 && k < all.size() && all.get(0).result().layer().equals(quantity.get())) {
            submit(new Request(++generation, shown.get(), a.result().probe(), all, layerSaturation.get(), k, rowOrder.get(),
                    feature.get(), a.result().layer()));
        } else {
            refresh();
        }
    }

    private void submit(Request r) {
        busy.set(true);
        pending.set(r);
        String note = pendingNote;
        // latest wins: the task takes the newest request; tasks that find none were overtaken
        AtomicReference<Request> taken = new AtomicReference<>();
        executor.run(() -> {
            Request req = pending.getAndSet(null);
            if (req == null) {
                return null;
            }
            taken.set(req);
            long t0 = System.nanoTime();
            List<ProbeAnalysis> all;
            List<GateSaturation> saturation;
            if (req.reuse() != null) {
                all = req.reuse();
                saturation = req.reuseSaturation();
            } else if (req.model().layers() > 1) {
                LayerInspection.EveryLayer every = LayerInspection.everyLayer(req.model(), req.probe(), req.quantity());
                all = every.results().stream().map(ProbeAnalysis::of).toList();
                saturation = req.model().cell().sigmoidGates().length == 0 ? List.of() : every.saturation(); // the vanilla cell has no gates
            } else {
                // one layer: the cell's own code, as before layers could be chosen
                all = List.of(ProbeAnalysis.of(ProbeResult.runLayers(req.model(), req.probe(), List.of(req.quantity())).get(0)));
                saturation = List.of();
            }
            ProbeAnalysis a = all.get(req.layer());
            return new Outcome(all, saturation, orderFor(a, req.order(), req.feature()), System.nanoTime() - t0);
        }, out -> {
            if (out != null) {
                deliver(taken.get(), out, note);
            }
        }, why -> {
            Request req = taken.get();
            if (req != null && req.generation() == generation) {
                fail("The probe could not be analysed: " + why);
            }
        });
    }

    static int[] orderFor(ProbeAnalysis a, RowOrder o, TextFeature f) {
        return switch (o) {
            case INDEX -> UnitOrder.byIndex(a.hiddenSize());
            case VARIANCE -> UnitOrder.byVariance(a.stats().variance());
            case CORRELATION -> UnitOrder.byCorrelation(a.correlations().get(f));
            case CLUSTER -> UnitOrder.byClustering(a.result());
        };
    }

    private void deliver(Request req, Outcome out, String note) {
        if (req.generation() != generation) {
            return; // a newer request is on its way
        }
        busy.set(false);
        lastComputeNanos = out.nanos();
        ProbeAnalysis a = out.analysis(req.layer());
        ProbeAnalysis old = analysis.get();
        shown.set(req.model());
        cell.set(req.model().cell());
        if (old != null && old.hiddenSize() != a.hiddenSize()) {
            pinned.clear();
        }
        pinned.removeIf(u -> u >= a.hiddenSize());
        layerAnalyses.set(out.analyses());
        layerSaturation.set(out.saturation());
        shownLayer.set(req.layer());
        order.set(out.order());
        analysis.set(a);
        if (req.reuse() == null || saturationHistory.isEmpty()) {
            recordSaturation(a); // a new probe, or the first point of another layer's history
        }
        Span s = span.get();
        if (s != null && s.to() > a.length()) {
            span.set(null);
        }
        updateSpanResult();
        StringBuilder msg = new StringBuilder(note);
        if (req.model().iteration() == 0) {
            msg.append("The model has not trained yet (iteration 0): these are the activations of random weights.");
        }
        message.set(msg.toString().trim());
        updateStatus();
    }

    private void recordSaturation(ProbeAnalysis a) {
        long it = a.result().iteration();
        if (!saturationHistory.isEmpty() && saturationHistory.get(saturationHistory.size() - 1).iteration() > it) {
            saturationHistory.clear(); // a new run
        }
        double[] h = a.result().hidden();
        double abs = 0;
        for (double v : h) {
            abs += Math.abs(v);
        }
        SaturationPoint p = new SaturationPoint(it, a.stats().saturatedAll(), h.length == 0 ? 0 : abs / h.length);
        if (!saturationHistory.isEmpty() && saturationHistory.get(saturationHistory.size() - 1).iteration() == it) {
            saturationHistory.set(saturationHistory.size() - 1, p);
        } else {
            saturationHistory.add(p);
        }
        if (saturationHistory.size() > HISTORY) {
            // keep the run's beginning and its recent past: drop every other point of the older half
            for (int i = HISTORY / 2; i >= 1; i -= 2) {
                saturationHistory.remove(i);
            }
        }
    }

    private void updateSpanResult() {
        ProbeAnalysis a = analysis.get();
        Span s = span.get();
        spanResult.set(a == null || s == null ? null
                : SpanFinder.find(a.result(), s.from(), s.to(), threshold.get(), findHigh.get(), 20));
    }

    /** How the view refreshes: at the timeline's iteration, live at the cadence, or frozen. */
    private String refreshWords() {
        if (!live.get()) {
            return "frozen";
        }
        return timelineShown ? "the timeline's iteration (Alt+End: live)"
                : "live, every " + String.format("%,d", cadence.get()) + " iterations";
    }

    private void updateStatus() {
        ProbeAnalysis a = analysis.get();
        ModelSnapshot m = shown.get();
        if (a == null) {
            status.set(m == null ? "no model" : "iteration " + String.format("%,d", m.iteration()));
            return;
        }
        double loss = a.result().meanLoss();
        ProbeLayer q = a.result().layer();
        status.set(String.format("%siteration %,d · %d characters · %d units%s · loss %s nats/char · %s",
                q.equals(ProbeLayer.H) ? "" : "showing " + label(q) + " · ",
                a.result().iteration(), a.length(), a.hiddenSize(),
                m == null || m.layers() <= 1 ? "" : " · " + layerName(shownLayer.get(), m.layers()),
                Double.isNaN(loss) ? "n/a" : String.format("%.3f", loss),
                refreshWords()));
    }
}
