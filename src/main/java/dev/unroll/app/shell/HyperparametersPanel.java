package dev.unroll.app.shell;

import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.FormGrid;
import dev.unroll.app.ui.InvalidField;
import dev.unroll.app.ui.Messages;
import dev.unroll.app.ui.TypedNumber;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.RunMemory;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.Precision;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The hyperparameters of the next run, the view of {@link RunSettings}: one text field per setting, a log-scale slider beside the
 * learning rate and a slider beside the temperature, and presets. Each field is validated by
 * applying it to the engine's {@link TrainingConfig} record, so the messages are the engine's; an
 * invalid field gets the {@code :invalid} pseudo-class and a tooltip, and
 * {@link RunSettings#problemProperty()} says what keeps Start disabled. Others change the settings
 * through {@link #settings()}, never through the fields. The learning rate and temperature go to the running trainer as
 * they change; every other field is locked while a run exists.
 *
 * <p>The cell (vanilla RNN, LSTM or GRU) is chosen in a list; with "keep the number of weights"
 * ticked, choosing another cell sets the hidden size whose model has about as many weights as the
 * one before ({@link Cell#hiddenSizeMatching}, for the chosen corpus's vocabulary). The weights of
 * the settings ({@link Cell#parameterCount}) show under the hidden size.
 *
 * <p>Depth: the layers, batch size and dropout ({@link Depth}), the optimizer and the precision go into the
 * configuration; the threads go to the trainer ({@link RunSettings#threads()}, every core by default, as the
 * command line's). The clipping mode and the learning-rate decay, which have no field, are the ones the last
 * applied configuration (a preset, a checkpoint, a session) had. The memory row says what a run of the settings
 * needs ({@link TrainingConfig#trainingBytes} and the corpus) against what Java may use.
 *
 * <p>Node ids: {@code hp-preset}, {@code hp-cell}, {@code hp-match}, {@code hp-weights}, {@code hp-memory}, {@code hp-layers},
 * {@code hp-batch}, {@code hp-dropout}, {@code hp-optimizer}, {@code hp-precision}, {@code hp-threads}, {@code hp-hidden}, {@code hp-sequence}, {@code hp-lr},
 * {@code hp-lr-slider}, {@code hp-iterations}, {@code hp-sample-every}, {@code hp-sample-length},
 * {@code hp-temperature}, {@code hp-temperature-slider}, {@code hp-seed}, {@code hp-val-fraction},
 * {@code hp-eval-every}.
 */
public final class HyperparametersPanel {
    /** The learning-rate slider spans 10^-4 .. 10^0. */
    static final double LR_LOG_MIN = -4;
    static final double LR_LOG_MAX = 0;

    private final TrainingSession training;
    private final RunSettings settings = new RunSettings();
    private final List<Param> params = new ArrayList<>();
    private final GridPane grid = new GridPane();
    private final VBox root = new VBox(8);
    private final ComboBox<Preset> presets = new ComboBox<>();
    private final ComboBox<Cell> cell = new ComboBox<>();
    private final CheckBox match = new CheckBox("Keep the number of weights when the cell changes");
    private final Label weights = new Label();
    private final Label memory = new Label();
    private final ComboBox<OptimizerKind> optimizer = new ComboBox<>();
    private final ComboBox<Precision> precision = new ComboBox<>();
    private final TextField threads = new TextField();
    private static final String THREADS_HELP = "Threads of the stacked model's products: every core by default (one layer at batch 1 always runs on one)";
    /** The last configuration applied: the clipping mode and decay, which have no field, come from it. */
    private TrainingConfig carried = TrainingConfig.defaults();
    private final ObservableValue<Corpus> corpus;
    /** What the weights label adds after a match: the count the new hidden size was matched to ("" when none). */
    private String matchedNote = "";
    private final Slider lrSlider = new Slider(LR_LOG_MIN, LR_LOG_MAX, -1);
    private final Slider temperatureSlider = new Slider(0.1, 2.0, 1.0);
    private final Param hidden;
    private final Param layers;
    private final Param batch;
    private final Param dropout;
    private final Param sequence;
    private final Param learningRate;
    private final Param iterations;
    private final Param sampleEvery;
    private final Param sampleLength;
    private final Param temperature;
    private final Param seed;
    private final Param valFraction;
    private final Param evalEvery;
    private boolean syncing;
    private boolean applyingPreset;
    /** The learning rate's field when the run began (Reset puts it back), or null without a run. */
    private String learningRateAtStart;

    /**
     * @param training locks the structural settings while a run exists and takes the live ones
     * @param corpus   the chosen corpus (may hold null): its vocabulary sizes the weight count and the matching
     */
    public HyperparametersPanel(TrainingSession training, ObservableValue<Corpus> corpus) {
        this.training = training;
        this.corpus = corpus;
        FormGrid.shape(grid, "form");

        presets.setId("hp-preset");
        presets.getItems().setAll(Preset.all());
        presets.setPromptText("Presets…");
        presets.setMaxWidth(Double.MAX_VALUE);
        presets.setButtonCell(new ListCell<>() { // the closed box: the short name, the list the full one
            @Override
            protected void updateItem(Preset p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? presets.getPromptText() : p.shortName());
            }
        });
        presets.setTooltip(new Tooltip("Quick demo, the three cells at the same number of weights, or one of the original experiment's nine settings"));
        presets.valueProperty().addListener((obs, old, p) -> {
            if (p != null) {
                fill(p.config());
            }
        });
        addRow(new Label("Preset"), presets);

        cell.setId("hp-cell");
        cell.getItems().setAll(Cell.values());
        cell.setConverter(new StringConverter<>() {
            @Override
            public String toString(Cell c) {
                return c == null ? "" : cellName(c);
            }

            @Override
            public Cell fromString(String s) {
                return null;
            }
        });
        cell.setValue(Cell.VANILLA);
        String cellHelp = "The recurrent cell: min-char-rnn's tanh RNN, or the gated LSTM and GRU";
        cell.setTooltip(new Tooltip(cellHelp));
        Label cellLabel = new Label("Cell");
        cellLabel.setLabelFor(cell);
        cellLabel.setTooltip(new Tooltip(cellHelp));
        addRow(cellLabel, cell);
        cell.valueProperty().addListener((obs, old, now) -> cellChanged(old, now));

        match.setId("hp-match");
        match.setWrapText(true);
        match.setMaxWidth(Double.MAX_VALUE);
        match.setTooltip(new Tooltip("Choosing another cell sets the hidden size whose model has about as many weights as the one before,"
                + " so the cells are compared at the same number of weights"));
        grid.add(match, 0, grid.getRowCount(), 2, 1);

        hidden = param("hp-hidden", "Hidden size", "H: units in the hidden layer (of each gate, for the LSTM and GRU)",
                (c, s) -> c.withHiddenSize(TypedNumber.wholeInt("hidden size", s)));
        weights.setId("hp-weights");
        weights.setWrapText(true);
        weights.setMaxWidth(Double.MAX_VALUE);
        weights.setTooltip(new Tooltip("Weights and biases of the model these settings make, output layer included, for the chosen corpus's characters"));
        Label weightsLabel = new Label("Weights");
        weightsLabel.setTooltip(weights.getTooltip());
        addRow(weightsLabel, weights);
        corpus.addListener((obs, old, now) -> showWeights());
        sequence = param("hp-sequence", "Sequence length", "T: characters per window, unrolled by backpropagation through time",
                (c, s) -> c.withSequenceLength(TypedNumber.wholeInt("sequence length", s)));
        learningRate = param("hp-lr", "Learning rate", "The optimizer's step size (log-scale slider below); may change while training runs",
                (c, s) -> c.withLearningRate(TypedNumber.number("learning rate", s)));
        lrSlider.setId("hp-lr-slider");
        lrSlider.setTooltip(new Tooltip("Learning rate on a log scale, 0.0001 to 1"));
        lrSlider.setMajorTickUnit(1);
        lrSlider.setShowTickMarks(true);
        addRow(new Label(""), lrSlider);
        iterations = param("hp-iterations", "Iterations", "Windows to train on, one optimizer step each",
                (c, s) -> c.withIterations(TypedNumber.wholeLong("iterations", s)));
        sampleEvery = param("hp-sample-every", "Sample every", "Draw a sample every this many iterations (0: never)",
                (c, s) -> c.withSampleEvery(TypedNumber.wholeInt("sample every", s)));
        sampleLength = param("hp-sample-length", "Sample length", "Characters per sample",
                (c, s) -> c.withSampleLength(TypedNumber.wholeInt("sample length", s)));
        temperature = param("hp-temperature", "Temperature", "Softmax temperature of the samples; may change while training runs",
                (c, s) -> c.withTemperature(TypedNumber.number("temperature", s)));
        temperatureSlider.setId("hp-temperature-slider");
        temperatureSlider.setTooltip(new Tooltip("Temperature, 0.1 to 2"));
        addRow(new Label(""), temperatureSlider);
        seed = param("hp-seed", "Seed", "Seeds the weights and the sampling: same seed, same run",
                (c, s) -> c.withSeed(TypedNumber.wholeLong("seed", s)));
        valFraction = param("hp-val-fraction", "Validation %", "Percent of the corpus tail held out to measure the validation loss (0 to 50)",
                (c, s) -> c.withValFraction(TypedNumber.number("validation percent", s) / 100.0));
        evalEvery = param("hp-eval-every", "Eval every", "Measure the validation loss every this many iterations",
                (c, s) -> c.withEvalEvery(TypedNumber.wholeInt("eval every", s)));

        // depth and speed after the seed's settings, so those keep their places
        layers = param("hp-layers", "Layers", "L: layers of the cell stacked, 1 to 4; each reads the hidden state of the one below",
                (c, s) -> c.withDepth(new Depth(TypedNumber.wholeInt("layers", s), c.depth().batchSize(), c.depth().dropout(), c.depth().precision())));
        batch = param("hp-batch", "Batch size", "B: streams trained together, each on its own stretch of the text (1 to " + Depth.MAX_BATCH + ")",
                (c, s) -> c.withDepth(new Depth(c.depth().layers(), TypedNumber.wholeInt("batch size", s), c.depth().dropout(), c.depth().precision())));
        dropout = param("hp-dropout", "Dropout", "p: dropout between stacked layers while training, 0 to below 1 (0 with one layer)",
                (c, s) -> c.withDepth(new Depth(c.depth().layers(), c.depth().batchSize(), TypedNumber.number("dropout", s), c.depth().precision())));
        optimizer.setId("hp-optimizer");
        optimizer.getItems().setAll(OptimizerKind.values());
        optimizer.setConverter(names(OptimizerKind::cliName));
        optimizer.setValue(OptimizerKind.ADAGRAD);
        addChoice(optimizer, "Optimizer", "The update rule: Adagrad (min-char-rnn's), RMSprop or Adam");
        precision.setId("hp-precision");
        precision.getItems().setAll(Precision.values());
        precision.setConverter(names(Precision::cliName));
        precision.setValue(Precision.F64);
        addChoice(precision, "Precision", "f64: the seed's doubles; f32: float buffers and products, faster (trains the stacked model)");
        threads.setId("hp-threads");
        threads.setPrefColumnCount(8);
        threads.setText(Integer.toString(storedThreads()));
        threads.setTooltip(new Tooltip(THREADS_HELP));
        Label threadsLabel = new Label("Threads");
        threadsLabel.setLabelFor(threads);
        threadsLabel.setTooltip(new Tooltip(THREADS_HELP));
        addRow(threadsLabel, threads);
        threads.textProperty().addListener((obs, old, text) -> {
            revalidate();
            storeThreads();
        });
        memory.setId("hp-memory");
        memory.setWrapText(true);
        memory.setMaxWidth(Double.MAX_VALUE);
        memory.setTooltip(new Tooltip("Memory a run of these settings needs (weights, gradients, the optimizer's state, one window's activations, the corpus), and what Java may use"));
        Label memoryLabel = new Label("Memory");
        memoryLabel.setTooltip(memory.getTooltip());
        addRow(memoryLabel, memory);

        Label title = new Label("Hyperparameters");
        title.getStyleClass().add("section-title");
        root.getChildren().addAll(title, grid);
        root.setPadding(new Insets(4, 0, 4, 0));

        wireSliders();
        settings.attach(new RunSettings.Editor() {
            @Override
            public void show(TrainingConfig c) {
                fill(c);
            }

            @Override
            public void showLearningRate(double lr) {
                learningRate.field.setText(format(lr));
            }

            @Override
            public void showTemperature(double t) {
                temperature.field.setText(format(t));
            }

            @Override
            public void showThreads(int count) {
                threads.setText(Integer.toString(count));
            }
        });
        fill(Preset.QUICK_DEMO.config());
        presets.getSelectionModel().select(Preset.QUICK_DEMO);

        // sizes are locked while a run exists; the learning rate and temperature stay live
        training.runExistsProperty().addListener((obs, was, is) -> {
            updateLocks(is);
            if (is) {
                learningRateAtStart = learningRate.field.getText();
            } else if (learningRateAtStart != null) {
                // Reset: the rate the run started with, not one typed into it live (a rate of 50 that blew it up)
                learningRate.field.setText(learningRateAtStart);
                learningRateAtStart = null;
            }
        });
        updateLocks(training.hasRun());
    }

    public Node node() {
        return root;
    }

    /** The model this panel shows: read the settings and change them there. */
    public RunSettings settings() {
        return settings;
    }

    /** The configuration the fields describe, or null while one of them is invalid. */
    public TrainingConfig config() {
        return settings.config();
    }

    /** Puts a configuration into the settings (see {@link RunSettings#apply}). */
    public void apply(TrainingConfig c) {
        settings.apply(c);
    }

    private void fill(TrainingConfig c) {
        applyingPreset = true;
        try {
            matchedNote = "";
            carried = c;
            cell.setValue(c.cell());
            layers.field.setText(Integer.toString(c.depth().layers()));
            batch.field.setText(Integer.toString(c.depth().batchSize()));
            dropout.field.setText(format(c.depth().dropout()));
            optimizer.setValue(c.optimization().optimizer());
            precision.setValue(c.depth().precision());
            hidden.field.setText(Integer.toString(c.hiddenSize()));
            sequence.field.setText(Integer.toString(c.sequenceLength()));
            learningRate.field.setText(format(c.learningRate()));
            iterations.field.setText(Long.toString(c.iterations()));
            sampleEvery.field.setText(Integer.toString(c.sampleEvery()));
            sampleLength.field.setText(Integer.toString(c.sampleLength()));
            temperature.field.setText(format(c.temperature()));
            seed.field.setText(Long.toString(c.seed()));
            valFraction.field.setText(format(c.valFraction() * 100));
            evalEvery.field.setText(Integer.toString(c.evalEvery()));
        } finally {
            applyingPreset = false;
        }
        revalidate();
        // the preset box says the preset the fields are (a restored session's 500000 iterations are no Quick demo)
        if (!matchesPreset()) {
            presets.setValue(Preset.all().stream().filter(p -> p.config().equals(settings.config())).findFirst().orElse(null));
        }
    }

    /** The text field of a setting: for tests that type as a user would; code changes {@link #settings()}. */
    public TextField field(String id) {
        for (Param p : params) {
            if (p.field.getId().equals(id)) {
                return p.field;
            }
        }
        throw new IllegalArgumentException(id);
    }

    private Param param(String id, String label, String help, BiFunction<TrainingConfig, String, TrainingConfig> apply) {
        Param p = new Param(id, apply, help);
        Label l = new Label(label);
        l.setLabelFor(p.field);
        l.setTooltip(new Tooltip(help));
        addRow(l, p.field);
        params.add(p);
        p.field.textProperty().addListener((obs, old, text) -> {
            if (!applyingPreset) {
                matchedNote = "";
                revalidate();
                if (presets.getValue() != null && !matchesPreset()) {
                    presets.getSelectionModel().clearSelection();
                }
            }
        });
        return p;
    }

    private boolean matchesPreset() {
        Preset p = presets.getValue();
        return p != null && settings.config() != null && p.config().equals(settings.config());
    }

    private void addRow(Node label, Node control) {
        int row = grid.getRowCount();
        grid.add(label, 0, row);
        grid.add(control, 1, row);
        if (control instanceof Region r) {
            r.setMaxWidth(Double.MAX_VALUE);
        }
    }

    private void wireSliders() {
        lrSlider.valueProperty().addListener((obs, old, v) -> {
            if (!syncing) {
                syncing = true;
                try {
                    learningRate.field.setText(format(roundSignificant(Math.pow(10, v.doubleValue()), 2)));
                } finally {
                    syncing = false;
                }
            }
        });
        temperatureSlider.valueProperty().addListener((obs, old, v) -> {
            if (!syncing) {
                syncing = true;
                try {
                    temperature.field.setText(format(Math.round(v.doubleValue() * 20) / 20.0));
                } finally {
                    syncing = false;
                }
            }
        });
        learningRate.field.textProperty().addListener((obs, old, text) -> {
            Double lr = learningRate.error == null ? parseOrNull(text) : null;
            if (lr != null) {
                if (!syncing) {
                    syncing = true;
                    try {
                        lrSlider.setValue(Math.max(LR_LOG_MIN, Math.min(LR_LOG_MAX, Math.log10(lr))));
                    } finally {
                        syncing = false;
                    }
                }
                if (training.hasRun()) {
                    training.setLearningRate(lr);
                }
            }
        });
        temperature.field.textProperty().addListener((obs, old, text) -> {
            Double t = temperature.error == null ? parseOrNull(text) : null;
            if (t != null) {
                if (!syncing) {
                    syncing = true;
                    try {
                        temperatureSlider.setValue(Math.max(0.1, Math.min(2.0, t)));
                    } finally {
                        syncing = false;
                    }
                }
                if (training.hasRun()) {
                    training.setTemperature(t);
                }
            }
        });
    }

    /** The cell's name as the side panel and the views show it: Vanilla RNN, LSTM, GRU. */
    public static String cellName(Cell c) {
        return c == Cell.VANILLA ? "Vanilla RNN" : c.cliName().toUpperCase(Locale.ROOT);
    }

    /**
     * Another cell was chosen: with {@link #match} ticked and a corpus chosen, the hidden size becomes the
     * one whose model of the new cell has about the weights the old cell's had.
     */
    private void cellChanged(Cell old, Cell now) {
        if (applyingPreset || old == null || now == null) {
            return;
        }
        Corpus c = corpus.getValue();
        Integer h = hiddenOrNull();
        matchedNote = "";
        if (match.isSelected() && c != null && h != null) {
            int vocab = c.vocabulary().size();
            long target = old.parameterCount(vocab, h);
            try {
                int matched = now.hiddenSizeMatching(vocab, target);
                matchedNote = String.format(Locale.ROOT, "%s at H %d: %,d", cellName(old), h, target);
                applyingPreset = true;
                try {
                    hidden.field.setText(Integer.toString(matched));
                } finally {
                    applyingPreset = false;
                }
            } catch (BadInputException e) {
                matchedNote = Messages.sentence(e.getMessage());
            }
        }
        revalidate();
        if (presets.getValue() != null && !matchesPreset()) {
            presets.getSelectionModel().clearSelection();
        }
    }

    private Integer hiddenOrNull() {
        try {
            return TypedNumber.wholeInt("hidden size", hidden.field.getText());
        } catch (BadInputException e) {
            return null;
        }
    }

    /** The weight count of the settings for the chosen corpus, and the count a match aimed at. */
    private void showWeights() {
        Corpus c = corpus.getValue();
        TrainingConfig config = settings.config();
        String text;
        if (config == null) {
            text = "—";
        } else if (c == null) {
            text = "choose a corpus to count them";
        } else {
            int vocab = c.vocabulary().size();
            text = String.format(Locale.ROOT, "%,d (%d characters)", config.parameterCount(vocab), vocab);
        }
        weights.setText(matchedNote.isEmpty() ? text : text + " · matched to " + matchedNote);
        memory.setText(config == null ? "—" : memoryText(config, c));
    }

    private void updateLocks(boolean locked) {
        presets.setDisable(locked);
        cell.setDisable(locked);
        match.setDisable(locked);
        optimizer.setDisable(locked);
        precision.setDisable(locked);
        threads.setDisable(locked);
        for (Param p : params) {
            if (p != learningRate && p != temperature) {
                p.field.setDisable(locked);
            }
        }
    }

    private void revalidate() {
        // the fields without a field of their own come from the last configuration applied; each field alone is
        // checked against two layers, so a dropout is judged on its own (it needs the layers, checked together below)
        TrainingConfig c = carried.withCell(cell.getValue())
                .withOptimization(carried.optimization().withOptimizer(optimizer.getValue()))
                .withDepth(Depth.single().withPrecision(precision.getValue()));
        TrainingConfig base = c.withDepth(new Depth(2, 1, 0.0, precision.getValue()));
        String first = "";
        for (Param p : params) {
            // each field alone against the defaults (of the chosen cell), so its message is about that field only
            try {
                p.apply.apply(base, p.field.getText());
                p.setError(null);
            } catch (BadInputException e) {
                p.setError(e.getMessage());
                if (first.isEmpty()) {
                    first = e.getMessage();
                }
            }
        }
        if (first.isEmpty()) {
            for (Param p : params) {
                try {
                    c = p.apply.apply(c, p.field.getText());
                } catch (BadInputException e) {
                    // settings that do not go together (dropout with one layer): the field that broke them says why
                    p.setError(e.getMessage());
                    first = e.getMessage();
                    c = null;
                    break;
                }
            }
        } else {
            c = null;
        }
        Integer threadCount = null;
        try {
            int n = TypedNumber.wholeInt("threads", threads.getText());
            if (n < 1 || n > Trainer.MAX_THREADS) {
                throw new BadInputException("threads must be between 1 and " + Trainer.MAX_THREADS + " (got " + n + ")");
            }
            threadCount = n;
            InvalidField.mark(threads, null, THREADS_HELP);
        } catch (BadInputException e) {
            InvalidField.mark(threads, e.getMessage(), THREADS_HELP);
            if (first.isEmpty()) {
                first = e.getMessage();
            }
        }
        settings.publish(first.isEmpty() ? c : null, threadCount == null ? settings.threads() : threadCount,
                first.isEmpty() ? "" : Messages.sentence(first));
        showWeights();
    }

    /** The preference that keeps a thread count the user set (none: every core, whatever the machine has then). */
    static final String THREADS_KEY = "run.threads";

    /** The thread count set in an earlier session, or every core. */
    private static int storedThreads() {
        int n = AppPrefs.node().getInt(THREADS_KEY, -1);
        return n >= 1 && n <= Trainer.MAX_THREADS ? n : Trainer.defaultThreads();
    }

    /** Remembers a valid thread count other than every core (every core: forgets it). */
    private void storeThreads() {
        if (threads.getPseudoClassStates().contains(InvalidField.INVALID)) {
            return;
        }
        int n = settings.threads();
        if (n == Trainer.defaultThreads()) {
            AppPrefs.node().remove(THREADS_KEY);
        } else {
            AppPrefs.node().putInt(THREADS_KEY, n);
        }
        AppPrefs.flush();
    }

    /** "about 12.3 MB of the 1.0 GB Java may use", or the advice when it does not fit. */
    private static String memoryText(TrainingConfig config, Corpus c) {
        long bytes = config.trainingBytes(c == null ? Preset.BUNDLED_VOCABULARY : c.vocabulary().size()) + (c == null ? 0 : c.memoryBytes());
        long limit = RunMemory.limit();
        String text = "about " + RunMemory.describe(bytes) + " of the " + RunMemory.describe(limit) + " Java may use";
        return bytes > limit ? text + ": too much; " + RunMemory.advice(bytes) : text;
    }

    private void addChoice(ComboBox<?> box, String label, String help) {
        box.setTooltip(new Tooltip(help));
        Label l = new Label(label);
        l.setLabelFor(box);
        l.setTooltip(new Tooltip(help));
        addRow(l, box);
        box.valueProperty().addListener((obs, old, now) -> {
            if (!applyingPreset) {
                revalidate();
                if (presets.getValue() != null && !matchesPreset()) {
                    presets.getSelectionModel().clearSelection();
                }
            }
        });
    }

    private static <T> StringConverter<T> names(Function<T, String> name) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : name.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    private static Double parseOrNull(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static double roundSignificant(double v, int digits) {
        return new BigDecimal(v).round(new MathContext(digits)).doubleValue();
    }

    /** A short exact form: 0.1, 0.0025, 1e-05. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        if (Math.abs(v) >= 1e-3) {
            return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    /** One setting: its field and how its text applies to a configuration. */
    private static final class Param {
        final TextField field = new TextField();
        final BiFunction<TrainingConfig, String, TrainingConfig> apply;
        final String help;
        final Tooltip tooltip;
        String error;

        Param(String id, BiFunction<TrainingConfig, String, TrainingConfig> apply, String help) {
            this.apply = apply;
            this.help = help;
            field.setId(id);
            field.setPrefColumnCount(8);
            tooltip = new Tooltip(help);
            field.setTooltip(tooltip);
        }

        void setError(String message) {
            error = message;
            InvalidField.mark(field, message, help);
        }
    }
}
