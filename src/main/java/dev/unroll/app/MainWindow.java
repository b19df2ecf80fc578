package dev.unroll.app;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Feature;
import dev.unroll.app.core.Icons;
import dev.unroll.app.core.Theme;
import dev.unroll.app.shell.BundledSources;
import dev.unroll.app.shell.CorpusPanel;
import dev.unroll.app.shell.HyperparametersPanel;
import dev.unroll.app.shell.RunControls;
import dev.unroll.app.shell.SidePanel;
import dev.unroll.app.shell.StatusBar;
import dev.unroll.app.shell.TimelineBar;
import dev.unroll.app.stage.StageSupport;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.Messages;
import dev.unroll.app.ui.NoticeBar;
import dev.unroll.app.ui.WindowKeeper;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.Pictures;

import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

import java.net.URL;
import java.util.List;
import java.util.Optional;

/**
 * The main window's layout: menus and the run toolbar on top, the side panel (corpus,
 * hyperparameters) on the left, the views as tabs in the middle with a message bar above them,
 * the status bar below; dropping a file opens it as the corpus; the theme. What the app does is
 * {@link AppActions} (installed as {@link AppContext#actions()}); its commands, menus and keys
 * are {@link MainMenus}, {@link RunControls}, {@link SidePanel} and {@link StageSupport} registering in
 * {@link AppContext#commands()}.
 *
 * <p>Node ids: {@code tabs}, {@code tab-<feature id>}, {@code run-message-bar},
 * {@code run-message}, {@code menu-bar}, and those of {@link MainMenus}, {@link SidePanel}, {@link CorpusPanel},
 * {@link HyperparametersPanel}, {@link RunControls}, {@link TimelineBar} and {@link StatusBar}.
 */
public final class MainWindow {
    static final String BASE_STYLESHEET = "/dev/unroll/app/shell/shell.css";
    static final double DEFAULT_WIDTH = 1400;
    static final double DEFAULT_HEIGHT = 900;

    private final Stage stage;
    private final TrainingSession training = new TrainingSession();
    private final AppContext context = new AppContext(training);
    private final TabPane tabs = new TabPane();
    private final List<Feature> features;
    private final CorpusPanel corpusPanel;
    private final HyperparametersPanel hyper;
    private final RunControls controls;
    private final StatusBar status;
    private final AppActions actions;
    private final MainMenus menus;
    private final Label message = new Label();
    private final Button rewind = new Button();
    private final Scene scene;
    /** The corpus and settings on the left, and whether they show. */
    private final SidePanel sidePanel;
    /** Presentation mode and session restore (dev.unroll.app.stage). */
    private final StageSupport stageSupport;
    private Feature showing;
    private boolean disposed;

