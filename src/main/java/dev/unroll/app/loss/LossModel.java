package dev.unroll.app.loss;

import dev.unroll.app.core.Theme;
import dev.unroll.engine.LossCsv;
import dev.unroll.engine.LossHistory;
import dev.unroll.engine.LossUnit;
import dev.unroll.engine.TrainingSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What the loss view shows: the newest training snapshot (its bounded loss history), the theme, and
 * the user's choices of unit and scale. Lives on the JavaFX thread; holds no scene-graph node.
 */
public final class LossModel {
    private final ReadOnlyObjectProperty<TrainingSnapshot> snapshot;
    private final ReadOnlyObjectProperty<Theme> theme;
    private final ObjectProperty<LossUnit> unit = new SimpleObjectProperty<>(this, "unit", LossUnit.WINDOW);
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale", false);

    /**
     * @param snapshot the newest training snapshot handed to the UI (null when there is no run)
     * @param theme the theme in use
     */
    public LossModel(ReadOnlyObjectProperty<TrainingSnapshot> snapshot, ReadOnlyObjectProperty<Theme> theme) {
        this.snapshot = snapshot;
        this.theme = theme;
    }

    /** The newest training snapshot (null when there is no run). */
    public ReadOnlyObjectProperty<TrainingSnapshot> snapshotProperty() {
        return snapshot;
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
