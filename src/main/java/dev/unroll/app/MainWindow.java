package dev.unroll.app;

import dev.unroll.app.core.Theme;
import dev.unroll.app.core.Feature;
import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.events.ModelLoaded;
import dev.unroll.app.shell.BundledSources;
import dev.unroll.app.shell.CorpusSource;
import dev.unroll.app.shell.CorpusPanel;
import dev.unroll.app.shell.HyperparametersPanel;
import dev.unroll.app.shell.RunControls;
import dev.unroll.app.shell.StatusBar;
import dev.unroll.app.stage.StageSupport;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Checkpoint;
import dev.unroll.engine.Corpus;
import dev.unroll.engine.ModelSnapshot;
import dev.unroll.engine.ResultsFile;
import dev.unroll.engine.RunState;
import dev.unroll.engine.TrainerState;
import dev.unroll.engine.TrainingConfig;
import dev.unroll.engine.TrainingSnapshot;
import java.io.File;
import java.net.URL;
import java.time.LocalDateTime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The main window: menus and the run toolbar on top, the side panel (corpus, hyperparameters) on
 * the left, the features as tabs in the middle with a message bar above them, the status bar below.
 * It wires keyboard shortcuts, drag and drop of a corpus file, themes, and remembers its bounds
 * and theme in {@link AppPrefs}.
 *
 * <p>Node ids: {@code side-panel}, {@code tabs}, {@code tab-<feature id>}, {@code run-message-bar},
 * {@code run-message}, {@code menu-bar}, and those of {@link CorpusPanel}, {@link HyperparametersPanel},
 * {@link RunControls} and {@link StatusBar}.
 */
public final class MainWindow {
    static final String BASE_STYLESHEET = "/dev/unroll/app/shell/shell.css";
    static final double DEFAULT_WIDTH = 1400;
    static final double DEFAULT_HEIGHT = 900;
    /** Samples in an exported results file. */
    static final int RESULT_SAMPLES = 10;
    /** The side panel's width at normal text size. */
    static final double SIDE_PANEL_WIDTH = 380;
    /** Command ids. */
    static final String OPEN_CORPUS = "file.open-corpus";
    static final String SAVE_CHECKPOINT = "file.save-checkpoint";
    static final String LOAD_CHECKPOINT = "file.load-checkpoint";
    static final String EXPORT_RESULTS = "file.export-results";
    static final String QUIT = "app.quit";
    static final String SHORTCUTS = "help.shortcuts";
    static final String ABOUT = "help.about";
    /** A view's command is this and its id: view.loss, view.samples... */
    static final String VIEW_PREFIX = "view.";

