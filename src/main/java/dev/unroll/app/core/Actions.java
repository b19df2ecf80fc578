package dev.unroll.app.core;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.TrainingConfig;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * What the app does, apart from how its window looks: the one place that loads, adopts and saves
 * checkpoints, chooses a corpus, applies run settings, opens a run of a sweep, shows a view and
 * quits. Menus, presentation mode and talk scripts, session restore and the Experiments view all
 * call it (through {@link AppContext#actions()}), so each of these is written once. The main
 * window's wiring implements it. All methods on the JavaFX thread; slow work (reading and writing
 * files) goes to the background and its problems end up in the message bar.
 */
public interface Actions {

    // ---- corpus ----

    /** Opens a text file as the corpus (as "Open corpus…", recent files and dropping a file do). */
    void openCorpus(Path file);

    /** Chooses a bundled corpus by its id ({@code BundledCorpus.id()}); an unknown id changes nothing. */
    void chooseBundledCorpus(String id);

    /** The id of the chosen bundled corpus, or null (a file, or none chosen). */
    String chosenBundledCorpus();

    /** The chosen corpus file, or null (a bundled corpus, or none chosen). */
    Path chosenCorpusFile();

    /** The chosen corpus's name for messages, or "as it is" when none is chosen. */
    String chosenCorpusName();

    // ---- settings of the next run ----

    /** The side panel's settings, or null while one of them is invalid. */
    TrainingConfig settings();

    /** Puts settings (a preset's, a checkpoint's, a saved session's) into the side panel. */
    void applySettings(TrainingConfig config);

    /** Sets the learning rate (the running trainer takes it too). */
    void setLearningRate(double learningRate);

    /** Sets the sampling temperature (the running trainer takes it too). */
    void setTemperature(double temperature);

    /** The speed limit in iterations per second (infinity: full speed). */
    double speed();

    /** Picks the speed stop nearest to {@code itersPerSecond} (infinity: full speed). */
    void setSpeed(double itersPerSecond);

    /** Why Start is disabled ("" when it is not). */
    String startProblem();

    /**
     * Forgets the run without asking, as the Reset button does once confirmed: the sizes and the corpus
     * unlock and the run's message goes. For a talk script's {@code run = reset}, which the speaker chose
     * when writing it.
     */
    void resetRun();

    // ---- checkpoints and runs ----

    /**
     * Loads a checkpoint in the background. When its corpus is at hand (the chosen one, a bundled
     * one, a recent file, or a file of that name beside the checkpoint, with the same text), its run
     * is adopted ({@link #adoptRun}) so Continue goes on with it; otherwise only its model is loaded,
     * for generation and inspection. A bad file leaves its message in the message bar. Replaces a
     * current run.
     *
     * @return completes on the JavaFX thread once the load has ended: with "" when the checkpoint's run
     *         (and its history) was adopted, else with why not (one sentence); never exceptionally
     */
    CompletableFuture<String> loadCheckpoint(Path file);

    /**
     * Makes a checkpoint's run the current run, without starting it, and shows its corpus and
     * settings in the side panel; its model becomes {@link AppContext#model()}. The corpus has the
     * checkpoint's vocabulary; it is the bundled corpus {@code bundledId} or the file
     * {@code corpusFile} (exactly one is non-null).
     *
     * @param origin the file the checkpoint came from (for the views' titles)
     * @return "" when it was adopted, else why not (one line)
     */
    String adoptRun(Checkpoint checkpoint, Corpus corpus, String bundledId, Path corpusFile, Path origin);

    /** Saves the run as a checkpoint in the background; {@code after} (may be null) runs once saved. */
    void saveCheckpoint(Path file, Runnable after);

    /** Writes the original experiment's results file ({@code samples} samples) in the background. */
    void exportResults(Path file, int samples);

    /** Shows a run of a sweep in the inspection views: its model becomes {@link AppContext#model()}. */
    void openRun(Path checkpoint, ModelSnapshot model, String label);

    // ---- the window ----

    /** Shows a view by its feature id; an unknown id changes nothing. */
    void showView(String id);

    /** The id of the view showing, or null. */
    String showingView();

    void setTheme(Theme theme);

    /** A one-line message above the views ("" hides it). */
    void showMessage(String text);

    /** Closes the window, after asking when a run exists (Save / Don't save / Cancel). */
    void quit();
}
