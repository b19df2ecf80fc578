package dev.unroll.app;

import dev.unroll.app.core.Actions;
import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Theme;
import dev.unroll.app.events.ModelLoaded;
import dev.unroll.app.events.OpenRun;
import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.app.shell.CorpusPanel;
import dev.unroll.app.shell.CorpusSource;
import dev.unroll.app.shell.RunControls;
import dev.unroll.app.shell.RunSettings;
import dev.unroll.app.shell.StatusBar;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.WindowKeeper;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.io.ResultsFile;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.Pictures;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The application actions ({@link Actions}) over the main window's panels: the side panel's corpus
 * and settings, the run controls, the status bar and the message bar. The file choosers of the
 * File menu live here too, since they only ask for a path and call an action.
 */
final class AppActions implements Actions {
    /** Samples in an exported results file. */
    static final int RESULT_SAMPLES = 10;
    /** The answer that saves the run first (closing, resetting). */
    private static final ButtonType SAVE = new ButtonType("Save…", ButtonBar.ButtonData.YES);
    private static final FileChooser.ExtensionFilter ALL_FILES = new FileChooser.ExtensionFilter("All files", "*");

    /** What of the window the actions need: its views and theme, which the layout owns. */
    interface Window {
        void showView(String id);

        void setTheme(Theme theme);

        void showMessage(String text);

        /** What closing now would interrupt, as the views say it ({@link dev.unroll.app.core.Feature#closingNote()}); "" when nothing. */
        String closingNotes();
    }

    private final AppContext context;
    private final TrainingSession training;
    private final Stage stage;
    private final CorpusPanel corpusPanel;
    private final RunSettings settings;
    private final RunControls controls;
    private final StatusBar status;
    private final Window window;
    private final BackgroundTasks io = new BackgroundTasks("unroll-io");
    private boolean closing;

    AppActions(AppContext context, Stage stage, CorpusPanel corpusPanel, RunSettings settings, RunControls controls,
               StatusBar status, Window window) {
        this.context = context;
        this.training = context.training();
        this.stage = stage;
        this.corpusPanel = corpusPanel;
        this.settings = settings;
        this.controls = controls;
        this.status = status;
        this.window = window;
        controls.setResetGuard(this::confirmReset);
    }

    // ---- corpus ----

    @Override
    public void openCorpus(Path file) {
        corpusPanel.open(file);
    }

    @Override
    public void chooseBundledCorpus(String id) {
        BundledCorpus.byId(id).flatMap(b -> corpusPanel.bundled().stream().filter(s -> s.name().equals(b.name())).findFirst())
                .ifPresent(corpusPanel::choose);
    }

    @Override
    public String chosenBundledCorpus() {
        CorpusSource c = corpusPanel.chosenProperty().get();
        if (c == null || c.isFile()) {
            return null;
        }
        return BundledCorpus.all().stream().filter(b -> b.name().equals(c.name())).map(BundledCorpus::id).findFirst().orElse(null);
    }

    @Override
    public Path chosenCorpusFile() {
        CorpusSource c = corpusPanel.chosenProperty().get();
        return c == null ? null : c.file();
    }

    @Override
    public String chosenCorpusName() {
        CorpusSource c = corpusPanel.chosenProperty().get();
        return c == null ? "as it is" : c.name();
    }

