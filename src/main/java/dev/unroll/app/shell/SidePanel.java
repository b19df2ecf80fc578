package dev.unroll.app.shell;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.AppPrefs;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Theme;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The main window's side panel: the corpus and the hyperparameters under a note that says why they
 * are greyed while a run exists, in a scroll pane at the left of the window's split; and whether it
 * shows. F9 ({@link #TOGGLE}) and the toolbar's Side panel button show or hide it and remember the
 * choice; without a choice it starts hidden in the presentation theme when the window is narrower
 * than {@value #COLLAPSE_BELOW_WIDTH} pixels. Presentation mode hides it on its own: while it
 * presents, this leaves the split alone. Its width follows the theme's text size.
 *
 * <p>Node ids: {@code side-panel}, {@code side-panel-locked}, {@code side-panel-toggle}.
 */
public final class SidePanel {
    /** Command: shows or hides the side panel (F9, and the toolbar's Side panel button). */
    public static final String TOGGLE = "side-panel.toggle";
    /** Preferences key: the user's choice, "true" (collapsed) or "false"; absent: by theme and width. */
    public static final String COLLAPSED_KEY = "sidePanel.collapsed";
    /** Below this window width the side panel starts collapsed in the presentation theme (unless the user chose). */
    public static final double COLLAPSE_BELOW_WIDTH = 1400;
    /** The side panel's width at normal text size. */
    static final double WIDTH = 380;
    /** The side panel's least width: its labels and fields keep their words (in the presentation theme's large type, the larger). */
    static final double MIN_WIDTH = 280;
    static final double MIN_WIDTH_LARGE_TYPE = 440;
    /** The window width assumed before the scene has one (the main window's default width). */
    private static final double ASSUMED_WINDOW_WIDTH = 1400;

    private final AppContext context;
    private final ObservableBooleanValue presenting;
    private final ScrollPane scroll;
    /** Shows and hides the side panel (its state: {@link #shown()}). */
    private final ToggleButton toggle = new ToggleButton("Side panel");
    private SplitPane split;
    private Scene scene;

    /**
     * @param runExists  whether a run exists (then the note above the panels shows)
     * @param presenting whether presentation mode is on (it hides the side panel itself)
     */
    public SidePanel(AppContext context, CorpusPanel corpus, HyperparametersPanel hyper, ObservableBooleanValue runExists,
            ObservableBooleanValue presenting) {
        this.context = context;
        this.presenting = presenting;
        // while a run exists the corpus and the sizes are locked (greyed): say why, above them
        Label locked = new Label("Reset to change the corpus or settings");
        locked.setId("side-panel-locked");
        locked.getStyleClass().add("side-panel-locked");
        locked.setWrapText(true);
        locked.visibleProperty().bind(runExists);
        locked.managedProperty().bind(locked.visibleProperty());
        VBox side = new VBox(10, locked, corpus.node(), new Separator(), hyper.node());
        side.setId("side-panel");
        side.getStyleClass().add("side-panel");
        side.setPadding(new Insets(8, 10, 8, 10));
        scroll = new ScrollPane(side);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("side-scroll");
        scroll.setMinWidth(MIN_WIDTH);
        scroll.setPrefWidth(360);

        context.commands().add(Command.of(TOGGLE, "Show or hide the side panel", this::toggle)
                .key(new KeyCodeCombination(KeyCode.F9)));
        toggle.setId("side-panel-toggle");
        context.commands().decorate(toggle, TOGGLE,
                "Show or hide the corpus and settings on the left (F9): hidden, the views get the width");
        toggle.setSelected(true);
        toggle.setFocusTraversable(false);
    }

    /** The side panel in its scroll pane: the first item of the split given to {@link #attach}. */
    public Node node() {
        return scroll;
    }

    /** The toolbar with the Side panel button. */
    public ToolBar toolbar() {
        ToolBar bar = new ToolBar(toggle);
        bar.getStyleClass().add("run-toolbar");
        bar.setMinWidth(Region.USE_PREF_SIZE); // its one button never goes into an overflow menu
        return bar;
    }

    /**
     * From now on shows and hides the side panel in {@code split} (whose first item is {@link #node()})
     * as {@link #shown()} says, again when the scene's width changes or presentation mode ends.
     */
    public void attach(SplitPane split, Scene scene) {
        this.split = split;
        this.scene = scene;
        SplitPane.setResizableWithParent(scroll, false);
        scene.widthProperty().addListener((obs, old, now) -> apply());
        presenting.addListener((obs, was, is) -> apply());
    }

    /**
     * Whether the side panel shows: as the user last chose it (F9 or the button, remembered), or by
     * default hidden in the presentation theme when the window is narrower than
     * {@value #COLLAPSE_BELOW_WIDTH} pixels (at 1280 it took 45% of the width), shown otherwise.
     */
    public boolean shown() {
        String chosen = AppPrefs.node().get(COLLAPSED_KEY, null);
        if (chosen != null) {
            return !Boolean.parseBoolean(chosen);
        }
        Window window = context.window().get();
        double width = scene != null && scene.getWidth() > 0 ? scene.getWidth() : window != null ? window.getWidth() : 0;
        return !(context.theme().get() == Theme.PRESENTATION && width > 0 && width < COLLAPSE_BELOW_WIDTH);
    }

    /** Shows the side panel if hidden, hides it if shown, and remembers the choice. */
    public void toggle() {
        AppPrefs.node().put(COLLAPSED_KEY, Boolean.toString(shown()));
        AppPrefs.flush();
        apply();
    }

    /** Puts the side panel in or out of the split as {@link #shown()} says (presentation mode hides it itself). */
    public void apply() {
        if (split == null || presenting.get()) {
            return;
        }
        boolean shown = shown();
        toggle.setSelected(shown);
        context.sidePanelShown().set(shown);
        if (!shown) {
            split.getItems().remove(scroll);
        } else if (!split.getItems().contains(scroll)) {
            split.getItems().add(0, scroll);
            fit();
        }
    }

    /** Gives the side panel room for its fields at the current theme's text size. */
    public void fit() {
        if (split == null) {
            return;
        }
        Theme theme = context.theme().get();
        double width = scene.getWidth() > 0 ? scene.getWidth() : ASSUMED_WINDOW_WIDTH;
        double want = WIDTH * (theme == Theme.PRESENTATION ? 1.5 : 1.0);
        split.setDividerPositions(Math.min(0.45, want / width));
        // the divider keeps its pixels when the window grows afterwards: the least width keeps the fields' words
        scroll.setMinWidth(theme == Theme.PRESENTATION ? MIN_WIDTH_LARGE_TYPE : MIN_WIDTH);
    }
}
