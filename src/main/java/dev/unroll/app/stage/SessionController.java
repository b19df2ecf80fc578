package dev.unroll.app.stage;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.events.ModelLoaded;
import dev.unroll.app.events.ShowSweep;
import dev.unroll.app.events.SweepShown;
import dev.unroll.app.fx.Animations;
import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.TrainerState;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Session restore: the app reopens with the last corpus, settings, view and split-pane dividers
 * (the theme and window bounds the main window keeps itself), offers to resume the last run, and
 * shows the demo network until there is another model.
 *
 * <ul>
 * <li>{@link #restore()} (before the window shows) reads {@link SessionStore} and puts the saved
 *     settings back; problems with the file become one message, never an error.</li>
 * <li>If a run was autosaved, a bar above the views asks "Resume last run (iteration N)?";
 *     Resume reads the checkpoint and its corpus in the background and adopts the run (Continue
 *     then goes on with it); Dismiss hides the bar. Node ids: {@code resume-bar},
 *     {@code resume-message}, {@code resume-run}, {@code resume-dismiss}.</li>
 * <li>While a run exists, its checkpoint is saved every {@link #AUTOSAVE_INTERVAL} (in the
 *     background) and on exit ({@link #saveNow()}); on exit without a run the old checkpoint is
 *     deleted, so the app never offers a run the user reset.</li>
 * <li>{@link #loadDemoModel()} reads the bundled demo network off the JavaFX thread and makes it
 *     {@link AppContext#model()} (publishing {@link ModelLoaded}) if no other model came first.</li>
 * </ul>
 */
public final class SessionController {
    /** How often a running session's checkpoint is saved. */
    public static final Duration AUTOSAVE_INTERVAL = Duration.minutes(2);

    private final SessionHost host;
    private final AppContext context;
    private final SessionStore store;
    private final BackgroundTasks worker = new BackgroundTasks("unroll-session");
    private final Label resumeMessage = new Label();
    private final Button resume = new Button("Resume");
    private final Button dismiss = new Button("Dismiss");
    private final HBox resumeBar;
    /** The autosaved run is offered to resume: the bar shows while not presenting. */
    private final BooleanProperty resumeOffered = new SimpleBooleanProperty(this, "resumeOffered");
    /** The demo network once loaded: the model again after a reset. */
    private ModelSnapshot demo;
    private final Timeline autosave;
    private final Map<String, double[]> pendingDividers = new HashMap<>();
    private SessionState restored = SessionState.empty();
    private long savedIteration = -1;
    private Object savedRun;
    private boolean saving;
    /** Whether the session autosaves (after {@link #restore()}, until closing). */
    private boolean autosaving;
    private boolean hadRun;
    /** The sweep Experiments showed last in this session, or null. */
    private String shownSweep;
    private Corpus hashedCorpus;
    private Checkpoint.CorpusInfo hashedInfo;

    public SessionController(SessionHost host, AppContext context, SessionStore store) {
        this.host = host;
        this.context = context;
        this.store = store;
        resumeMessage.setId("resume-message");
        resumeMessage.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(resumeMessage, Priority.ALWAYS);
        resume.setId("resume-run");
        resume.getStyleClass().add("accent");
        resume.setOnAction(e -> resumeLastRun());
        dismiss.setId("resume-dismiss");
        dismiss.setOnAction(e -> hideResumeBar());
        resumeBar = new HBox(10, resumeMessage, resume, dismiss);
        resumeBar.setId("resume-bar");
        resumeBar.getStyleClass().add("resume-bar");
        resumeBar.setAlignment(Pos.CENTER_LEFT);
        ViewStyles.attach(resumeBar, SessionController.class);
        // a question for the person at the keyboard: not on a projected slide (it is asked again after presenting)
        resumeBar.visibleProperty().bind(resumeOffered.and(context.presenting().not()));
        resumeBar.managedProperty().bind(resumeBar.visibleProperty());
        context.snapshot().addListener((obs, old, snap) -> hadRun |= snap != null);
        context.events().subscribe(SweepShown.class, e -> shownSweep = e.location());
        autosave = Animations.track("session-autosave", new Timeline(new KeyFrame(AUTOSAVE_INTERVAL, e -> autosaveInBackground())));
        autosave.setCycleCount(Timeline.INDEFINITE);
        // the timer runs only while a run trains (an idle app runs no timer); when it stops, what it reached is saved
        context.training().activeProperty().addListener((obs, was, active) -> followTraining());
        // after a reset the views fall back to the demo network, never to the last run's (possibly infinite) weights
        context.training().runExistsProperty().addListener((obs, was, exists) -> {
            if (was && !exists && demo != null) {
                showDemo();
            }
        });
    }

    private void showDemo() {
        context.model().set(demo);
        context.events().publish(new ModelLoaded(DemoModel.SOURCE, demo));
    }

    private void followTraining() {
        if (!autosaving) {
            return;
        }
        if (context.training().activeProperty().get()) {
            autosave.play();
        } else if (autosave.getStatus() == Animation.Status.RUNNING) {
            autosave.stop();
            autosaveInBackground();
        }
    }

    /** The bar that offers to resume the last run; the main window puts it above the views. */
    public Node resumeBar() {
        return resumeBar;
    }

    public SessionStore store() {
        return store;
    }

    /** What was read at start-up. */
    public SessionState restored() {
        return restored;
    }

    /** Reads the saved session and puts its settings back; offers the saved run. Call once, on the JavaFX thread. */
    public void restore() {
        SessionStore.Loaded loaded = store.load();
        SessionState s = loaded.state();
        restored = s;
        StringBuilder problems = new StringBuilder(String.join("; ", loaded.problems()));
        try {
            if (s.bundledCorpus() != null) {
                if (BundledCorpus.byId(s.bundledCorpus()).isPresent()) {
                    host.chooseCorpus(s.bundledCorpus(), null);
                } else {
                    append(problems, "the last corpus " + s.bundledCorpus() + " is no longer part of Unroll");
                }
            } else if (s.corpusFile() != null) {
                if (Files.isRegularFile(s.corpusFile())) {
                    host.chooseCorpus(null, s.corpusFile());
                } else {
                    append(problems, "the last corpus file " + s.corpusFile() + " is gone");
                }
            }
            if (s.config() != null) {
                host.applyConfig(s.config());
            }
            if (!Double.isNaN(s.speed())) {
                host.setSpeed(s.speed());
            }
            if (s.selectedView() != null) {
                host.select(s.selectedView());
            }
            if (s.sweep() != null) {
                context.events().publish(new ShowSweep(s.sweep()));
            }
        } catch (RuntimeException e) {
            append(problems, "part of the last session could not be restored (" + e.getMessage() + ")");
        }
        pendingDividers.putAll(s.dividers());
        if (s.run() != null && Files.isRegularFile(store.runFile())) {
            String corpus = s.run().corpusName().isEmpty() ? "" : " on " + s.run().corpusName();
            resumeMessage.setText(String.format("Resume the last run (iteration %,d%s)?", s.run().iteration(), corpus));
            resumeOffered.set(true);
        }
        if (problems.length() > 0) {
            host.showMessage("The last session was not restored completely: " + problems + ".");
        }
        autosaving = true;
        followTraining();
    }

    private static void append(StringBuilder sb, String problem) {
        sb.append(sb.length() == 0 ? "" : "; ").append(problem);
    }

    /**
     * Puts saved divider positions back on the split panes that exist now (by node id); those of
     * views built later are tried again on the next call. Call after the window is shown and
     * whenever another view is shown.
     */
    public void restoreDividers() {
        if (pendingDividers.isEmpty()) {
            return;
        }
        for (Node n : host.root().lookupAll(".split-pane")) {
            if (n instanceof SplitPane sp && sp.getId() != null) {
                double[] pos = pendingDividers.get(sp.getId());
                if (pos != null && pos.length == sp.getDividers().size()) {
                    sp.setDividerPositions(pos);
                    pendingDividers.remove(sp.getId());
                }
            }
        }
    }

    private Map<String, double[]> dividers() {
        Map<String, double[]> out = new LinkedHashMap<>(pendingDividers);
        for (Node n : host.root().lookupAll(".split-pane")) {
            if (n instanceof SplitPane sp && sp.getId() != null && !sp.getDividers().isEmpty()) {
                out.put(sp.getId(), sp.getDividerPositions());
            }
        }
        return out;
    }

    /** The session as it is now (on the JavaFX thread), with the given run. */
    SessionState current(SessionState.RunInfo run) {
        return new SessionState(host.bundledCorpus(), host.bundledCorpus() == null ? host.corpusFile() : null,
                host.config(), host.speed(), host.selectedView(), dividers(), run, shownSweep != null ? shownSweep : restored.sweep());
    }

    /** Whether the last run is offered to resume (the bar shows it, except while presenting). */
    public boolean isResumeOffered() {
        return resumeOffered.get();
    }

    private void hideResumeBar() {
        resumeOffered.set(false);
    }

    /** Reads the autosaved run and its corpus in the background and adopts it. */
    public void resumeLastRun() {
        SessionState s = restored;
        Path file = store.runFile();
        resume.setDisable(true);
        resumeMessage.setText("Reading the last run…");
        String bundled = s.bundledCorpus();
        Path corpusFile = s.corpusFile();
        runInBackground(() -> {
            Checkpoint cp = Checkpoint.load(file);
            Corpus corpus;
            if (bundled != null) {
                corpus = BundledCorpus.byId(bundled).orElseThrow(() -> new BadInputException(
                        "its corpus " + bundled + " is no longer part of Unroll")).load();
            } else if (corpusFile != null) {
                corpus = Corpus.load(corpusFile);
            } else {
                throw new BadInputException("the session does not say which corpus it was trained on");
            }
            cp.requireVocabularyOf(corpus, "the last run");
            LossHistory.View history;
            String historyProblem = "";
            try {
                history = store.readHistory(cp.state().iteration());
            } catch (BadInputException e) {
                history = LossHistory.View.EMPTY; // a damaged history does not keep the run from resuming
                historyProblem = e.getMessage();
            }
            return new Object[] {cp, corpus, history, historyProblem};
        }, result -> {
            resume.setDisable(false);
            Object[] r = (Object[]) result;
            String problem = host.adoptRun((Checkpoint) r[0], (Corpus) r[1], bundled, corpusFile);
            if (problem.isEmpty()) {
                hideResumeBar();
                savedIteration = ((Checkpoint) r[0]).state().iteration();
                // Resume means go on: the curve that led here, then training from where it stopped
                context.training().continueHistory((LossHistory.View) r[2]);
                context.training().resumeRun();
                if (!((String) r[3]).isEmpty()) {
                    host.showMessage("The last run resumed without its loss curve: " + r[3] + ".");
                }
            } else {
                resumeMessage.setText("The last run cannot be resumed: " + problem);
            }
        }, error -> {
            resume.setDisable(false);
            resumeMessage.setText("The last run cannot be resumed: " + error);
        });
    }

    /** Loads the bundled demo network in the background; it becomes the model unless another came first. */
    public void loadDemoModel() {
        runInBackground(DemoModel::load, result -> {
            Checkpoint cp = (Checkpoint) result;
            demo = cp.model();
            if (context.model().get() == null) {
                showDemo();
            }
        }, error -> host.showMessage("The demo network could not be loaded: " + error));
    }

    private void runInBackground(Supplier<Object> work, Consumer<Object> done,
                                 Consumer<String> failed) {
        worker.run(work::get, done, failed);
    }

    // ---- saving ----

    private Checkpoint.CorpusInfo corpusInfo(Corpus c) {
        // hashing a large corpus takes a while: once per corpus
        if (c != hashedCorpus) {
            hashedInfo = Checkpoint.CorpusInfo.of(c);
            hashedCorpus = c;
        }
        return hashedInfo;
    }

    /** Saves the run (if it moved on since the last save) and the session, in the background. */
    void autosaveInBackground() {
        TrainingSession training = context.training();
        if (saving || !training.hasRun() || training.snapshot() == null) {
            return;
        }
        long iteration = training.snapshot().iteration();
        Corpus corpus = training.corpus();
        if (corpus == null || iteration == savedIteration && savedRun == corpus) {
            return;
        }
        saving = true;
        LossHistory.View history = training.snapshot().losses();
        runInBackground(() -> {
            TrainerState state = training.exportState();
            Checkpoint.save(store.runFile(), state, corpusInfo(corpus));
            store.saveHistory(history);
            return state;
        }, result -> {
            saving = false;
            if (!autosaving) {
                return; // the window closed meanwhile: saveNow wrote the last word (a reset run is not offered again)
            }
            TrainerState state = (TrainerState) result;
            savedIteration = state.iteration();
            savedRun = corpus;
            saveSession(new SessionState.RunInfo(state.iteration(), corpus.name()));
        }, error -> {
            saving = false;
            host.showMessage("The run could not be autosaved: " + error);
        });
    }

    private void saveSession(SessionState.RunInfo run) {
        try {
            store.save(current(run));
        } catch (RuntimeException e) {
            host.showMessage("The session could not be saved: " + e.getMessage());
        }
    }

    /**
     * Saves the session and the run's checkpoint now, on this thread (the window is closing).
     * Without a run, a checkpoint left from before is deleted. Never throws.
     *
     * @return "" when all was saved, else what went wrong
     */
    public String saveNow() {
        autosaving = false;
        autosave.stop();
        // an autosave still writing (the one a stopping run starts) must not land after what is written here
        worker.closeAndWait(10_000);
        TrainingSession training = context.training();
        SessionState.RunInfo run = null;
        String problem = "";
        try {
            if (training.hasRun() && training.corpus() != null) {
                TrainerState state = training.exportState();
                Corpus corpus = training.corpus();
                Checkpoint.save(store.runFile(), state, corpusInfo(corpus));
                store.saveHistory(training.snapshot() == null ? LossHistory.View.EMPTY : training.snapshot().losses());
                run = new SessionState.RunInfo(state.iteration(), corpus.name());
            } else if (hadRun) {
                // the user reset this session's run: do not offer it again
                Files.deleteIfExists(store.runFile());
                Files.deleteIfExists(store.historyFile());
            } else if (restored.run() != null && Files.isRegularFile(store.runFile())) {
                // no run this time: the last one stays on offer
                run = restored.run();
            }
        } catch (IOException | RuntimeException e) {
            problem = "the run could not be saved: " + e.getMessage();
        }
        try {
            store.save(current(run));
        } catch (RuntimeException e) {
            problem = (problem.isEmpty() ? "" : problem + "; ") + "the session could not be saved: " + e.getMessage();
        }
        return problem;
    }

    /** Stops the autosave timer and ends the background thread once its work is done. */
    public void dispose() {
        autosaving = false;
        autosave.stop();
        worker.closeAndWait(10_000);
    }
}
