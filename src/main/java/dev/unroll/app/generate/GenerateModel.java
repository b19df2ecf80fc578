package dev.unroll.app.generate;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.events.GeneratedText;
import dev.unroll.app.fx.Animations;
import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.app.ui.TypedNumber;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.corpus.CorpusWords;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Candidate;
import dev.unroll.engine.generate.Generation;
import dev.unroll.engine.generate.GenerationSettings;
import dev.unroll.engine.generate.Sampler;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.RunState;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
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
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The generation view's model: the settings as properties, the text being generated (one
 * {@link Lane}, or two or three side by side), the selected character with its distribution, and
 * the commands (generate, stop, what-if, copy text, save, send to the samples view, use the latest
 * weights, pin a model). It computes nothing itself: the engine's {@link Generation} does, on a
 * background thread, from a copy of the weights ({@link AppContext#model()}). Lives on the JavaFX
 * thread.
 */
public final class GenerateModel {
    /** What side by side compares. */
    public enum Compare { TEMPERATURES, MODELS }

    public static final int TOP = 10;
    /** Pace slider bounds, characters per second. */
    public static final double MIN_PACE = 2;
    public static final double MAX_PACE = 1000;

    private final AppContext context;
    /** The lanes' writers (two at once) and loading a pinned model. */
    private final BackgroundTasks executor = new BackgroundTasks("unroll-generate", 2);

    // settings
    /** The prime proposed for the corpus in use (its own words); replaced with the corpus while the user keeps it. */
    private String defaultPrime = BundledCorpus.defaultCorpus().words().prime();
    private final StringProperty prime = new SimpleStringProperty(this, "prime", defaultPrime);
    private final StringProperty length = new SimpleStringProperty(this, "length", "500");
    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature", 0.8);
    private final ObjectProperty<Sampler.Mode> mode = new SimpleObjectProperty<>(this, "mode", Sampler.Mode.SAMPLE);
    private final IntegerProperty topK = new SimpleIntegerProperty(this, "topK", 5);
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "42");
    private final StringProperty startCharacter = new SimpleStringProperty(this, "startCharacter", "");
    private final DoubleProperty pace = new SimpleDoubleProperty(this, "pace", 40);
    private final BooleanProperty instant = new SimpleBooleanProperty(this, "instant", false);
    private final BooleanProperty sideBySide = new SimpleBooleanProperty(this, "sideBySide", false);
    private final ObjectProperty<Compare> compare = new SimpleObjectProperty<>(this, "compare", Compare.TEMPERATURES);
    private final StringProperty compareTemperatures = new SimpleStringProperty(this, "compareTemperatures", "0.3, 1.0, 2.0");
    private final LongProperty refreshEvery = new SimpleLongProperty(this, "refreshEvery", 0);

    // state
    private final Lane main = new Lane("");
    private final ObservableList<Lane> lanes = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(this, "selected", -1);
    private final ReadOnlyObjectWrapper<List<Candidate>> distribution = new ReadOnlyObjectWrapper<>(this, "distribution", List.of());
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper missing = new ReadOnlyStringWrapper(this, "missing", "");
    private final ReadOnlyStringWrapper modelInfo = new ReadOnlyStringWrapper(this, "modelInfo", "");
    private final ReadOnlyObjectWrapper<ModelSnapshot> pinned = new ReadOnlyObjectWrapper<>(this, "pinned");
    private final ReadOnlyStringWrapper pinnedInfo = new ReadOnlyStringWrapper(this, "pinnedInfo", "no model pinned");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    /** A new corpus: its own words become the prime, unless the user wrote another one. */
    private void corpusChanged(Corpus c) {
        if (c == null) {
            return;
        }
        String next = CorpusWords.of(c).prime();
        if (Objects.equals(prime.get(), defaultPrime)) {
            prime.set(next);
        }
        defaultPrime = next;
    }

    /**
     * Reveals the lanes' characters once per frame at the chosen pace (an animation, so a frame timer
     * of the registry; what the background threads hand over reaches each {@link Lane} through its
     * latest-wins hand-off); runs only while a lane is running.
     */
    private final Animations.FrameTimer pump = Animations.FrameTimer.of("generate-pump", this::pulse);

    public GenerateModel(AppContext context) {
        this.context = context;
        lanes.add(main);
        context.model().addListener((obs, old, m) -> {
            updateModelInfo();
            if (m != null && generateWhenModelArrives) {
                generate();
            }
        });
        prime.addListener((obs, old, p) -> checkPrime());
        context.corpus().addListener((obs, old, c) -> corpusChanged(c));
        corpusChanged(context.corpus().get());
        temperature.addListener((obs, old, t) -> updateDistribution());
        selected.addListener((obs, old, i) -> updateDistribution());
        main.generationProperty().addListener((obs, old, g) -> updateDistribution());
        // the session keeps our wish across runs and combines it with the other views'
        context.training().setModelCopyEvery(this, refreshEvery.get());
        refreshEvery.addListener((obs, old, n) -> context.training().setModelCopyEvery(this, n.longValue()));
        updateModelInfo();
        checkPrime();
    }

    // ---- properties ----

    public StringProperty primeProperty() {
        return prime;
    }

    /** The length as typed (checked when generating). */
    public StringProperty lengthProperty() {
        return length;
    }

    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    public ObjectProperty<Sampler.Mode> modeProperty() {
        return mode;
    }

    public IntegerProperty topKProperty() {
        return topK;
    }

    /** The seed as typed (checked when generating: {@link #seed(String)}). */
    public StringProperty seedProperty() {
        return seed;
    }

    /** The character to start from when the prime is empty ("" for a random one). */
    public StringProperty startCharacterProperty() {
        return startCharacter;
    }

    /** Characters per second while streaming (when not {@link #instantProperty() instant}). */
    public DoubleProperty paceProperty() {
        return pace;
    }

    public BooleanProperty instantProperty() {
        return instant;
    }

    public BooleanProperty sideBySideProperty() {
        return sideBySide;
    }

    public ObjectProperty<Compare> compareProperty() {
        return compare;
    }

    /** Temperatures for side by side, e.g. "0.3, 1.0, 2.0" (two or three). */
    public StringProperty compareTemperaturesProperty() {
        return compareTemperatures;
    }

    /** Refresh the weights every this many training iterations (0: only with "Use latest weights"). */
    public LongProperty refreshEveryProperty() {
        return refreshEvery;
    }

    /** The main text. */
    public Lane main() {
        return main;
    }

    /** The lanes on screen: the main one, or two or three side by side. */
    public ObservableList<Lane> lanes() {
        return lanes;
    }

    /** Index of the selected generated character of the main text, -1 for none. */
    public ReadOnlyIntegerProperty selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected character's {@value #TOP} most likely candidates at the current temperature. */
    public ReadOnlyObjectProperty<List<Candidate>> distributionProperty() {
        return distribution.getReadOnlyProperty();
    }

    /** What went wrong or what happened last, for the status line ("" when nothing to say). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The prime's characters that the model lacks, described ("" when none). */
    public ReadOnlyStringProperty missingProperty() {
        return missing.getReadOnlyProperty();
    }

    /** Which weights a generation would use now. */
    public ReadOnlyStringProperty modelInfoProperty() {
        return modelInfo.getReadOnlyProperty();
    }

    /** Model A of a side-by-side comparison of models. */
    public ReadOnlyObjectProperty<ModelSnapshot> pinnedProperty() {
        return pinned.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pinnedInfoProperty() {
        return pinnedInfo.getReadOnlyProperty();
    }

    /** Whether any lane is still generating. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    // ---- commands ----

    /** Starts generating with the current settings (side by side when chosen). False with a message when it cannot. */
    public boolean generate() {
        ModelSnapshot model = context.model().get();
        if (model == null) {
            if (context.training().hasRun()) {
                // a running trainer copies its weights only on request: ask, and generate when they come
                generateWhenModelArrives = true;
                context.training().requestModelCopy();
                message.set("Taking a copy of the current weights\u2026");
                return false;
            }
            message.set("No model yet: start training (generation uses a copy of the current weights) or open a checkpoint.");
            return false;
        }
        generateWhenModelArrives = false;
        GenerationSettings settings;
        try {
            settings = settings();
            settings.checkAgainst(model.vocabulary());
        } catch (BadInputException e) {
            message.set(e.getMessage());
            return false;
        }
        stopAll();
        selected.set(-1);
        List<Lane> next = new ArrayList<>();
        main.setLabel(describe(model, settings));
        next.add(main);
        laneModels.clear();
        laneSettings.clear();
        laneModels.add(model);
        laneSettings.add(settings);
        if (sideBySide.get()) {
            try {
                planComparison(model, settings, next);
            } catch (BadInputException e) {
                message.set(e.getMessage());
                return false;
            }
        }
        if (!lanes.equals(next)) {
            lanes.setAll(next);
        }
        for (int i = 0; i < next.size(); i++) {
            next.get(i).start(laneModels.get(i), laneSettings.get(i), executor);
        }
        message.set("");
        running.set(true);
        pump.start();
        return true;
    }

    private boolean generateWhenModelArrives;
    private final List<ModelSnapshot> laneModels = new ArrayList<>();
    private final List<GenerationSettings> laneSettings = new ArrayList<>();

    private void planComparison(ModelSnapshot model, GenerationSettings settings, List<Lane> next) {
        if (compare.get() == Compare.TEMPERATURES) {
            double[] ts = parseTemperatures(compareTemperatures.get());
            main.setLabel(describe(model, settings.withTemperature(ts[0])));
            laneSettings.set(0, settings.withTemperature(ts[0]));
            for (int i = 1; i < ts.length; i++) {
                GenerationSettings s = settings.withTemperature(ts[i]);
                next.add(lane(i, describe(model, s)));
                laneModels.add(model);
                laneSettings.add(s);
            }
        } else {
            ModelSnapshot a = pinned.get();
            if (a == null) {
                throw new BadInputException("Pin a model as A first (\"Pin current as A\"), then compare it with the current one.");
            }
            settings.checkAgainst(a.vocabulary());
            main.setLabel("A: " + describe(a, settings));
            laneModels.set(0, a);
            next.add(lane(1, "B: " + describe(model, settings)));
            laneModels.add(model);
            laneSettings.add(settings);
        }
    }

    private final List<Lane> spare = new ArrayList<>();

    private Lane lane(int i, String label) {
        while (spare.size() < i) {
            spare.add(new Lane(""));
        }
        Lane lane = spare.get(i - 1);
        lane.setLabel(label);
        return lane;
    }

    /** "0.3, 1.0, 2.0": two or three temperatures within the allowed range. */
    static double[] parseTemperatures(String text) {
        String[] parts = text.trim().split("[,;\\s]+");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
            throw new BadInputException("Side by side takes two or three temperatures, e.g. 0.3, 1.0, 2.0 (got \"" + text.trim() + "\").");
        }
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new BadInputException("\"" + parts[i] + "\" is not a temperature.");
            }
            if (!(out[i] >= GenerationSettings.MIN_TEMPERATURE && out[i] <= GenerationSettings.MAX_TEMPERATURE)) {
                throw new BadInputException("Temperature " + parts[i] + " is out of range (" + GenerationSettings.MIN_TEMPERATURE
                        + " to " + (int) GenerationSettings.MAX_TEMPERATURE + ").");
            }
        }
        return out;
    }

    private static String describe(ModelSnapshot model, GenerationSettings s) {
        String weights = model.iteration() >= 0 ? String.format(Locale.ROOT, "iteration %,d", model.iteration()) : "loaded model";
        return switch (s.mode()) {
            case ARGMAX -> weights + ", argmax";
            case SAMPLE -> String.format(Locale.ROOT, "%s, T %.2f", weights, s.temperature());
            case TOP_K -> String.format(Locale.ROOT, "%s, T %.2f, top-%d", weights, s.temperature(), s.topK());
        };
    }

    /** The settings as typed; a {@link BadInputException} says which one is wrong. */
    public GenerationSettings settings() {
        int n = length(length.get());
        int start = -1;
        String sc = startCharacter.get() == null ? "" : startCharacter.get();
        if (!sc.isEmpty()) {
            if (sc.codePointCount(0, sc.length()) != 1) {
                throw new BadInputException("the start character must be one character (or empty for a random one)");
            }
            start = sc.codePointAt(0);
        }
        String p = prime.get() == null ? "" : prime.get();
        return new GenerationSettings(p, n, temperature.get(), mode.get(), topK.get(), seed(seed.get()), start);
    }

    /** The length as typed, read like every typed number; too large is refused here, below 1 by {@link GenerationSettings}. */
    static int length(String typed) {
        long n = TypedNumber.wholeLong("length", typed);
        if (n > GenerationSettings.MAX_LENGTH) {
            throw new BadInputException(String.format(Locale.ROOT, "length %,d is too large: at most %,d characters per generation",
                    n, GenerationSettings.MAX_LENGTH));
        }
        return (int) Math.max(n, Integer.MIN_VALUE);
    }

    /** The seed as typed, read like every typed number ("seed must be a whole number (got '4x2')"). */
    static long seed(String typed) {
        return TypedNumber.wholeLong("seed", typed);
    }

    /** Stops every lane; what is on screen stays. */
    public void stop() {
        stopAll();
        running.set(false);
    }

    private void stopAll() {
        for (Lane lane : lanes) {
            lane.stop();
        }
    }

    /** Removes the prime's characters that the model does not know. */
    public void dropMissing() {
        ModelSnapshot model = context.model().get();
        if (model != null) {
            prime.set(model.vocabulary().keepKnown(prime.get()));
        }
    }

    /** Selects generated character {@code i} of the main text (-1 clears). */
    public void select(int i) {
        Generation g = main.generation();
        if (g == null || i < -1 || i >= main.shown()) {
            selected.set(-1);
            return;
        }
        selected.set(i);
    }

    /**
     * What-if: puts the character with vocabulary index {@code index} at the selected position and
     * continues generating from there; the text before it stays. Stops a generation in progress first.
     */
    public boolean pick(int index) {
        Generation g = main.generation();
        int pos = selected.get();
        if (g == null || pos < 0) {
            message.set("Select a generated character first (click it).");
            return false;
        }
        stop();
        if (pos >= main.shown()) {
            selected.set(-1);
            return false;
        }
        try {
            Generation branch = g.branch(pos, index);
            main.continueWith(branch, pos + 1, executor);
            running.set(true);
            pump.start();
            message.set(String.format(Locale.ROOT, "What if: %s at position %,d instead of %s.",
                    Vocabulary.describe(branch.vocabulary().codePoint(index)), pos + 1,
                    Vocabulary.describe(g.vocabulary().codePoint(branch.sampledAt(pos)))));
            return true;
        } catch (BadInputException e) {
            message.set(e.getMessage());
            return false;
        }
    }

    /** What-if with a typed character; a message when it is not exactly one known character. */
    public boolean pick(String character) {
        Generation g = main.generation();
        if (g == null || selected.get() < 0) {
            message.set("Select a generated character first (click it).");
            return false;
        }
        if (character == null || character.isEmpty() || character.codePointCount(0, character.length()) != 1) {
            message.set("Type exactly one character to continue with.");
            return false;
        }
        int idx = g.vocabulary().indexOf(character.codePointAt(0));
        if (idx < 0) {
            message.set(Vocabulary.describe(character.codePointAt(0)) + " is not in the model's vocabulary.");
            return false;
        }
        return pick(idx);
    }

    /** The main text as shown: the prime and the generated characters. */
    public String text() {
        Generation g = main.generation();
        if (g == null) {
            return "";
        }
        return g.primeText() + g.text(0, Math.min(main.shown(), g.size()));
    }

    /** Every lane's text with its label (side by side), or the main text. */
    public String allText() {
        if (lanes.size() == 1) {
            return text();
        }
        StringBuilder sb = new StringBuilder();
        for (Lane lane : lanes) {
            Generation g = lane.generation();
            if (g != null) {
                sb.append("=== ").append(lane.labelProperty().get()).append(" ===\n");
                sb.append(g.primeText()).append(g.text(0, Math.min(lane.shown(), g.size()))).append("\n\n");
            }
        }
        return sb.toString();
    }

    /** Writes the text (every lane side by side) as UTF-8. False with a message when it cannot. */
    public boolean save(Path file) {
        try {
            Files.writeString(file, allText(), StandardCharsets.UTF_8);
            message.set("Saved " + file.getFileName() + ".");
            return true;
        } catch (IOException | RuntimeException e) {
            message.set("Could not save " + file + ": " + e.getMessage());
            return false;
        }
    }

    /** Publishes the main text to the samples view. */
    public boolean sendToSamples() {
        Generation g = main.generation();
        if (g == null || main.shown() == 0) {
            message.set("Nothing generated yet.");
            return false;
        }
        String settings = g.settings().describe();
        if (g.settings().prime().isEmpty()) {
            settings += ", start " + Vocabulary.describe(g.primeText().codePointAt(0));
        }
        context.events().publish(new GeneratedText(g.model().iteration(), settings, text()));
        message.set("Sent to the samples view.");
        return true;
    }

    /** Asks the training run for a fresh copy of its weights (arrives with the next snapshot). */
    public void useLatestWeights() {
        if (!context.training().hasRun()) {
            message.set(context.model().get() == null ? "No training run: start one, or open a checkpoint."
                    : "No training run: generating from the loaded model.");
            return;
        }
        context.training().requestModelCopy();
        message.set("Asked training for its latest weights.");
    }

    /** The view became visible: during a run without a copy of the weights yet, ask for one. */
    public void showing() {
        if (context.model().get() == null && context.training().hasRun()) {
            context.training().requestModelCopy();
        }
    }

    /** Keeps the current weights as model A for a side-by-side comparison of models. */
    public void pinCurrent() {
        ModelSnapshot m = context.model().get();
        if (m == null) {
            message.set("No model to pin yet.");
            return;
        }
        pin(m, String.format(Locale.ROOT, "A: iteration %,d (H %d)", m.iteration(), m.hiddenSize()));
    }

    /**
     * Loads model A from a checkpoint file on a background thread (for comparing, e.g., a saved early
     * run with the current one). A file that cannot be read gives a message; the pinned model stays.
     */
    public void loadPinned(Path file) {
        message.set("Loading " + file.getFileName() + "\u2026");
        // a stacked model (checkpoint format 3) generates through its whole stack as a one-layer one does
        executor.run(() -> Checkpoint.loadModel(file),
                m -> pin(m, String.format(Locale.ROOT, "A: %s (iteration %,d, H %d%s)", file.getFileName(), m.iteration(), m.hiddenSize(),
                        m.layers() > 1 ? ", " + m.layers() + " layers" : "")),
                why -> message.set("Could not load " + file.getFileName() + ": " + why));
    }

    /** Sets model A (from the current weights or a file). */
    public void pin(ModelSnapshot m, String info) {
        pinned.set(m);
        pinnedInfo.set(info);
        message.set("Pinned " + info.replaceFirst("^A: ", "") + " as model A.");
    }

    /** Stops generation and its timer and ends the background threads (the window is closing). */
    public void dispose() {
        stop();
        pump.stop();
        main.dispose();
        spare.forEach(Lane::dispose);
        executor.close();
    }

    // ---- per frame ----

    private void pulse(long now) {
        double rate = instant.get() ? Double.POSITIVE_INFINITY : Math.max(MIN_PACE, pace.get());
        boolean any = false;
        for (Lane lane : lanes) {
            lane.pulse(now, rate);
            any |= lane.isRunning();
            if (!lane.errorProperty().get().isEmpty()) {
                message.set(lane.errorProperty().get());
            }
        }
        if (running.get() != any) {
            running.set(any);
        }
        if (!any) {
            pump.stop();
        }
    }

    private void updateDistribution() {
        Generation g = main.generation();
        int i = selected.get();
        if (g == null || i < 0 || i >= g.size()) {
            distribution.set(List.of());
            return;
        }
        distribution.set(g.top(i, temperature.get(), TOP));
    }

    /** The probability of a candidate at the temperature the selected character was drawn with. */
    public double probabilityWhenDrawn(int index) {
        Generation g = main.generation();
        int i = selected.get();
        if (g == null || i < 0) {
            return Double.NaN;
        }
        return g.distributionAt(i, g.settings().mode() == Sampler.Mode.ARGMAX ? 1.0 : g.settings().temperature())[index];
    }

    private void updateModelInfo() {
        ModelSnapshot m = context.model().get();
        if (m == null) {
            modelInfo.set("No model yet");
        } else {
            modelInfo.set(String.format(Locale.ROOT, "Weights of iteration %,d · H %d%s · %d characters",
                    m.iteration(), m.hiddenSize(), m.layers() > 1 ? " · " + m.layers() + " layers" : "", m.vocabSize()));
        }
        checkPrime();
    }

    private void checkPrime() {
        ModelSnapshot m = context.model().get();
        String p = prime.get() == null ? "" : prime.get();
        if (m == null) {
            missing.set("");
            return;
        }
        Set<Integer> absent = m.vocabulary().missingFrom(p);
        missing.set(absent.isEmpty() ? "" : Vocabulary.describe(absent));
    }
}
