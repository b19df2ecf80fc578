package dev.unroll.app;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.core.Feature;
import dev.unroll.app.core.Theme;
import dev.unroll.app.shell.CorpusPanel;
import dev.unroll.app.shell.RunControls;
import dev.unroll.app.stage.StageSupport;
import dev.unroll.app.ui.PictureExport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * The main window's own commands (files, views, help) and its menu bar, built from the command
 * registry: File, Run (RunControls' commands), View (themes, presentation, the views), Help.
 * Menu item ids are {@code menu-} and the command id with dots as dashes (e.g.
 * {@code menu-run-start}), plus {@code menu-bar}, {@code menu-recent}, {@code menu-recent-clear},
 * {@code menu-theme-<theme>} and those of {@link StageSupport#menuItems()}.
 */
final class MainMenus {
    /** Command ids. */
    static final String OPEN_CORPUS = "file.open-corpus";
    static final String SAVE_CHECKPOINT = "file.save-checkpoint";
    static final String LOAD_CHECKPOINT = "file.load-checkpoint";
    static final String EXPORT_RESULTS = "file.export-results";
    static final String QUIT = "app.quit";
    static final String SHORTCUTS = "help.shortcuts";
    static final String ABOUT = "help.about";

    private final ToggleGroup themes = new ToggleGroup();
    private final Menu recent = new Menu("Recent corpora");
    private final CorpusPanel corpusPanel;
    private final AppActions actions;
    private final MenuBar bar;

    /**
     * Registers the window's commands and builds the menu bar.
     *
     * @param showView shows a view by id
     * @param setTheme applies a theme
     */
    MainMenus(AppContext context, AppActions actions, List<Feature> features, CorpusPanel corpusPanel, StageSupport stageSupport,
              Window owner, Consumer<String> showView, Consumer<Theme> setTheme) {
        this.corpusPanel = corpusPanel;
        this.actions = actions;
        Commands c = context.commands();
        c.add(Command.of(OPEN_CORPUS, "Open corpus…", actions::chooseCorpusFile).key(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN)));
        c.add(Command.of(SAVE_CHECKPOINT, "Save checkpoint…", () -> actions.chooseSaveCheckpoint(null))
                .key(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN)).enabledWhen(context.training().runExistsProperty()));
        c.add(Command.of(LOAD_CHECKPOINT, "Load checkpoint…", actions::chooseLoadCheckpoint)
                .key(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)));
        c.add(Command.of(EXPORT_RESULTS, "Export results file…", actions::chooseExportResults)
                .key(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN)).enabledWhen(context.training().runExistsProperty()));
        c.add(Command.of(QUIT, "Quit", actions::quit).key(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN)));
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            Command show = Command.of(Commands.viewCommand(f.id()), f.title(), () -> showView.accept(f.id()));
            c.add(i < 9 ? show.key(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)), KeyCombination.SHORTCUT_DOWN)) : show);
        }
        c.add(Command.of(SHORTCUTS, "Keyboard shortcuts", () -> ShortcutsDialog.show(owner, c,
                id -> features.stream().filter(f -> f.id().equals(id)).map(Feature::title).findFirst().orElse(id)))
                .key(new KeyCodeCombination(KeyCode.F1)));
        c.add(Command.of(ABOUT, "About Unroll", () -> about(owner)));

        recent.setId("menu-recent");
        corpusPanel.recentFiles().addListener((ListChangeListener<Path>) ch -> rebuildRecent());
        rebuildRecent();
        // every view's "export picture" command, in the order of the views
        Menu pictures = new Menu("Export picture");
        pictures.setId("menu-export-picture");
        for (Feature f : features) {
            c.find(PictureExport.commandId(f.id())).ifPresent(cmd -> pictures.getItems().add(c.menuItem(cmd.id())));
        }
        Menu file = new Menu("_File", null, c.menuItem(OPEN_CORPUS), recent, new SeparatorMenuItem(), c.menuItem(SAVE_CHECKPOINT),
                c.menuItem(LOAD_CHECKPOINT), c.menuItem(EXPORT_RESULTS), pictures, new SeparatorMenuItem(), c.menuItem(QUIT));
        Menu run = new Menu("_Run", null, c.menuItem(RunControls.START), c.menuItem(RunControls.PAUSE), c.menuItem(RunControls.STEP),
                c.menuItem(RunControls.STOP), c.menuItem(RunControls.RESET), c.menuItem(RunControls.REWIND));
        Menu view = new Menu("_View");
        for (Theme t : Theme.values()) {
            RadioMenuItem r = new RadioMenuItem(t.label() + " theme");
            r.setId("menu-theme-" + t.name().toLowerCase(Locale.ROOT));
            r.setToggleGroup(themes);
            r.setUserData(t);
            r.setOnAction(e -> setTheme.accept(t));
            view.getItems().add(r);
        }
        view.getItems().addAll(stageSupport.menuItems());
        view.getItems().add(new SeparatorMenuItem());
        for (Feature f : features) {
            view.getItems().add(c.menuItem(Commands.viewCommand(f.id())));
        }
        Menu help = new Menu("_Help", null, c.menuItem(SHORTCUTS), c.menuItem(ABOUT));
        bar = new MenuBar(file, run, view, help);
        bar.setId("menu-bar");
    }

    MenuBar bar() {
        return bar;
    }

    /** Ticks the theme in the View menu. */
    void showTheme(Theme theme) {
        themes.getToggles().stream().filter(t -> t.getUserData() == theme).findFirst().ifPresent(t -> t.setSelected(true));
    }

    private void rebuildRecent() {
        recent.getItems().clear();
        for (Path p : corpusPanel.recentFiles()) {
            recent.getItems().add(item(p.getFileName() + "  —  " + p.getParent(), null, () -> actions.openCorpus(p)));
        }
        if (recent.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No recent files");
            none.setDisable(true);
            recent.getItems().add(none);
        } else {
            recent.getItems().addAll(new SeparatorMenuItem(), item("Clear recent files", "menu-recent-clear", corpusPanel::clearRecent));
        }
    }

    private static MenuItem item(String text, String id, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setId(id);
        m.setMnemonicParsing(false);
        m.setOnAction(e -> action.run());
        return m;
    }

    private static void about(Window owner) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.initModality(Modality.NONE); // nothing to wait for: the window stays usable (and maximized)
        a.setTitle("About Unroll");
        a.setHeaderText("Unroll");
        a.setContentText("A desktop lab for character-level recurrent neural networks: a vanilla RNN "
                + "(min-char-rnn) trains in the background while you watch what it learns.");
        a.show();
    }
}