    private final Stage stage;
    private final TrainingSession training = new TrainingSession();
    private final AppContext context = new AppContext(training);
    private final TabPane tabs = new TabPane();
    private final List<Feature> features;
    private final CorpusPanel corpusPanel;
    private final HyperparametersPanel hyper;
    private final RunControls controls;
    private final StatusBar status;
    private final Label message = new Label();
    private final HBox messageBar;
    private final Scene scene;
    private final SplitPane split;
    private final ToggleGroup themeGroup = new ToggleGroup();
    private final Menu recentMenu = new Menu("Recent corpora");
    private final java.util.concurrent.ExecutorService io = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "unroll-io");
        t.setDaemon(true);
        return t;
    });
    /** Presentation mode and session restore (dev.unroll.app.stage). */
    private final StageSupport stageSupport;
    private Feature showing;
    private boolean disposed;
    private boolean closing;

    public MainWindow(Stage stage) {
        this.stage = stage;
        context.window().set(stage);

        hyper = new HyperparametersPanel(training);
        corpusPanel = new CorpusPanel(context.corpus(), training, BundledSources.list(), hyper::config);
        corpusPanel.setOnOpenFile(this::chooseCorpusFile);
        controls = new RunControls(training, context.corpus(), hyper, corpusPanel.busyProperty(), this::showMessage, context.commands());
        status = new StatusBar(training);

        features = Features.create(context);
        tabs.setId("tabs");
        for (Feature f : features) {
            // a view joins the scene when its tab is first shown: start-up lays out only the first one
            Tab tab = new Tab(f.title());
            tab.setId("tab-" + f.id());
            tab.setClosable(false);
            tabs.getTabs().add(tab);
        }
        tabs.getSelectionModel().selectedIndexProperty().addListener((obs, old, i) -> updateShowing());
        stageSupport = new StageSupport(this, tabs);

        message.setId("run-message");
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Button dismiss = new Button("✕");
        dismiss.getStyleClass().add("flat");
        dismiss.setTooltip(new Tooltip("Dismiss"));
        dismiss.setFocusTraversable(false);
        dismiss.setOnAction(e -> showMessage(""));
        messageBar = new HBox(8, message, dismiss);
        messageBar.setId("run-message-bar");
        messageBar.getStyleClass().add("message-bar");
        messageBar.setAlignment(Pos.CENTER_LEFT);
        messageBar.visibleProperty().bind(message.textProperty().isNotEmpty());
        messageBar.managedProperty().bind(messageBar.visibleProperty());

        VBox side = new VBox(10, corpusPanel.node(), new Separator(), hyper.node());
        side.setId("side-panel");
        side.getStyleClass().add("side-panel");
        side.setPadding(new Insets(8, 10, 8, 10));
        ScrollPane sideScroll = new ScrollPane(side);
        sideScroll.setFitToWidth(true);
        sideScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        sideScroll.getStyleClass().add("side-scroll");
        sideScroll.setMinWidth(280);
        sideScroll.setPrefWidth(360);

        Node center = features.isEmpty() ? emptyCenter() : tabs;
        StackPane views = new StackPane(center, stageSupport.overlay());
        VBox.setVgrow(views, Priority.ALWAYS);
        VBox main = new VBox(messageBar, stageSupport.resumeBar(), views);
        split = new SplitPane(sideScroll, main);
        split.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(sideScroll, false);

        registerCommands();
        MenuBar menus = buildMenus();
        HBox toolbars = new HBox(controls.node(), stageSupport.toolbar());
        HBox.setHgrow(controls.node(), Priority.ALWAYS);
        VBox top = new VBox(menus, toolbars);
        BorderPane root = new BorderPane(split);
        root.setTop(top);
        root.setBottom(status.node());
        root.getStyleClass().add("main-window");

        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(DEFAULT_WIDTH, screen.getWidth() * 0.9);
        double h = Math.min(DEFAULT_HEIGHT, screen.getHeight() * 0.9);
        scene = new Scene(root, w, h);
        scene.getStylesheets().add(resource(BASE_STYLESHEET));
        context.commands().install(scene, tabs);
        installDragAndDrop();
        stageSupport.attach(split, List.of(menus, toolbars, status.node()));

        training.errorProperty().addListener((obs, old, e) -> {
            if (e != null && !e.isEmpty()) {
                showMessage(capitalize(e));
            }
        });
        training.snapshotProperty().addListener((obs, old, s) -> showRunProblem(old, s));

        stage.setTitle("Unroll");
        stage.setScene(scene);
        stage.setMinWidth(Math.min(900, screen.getWidth()));
        stage.setMinHeight(Math.min(600, screen.getHeight()));
        restoreBounds(w, h);
        stage.setOnCloseRequest(e -> {
            if (!confirmClose()) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> dispose());
        setTheme(loadTheme());
        stageSupport.restore();
    }

    private Node emptyCenter() {
        Label l = new Label("No views are installed.");
        StackPane p = new StackPane(l);
        return p;
    }

    // ---- menus ----

    /** The window's own commands: files, views, help. The run's are RunControls', presentation's StageSupport's. */
    private void registerCommands() {
        Commands c = context.commands();
        c.add(Command.of(OPEN_CORPUS, "Open corpus…", this::chooseCorpusFile).key(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN)));
        c.add(Command.of(SAVE_CHECKPOINT, "Save checkpoint…", this::chooseSaveCheckpoint)
                .key(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN)).enabledWhen(training.runExistsProperty()));
        c.add(Command.of(LOAD_CHECKPOINT, "Load checkpoint…", this::chooseLoadCheckpoint)
                .key(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)));
        c.add(Command.of(EXPORT_RESULTS, "Export results file…", this::chooseExportResults)
                .key(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN)).enabledWhen(training.runExistsProperty()));
        c.add(Command.of(QUIT, "Quit", this::quit).key(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN)));
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            Command show = Command.of(VIEW_PREFIX + f.id(), f.title(), () -> select(f.id()));
            c.add(i < 9 ? show.key(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)), KeyCombination.SHORTCUT_DOWN)) : show);
        }
        c.add(Command.of(SHORTCUTS, "Keyboard shortcuts", this::showShortcuts).key(new KeyCodeCombination(KeyCode.F1)));
        c.add(Command.of(ABOUT, "About Unroll", this::showAbout));
    }

    private MenuBar buildMenus() {
        Commands c = context.commands();
        recentMenu.setId("menu-recent");
        corpusPanel.recentFiles().addListener((ListChangeListener<Path>) ch -> rebuildRecentMenu());
        rebuildRecentMenu();
        Menu file = new Menu("_File", null, c.menuItem(OPEN_CORPUS), recentMenu, new SeparatorMenuItem(), c.menuItem(SAVE_CHECKPOINT),
                c.menuItem(LOAD_CHECKPOINT), c.menuItem(EXPORT_RESULTS), new SeparatorMenuItem(), c.menuItem(QUIT));
        Menu run = new Menu("_Run", null, c.menuItem(RunControls.START), c.menuItem(RunControls.PAUSE), c.menuItem(RunControls.STEP),
                c.menuItem(RunControls.STOP), c.menuItem(RunControls.RESET));

        Menu view = new Menu("_View");
        for (Theme t : Theme.values()) {
            RadioMenuItem r = new RadioMenuItem(t.label() + " theme");
            r.setId("menu-theme-" + t.name().toLowerCase(java.util.Locale.ROOT));
            r.setToggleGroup(themeGroup);
            r.setUserData(t);
            r.setOnAction(e -> setTheme(t));
            view.getItems().add(r);
        }
        view.getItems().addAll(stageSupport.menuItems());
        view.getItems().add(new SeparatorMenuItem());
        for (Feature f : features) {
            view.getItems().add(c.menuItem(VIEW_PREFIX + f.id()));
        }
        Menu help = new Menu("_Help", null, c.menuItem(SHORTCUTS), c.menuItem(ABOUT));
        MenuBar bar = new MenuBar(file, run, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, String id, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setId(id);
        m.setMnemonicParsing(false);
        m.setOnAction(e -> action.run());
        return m;
    }

    private void rebuildRecentMenu() {
        recentMenu.getItems().clear();
        for (Path p : corpusPanel.recentFiles()) {
            recentMenu.getItems().add(item(p.getFileName() + "  —  " + p.getParent(), null, () -> openCorpus(p)));
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No recent files");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        } else {
            recentMenu.getItems().addAll(new SeparatorMenuItem(), item("Clear recent files", "menu-recent-clear", corpusPanel::clearRecent));
        }
    }

    // ---- keyboard and drag and drop ----

    private void installDragAndDrop() {
        scene.setOnDragOver(e -> {
            Dragboard db = e.getDragboard();
            if (db.hasFiles() && !training.hasRun()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            Dragboard db = e.getDragboard();
            boolean ok = db.hasFiles() && !db.getFiles().isEmpty();
            if (ok) {
                openCorpus(db.getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    // ---- commands ----

    /** Opens a file as the corpus: the path of "Open file…", recent files and drag and drop. */
    public void openCorpus(Path file) {
        corpusPanel.open(file);
    }

    private void chooseCorpusFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a corpus (a UTF-8 text file)");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Text files", "*.txt", "*.md", "*.csv", "*.text"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (!corpusPanel.recentFiles().isEmpty()) {
            File dir = corpusPanel.recentFiles().get(0).getParent().toFile();
            if (dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            openCorpus(f.toPath());
        }
    }

    /** Shows a message in the bar above the views ("" hides it). */
    public void showMessage(String text) {
        message.setText(text == null ? "" : text);
    }

    private void showRunProblem(TrainingSnapshot old, TrainingSnapshot s) {
        if (s == null) {
            return;
        }
        RunState st = s.state();
        boolean bad = st == RunState.DIVERGED || st == RunState.FAILED;
        if (bad && (old == null || old.state() != st) && !s.message().isEmpty()) {
            showMessage(capitalize(s.message()) + (st == RunState.DIVERGED ? " — Reset to start again." : ""));
        }
    }

    public void setTheme(Theme theme) {
        List<String> sheets = new ArrayList<>(scene.getStylesheets());
        for (Theme t : Theme.values()) {
            URL u = MainWindow.class.getResource(t.stylesheet());
            if (u != null) {
                sheets.remove(u.toExternalForm());
            }
        }
        URL url = MainWindow.class.getResource(theme.stylesheet());
        if (url != null) {
            sheets.add(url.toExternalForm());
        }
        scene.getStylesheets().setAll(sheets);
        scene.getRoot().getStyleClass().removeIf(c -> c.startsWith("theme-"));
        scene.getRoot().getStyleClass().add("theme-" + theme.name().toLowerCase(java.util.Locale.ROOT));
        fitSidePanel(theme);
        context.theme().set(theme);
        themeGroup.getToggles().stream().filter(t -> t.getUserData() == theme).findFirst().ifPresent(t -> t.setSelected(true));
        AppPrefs.node().put("theme", theme.name());
        AppPrefs.flush();
    }

    /** Gives the side panel room for its fields at the theme's text size. */
    private void fitSidePanel(Theme theme) {
        double width = scene.getWidth() > 0 ? scene.getWidth() : DEFAULT_WIDTH;
        double want = SIDE_PANEL_WIDTH * (theme == Theme.PRESENTATION ? 1.5 : 1.0);
        split.setDividerPositions(Math.min(0.45, want / width));
    }

    private static Theme loadTheme() {
        try {
            return Theme.valueOf(AppPrefs.node().get("theme", Theme.LIGHT.name()));
        } catch (IllegalArgumentException e) {
            return Theme.LIGHT;
        }
    }

    private void showShortcuts() {
        ShortcutsDialog.show(stage, context.commands(), id -> feature(id).map(Feature::title).orElse(id));
    }

    private void showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("About Unroll");
        a.setHeaderText("Unroll");
        a.setContentText("A desktop lab for character-level recurrent neural networks: a vanilla RNN "
                + "(min-char-rnn) trains in the background while you watch what it learns.");
        a.show();
    }

    // ---- checkpoints and results ----

    private void chooseSaveCheckpoint() {
        chooseSaveCheckpoint(null);
    }

    /** Asks where to save the run, saves it in the background, then runs {@code after} (if saved). */
    private void chooseSaveCheckpoint(Runnable after) {
        if (!training.hasRun()) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save checkpoint");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Unroll checkpoint", "*.npz"));
        TrainingConfig c = training.config();
        TrainingSnapshot snap = context.snapshot().get();
        fc.setInitialFileName("unroll-hs" + c.hiddenSize() + "-it" + (snap == null ? 0 : snap.iteration()) + ".npz");
        File f = fc.showSaveDialog(stage);
        if (f != null) {
            Path file = f.getName().contains(".") ? f.toPath() : f.toPath().resolveSibling(f.getName() + ".npz");
            saveCheckpoint(file, after);
        }
    }

    /**
     * Saves the run as a checkpoint off the JavaFX thread, with a progress indication; a problem is
     * shown in the message bar. {@code after} runs on the JavaFX thread once saved.
     */
    public void saveCheckpoint(Path file, Runnable after) {
        background("Saving checkpoint…", () -> {
            training.saveCheckpoint(file);
            return null;
        }, ok -> {
            showMessage("");
            status.setBusy("");
            if (after != null) {
                after.run();
            }
        }, "Could not save the checkpoint");
    }

    private void chooseLoadCheckpoint() {
        if (training.hasRun() && !confirm("Load a checkpoint", "Loading a checkpoint replaces the current run.",
                "Replace the run")) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Load checkpoint");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Unroll checkpoint", "*.npz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            loadCheckpoint(f.toPath());
        }
    }

    /**
     * Loads a checkpoint in the background. When its corpus is at hand (the chosen one, a bundled
     * one, a recent file, or a file of that name beside the checkpoint, with the same text), the run
     * is adopted so Start/Resume continues it; otherwise only its model is loaded (for generation and
     * inspection) and {@link ModelLoaded} is published. A bad file leaves its message in the message
     * bar. Replaces a current run.
     */
    public void loadCheckpoint(Path file) {
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
                return new LoadedCheckpoint(cp, currentSource, current);
            }
            for (CorpusSource src : all) {
                boolean plausible = !src.isFile() || (java.nio.file.Files.isRegularFile(src.file())
                        && String.valueOf(src.file().getFileName()).equals(cp.corpus().name()));
                if (!plausible) {
                    continue;
                }
                try {
                    Corpus c = src.loader().get();
                    if (cp.sameCorpus(c)) {
                        return new LoadedCheckpoint(cp, src, c);
                    }
                } catch (BadInputException e) {
                    // not this one
                }
            }
            return new LoadedCheckpoint(cp, null, null);
        }, loaded -> adoptCheckpoint(file, loaded), "Could not load the checkpoint");
    }

    private record LoadedCheckpoint(Checkpoint checkpoint, CorpusSource source, Corpus corpus) {
    }

    private void adoptCheckpoint(Path file, LoadedCheckpoint loaded) {
        status.setBusy("");
        Checkpoint cp = loaded.checkpoint();
        training.reset();
        controls.refresh();
        ModelSnapshot model = cp.model();
        if (loaded.corpus() != null) {
            try {
                TrainerState st = cp.state();
                hyper.apply(st.config().withLearningRate(st.learningRate()).withTemperature(st.temperature()));
                corpusPanel.adopt(loaded.source(), loaded.corpus());
                training.adopt(loaded.corpus(), st);
                showMessage("");
            } catch (BadInputException e) {
                training.reset();
                showMessage("Could not continue the checkpoint's run: " + e.getMessage());
            }
        } else {
            showMessage(String.format(java.util.Locale.ROOT,
                    "Loaded the model of %s (iteration %,d). Its corpus \"%s\" is not at hand, so training cannot continue; "
                            + "generation and inspection work. Open that corpus and load the checkpoint again to continue.",
                    file.getFileName(), cp.state().iteration(), cp.corpus().name()));
        }
        context.model().set(model);
        context.events().publish(new ModelLoaded(file, model));
        controls.refresh();
    }

    private void chooseExportResults() {
        if (!training.hasRun()) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Export results file");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Text file", "*.txt"));
        TrainingSnapshot s = context.snapshot().get();
        fc.setInitialFileName(ResultsFile.fileName(s == null ? 0 : s.iteration(), training.config(), LocalDateTime.now()));
        File f = fc.showSaveDialog(stage);
        if (f != null) {
            exportResults(f.toPath(), RESULT_SAMPLES);
        }
    }

    /** Writes the original experiment's results file ({@code count} samples) in the background. */
    public void exportResults(Path file, int count) {
        background("Writing results…", () -> {
            training.writeResults(file, count);
            return null;
        }, ok -> status.setBusy(""), "Could not write the results file");
    }

    /** Runs work on the background executor with a busy indication; success and failure come back on the JavaFX thread. */
    private <T> void background(String what, java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> done, String failure) {
        status.setBusy(what);
        io.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> done.accept(result));
            } catch (BadInputException e) {
                Platform.runLater(() -> {
                    status.setBusy("");
                    showMessage(failure + ": " + e.getMessage());
                });
            } catch (Exception | OutOfMemoryError e) {
                Platform.runLater(() -> {
                    status.setBusy("");
                    showMessage(failure + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                });
            }
        });
    }

    // ---- closing ----

    /**
     * Asks, when a run exists, whether to save it before closing (Save / Don't save / Cancel).
     * Save saves in the background and closes when done. Returns whether to close now.
     */
    boolean confirmClose() {
        if (closing || !training.hasRun()) {
            return true;
        }
        ButtonType save = new ButtonType("Save…", ButtonBar.ButtonData.YES);
        ButtonType dont = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Save the training run as a checkpoint before closing?", save, dont, ButtonType.CANCEL);
        a.initOwner(stage);
        a.setTitle("Close Unroll");
        a.setHeaderText("A training run exists");
        Optional<ButtonType> answer = a.showAndWait();
        if (answer.isEmpty() || answer.get() == ButtonType.CANCEL) {
            return false;
        }
        if (answer.get() == dont) {
            return true;
        }
        training.pause();
        chooseSaveCheckpoint(() -> {
            closing = true;
            stage.close();
        });
        return false;
    }

    private boolean confirm(String title, String text, String yes) {
        ButtonType ok = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, ok, ButtonType.CANCEL);
        a.initOwner(stage);
        a.setTitle(title);
        a.setHeaderText(title);
        return a.showAndWait().filter(b -> b == ok).isPresent();
    }

    /** Closes the window (after asking when a run exists). */
    public void quit() {
        if (confirmClose()) {
            closing = true;
            stage.close();
        }
    }

    // ---- window bounds ----

    private void restoreBounds(double w, double h) {
        Preferences p = AppPrefs.node();
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double pw = Math.min(screen.getWidth(), p.getDouble("window.width", w));
        double ph = Math.min(screen.getHeight(), p.getDouble("window.height", h));
        double px = p.getDouble("window.x", Double.NaN);
        double py = p.getDouble("window.y", Double.NaN);
        stage.setWidth(Math.max(Math.min(900, screen.getWidth()), pw));
        stage.setHeight(Math.max(Math.min(600, screen.getHeight()), ph));
        if (!Double.isNaN(px) && !Double.isNaN(py)
                && !Screen.getScreensForRectangle(px, py, Math.max(100, pw), Math.max(100, ph)).isEmpty()) {
            // keep the whole window on the screen it was on
            Rectangle2D on = Screen.getScreensForRectangle(px, py, Math.max(100, pw), Math.max(100, ph)).get(0).getVisualBounds();
            stage.setX(Math.max(on.getMinX(), Math.min(px, on.getMaxX() - stage.getWidth())));
            stage.setY(Math.max(on.getMinY(), Math.min(py, on.getMaxY() - stage.getHeight())));
        }
        stage.setMaximized(p.getBoolean("window.maximized", false));
    }

    private void saveBounds() {
        Preferences p = AppPrefs.node();
        p.putBoolean("window.maximized", stage.isMaximized());
        if (!stage.isMaximized() && stage.getWidth() > 0) {
            p.putDouble("window.x", stage.getX());
            p.putDouble("window.y", stage.getY());
            p.putDouble("window.width", stage.getWidth());
            p.putDouble("window.height", stage.getHeight());
        }
        AppPrefs.flush();
    }

    // ---- for the app and tests ----

    /** Presentation mode and session restore. */
    public StageSupport stageSupport() {
        return stageSupport;
    }

    public AppContext context() {
        return context;
    }

    public List<Feature> features() {
        return features;
    }

    /** The feature with an id, if installed. */
    public Optional<Feature> feature(String id) {
        return features.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /** Shows a feature's tab. */
    public void select(String featureId) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).id().equals(featureId)) {
                tabs.getSelectionModel().select(i);
            }
        }
    }

    public CorpusPanel corpusPanel() {
        return corpusPanel;
    }

    public HyperparametersPanel hyperparameters() {
        return hyper;
    }

    public RunControls controls() {
        return controls;
    }

    public Scene scene() {
        return scene;
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
        fitSidePanel(context.theme().get());
        updateShowing();
        stageSupport.shown();
    }

    private void updateShowing() {
        if (!stage.isShowing()) {
            return;
        }
        int i = tabs.getSelectionModel().getSelectedIndex();
        Feature now = i >= 0 && i < features.size() ? features.get(i) : null;
        if (now != showing) {
            if (showing != null) {
                showing.setShowing(false);
            }
            showing = now;
            context.commands().showingViewProperty().set(now == null ? null : now.id());
            if (now != null) {
                Tab tab = tabs.getTabs().get(i);
                if (tab.getContent() == null) {
                    tab.setContent(now.node());
                }
                now.setShowing(true);
            }
        }
    }

    public void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        stageSupport.closing();
        saveBounds();
        training.dispose();
        corpusPanel.dispose();
        io.shutdown();
    }

    private static String resource(String name) {
        URL u = MainWindow.class.getResource(name);
        if (u == null) {
            throw new IllegalStateException("missing resource " + name);
        }
        return u.toExternalForm();
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
