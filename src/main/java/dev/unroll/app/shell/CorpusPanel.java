package dev.unroll.app.shell;

import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.Messages;
import dev.unroll.app.ui.VisibleWhitespace;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.prefs.Preferences;

/**
 * The corpus to train on: the bundled corpora (name and one-line description), "Open file…",
 * recent files (remembered in {@link AppPrefs}), and facts about the chosen one: size, vocabulary
 * (whitespace made visible) and its first lines. Loading runs on a background thread; a file the
 * engine refuses leaves its message in {@code corpus-message} and the previous corpus chosen.
 * The chosen corpus is written to the property given at construction ({@code AppContext.corpus()}).
 *
 * <p>Node ids: {@code corpus-list}, {@code corpus-open}, {@code corpus-recent}, {@code corpus-message},
 * {@code corpus-loading}, {@code corpus-name}, {@code corpus-size}, {@code corpus-vocab}, {@code corpus-preview}.
 */
public final class CorpusPanel {
    static final String RECENT_KEY = "recentCorpora";
    static final int RECENT_MAX = 8;
    static final int PREVIEW_LINES = 12;
    static final int PREVIEW_CHARS = 1500;

    private final ObjectProperty<Corpus> target;
    private final TrainingSession training;
    private final Supplier<TrainingConfig> config;
    private final BackgroundTasks loader = new BackgroundTasks("unroll-corpus-loader");
    private final ListView<CorpusSource> list = new ListView<>();
    private final Button open = new Button("Open file…");
    private final MenuButton recent = new MenuButton("Recent");
    private final Label message = new Label();
    private final ProgressIndicator loading = new ProgressIndicator();
    private final Label name = new Label();
    private final Label size = new Label();
    private final Label vocab = new Label();
    private final TextArea preview = new TextArea();
    private final VBox root = new VBox(6);
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<CorpusSource> chosen = new ReadOnlyObjectWrapper<>(this, "chosen");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private Runnable openFileAction = () -> { };
    private long generation;
    private boolean reverting;

