package dev.unroll.app.loss;

import dev.unroll.app.core.Theme;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.LossCsv;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.LossUnit;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the loss view shows: the newest training snapshot (its bounded loss history), the theme, and
 * the user's choices of unit and scale. Lives on the JavaFX thread; holds no scene-graph node.
 */
public final class LossModel {
    private final ReadOnlyObjectProperty<TrainingSnapshot> snapshot;
    private final ReadOnlyObjectProperty<Theme> theme;
    private final ObjectProperty<LossUnit> unit = new SimpleObjectProperty<>(this, "unit", LossUnit.WINDOW);
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale", false);
    private final BooleanProperty spikes = new SimpleBooleanProperty(this, "spikes", false);
    private final StringBinding emptyHint;
    private final LongProperty timelineMark = new SimpleLongProperty(this, "timelineMark", -1);

    /**
     * @param snapshot the newest training snapshot handed to the UI (null when there is no run)
     * @param theme the theme in use
     * @param corpus the chosen corpus (null when none is)
     * @param corpusName the chosen corpus's name as the side panel shows it ("Romanian verses", not its file's)
     * @param presenting true while a talk is presented (the side panel is hidden then)
     * @param sidePanel  true while the side panel shows (F9 hides it)
     */
    public LossModel(ReadOnlyObjectProperty<TrainingSnapshot> snapshot, ReadOnlyObjectProperty<Theme> theme,
                     ReadOnlyObjectProperty<Corpus> corpus, Supplier<String> corpusName, ReadOnlyBooleanProperty presenting,
                     ReadOnlyBooleanProperty sidePanel) {
        this.snapshot = snapshot;
        this.theme = theme;
        this.emptyHint = Bindings.createStringBinding(() -> emptyHint(corpus.get(), corpusName.get(), presenting.get(), sidePanel.get()),
                corpus, presenting, sidePanel);
    }

    /** A model without a corpus or presentation mode (the hint for the person at the keyboard). */
    public LossModel(ReadOnlyObjectProperty<TrainingSnapshot> snapshot, ReadOnlyObjectProperty<Theme> theme) {
        this(snapshot, theme, new SimpleObjectProperty<>(), () -> null, new SimpleBooleanProperty(), new SimpleBooleanProperty(true));
    }

    /**
     * What the empty chart says before the first iteration. To the person at the keyboard: where to
     * choose and what to press. While presenting, to an audience that sees no side panel: what the
     * chart will show, and on which text.
     */
    public StringBinding emptyHintProperty() {
        return emptyHint;
    }

    static String emptyHint(Corpus corpus, String name, boolean presenting, boolean sidePanel) {
        if (!presenting) {
            return (sidePanel ? "No run yet. Choose a corpus and settings on the left, then press Start (Ctrl+Enter):\n"
                    : "No run yet. Show the side panel (F9) to choose a corpus and settings, then press Start (Ctrl+Enter):\n")
                    + "the loss of every iteration appears here as the network learns.";
        }
        String text = corpus == null ? "" : String.format(Locale.ROOT, "%s: %,d characters, %d different ones, each read as a one-hot vector.%n",
                name == null ? corpus.name() : name, corpus.length(), corpus.vocabulary().size());
        return text + "Once training starts, the loss of every window of text appears here:\n"
                + "how surprised the network is by the next character, falling as it learns.";
    }

    /**
     * Whether the loss axis reaches every window's highest loss. Off (the default), it fits the smooth
     * curve and the uniform guess, so the first windows' spikes (often three times the start) do not
     * flatten the curve; the spikes stay above, reached by switching this on.
     */
    public BooleanProperty spikesProperty() {
        return spikes;
    }

    /** The newest training snapshot (null when there is no run). */
    public ReadOnlyObjectProperty<TrainingSnapshot> snapshotProperty() {
        return snapshot;
    }

    /**
     * The iteration the window's timeline stands at, marked on the chart over the whole curve; -1 while it
     * is live (no mark).
     */
    public LongProperty timelineMarkProperty() {
        return timelineMark;
    }

    /** The theme the chart is drawn in. */
    public ReadOnlyObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** The loss unit of the chart's axis: per window, per character or bits per character. */
    public ObjectProperty<LossUnit> unitProperty() {
        return unit;
    }

    public LossUnit unit() {
        return unit.get();
    }

    public void setUnit(LossUnit u) {
        unit.set(u);
    }

    /** Whether the loss axis is logarithmic. */
    public BooleanProperty logScaleProperty() {
        return logScale;
    }

    public void setLogScale(boolean on) {
        logScale.set(on);
    }

    /** Writes the loss history of the newest snapshot in the one loss-CSV format ({@link LossCsv}, as the CLI writes it). */
    public void exportCsv(Path file) {
        TrainingSnapshot s = snapshot.get();
        try {
            Files.writeString(file, LossCsv.of(s == null ? LossHistory.View.EMPTY : s.losses()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
