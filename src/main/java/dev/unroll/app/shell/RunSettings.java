package dev.unroll.app.shell;

import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The settings of the next run, as a model: what the side panel's fields describe (read-only
 * properties) and the ways to change them from elsewhere (a preset, a checkpoint, a saved session,
 * a talk script). The {@link HyperparametersPanel} is its view: it shows what is applied here and
 * publishes what the user types. Nobody else writes into the panel's fields.
 */
public final class RunSettings {
    /** How the panel shows a change asked for here. */
    interface Editor {
        void show(TrainingConfig config);

        void showLearningRate(double learningRate);

        void showTemperature(double temperature);

        void showThreads(int threads);
    }

    private final ReadOnlyObjectWrapper<TrainingConfig> config = new ReadOnlyObjectWrapper<>(this, "config");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyIntegerWrapper threads = new ReadOnlyIntegerWrapper(this, "threads", Trainer.defaultThreads());
    private Editor editor;

    /** The configuration the settings describe, or null while one of them is invalid. */
    public ReadOnlyObjectProperty<TrainingConfig> configProperty() {
        return config.getReadOnlyProperty();
    }

    public TrainingConfig config() {
        return config.get();
    }

    /** Why the settings do not make a valid configuration ("" when they do). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /**
     * The threads the next run trains on (every core the JVM sees unless set; a run of one layer at batch 1
     * runs on one whatever this says); the last valid count while the field is invalid.
     */
    public ReadOnlyIntegerProperty threadsProperty() {
        return threads.getReadOnlyProperty();
    }

    public int threads() {
        return threads.get();
    }

    /** Sets the threads of the next run (1 to {@link Trainer#MAX_THREADS}; the field refuses others). */
    public void setThreads(int count) {
        editor().showThreads(count);
    }

    /** Puts a whole configuration into the settings (the sizes only take effect for the next run). */
    public void apply(TrainingConfig c) {
        editor().show(c);
    }

    /** Sets the learning rate; a running trainer takes it at once. */
    public void setLearningRate(double learningRate) {
        editor().showLearningRate(learningRate);
    }

    /** Sets the sampling temperature; a running trainer takes it at once. */
    public void setTemperature(double temperature) {
        editor().showTemperature(temperature);
    }

    void attach(Editor e) {
        if (editor != null) {
            throw new IllegalStateException("run settings shown twice");
        }
        editor = e;
    }

    /** What the panel's fields make now. */
    void publish(TrainingConfig valid, int threadCount, String why) {
        threads.set(threadCount);
        config.set(valid);
        problem.set(why);
    }

    private Editor editor() {
        if (editor == null) {
            throw new IllegalStateException("no panel shows the run settings");
        }
        return editor;
    }
}
