package dev.unroll.app.stage;

import dev.unroll.app.core.Actions;
import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.core.Feature;
import dev.unroll.app.core.Theme;
import dev.unroll.app.events.GenerateNow;
import dev.unroll.app.events.GenerationTemperature;
import dev.unroll.app.events.ProbeText;
import dev.unroll.app.events.RunComparison;
import dev.unroll.app.events.ShowFlavor;
import dev.unroll.app.events.ShowPage;
import dev.unroll.app.events.ShowSweep;
import dev.unroll.app.events.ShowWalk;
import dev.unroll.app.shell.Preset;
import dev.unroll.app.shell.RunControls;
import dev.unroll.app.training.RunTimeline;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.app.ui.WindowKeeper;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.train.RunHistory;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.beans.binding.BooleanExpression;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Presentation mode and session restore for the main window: the glue between
 * {@link PresentationController}, {@link SessionController} and the app, which it reaches through
 * {@link AppContext#actions()} and {@link AppContext#commands()} (never through the window's
 * panels), so that the main window only builds this, places {@link #overlay()}, {@link #resumeBar()},
 * {@link #toolbar()} and {@link #menuItems()}, and calls {@link #attach}, {@link #restore()},
 * {@link #shown()} and {@link #closing()}.
 *
 * <p>Commands it registers: {@value #PRESENT} (F5), {@value #LEAVE} (Esc, while presenting),
 * {@value #NEXT} (Page Down, Ctrl+→), {@value #PREVIOUS} (Page Up, Ctrl+←), {@code talk.load},
 * {@code talk.reload}, {@code talk.default}.
 *
 * <p>Node ids: {@code present-button}, {@code menu-present}, {@code menu-talk-load},
 * {@code menu-talk-reload}, {@code menu-talk-default}, and those of the two controllers.
 */
public final class StageSupport implements PresentationHost, SessionHost {
    private static final Logger LOG = System.getLogger(StageSupport.class.getName());
    /** System property: "false" turns session restore and saving off (the test suite does, except where tested). */
    public static final String SESSION_PROPERTY = "unroll.session";
    /** System property: "false" keeps the demo network from loading at start-up (likewise). */
    public static final String DEMO_PROPERTY = "unroll.demoModel";
    private static final String PRESENTING_CLASS = "presenting";
    /** Command ids. */
    public static final String PRESENT = "present.toggle";
    public static final String LEAVE = "present.leave";
    public static final String NEXT = "talk.next";
    public static final String PREVIOUS = "talk.previous";
    /**
     * The style class a view gives to controls a talk does not need (a secondary toolbar, say):
     * presentation mode hides them (visible and managed false) and shows them again when it ends.
     */
    public static final String HIDDEN_IN_TALK_CLASS = "presentation-hidden";

    private final AppContext context;
    private final Stage stage;
    private final TabPane tabs;
    private final List<Feature> features;
    private SplitPane split;
    private Node side;
    private List<Node> chrome = List.of();
    /** Shows or hides the slide's speaker notes while presenting. */
    public static final String NOTES = "present.notes";
    /** Dims all but the region under the pointer while presenting. */
    public static final String SPOTLIGHT = "present.spotlight";
    private final PresentationController presentation;
    private final PresenterStatus presenterStatus;
    private final SessionController session;
    private final Button present = new Button("Present");
    private double[] dividersBefore;
    private final List<Node> hiddenForTalk = new ArrayList<>();
    /** Counts the slides applied: a checkpoint's late settings apply only if their slide is still the last applied. */
    private int slideGeneration;
    /** The checkpoint a slide loaded last (absolute) and the run as it was then, or null. */
    private Path loadedCheckpoint;
    private TrainingSnapshot loadedRun;

    /**
     * Made while the window is built, before its layout; {@link #attach} completes it. The
     * context's actions must be installed.
     *
     * @param context  the app's context
     * @param stage    the main window's stage
     * @param tabs     the views' tab pane
     * @param features the views, in tab order
     */
    public StageSupport(AppContext context, Stage stage, TabPane tabs, List<Feature> features) {
        this.context = context;
        this.stage = stage;
        this.tabs = tabs;
        this.features = List.copyOf(features);
        ViewStyles.attach(tabs, StageSupport.class); // the tab headers hide while presenting
        presentation = new PresentationController(this);
        presenterStatus = new PresenterStatus(context, presentation.presentingProperty());
        context.presenting().bind(presentation.presentingProperty());
        presentation.setClock(presenterStatus.clockText());
        session = new SessionController(this, context, SessionStore.inWorkspace());
        registerCommands(context.commands());
        present.setId("present-button");
        context.commands().decorate(present, PRESENT, "Presentation mode: full screen, large type, the views as slides; Esc leaves");
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, t) -> session.restoreDividers());
    }

    private void registerCommands(Commands commands) {
        BooleanExpression presenting = presentation.presentingProperty();
        commands.add(Command.of(PRESENT, "Presentation mode", presentation::toggle).key(new KeyCodeCombination(KeyCode.F5)));
        commands.add(Command.of(LEAVE, "Leave presentation mode", presentation::leave).key(new KeyCodeCombination(KeyCode.ESCAPE))
                .enabledWhen(presenting));
        commands.add(Command.of(NEXT, "Next slide", presentation::next).key(new KeyCodeCombination(KeyCode.PAGE_DOWN))
                .key(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.SHORTCUT_DOWN)).enabledWhen(presenting));
        commands.add(Command.of(PREVIOUS, "Previous slide", presentation::previous).key(new KeyCodeCombination(KeyCode.PAGE_UP))
                .key(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.SHORTCUT_DOWN)).enabledWhen(presenting));
        commands.add(Command.of(NOTES, "Speaker's notes", presentation::toggleNotes).key(new KeyCodeCombination(KeyCode.N))
                .enabledWhen(presenting));
        commands.add(Command.of(SPOTLIGHT, "Spotlight on the pointer", presentation::toggleSpotlight).key(new KeyCodeCombination(KeyCode.S))
                .enabledWhen(presenting));
        commands.add(Command.of("talk.load", "Load talk script…", this::chooseTalkScript));
        commands.add(Command.of("talk.reload", "Reload talk script", presentation::reloadScript)
                .enabledWhen(presentation.scriptFileProperty().isNotNull()));
        commands.add(Command.of("talk.default", "Use the default talk", presentation::useDefaultTalk)
                .enabledWhen(presentation.scriptProperty().isNotNull()));
    }

    /**
     * Completes the set-up once the window's layout and scene exist.
     *
     * @param split  the split pane holding the side panel (first) and the views; gets the id
     *               {@code main-split} if it has none, so its divider is remembered
     * @param chrome the menu bar, toolbars and status bar: hidden while presenting
     */
    public void attach(SplitPane split, List<Node> chrome) {
        this.split = split;
        this.side = split.getItems().get(0);
        this.chrome = List.copyOf(chrome);
        if (split.getId() == null) {
            split.setId("main-split");
        }
    }

    public PresentationController presentation() {
        return presentation;
    }

    public SessionController session() {
        return session;
    }

    /** The slide counter, to lay over the views. */
    public Node overlay() {
        return presentation.overlay();
    }

    /** The slide's title strip in large type, above the views while presenting (it covers nothing). */
    public Node titleStrip() {
        return presentation.titleStrip();
    }

    /** The presenter's status strip (iteration, bits per character, rates, clock), below the views while presenting. */
    public Node presenterStatus() {
        return presenterStatus.node();
    }

    /** What the presenter's status strip says (for tests). */
    public String presenterStatusText() {
        return presenterStatus.text();
    }

    /** The bar offering to resume the last run, to put above the views. */
    public Node resumeBar() {
        return session.resumeBar();
    }

    /** The toolbar with the button that enters presentation mode, to put beside the run toolbar. */
    public ToolBar toolbar() {
        ToolBar bar = new ToolBar(present);
        bar.setId("stage-toolbar");
        bar.getStyleClass().add("run-toolbar");
        bar.setMinWidth(Region.USE_PREF_SIZE); // its one button never goes into an overflow menu
        return bar;
    }

    /** For the View menu: presentation mode and the talk script. */
    public List<MenuItem> menuItems() {
        Commands commands = context.commands();
        CheckMenuItem mode = new CheckMenuItem("Presentation mode");
        mode.setId("menu-present");
        mode.setAccelerator(commands.get(PRESENT).accelerator());
        mode.selectedProperty().bind(presentation.presentingProperty());
        mode.setOnAction(e -> commands.execute(PRESENT));
        MenuItem load = commands.menuItem("talk.load");
        load.setId("menu-talk-load");
        MenuItem reload = commands.menuItem("talk.reload");
        reload.setId("menu-talk-reload");
        MenuItem dflt = commands.menuItem("talk.default");
        dflt.setId("menu-talk-default");
        return List.of(new SeparatorMenuItem(), mode, load, reload, dflt);
    }

    private void chooseTalkScript() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Load a talk script");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Talk scripts", "*.talk", "*.txt"),
                new FileChooser.ExtensionFilter("All files", "*"));
        try {
            Path dir = presentation.scriptFileProperty().get() != null
                    ? presentation.scriptFileProperty().get().getParent() : TalkScripts.talksFolder();
            if (dir != null && Files.isDirectory(dir)) {
                fc.setInitialDirectory(dir.toFile());
            }
        } catch (UncheckedIOException e) {
            // no talks folder: the chooser opens where the system likes
        }
        File f = WindowKeeper.of(stage).during(() -> fc.showOpenDialog(stage));
        if (f != null) {
            presentation.loadScript(f.toPath());
        }
    }

    private static boolean enabled(String property) {
        return !"false".equalsIgnoreCase(System.getProperty(property, "true"));
    }

    /** Puts the last session back (before the window shows). */
    public void restore() {
        if (enabled(SESSION_PROPERTY)) {
            session.restore();
        }
    }

    /** After the window is shown: dividers, the demo network. */
    public void shown() {
        if (enabled(SESSION_PROPERTY)) {
            // after the first layout: a split pane that keeps its side's width would undo positions set before
            Scene scene = stage.getScene();
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                session.restoreDividers();
            };
            scene.addPostLayoutPulseListener(once[0]);
        }
        if (enabled(DEMO_PROPERTY)) {
            session.loadDemoModel();
        }
    }

    /** The window is closing: leave presentation mode, save the session. Never throws. */
    public void closing() {
        try {
            presentation.leave();
        } catch (RuntimeException e) {
            // leaving full screen of a closing window: nothing more to restore
        }
        if (enabled(SESSION_PROPERTY)) {
            String problem = session.saveNow();
            if (!problem.isEmpty()) {
                // the window is going: no message bar is left to say it, the log is
                LOG.log(Level.WARNING, "unroll: {0}", problem);
            }
        }
        session.dispose();
    }

    // ---- PresentationHost ----

    private Actions actions() {
        return context.actions();
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public List<String> views() {
        return features.stream().map(Feature::id).toList();
    }

    @Override
    public String viewTitle(String viewId) {
        return features.stream().filter(f -> f.id().equals(viewId)).map(Feature::title).findFirst().orElse(viewId);
    }

    @Override
    public String selectedView() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        return t == null || t.getId() == null ? null : t.getId().replaceFirst("^tab-", "");
    }

    /** Shows a view through its registered command ({@code view.<id>}), as the View menu and Ctrl+digit do. */
    @Override
    public void select(String viewId) {
        context.commands().execute(Commands.viewCommand(viewId));
    }

    @Override
    public Theme theme() {
        return context.theme().get();
    }

    @Override
    public void setTheme(Theme theme) {
        actions().setTheme(theme);
    }

    @Override
    public void setChromeShown(boolean shown) {
        for (Node n : chrome) {
            n.setVisible(shown);
            n.setManaged(shown);
        }
        if (!shown && split.getItems().contains(side)) {
            dividersBefore = split.getDividerPositions();
            split.getItems().remove(side);
        } else if (shown && !split.getItems().contains(side)) {
            split.getItems().add(0, side);
            if (dividersBefore != null) {
                split.setDividerPositions(dividersBefore);
            }
        }
        if (shown) {
            tabs.getStyleClass().remove(PRESENTING_CLASS);
            for (Node n : hiddenForTalk) {
                n.setVisible(true);
                n.setManaged(true);
            }
            hiddenForTalk.clear();
        } else {
            if (!tabs.getStyleClass().contains(PRESENTING_CLASS)) {
                tabs.getStyleClass().add(PRESENTING_CLASS);
            }
            // a view's secondary controls: those it marked for hiding in a talk (and that show now)
            for (Node n : tabs.lookupAll("." + HIDDEN_IN_TALK_CLASS)) {
                if (n.isVisible() && n.isManaged()) {
                    n.setVisible(false);
                    n.setManaged(false);
                    hiddenForTalk.add(n);
                }
            }
        }
    }

    @Override
    public void showMessage(String text) {
        actions().showMessage(text);
    }

    /**
     * Applies a slide's settings the way the user's own would go: the corpus, the preset, the rates
     * and the speed through {@link Actions} (the side panel's model), the run command through the
     * registered run commands ({@code run.start}, {@code run.pause}, {@code run.stop}), the probe text
     * as a {@link ProbeText} event; the slide's view came before, through its {@code view.<id>} command.
     * A slide's {@code checkpoint} loads in the background ({@link Actions#loadCheckpoint}): its run command,
     * {@code at} and {@code replay} then apply once the load has ended, if the slide is still the last applied,
     * and what goes wrong then reaches {@link PresentationController#laterProblem}.
     */
    @Override
    public List<String> applySettings(TalkScript script, TalkScript.Slide s) {
        List<String> problems = new ArrayList<>();
        TrainingSession training = context.training();
        Actions actions = actions();
        if (s.run() == TalkScript.Run.RESET) {
            actions.resetRun(); // first: the slide's corpus and preset may then change
        }
        if (s.corpus() != null) {
            List<String> ids = BundledCorpus.all().stream().map(BundledCorpus::id).toList();
            Path file = script.corpusFile(s.corpus(), ids);
            if (!isChosen(ids.contains(s.corpus()) ? s.corpus() : null, file)) {
                if (training.hasRun()) {
                    problems.add("the corpus stays " + describeChosen() + " while a run exists (Reset to change it)");
                } else if (file != null && !Files.isRegularFile(file)) {
                    problems.add("no corpus file " + file);
                } else {
                    chooseCorpus(file == null ? s.corpus() : null, file);
                }
            }
        }
        if (s.preset() != null) {
            Optional<Preset> p = preset(s.preset());
            if (p.isEmpty()) {
                problems.add("no preset '" + s.preset() + "' (presets: " + String.join(", ", Preset.all().stream().map(Preset::name).toList()) + ")");
            } else if (training.hasRun()) {
                if (!p.get().config().equals(actions.settings())) {
                    problems.add("the preset cannot change while a run exists (Reset first)");
                }
            } else {
                actions.applySettings(p.get().config());
            }
        }
        if (s.learningRate() != null) {
            actions.setLearningRate(s.learningRate());
        }
        if (s.temperature() != null) {
            if ("generate".equals(s.view())) {
                // a slide's settings go to the view it shows: Generate's own temperature
                context.events().publish(new GenerationTemperature(s.temperature()));
            } else {
                actions.setTemperature(s.temperature());
            }
        }
        if (s.speed() != null) {
            setSpeed(s.speed());
        }
        if (s.probe() != null) {
            context.events().publish(new ProbeText(s.probe()));
        }
        s.probes().forEach((view, text) -> {
            if (TalkScript.FLAVOR.equals(view)) {
                context.events().publish(new ShowFlavor(text));
            } else if (TalkScript.PAGE.equals(view)) {
                context.events().publish(new ShowPage(text));
            } else if (TalkScript.WALK_KEYS.contains(view)) {
                // published below, after the slide's texts: its position is taken on the walk they ask for
            } else if (TalkScript.COMPARE.equals(view)) {
                context.events().publish(new RunComparison(TalkScript.COMPARE_START.equals(text),
                        s.probes().get(TalkScript.COMPARE_CORPUS)));
            } else if (TalkScript.COMPARE_CORPUS.equals(view)) {
                // goes with the slide's compare = start (above)
            } else if (TalkScript.SWEEP.equals(view)) {
                context.events().publish(new ShowSweep(ShowSweep.ORIGINAL));
            } else if (TalkScript.AT.equals(view) || TalkScript.REPLAY.equals(view) || TalkScript.CHECKPOINT.equals(view)) {
                // below, after the run command: the timeline stands in the run the slide leaves
            } else if (!TalkScript.GENERATE.equals(view)) {
                context.events().publish(new ProbeText(text, view));
            }
        });
        if (TalkScript.WALK_KEYS.stream().anyMatch(s.probes()::containsKey)) {
            Map<String, String> w = s.probes();
            context.events().publish(new ShowWalk(w.containsKey("unroll") ? ShowWalk.parseUnroll(w.get("unroll")) : null, w.get("pass"),
                    w.containsKey("step") ? ShowWalk.parseStep(w.get("step")) : null, w.get("follow")));
        }
        if (s.probes().containsKey(TalkScript.GENERATE)) {
            // after the prime and the temperature above, so the text is written with the slide's
            context.events().publish(new GenerateNow());
        }
        String checkpoint = s.probes().get(TalkScript.CHECKPOINT);
        int generation = ++slideGeneration;
        if (checkpoint != null) {
            Path file = script.checkpointFile(checkpoint);
            String missing = checkpointProblem(file);
            if (missing != null) {
                problems.add(missing);
            } else if (!isLoaded(file)) {
                context.timeline().live(); // nothing of the run it replaces is shown while the checkpoint loads
                // its run replaces the current one: the slide's run command, at and replay wait for it
                actions.loadCheckpoint(file).thenAccept(why -> {
                    if (generation != slideGeneration) {
                        return; // the speaker has moved on: that slide's settings no longer apply
                    }
                    List<String> later = new ArrayList<>();
                    if (why.isEmpty()) {
                        remember(file);
                    } else {
                        later.add(why);
                    }
                    applyRunAndTimeline(s, later);
                    later.forEach(p -> presentation.laterProblem(s, p));
                });
                return problems;
            }
        }
        applyRunAndTimeline(s, problems);
        return problems;
    }

    /** A slide's run command, then where the timeline stands ({@code at}) or its replay ({@code replay}). */
    private void applyRunAndTimeline(TalkScript.Slide s, List<String> problems) {
        TrainingSession training = context.training();
        Actions actions = actions();
        Commands commands = context.commands();
        if (s.run() != null) {
            switch (s.run()) {
                case START -> {
                    if (!training.hasRun() || !training.isActive()) {
                        commands.execute(RunControls.START);
                        String why = actions.startProblem();
                        if (!training.isActive() && !why.isEmpty()) {
                            problems.add("the run cannot start: " + why);
                        }
                    } else if (training.isPaused()) {
                        commands.execute(RunControls.PAUSE); // Pause / Resume resumes
                    }
                }
                case PAUSE -> {
                    if (training.isActive() && !training.isPaused()) {
                        commands.execute(RunControls.PAUSE);
                    }
                }
                case CONTINUE -> {
                    // Pause / Resume continues a paused run and a stopped or adopted one alike
                    if (training.hasRun() && (!training.isActive() || training.isPaused())) {
                        commands.execute(RunControls.PAUSE);
                    }
                }
                case STOP -> commands.execute(RunControls.STOP);
                case RESET -> {
                    // done first (above): the speaker chose it in the script, no question on the slide
                }
                default -> throw new IllegalStateException(String.valueOf(s.run()));
            }
        }
        RunTimeline timeline = context.timeline();
        String at = s.probes().get(TalkScript.AT);
        String replay = s.probes().get(TalkScript.REPLAY);
        timeline.stop(); // a slide without replay stops one that plays
        if (replay != null) {
            timeline.paceProperty().set(Double.parseDouble(replay));
            if (!timeline.isAvailable()) {
                timeline.live();
                problems.add("the slide replays the run, but it has kept no iteration yet (its history starts at "
                        + RunHistory.FIRST + ")");
            } else {
                timeline.moveToIndex(0);
                timeline.play();
            }
        } else if (at == null) {
            timeline.live();
        } else if (!timeline.moveTo(Long.parseLong(at))) {
            problems.add("the slide shows iteration " + at + ", but the run has kept no iteration yet (its history starts at "
                    + RunHistory.FIRST + ")");
        }
    }

    /** Why a slide's checkpoint file cannot be loaded (one sentence), or null when it is a readable file. */
    private static String checkpointProblem(Path file) {
        if (!Files.exists(file)) {
            return "no checkpoint file " + file;
        }
        if (!Files.isRegularFile(file)) {
            return "the checkpoint " + file + " is not a file";
        }
        if (!Files.isReadable(file)) {
            return "the checkpoint " + file + " cannot be read (permission denied)";
        }
        return null;
    }

    /** Notes that the run now current is the one of {@code file}, as loaded. */
    private void remember(Path file) {
        TrainingSnapshot now = context.training().snapshot();
        loadedCheckpoint = now == null ? null : file.toAbsolutePath().normalize();
        loadedRun = now;
    }

    /** Whether the current run is {@code file}'s as loaded by a slide (the same run, not trained on since). */
    private boolean isLoaded(Path file) {
        TrainingSnapshot now = context.training().snapshot();
        return loadedCheckpoint != null && loadedCheckpoint.equals(file.toAbsolutePath().normalize()) && context.training().hasRun()
                && now != null && loadedRun != null && now.config() == loadedRun.config() && now.iteration() == loadedRun.iteration();
    }


    @Override
    public boolean confirmTalk(List<String> problems) {
        ButtonType present = new ButtonType("Present anyway",
                ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.WARNING,
                String.join("\n", problems), present, ButtonType.CANCEL);
        a.initOwner(stage);
        a.setTitle("Talk script");
        a.setHeaderText("The talk script has " + (problems.size() == 1 ? "a problem" : problems.size() + " problems")
                + " (fix the script and press F5 again, or present anyway)");
        a.getDialogPane().setId("talk-problems");
        return a.showAndWait().filter(b -> b == present).isPresent();
    }

    @Override
    public List<String> checkTalk(TalkScript script) {
        List<String> problems = new ArrayList<>();
        boolean run = context.training().hasRun();
        List<String> ids = BundledCorpus.all().stream().map(BundledCorpus::id).toList();
        for (TalkScript.Slide s : script.slides()) {
            String where = "slide " + s.number() + " [" + s.view() + "]";
            if (s.run() == TalkScript.Run.RESET) {
                run = false;
            }
            boolean changes = false;
            if (s.corpus() != null) {
                Path file = script.corpusFile(s.corpus(), ids);
                if (file != null && !Files.isRegularFile(file)) {
                    problems.add(where + ": no corpus file " + file);
                } else if (!isChosen(ids.contains(s.corpus()) ? s.corpus() : null, file)) {
                    changes = true;
                }
            }
            if (s.preset() != null) {
                Optional<Preset> p = preset(s.preset());
                if (p.isEmpty()) {
                    problems.add(where + ": no preset '" + s.preset() + "'");
                } else if (!p.get().config().equals(actions().settings())) {
                    changes = true;
                }
            }
            String unrolledText = s.probes().getOrDefault("unrolled", s.probe());
            if (unrolledText != null && unrolledText.codePointCount(0, unrolledText.length()) < 2) {
                problems.add(where + ": the Unrolled view needs a text of at least two characters (an input and the target after it), not \""
                        + unrolledText + "\"");
            }
            if (s.probes().containsKey(TalkScript.CHECKPOINT)) {
                String why = checkpointProblem(script.checkpointFile(s.probes().get(TalkScript.CHECKPOINT)));
                if (why != null) {
                    problems.add(where + ": " + why);
                }
            }
            if (changes && run) {
                problems.add(where + ": its corpus or preset cannot change while a run exists (add run = reset to the slide, or Reset before presenting)");
            }
            if (s.run() == TalkScript.Run.START || s.probes().containsKey(TalkScript.CHECKPOINT)) {
                run = true;
            }
        }
        return problems;
    }

    static Optional<Preset> preset(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        Optional<Preset> exact = Preset.all().stream().filter(p -> p.name().toLowerCase(Locale.ROOT).equals(n)).findFirst();
        return exact.isPresent() ? exact : Preset.all().stream().filter(p -> p.name().toLowerCase(Locale.ROOT).startsWith(n)).findFirst();
    }

    private boolean isChosen(String bundledId, Path file) {
        if (bundledId != null) {
            return bundledId.equals(bundledCorpus());
        }
        Path chosen = corpusFile();
        return chosen != null && file != null && chosen.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize());
    }

    private String describeChosen() {
        return actions().chosenCorpusName();
    }

    // ---- SessionHost ----

    @Override
    public Parent root() {
        return stage.getScene().getRoot();
    }

    @Override
    public String bundledCorpus() {
        return actions().chosenBundledCorpus();
    }

    @Override
    public Path corpusFile() {
        return actions().chosenCorpusFile();
    }

    @Override
    public TrainingConfig config() {
        return actions().settings();
    }

    @Override
    public double speed() {
        return actions().speed();
    }

    @Override
    public void chooseCorpus(String bundledId, Path file) {
        if (file != null) {
            actions().openCorpus(file);
        } else {
            actions().chooseBundledCorpus(bundledId);
        }
    }

    @Override
    public void applyConfig(TrainingConfig config) {
        actions().applySettings(config);
    }

    @Override
    public void setSpeed(double itersPerSecond) {
        actions().setSpeed(itersPerSecond);
    }

    @Override
    public String adoptRun(Checkpoint checkpoint, Corpus corpus, String bundledId, Path file) {
        return actions().adoptRun(checkpoint, corpus, bundledId, file, session.store().runFile());
    }
}