    public MainWindow(Stage stage) {
        this.stage = stage;
        context.window().set(stage);
        WindowKeeper.of(stage); // the window keeps its size and maximized state behind dialogs

        hyper = new HyperparametersPanel(training, context.corpus());
        corpusPanel = new CorpusPanel(context.corpus(), training, BundledSources.list(), hyper::config);
        controls = new RunControls(training, context.corpus(), hyper.settings(), corpusPanel.busyProperty(), this::showMessage,
                context.commands());
        status = new StatusBar(training);
        actions = new AppActions(context, stage, corpusPanel, hyper.settings(), controls, status, new AppActions.Window() {
            @Override
            public void showView(String id) {
                select(id);
            }

            @Override
            public void setTheme(Theme theme) {
                MainWindow.this.setTheme(theme);
            }

            @Override
            public void showMessage(String text) {
                MainWindow.this.showMessage(text);
            }

            @Override
            public String closingNotes() {
                return MainWindow.this.closingNotes();
            }
        });
        context.setActions(actions);
        corpusPanel.setOnOpenFile(actions::chooseCorpusFile);

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
        stageSupport = new StageSupport(context, stage, tabs, features);

        menus = new MainMenus(context, actions, features, corpusPanel, stageSupport, stage, this::select, this::setTheme);
        MenuBar menuBar = menus.bar();
        sidePanel = new SidePanel(context, corpusPanel, hyper, training.runExistsProperty(),
                stageSupport.presentation().presentingProperty());

        Node center = features.isEmpty() ? new StackPane(new Label("No views are installed.")) : tabs;
        StackPane views = new StackPane(center, stageSupport.overlay());
        VBox.setVgrow(views, Priority.ALWAYS);
        TimelineBar timelineBar = new TimelineBar(context.timeline(), context.liveSnapshot(), context.commands());
        VBox main = new VBox(stageSupport.titleStrip(), messageBar(), stageSupport.resumeBar(), views, timelineBar.node(),
                stageSupport.presenterStatus());
        SplitPane split = new SplitPane(sidePanel.node(), main);
        split.setDividerPositions(0.26);

        HBox toolbars = new HBox(sidePanel.toolbar(), controls.node(), stageSupport.toolbar());
        HBox.setHgrow(controls.node(), Priority.ALWAYS);
        BorderPane root = new BorderPane(split);
        root.setTop(new VBox(menuBar, toolbars));
        root.setBottom(status.node());
        root.getStyleClass().add("main-window");

        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(DEFAULT_WIDTH, screen.getWidth() * 0.9);
        double h = Math.min(DEFAULT_HEIGHT, screen.getHeight() * 0.9);
        scene = new Scene(root, w, h);
        scene.getStylesheets().add(resource(BASE_STYLESHEET));
        context.commands().install(scene, tabs);
        installDragAndDrop();
        stageSupport.attach(split, List.of(menuBar, toolbars, status.node()));
        sidePanel.attach(split, scene);

        training.errorProperty().addListener((obs, old, e) -> {
            if (e != null && !e.isEmpty()) {
                showMessage(Messages.sentence(e, corpusName()));
            }
        });
        training.snapshotProperty().addListener((obs, old, s) -> showRunProblem(old, s));

        stage.setTitle("Unroll");
        stage.setScene(scene);
        stage.setMinWidth(Math.min(WindowBounds.MIN_WIDTH, screen.getWidth()));
        stage.setMinHeight(Math.min(WindowBounds.MIN_HEIGHT, screen.getHeight()));
        WindowBounds.restore(stage, w, h);
        stage.setOnCloseRequest(e -> {
            if (!actions.confirmClose()) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> dispose());
        setTheme(Theme.saved());
        stageSupport.restore();
    }

    /** The bar above the views that shows a message (hidden while empty), with a button that dismisses it. */
    private Node messageBar() {
        message.setId("run-message");
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Button dismiss = Icons.only(MaterialDesignC.CLOSE, "Dismiss");
        dismiss.getStyleClass().add("flat");
        dismiss.setTooltip(new Tooltip("Dismiss"));
        dismiss.setFocusTraversable(false);
        dismiss.setOnAction(e -> showMessage(""));
        // after a blow-up: back to the last good weights at a lower rate (shown only while it can)
        rewind.setId("run-rewind");
        rewind.setMinWidth(Region.USE_PREF_SIZE); // its words whole: the message beside it wraps instead
        context.commands().decorate(rewind, RunControls.REWIND,
                "Train on from the last iteration whose loss was finite and not exploding, at a tenth of the learning rate");
        rewind.visibleProperty().bind(rewind.disabledProperty().not());
        rewind.managedProperty().bind(rewind.visibleProperty());
        return NoticeBar.of("run-message-bar", "message-bar", 8, message.textProperty().isNotEmpty(), message, rewind, dismiss);
    }

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
                actions.openCorpus(db.getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
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
            long back = training.rewindIteration();
            String lr = HyperparametersPanel.format(controls.rewindLearningRate());
            rewind.setText("Back to iteration " + Pictures.count(Math.max(0, back)) + " at learning rate " + lr);
            // a blow-up is told at the iteration the status bar and the loss chart show: the last one that trained
            String what = st != RunState.DIVERGED ? Messages.sentence(s.message(), corpusName())
                    : "The loss became " + (Double.isNaN(s.windowLoss()) ? "NaN" : "infinite") + " after iteration "
                    + Pictures.count(s.iteration()) + " (learning rate " + HyperparametersPanel.format(s.learningRate()) + "); try a lower learning rate";
            showMessage(what + (st != RunState.DIVERGED ? ""
                    : back >= 0 ? " — Go back to iteration " + Pictures.count(back) + ", the last good one, at learning rate " + lr
                    + ", or Reset to start again." : " — Reset to start again."));
        }
    }

    /** The name of the run's corpus (an engine message may begin with it), or null. */
    private String corpusName() {
        var c = training.corpus() != null ? training.corpus() : context.corpus().get();
        return c == null ? null : c.name();
    }

    /** Applies a theme to the window ({@link Theme#applyTo}) and remembers it. */
    public void setTheme(Theme theme) {
        theme.applyTo(scene);
        context.theme().set(theme);
        sidePanel.apply();
        sidePanel.fit();
        menus.showTheme(theme);
        theme.save();
    }

    // ---- for the app and tests ----

    /** The side panel: whether it shows, and F9's toggle ({@link SidePanel#TOGGLE}). */
    public SidePanel sidePanel() {
        return sidePanel;
    }

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

    /** The side panel's settings view (tests type into its fields; code uses {@code context().actions()}). */
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
        sidePanel.fit();
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

    /** What closing now would interrupt, as the views say it (see {@link Feature#closingNote()}); "" when nothing. */
    String closingNotes() {
        return String.join("\n", features.stream().map(Feature::closingNote).filter(n -> !n.isEmpty()).toList());
    }

    public void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        stageSupport.closing();
        WindowBounds.save(stage);
        if (showing != null) {
            showing.setShowing(false);
            showing = null;
        }
        for (Feature f : features) {
            f.dispose();
        }
        training.dispose();
        corpusPanel.dispose();
        actions.dispose();
    }

    private static String resource(String name) {
        URL u = MainWindow.class.getResource(name);
        if (u == null) {
            throw new IllegalStateException("missing resource " + name);
        }
        return u.toExternalForm();
    }

}