    /**
     * @param target   where the chosen corpus goes (AppContext.corpus())
     * @param training locks the choice while a run exists
     * @param bundled  the corpora the app ships, the default first
     * @param config   the current hyperparameters (null when invalid), to refuse a corpus too short for them
     */
    public CorpusPanel(ObjectProperty<Corpus> target, TrainingSession training, List<CorpusSource> bundled,
                       Supplier<TrainingConfig> config) {
        this.target = target;
        this.training = training;
        this.config = config;

        Label title = new Label("Corpus");
        title.getStyleClass().add("section-title");

        list.setId("corpus-list");
        list.getItems().setAll(bundled);
        list.setCellFactory(lv -> new SourceCell());
        list.setPrefHeight(Math.min(5, Math.max(2, bundled.size())) * 100 + 4); // room for a name and a description wrapped on up to three lines
        list.setMinHeight(60);
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, s) -> {
            if (s != null && !reverting && s != chosen.get()) {
                choose(s);
            }
        });

        open.setId("corpus-open");
        open.setTooltip(new Tooltip("Train on any UTF-8 text file (Ctrl+O); or drop a file on the window"));
        open.setOnAction(e -> openFileAction.run());
        recent.setId("corpus-recent");
        recent.setTooltip(new Tooltip("Corpus files opened before"));
        loading.setId("corpus-loading");
        loading.setPrefSize(18, 18);
        loading.setMaxSize(18, 18);
        loading.visibleProperty().bind(busy);
        loading.managedProperty().bind(busy);
        HBox buttons = new HBox(6, open, recent, loading);
        buttons.setAlignment(Pos.CENTER_LEFT);

        message.setId("corpus-message");
        message.getStyleClass().add("error-message");
        message.setWrapText(true);
        message.textProperty().bind(error);
        message.visibleProperty().bind(error.isNotEmpty());
        message.managedProperty().bind(error.isNotEmpty());
        message.setMaxWidth(Double.MAX_VALUE);

        name.setId("corpus-name");
        name.getStyleClass().add("corpus-name");
        name.setWrapText(true);
        size.setId("corpus-size");
        size.getStyleClass().add("dim");
        size.setWrapText(true);
        vocab.setId("corpus-vocab");
        vocab.getStyleClass().addAll("mono", "vocabulary");
        vocab.setWrapText(true);
        vocab.setMaxWidth(Double.MAX_VALUE);
        vocab.setTooltip(new Tooltip("The vocabulary: " + VisibleWhitespace.key()));
        preview.setId("corpus-preview");
        preview.getStyleClass().add("mono");
        preview.setEditable(false);
        preview.setWrapText(false);
        preview.setPrefRowCount(7);
        preview.setFocusTraversable(false);

        root.getChildren().addAll(title, list, buttons, message, name, size, vocab, preview);
        root.setPadding(new Insets(4, 0, 4, 0));
        VBox.setVgrow(preview, Priority.SOMETIMES);

        training.runExistsProperty().addListener((obs, was, is) -> updateLocks(is));
        loadRecent();
        updateLocks(training.hasRun());
        if (!bundled.isEmpty()) {
            list.getSelectionModel().select(0);
        }
    }

    public Node node() {
        return root;
    }

    /** What "Open file…" does (the window shows a file chooser and calls {@link #open(Path)}). */
    public void setOnOpenFile(Runnable action) {
        this.openFileAction = action;
    }

    /** Loads a file as the corpus (the open-file, drag-and-drop and recent-files path). */
    public void open(Path file) {
        choose(CorpusSource.ofFile(file));
    }

    /** Chooses a source: loads it off the JavaFX thread, then makes it the corpus or shows why not. */
    public void choose(CorpusSource source) {
        if (training.hasRun()) {
            error.set("Reset the run before changing the corpus.");
            revertSelection();
            return;
        }
        long gen = ++generation;
        busy.set(true);
        TrainingConfig cfg = config.get();
        loader.run(() -> {
            Corpus c = source.loader().get();
            if (cfg != null) {
                // the engine's own check: a window of T+1 characters must fit in the training part
                new Trainer(c, cfg.withHiddenSize(1));
            }
            return c;
        }, loaded -> finish(gen, source, loaded, null), why -> finish(gen, source, null, why));
    }

    private void finish(long gen, CorpusSource source, Corpus loaded, String problem) {
        if (gen != generation) {
            return; // a newer choice superseded this one
        }
        busy.set(false);
        if (problem != null) {
            error.set(Messages.sentence(problem, source.name(),
                    source.file() == null ? null : String.valueOf(source.file().getFileName())));
            revertSelection();
            return;
        }
        error.set("");
        chosen.set(source);
        if (!source.isFile()) {
            reverting = true;
            list.getSelectionModel().select(source);
            reverting = false;
        } else {
            reverting = true;
            list.getSelectionModel().clearSelection();
            reverting = false;
            remember(source.file());
        }
        target.set(loaded);
        showDetails(source, loaded);
    }

    /** Makes an already loaded corpus the chosen one (a checkpoint's corpus, found on disk). */
    public void adopt(CorpusSource source, Corpus corpus) {
        ++generation;
        busy.set(false);
        finish(generation, source, corpus, null);
    }

    /** The sources of the bundled corpora. */
    public List<CorpusSource> bundled() {
        return List.copyOf(list.getItems());
    }

    private void revertSelection() {
        reverting = true;
        try {
            CorpusSource prev = chosen.get();
            if (prev != null && !prev.isFile()) {
                list.getSelectionModel().select(prev);
            } else {
                list.getSelectionModel().clearSelection();
            }
        } finally {
            reverting = false;
        }
    }

    private void showDetails(CorpusSource source, Corpus c) {
        name.setText(source.isFile() ? source.name() + "  (" + source.file().getParent() + ")" : source.name());
        long lines = c.text().chars().filter(ch -> ch == '\n').count();
        size.setText(String.format("%,d characters · %,d lines · vocabulary %d", c.length(), lines, c.vocabulary().size()));
        vocab.setText(visibleVocabulary(c.vocabulary()));
        preview.setText(firstLines(c, PREVIEW_LINES, PREVIEW_CHARS));
        preview.positionCaret(0);
    }

    /** The vocabulary with whitespace made visible ({@link VisibleWhitespace#symbol(int)}), separated by spaces. */
    public static String visibleVocabulary(Vocabulary v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(VisibleWhitespace.symbol(v.codePoint(i)));
        }
        return sb.toString();
    }

    static String firstLines(Corpus c, int lines, int chars) {
        String p = c.preview(chars);
        int at = -1;
        for (int i = 0; i < lines; i++) {
            at = p.indexOf('\n', at + 1);
            if (at < 0) {
                return p;
            }
        }
        return p.substring(0, at);
    }

    private void updateLocks(boolean locked) {
        list.setDisable(locked);
        open.setDisable(locked);
        recent.setDisable(locked);
        Tooltip lockTip = locked ? new Tooltip("Reset the run to change the corpus") : null;
        Tooltip.install(list, lockTip);
        if (locked || "Reset the run before changing the corpus.".equals(error.get())) {
            // a run started (on the corpus that is chosen): a loading problem of before no longer applies
            error.set("");
        }
    }

    // ---- recent files ----

    /** Files opened before, newest first (shared with the File menu). */
    public ObservableList<Path> recentFiles() {
        return recentFiles;
    }

    private void loadRecent() {
        String stored = AppPrefs.node().get(RECENT_KEY, "");
        List<Path> paths = new ArrayList<>();
        for (String line : stored.split("\n")) {
            if (!line.isBlank()) {
                try {
                    paths.add(Path.of(line));
                } catch (RuntimeException e) {
                    // a path this system cannot read: forget it
                }
            }
        }
        recentFiles.setAll(paths);
        rebuildRecentMenu();
    }

    private void remember(Path file) {
        recentFiles.remove(file);
        recentFiles.add(0, file);
        while (recentFiles.size() > RECENT_MAX) {
            recentFiles.remove(recentFiles.size() - 1);
        }
        Preferences p = AppPrefs.node();
        p.put(RECENT_KEY, String.join("\n", recentFiles.stream().map(Path::toString).toList()));
        AppPrefs.flush();
        rebuildRecentMenu();
    }

    /** Forgets the recent files. */
    public void clearRecent() {
        recentFiles.clear();
        AppPrefs.node().remove(RECENT_KEY);
        AppPrefs.flush();
        rebuildRecentMenu();
    }

    private void rebuildRecentMenu() {
        recent.getItems().clear();
        for (Path p : recentFiles) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> open(p));
            recent.getItems().add(item);
        }
        if (recentFiles.isEmpty()) {
            MenuItem none = new MenuItem("No recent files");
            none.setDisable(true);
            recent.getItems().add(none);
        } else {
            MenuItem clear = new MenuItem("Clear recent files");
            clear.setOnAction(e -> clearRecent());
            recent.getItems().addAll(new SeparatorMenuItem(), clear);
        }
    }

    // ---- state for the window and tests ----

    /** The source of the corpus in use. */
    public ReadOnlyObjectProperty<CorpusSource> chosenProperty() {
        return chosen.getReadOnlyProperty();
    }

    /** The last loading problem, "" when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether a corpus is being loaded. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Shows a message in the corpus panel's message area. */
    public void showError(String text) {
        error.set(text == null ? "" : text);
    }

    /** Ends the loader thread (the window is closing). */
    public void dispose() {
        loader.close();
    }


    /** Name in bold, description below. */
    private static final class SourceCell extends ListCell<CorpusSource> {
        private final Label title = new Label();
        private final Label description = new Label();
        private final VBox box = new VBox(1, title, description);

        SourceCell() {
            title.getStyleClass().add("corpus-item-name");
            description.getStyleClass().addAll("corpus-item-description", "dim");
            description.setWrapText(true); // the whole description, on as many lines as the panel's width needs
            box.setMinWidth(0);
            box.setPrefWidth(1);
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(CorpusSource item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
            } else {
                title.setText(item.name());
                description.setText(item.description());
                setGraphic(box);
                setTooltip(new Tooltip(item.description()));
            }
            setText(null);
        }
    }

    static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