    /** Asks for a text file and opens it as the corpus (File › Open corpus…). */
    void chooseCorpusFile() {
        FileChooser fc = chooser("Open a corpus (a UTF-8 text file)",
                new FileChooser.ExtensionFilter("Text files", "*.txt", "*.md", "*.csv", "*.text"), ALL_FILES);
        if (!corpusPanel.recentFiles().isEmpty()) {
            File dir = corpusPanel.recentFiles().get(0).getParent().toFile();
            if (dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
        }
        File f = show(fc, false);
        if (f != null) {
            openCorpus(f.toPath());
        }
    }

    // ---- settings ----

    @Override
    public TrainingConfig settings() {
        return settings.config();
    }

    @Override
    public void applySettings(TrainingConfig config) {
        settings.apply(config);
    }

    @Override
    public void setLearningRate(double learningRate) {
        settings.setLearningRate(learningRate);
    }

    @Override
    public void setTemperature(double temperature) {
        settings.setTemperature(temperature);
    }

    @Override
    public double speed() {
        return training.speed();
    }

    @Override
    public void setSpeed(double itersPerSecond) {
        controls.setSpeed(itersPerSecond);
    }

    @Override
    public String startProblem() {
        return controls.startProblemProperty().get();
    }

    @Override
    public void resetRun() {
        controls.reset();
    }

    // ---- checkpoints and runs ----

    /** Asks where to save the run (File › Save checkpoint…), then saves it; {@code after} runs once saved. */
    void chooseSaveCheckpoint(Runnable after) {
        if (!training.hasRun()) {
            return;
        }
        FileChooser fc = chooser("Save checkpoint", new FileChooser.ExtensionFilter("Unroll checkpoint", "*.npz"));
        // the state as the dialog opens (at most one iteration's wait): the file then holds the iteration
        // its proposed name says, however long the run trains on while the person chooses
        TrainerState state = training.exportState();
        fc.setInitialFileName(checkpointName(state));
        File f = show(fc, true);
        if (f != null) {
            Path file = f.getName().contains(".") ? f.toPath() : f.toPath().resolveSibling(f.getName() + ".npz");
            saveInBackground(() -> {
                training.saveCheckpoint(file, state);
                return null;
            }, after);
        }
    }

    /** The name a checkpoint of {@code state} is proposed under: its hidden size and iteration. */
    static String checkpointName(TrainerState state) {
        return "unroll-hs" + state.config().hiddenSize() + "-it" + state.iteration() + ".npz";
    }

    @Override
    public void saveCheckpoint(Path file, Runnable after) {
        saveInBackground(() -> {
            training.saveCheckpoint(file);
            return null;
        }, after);
    }

    /** Saves a checkpoint in the background by {@code save}, then clears the message bar and runs {@code after} (if any). */
    private void saveInBackground(Callable<Void> save, Runnable after) {
        background("Saving checkpoint…", save, ok -> {
            window.showMessage("");
            if (after != null) {
                after.run();
            }
        }, "Could not save the checkpoint");
    }

    /** Asks for a checkpoint (File › Load checkpoint…), after confirming that it replaces a run, and loads it. */
    void chooseLoadCheckpoint() {
        if (training.hasRun() && !confirm("Load a checkpoint", "Loading a checkpoint replaces the current run.", "Replace the run")) {
            return;
        }
        File f = show(chooser("Load checkpoint", new FileChooser.ExtensionFilter("Unroll checkpoint", "*.npz"), ALL_FILES), false);
        if (f != null) {
            loadCheckpoint(f.toPath());
        }
    }

    @Override
    public CompletableFuture<String> loadCheckpoint(Path file) {
        CompletableFuture<String> done = new CompletableFuture<>();
        Corpus current = context.corpus().get();
        CorpusSource currentSource = corpusPanel.chosenProperty().get();
        List<CorpusSource> candidates = new ArrayList<>(corpusPanel.bundled());
        for (Path p : corpusPanel.recentFiles()) {
            candidates.add(CorpusSource.ofFile(p));
        }
        background("Loading checkpoint…", () -> {
            Checkpoint cp = Checkpoint.load(file);
            Path sibling = file.toAbsolutePath().resolveSibling(cp.corpus().name());
            List<CorpusSource> all = new ArrayList<>(candidates);
            all.add(CorpusSource.ofFile(sibling));
            if (current != null && cp.sameCorpus(current)) {
                return new Loaded(cp, currentSource, current);
            }
            for (CorpusSource src : all) {
                boolean plausible = !src.isFile() || (Files.isRegularFile(src.file())
                        && String.valueOf(src.file().getFileName()).equals(cp.corpus().name()));
                if (!plausible) {
                    continue;
                }
                try {
                    Corpus c = src.loader().get();
                    if (cp.sameCorpus(c)) {
                        return new Loaded(cp, src, c);
                    }
                } catch (BadInputException e) {
                    // not this one
                }
            }
            return new Loaded(cp, null, null);
        }, loaded -> done.complete(adoptLoaded(file, loaded)), "Could not load the checkpoint", done::complete);
        return done;
    }

    private record Loaded(Checkpoint checkpoint, CorpusSource source, Corpus corpus) {
    }

    /** Adopts a loaded checkpoint; "" when its run was adopted, else why not. */
    private String adoptLoaded(Path file, Loaded loaded) {
        Checkpoint cp = loaded.checkpoint();
        training.reset();
        controls.refresh();
        String why;
        if (loaded.corpus() != null) {
            String problem = adopt(cp, loaded.source(), loaded.corpus());
            window.showMessage(problem.isEmpty() ? "" : "Could not continue the checkpoint's run: " + problem);
            why = problem.isEmpty() ? "" : "could not continue the run of " + file.getFileName() + ": " + problem;
        } else {
            why = "the corpus \"" + cp.corpus().name() + "\" of " + file.getFileName() + " is not at hand, so only its model was loaded";
            window.showMessage(String.format(Locale.ROOT,
                    "Loaded the model of %s (iteration %,d). Its corpus \"%s\" is not at hand, so training cannot continue; "
                            + "generation and inspection work. Open that corpus and load the checkpoint again to continue.",
                    file.getFileName(), cp.state().iteration(), cp.corpus().name()));
        }
        // without its run the model still serves generation and inspection
        showModel(file, cp.model());
        return why;
    }

    @Override
    public String adoptRun(Checkpoint checkpoint, Corpus corpus, String bundledId, Path corpusFile, Path origin) {
        if (training.hasRun()) {
            return "a run exists already (Reset it first)";
        }
        CorpusSource source = corpusFile != null ? CorpusSource.ofFile(corpusFile)
                : corpusPanel.bundled().stream()
                .filter(s -> BundledCorpus.byId(bundledId).map(b -> b.name().equals(s.name())).orElse(false))
                .findFirst().orElse(null);
        if (source == null) {
            return "its corpus " + bundledId + " is not in the list";
        }
        String problem = adopt(checkpoint, source, corpus);
        if (problem.isEmpty()) {
            showModel(origin, checkpoint.model());
        }
        return problem;
    }

    /**
     * The one adoption of a checkpoint's run: its settings (with the learning rate and temperature
     * it ran with last), its corpus and its trainer state. "" or why not (then no run exists).
     */
    private String adopt(Checkpoint cp, CorpusSource source, Corpus corpus) {
        try {
            TrainerState st = cp.state();
            settings.apply(st.config().withLearningRate(st.learningRate()).withTemperature(st.temperature()));
            corpusPanel.adopt(source, corpus);
            training.adopt(corpus, st);
        } catch (BadInputException e) {
            training.reset();
            controls.refresh();
            return e.getMessage();
        }
        return "";
    }

    private void showModel(Path origin, ModelSnapshot model) {
        context.model().set(model);
        context.events().publish(new ModelLoaded(origin, model));
        controls.refresh();
    }

    @Override
    public void openRun(Path checkpoint, ModelSnapshot model, String label) {
        context.model().set(model);
        context.events().publish(new OpenRun(checkpoint, model, label));
    }

    /** Asks where to write the results file (File › Export results file…), then writes it. */
    void chooseExportResults() {
        if (!training.hasRun()) {
            return;
        }
        FileChooser fc = chooser("Export results file", new FileChooser.ExtensionFilter("Text file", "*.txt"));
        TrainingSnapshot s = context.snapshot().get();
        fc.setInitialFileName(ResultsFile.fileName(s == null ? 0 : s.iteration(), training.config(), LocalDateTime.now()));
        File f = show(fc, true);
        if (f != null) {
            exportResults(f.toPath(), RESULT_SAMPLES);
        }
    }

    @Override
    public void exportResults(Path file, int samples) {
        background("Writing results…", () -> {
            training.writeResults(file, samples);
            return null;
        }, ok -> {
        }, "Could not write the results file");
    }

    /** Runs work in the background with a busy indication; success and failure come back on the JavaFX thread. */
    private <T> void background(String what, Callable<T> work, Consumer<T> done, String failure) {
        background(what, work, done, failure, why -> {
        });
    }

    /** As above; {@code failed} also hears the failure's message (after the message bar). */
    private <T> void background(String what, Callable<T> work, Consumer<T> done, String failure, Consumer<String> failed) {
        status.setBusy(what);
        io.run(work, result -> {
            status.setBusy("");
            done.accept(result);
        }, why -> {
            status.setBusy("");
            window.showMessage(failure + ": " + why);
            failed.accept(failure.toLowerCase(Locale.ROOT) + ": " + why);
        });
    }

    // ---- the window ----

    @Override
    public void showView(String id) {
        window.showView(id);
    }

    @Override
    public String showingView() {
        return context.commands().showingViewProperty().get();
    }

    @Override
    public void setTheme(Theme theme) {
        window.setTheme(theme);
    }

    @Override
    public void showMessage(String text) {
        window.showMessage(text);
    }

    @Override
    public void quit() {
        if (confirmClose()) {
            closing = true;
            stage.close();
        }
    }

    /**
     * Asks, when a run exists, whether to save it before closing (Save / Don't save / Cancel).
     * Save saves in the background and closes when done. Returns whether to close now.
     */
    boolean confirmClose() {
        String notes = window.closingNotes();
        if (closing || !training.hasRun() && notes.isEmpty()) {
            return true;
        }
        if (!training.hasRun()) {
            // no run to save, but work that closing stops (a sweep): say what happens to it
            return confirm("Close Unroll", "Close Unroll?", notes, "Close");
        }
        ButtonType dont = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        return saveFirst(alert("Close Unroll", "A training run exists", "Save the training run as a checkpoint before closing?"
                + (notes.isEmpty() ? "" : "\n\n" + notes), SAVE, dont, ButtonType.CANCEL), dont, () -> {
            closing = true;
            stage.close();
        });
    }

    /**
     * Asked by the Reset command: when the run has iterations no checkpoint holds, whether to save
     * it first (Save… saves, then resets), reset without saving, or keep it. Returns whether to
     * reset now.
     */
    boolean confirmReset() {
        TrainingSnapshot s = context.snapshot().get();
        if (!training.hasUnsavedWork() || s != null && (s.state() == RunState.DIVERGED || s.state() == RunState.FAILED)) {
            return true; // nothing a checkpoint could keep: a diverged run's weights are not finite
        }
        ButtonType discard = new ButtonType("Reset without saving", ButtonBar.ButtonData.NO);
        Alert a = alert("Reset the run", "Reset the run?", "Its " + (s == null ? "" : Pictures.count(s.iteration()) + " ")
                + "iterations of training are not saved as a checkpoint. Reset forgets them.", SAVE, discard, ButtonType.CANCEL);
        a.getDialogPane().setId("reset-dialog");
        return saveFirst(a, discard, controls::reset);
    }

    /**
     * Asks {@code a} (Save… / {@code skip} / Cancel): Save… pauses the run and saves it, then runs {@code afterSave}. Whether
     * to go on now ({@code skip}).
     */
    private boolean saveFirst(Alert a, ButtonType skip, Runnable afterSave) {
        Optional<ButtonType> answer = a.showAndWait();
        if (answer.isEmpty() || answer.get() == ButtonType.CANCEL) {
            return false;
        }
        if (answer.get() == skip) {
            return true;
        }
        training.pause();
        chooseSaveCheckpoint(afterSave);
        return false;
    }

    private boolean confirm(String title, String text, String yes) {
        return confirm(title, title, text, yes);
    }

    /** Asks {@code text} with {@code yes} and Cancel; whether the answer is {@code yes}. */
    private boolean confirm(String title, String header, String text, String yes) {
        ButtonType ok = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
        return alert(title, header, text, ok, ButtonType.CANCEL).showAndWait().filter(b -> b == ok).isPresent();
    }

    /** A confirmation over the window, titled {@code title}, headed {@code header}, asking {@code text} with {@code buttons}. */
    private Alert alert(String title, String header, String text, ButtonType... buttons) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, buttons);
        a.initOwner(stage);
        a.setTitle(title);
        a.setHeaderText(header);
        return a;
    }

    /** A file chooser titled {@code title} offering {@code filters}. */
    private static FileChooser chooser(String title, FileChooser.ExtensionFilter... filters) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(filters);
        return fc;
    }

    /** Shows {@code fc} over the window (an open or a {@code save} dialog), keeping the window's place; the file chosen or null. */
    private File show(FileChooser fc, boolean save) {
        return WindowKeeper.of(stage).during(() -> save ? fc.showSaveDialog(stage) : fc.showOpenDialog(stage));
    }

    /** Ends the background thread (the window is gone). */
    void dispose() {
        io.close();
    }
}
