package dev.unroll.app.stage;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.train.TrainingConfig;

import javafx.scene.Parent;

import java.nio.file.Path;

/**
 * What session restore needs from the main window: read the settings to save, put saved ones back,
 * and adopt a saved run. Implemented by the main window (or an adapter of it); all calls on the
 * JavaFX thread.
 */
public interface SessionHost {

    /** The window's root: split panes with an id below it have their dividers saved. */
    Parent root();

    /** The id of the chosen bundled corpus, or null. */
    String bundledCorpus();

    /** The chosen corpus file, or null. */
    Path corpusFile();

    /** The side panel's hyperparameters, or null when they are not valid. */
    TrainingConfig config();

    /** The speed limit in iterations per second (infinity: full speed). */
    double speed();

    /** The id of the view showing, or null. */
    String selectedView();

    /** Chooses a corpus as the side panel would: a bundled one by id, or a file (exactly one is non-null). */
    void chooseCorpus(String bundledId, Path file);

    void applyConfig(TrainingConfig config);

    void setSpeed(double itersPerSecond);

    void select(String viewId);

    /** A one-line message for the user ("" hides it). */
    void showMessage(String text);

    /**
     * Makes a saved run the current run, without starting it (Continue goes on with it), and shows
     * its corpus and settings in the side panel. The corpus has the checkpoint's vocabulary; it
     * came from the bundled corpus {@code bundledId} or from {@code file}.
     *
     * @return "" when it was adopted, else why not (one line)
     */
    String adoptRun(Checkpoint checkpoint, Corpus corpus, String bundledId, Path file);
}
