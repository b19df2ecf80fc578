package dev.unroll.app.stage;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.Messages;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.app.ui.WindowKeeper;
import dev.unroll.engine.BadInputException;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Presentation mode: the window goes full screen in the presentation theme, the side panel, menus,
 * toolbar, status bar and tab headers disappear so the current view fills the screen, and the
 * keyboard walks through the views in the order of a talk, like slides. The talk is a
 * {@link TalkScript} loaded from a file, or by default the installed views in the order
 * {@link TalkScript#DEFAULT_ORDER}.
 *
 * <h2>Keys</h2>
 * The keys are commands of the app's registry, registered by {@link StageSupport}: F5
 * ({@link #toggle()}: a loaded script starts at its first slide, the default talk at the view
 * showing), Esc ({@link #leave()}: back to the theme and window of before, at the view of the slide showing), Page Down or
 * Ctrl+Right ({@link #next()}), Page Up or Ctrl+Left ({@link #previous()}); presenter remotes send
 * Page Down and Page Up. A text field being edited keeps Ctrl+arrows.
 *
 * <p>Each time a slide comes up, its settings are applied again (theme, view, then corpus,
 * preset, rates, speed, probe text and run command through {@link PresentationHost#applySettings}),
 * so going back replays it. The slide's number and title ("2 / 5 · title") are in a strip in large
 * type above the views, and {@link PresenterStatus} puts the run's numbers and a clock below them:
 * both take their own rows, so they cover nothing. Node ids: {@code slide-title-strip},
 * {@code slide-counter}.
 */
public final class PresentationController {
    private final PresentationHost host;
    private final ReadOnlyBooleanWrapper presenting = new ReadOnlyBooleanWrapper(this, "presenting", false);
    private final ReadOnlyObjectWrapper<TalkScript> script = new ReadOnlyObjectWrapper<>(this, "script");
    private final ReadOnlyObjectWrapper<Path> scriptFile = new ReadOnlyObjectWrapper<>(this, "scriptFile");
    private final ReadOnlyIntegerWrapper slide = new ReadOnlyIntegerWrapper(this, "slide", -1);
    private final Label counter = new Label();
    /** Above the views while presenting: the slide number and title in large type; it takes its own row, so it covers nothing. */
    private final HBox titleStrip = new HBox(counter);
    /** The slide title's type (as stage.css sets it), and the smallest it takes to fit on one line. */
    static final double TITLE_PX = 28;
    static final double MIN_TITLE_PX = 20;
    /** The speaker's notes of the slide, over the views' bottom while the speaker asks for them (N). */
    private final Label notes = new Label();
    private final BooleanProperty notesShown = new SimpleBooleanProperty(this, "notesShown");
    /**
     * The spotlight (S while presenting): everything but a circle around the pointer dimmed, so the
     * audience looks where the speaker points.
     */
    private final Pane spotlight = new Pane();
    private final BooleanProperty spotlightOn = new SimpleBooleanProperty(this, "spotlightOn");
    private double pointerX = -1;
    private double pointerY = -1;
    /** The spotlight's radius, in pixels. */
    static final double SPOTLIGHT_RADIUS = 140;
    /** Over the views while presenting (mouse-transparent): the spotlight and the notes, when the speaker asks for them. */
    private final StackPane overlay = new StackPane(spotlight, notes);

    /** Where the screens are (their visual bounds); a second one gets the speaker's window. */
    private Supplier<List<Rectangle2D>> screens =
            () -> Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
    private ObservableStringValue clockText = new SimpleStringProperty("");
    /** The speaker's window on a second screen while presenting, or null. */
    private SpeakerWindow speaker;

    private TalkScript talk;
    /** What went wrong on slides while presenting, told to the speaker when presenting ends. */
    private final List<String> slideProblems = new ArrayList<>();
    private Theme themeBefore;
    private String viewBefore;
    private boolean fullScreenBefore;
    private KeyCombination exitKeyBefore;
    private String exitHintBefore;
    private double[] boundsBefore;
    /** The window's maximized state and normal bounds before presenting: Esc puts them back. */
    private WindowKeeper.State windowBefore;
    private boolean sawFullScreen;

    public PresentationController(PresentationHost host) {
        this.host = host;
        counter.setId("slide-counter");
        counter.getStyleClass().add("slide-counter");
        titleStrip.setId("slide-title-strip");
        titleStrip.getStyleClass().add("slide-title-strip");
        titleStrip.setAlignment(Pos.CENTER_LEFT);
        titleStrip.visibleProperty().bind(presenting);
        titleStrip.managedProperty().bind(presenting);
        ViewStyles.attach(titleStrip, PresentationController.class);
        // a long title takes smaller type, then a second line, never an ellipsis: the title is the slide's claim
        counter.setWrapText(true);
        counter.textProperty().addListener((obs, old, t) -> fitTitle());
        titleStrip.widthProperty().addListener((obs, old, w) -> fitTitle());
        notes.setId("presenter-notes");
        notes.getStyleClass().add("presenter-notes");
        notes.setWrapText(true);
        notes.setMaxWidth(Double.MAX_VALUE);
        StackPane.setAlignment(notes, Pos.BOTTOM_CENTER);
        notes.visibleProperty().bind(notesShown.and(notes.textProperty().isNotEmpty()));
        spotlight.setId("presenter-spotlight");
        spotlight.setMouseTransparent(true);
        spotlight.visibleProperty().bind(spotlightOn.and(presenting));
        spotlight.widthProperty().addListener((o, a, b) -> drawSpotlight());
        spotlight.heightProperty().addListener((o, a, b) -> drawSpotlight());
        overlay.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.addEventFilter(MouseEvent.MOUSE_MOVED, e -> {
                    if (spotlightOn.get() && presenting.get()) {
                        Point2D p = spotlight.sceneToLocal(e.getSceneX(), e.getSceneY());
                        pointAt(p.getX(), p.getY());
                    }
                });
            }
        });
        overlay.setMouseTransparent(true);
        overlay.setPickOnBounds(false);
        overlay.getStyleClass().add("presentation-overlay");
        overlay.visibleProperty().bind(presenting);
        ViewStyles.attach(overlay, PresentationController.class);
        host.stage().fullScreenProperty().addListener((obs, was, is) -> {
            if (is && presenting.get()) {
                sawFullScreen = true;
            } else if (!is && presenting.get() && sawFullScreen) {
                // the system took the window out of full screen (a window manager key, say): leave too
                leave();
            }
        });
    }

    /** The presenter's clock, shown in the speaker's window too. */
    void setClock(ObservableStringValue clock) {
        this.clockText = clock;
    }

    /** Where the screens are (for tests: a second screen where there is none). */
    void setScreens(Supplier<List<Rectangle2D>> screens) {
        this.screens = screens;
    }

    /** The speaker's window while it shows (presenting with a second screen), or null. */
    Stage speakerWindow() {
        return speaker != null && speaker.isShowing() ? speaker.stage() : null;
    }

    /** A layer over the views while presenting (mouse-transparent, empty). */
    public Node overlay() {
        return overlay;
    }

    /** The slide's number and title in large type, for a row above the views (shown while presenting). */
    public Node titleStrip() {
        return titleStrip;
    }

    public ReadOnlyBooleanProperty presentingProperty() {
        return presenting.getReadOnlyProperty();
    }

    public boolean isPresenting() {
        return presenting.get();
    }

    /** The loaded talk script, or null (the default talk). */
    public ReadOnlyObjectProperty<TalkScript> scriptProperty() {
        return script.getReadOnlyProperty();
    }

    /** The file of the loaded talk script, or null. */
    public ReadOnlyObjectProperty<Path> scriptFileProperty() {
        return scriptFile.getReadOnlyProperty();
    }

    /** The slide showing (0-based), -1 when not presenting. */
    public ReadOnlyIntegerProperty slideProperty() {
        return slide.getReadOnlyProperty();
    }

    /** The talk presentation mode walks through: the loaded script, or the default talk. */
    public TalkScript talk() {
        TalkScript s = script.get();
        return s != null ? s : TalkScript.defaultTalk(host.views());
    }

    /**
     * The slide's title in {@value #TITLE_PX} px type when it fits the strip on one line, else in type small enough
     * to fit (down to {@value #MIN_TITLE_PX} px; below that it wraps to a second line).
     */
    private void fitTitle() {
        // a slide's theme is set just before its title: the strip's padding and the label's face are the theme's once
        // its CSS is applied, not before
        titleStrip.applyCss();
        Insets in = titleStrip.getInsets();
        double room = titleStrip.getWidth() - in.getLeft() - in.getRight();
        String text = counter.getText();
        if (room <= 0 || text == null || text.isEmpty()) {
            counter.setStyle("");
            return;
        }
        Text probe = new Text(text);
        // the label's own face (its name says bold), at full size: a font chosen by family and weight may be another face
        probe.setFont(new Font(counter.getFont().getName(), TITLE_PX));
        double width = probe.getLayoutBounds().getWidth();
        double px = width <= room ? TITLE_PX : Math.max(MIN_TITLE_PX, Math.floor(TITLE_PX * room / width * 0.97));
        counter.setStyle(px == TITLE_PX ? "" : "-fx-font-size: " + (int) px + "px;");
    }

    /** What the slide counter says. */
    public String counterText() {
        return counter.getText();
    }

    /**
     * Loads a talk script (replacing the one loaded). A bad file changes nothing and shows its problem.
     *
     * @return whether it was loaded
     */
    public boolean loadScript(Path file) {
        try {
            TalkScript s = TalkScript.load(file, host.views());
            script.set(s);
            scriptFile.set(file.toAbsolutePath());
            List<String> problems = host.checkTalk(s);
            host.showMessage(problems.isEmpty() || presenting.get() ? "" : "Talk script " + s.name() + ": " + String.join("; ", problems));
            if (presenting.get()) {
                talk = s;
                show(0);
            }
            return true;
        } catch (BadInputException e) {
            host.showMessage(Messages.sentence(e.getMessage()));
            return false;
        }
    }

    /** Reads the loaded script's file again (after editing it while rehearsing). */
    public boolean reloadScript() {
        Path f = scriptFile.get();
        return f != null && loadScript(f);
    }

    /** Forgets the loaded script: presentation mode walks through the default talk. */
    public void useDefaultTalk() {
        script.set(null);
        scriptFile.set(null);
        if (presenting.get()) {
            talk = talk();
            show(Math.max(0, talk.views().indexOf(host.selectedView())));
        }
    }

    public void toggle() {
        if (presenting.get()) {
            leave();
        } else {
            enter();
        }
    }

    /** Enters presentation mode (nothing happens when there is no view to present). */
    public void enter() {
        if (presenting.get()) {
            return;
        }
        talk = talk();
        if (talk.slides().isEmpty()) {
            host.showMessage("There is no view to present.");
            return;
        }
        if (script.get() != null) {
            // a script is checked again on F5 (it may have been edited, a run may exist now): its problems
            // go to the speaker in a dialog before presenting, never onto the projected slide
            List<String> problems = host.checkTalk(talk);
            if (!problems.isEmpty() && !host.confirmTalk(problems)) {
                return;
            }
        }
        slideProblems.clear();
        Stage stage = host.stage();
        themeBefore = host.theme();
        viewBefore = host.selectedView();
        fullScreenBefore = stage.isFullScreen();
        exitKeyBefore = stage.getFullScreenExitKeyCombination();
        exitHintBefore = stage.getFullScreenExitHint();
        boundsBefore = new double[] {stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()};
        windowBefore = WindowKeeper.of(stage).state();
        sawFullScreen = false;
        presenting.set(true);
        letEscapeThroughTooltips(stage.getScene() == null ? null : stage.getScene().getRoot());
        host.setChromeShown(false);
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH); // Esc is ours: it leaves presentation mode
        stage.setFullScreenExitHint("");
        stage.setFullScreen(true);
        sawFullScreen = stage.isFullScreen();
        openSpeakerWindow(stage);
        int start = script.get() == null ? Math.max(0, talk.views().indexOf(viewBefore)) : 0;
        show(start);
    }

    /**
     * With a second screen, the speaker's notes, the next slide and the clock go to a window of their own
     * there (the audience sees the main window's screen); with one screen, N shows the notes over the view.
     */
    private void openSpeakerWindow(Stage stage) {
        List<Rectangle2D> all = screens.get();
        if (all.size() < 2) {
            return;
        }
        double cx = boundsBefore[0] + boundsBefore[2] / 2;
        double cy = boundsBefore[1] + boundsBefore[3] / 2;
        Rectangle2D audience = all.stream().filter(b -> b.contains(cx, cy)).findFirst().orElse(all.get(0));
        Rectangle2D other = all.stream().filter(b -> !b.equals(audience)).findFirst().orElseThrow();
        if (speaker == null) {
            speaker = new SpeakerWindow(stage, clockText);
        }
        speaker.show(other);
    }

    /**
     * A tooltip showing (the pointer rests on a chart while the speaker talks) hides on Escape and
     * swallows it, so the speaker's Esc left nothing (seen under Xvfb). Tooltips under {@code root}
     * stay up on Escape from now on; Esc then reaches the leave command.
     */
    static void letEscapeThroughTooltips(Parent root) {
        if (root == null) {
            return;
        }
        ArrayDeque<Node> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            Object installed = n.getProperties().get("javafx.scene.control.Tooltip");
            if (installed instanceof Tooltip t) {
                t.setHideOnEscape(false);
            }
            if (n instanceof Control c && c.getTooltip() != null) {
                c.getTooltip().setHideOnEscape(false);
            }
            if (n instanceof Parent p) {
                todo.addAll(p.getChildrenUnmodifiable());
            }
        }
    }

    /** Leaves presentation mode: the window, theme and view of before come back. */
    public void leave() {
        if (!presenting.get()) {
            return;
        }
        presenting.set(false);
        Stage stage = host.stage();
        if (!fullScreenBefore) {
            stage.setFullScreen(false);
            restoreWindow(stage, windowBefore);
        }
        stage.setFullScreenExitKeyCombination(exitKeyBefore);
        stage.setFullScreenExitHint(exitHintBefore);
        host.setChromeShown(true);
        if (themeBefore != null) {
            host.setTheme(themeBefore);
        }
        // Esc leaves to the view of the slide showing (the speaker goes on from there)
        String slideView = slide.get() >= 0 && slide.get() < talk.slides().size() ? talk.slides().get(slide.get()).view() : viewBefore;
        if (slideView != null) {
            host.select(slideView);
        }
        if (!slideProblems.isEmpty()) {
            host.showMessage(String.join(" · ", slideProblems));
        }
        if (speaker != null) {
            speaker.close();
        }
        slide.set(-1);
        counter.setText("");
        notes.setText("");
        notesShown.set(false);
        spotlightOn.set(false);
        drawSpotlight();
    }

    /**
     * Puts the window's maximized state and size of before presenting back once it has left full
     * screen (under a window manager that happens a moment after it is asked for, and the window
     * manager's own idea of the size came back instead: 1400 x 881 from maximized).
     */
    private static void restoreWindow(Stage stage, WindowKeeper.State before) {
        WindowKeeper keeper = WindowKeeper.of(stage);
        if (!stage.isFullScreen()) {
            keeper.restore(before);
            return;
        }
        ChangeListener<Boolean> once = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean is) {
                if (!is) {
                    stage.fullScreenProperty().removeListener(this);
                    keeper.restore(before);
                }
            }
        };
        stage.fullScreenProperty().addListener(once);
    }

    /** Turns the spotlight on the region under the pointer on or off (key S while presenting). */
    public void toggleSpotlight() {
        if (presenting.get()) {
            spotlightOn.set(!spotlightOn.get());
            drawSpotlight();
        }
    }

    /** Whether the spotlight shows. */
    public boolean spotlightShowing() {
        return spotlight.isVisible();
    }

    /** Centres the spotlight at a point of the views (pointer moves call it). */
    void pointAt(double x, double y) {
        pointerX = x;
        pointerY = y;
        drawSpotlight();
    }

    /** The spotlight's shape: the views' area less a circle around the pointer (its centre when the pointer is elsewhere). */
    Shape spotlightShape() {
        return spotlight.getChildren().isEmpty() ? null : (Shape) spotlight.getChildren().get(0);
    }

    private void drawSpotlight() {
        double w = spotlight.getWidth();
        double h = spotlight.getHeight();
        if (!spotlightOn.get() || w <= 0 || h <= 0) {
            spotlight.getChildren().clear();
            return;
        }
        double x = pointerX >= 0 ? pointerX : w / 2;
        double y = pointerY >= 0 ? pointerY : h / 2;
        Shape dim = Shape.subtract(new Rectangle(w, h),
                new Circle(x, y, SPOTLIGHT_RADIUS));
        dim.setFill(Color.rgb(0, 0, 0, 0.6));
        dim.setMouseTransparent(true);
        spotlight.getChildren().setAll(dim);
    }

    /** Shows or hides the speaker's notes of the slide (key N while presenting). */
    public void toggleNotes() {
        if (presenting.get()) {
            notesShown.set(!notesShown.get());
        }
    }

    /** The notes of the slide showing ("" when it has none). */
    public String notesText() {
        return notes.getText();
    }

    /** Whether the speaker's notes show. */
    public boolean notesShowing() {
        return notes.isVisible();
    }

    public void next() {
        if (presenting.get() && slide.get() + 1 < talk.slides().size()) {
            show(slide.get() + 1);
        }
    }

    public void previous() {
        if (presenting.get() && slide.get() > 0) {
            show(slide.get() - 1);
        }
    }

    /** Shows a slide (0-based) of the talk being presented. */
    public void go(int index) {
        if (presenting.get() && index >= 0 && index < talk.slides().size()) {
            show(index);
        }
    }

    /**
     * A problem of a slide's settings found after the slide came up (a checkpoint that loads in the
     * background): told when presenting ends, as the others are; at once in the message bar when not presenting.
     */
    public void laterProblem(TalkScript.Slide s, String problem) {
        String line = "Slide " + s.number() + ": " + problem;
        if (presenting.get()) {
            slideProblems.add(line);
        } else {
            host.showMessage(line);
        }
    }

    private void show(int index) {
        TalkScript.Slide s = talk.slides().get(index);
        slide.set(index);
        host.setTheme(s.theme() != null ? s.theme() : Theme.PRESENTATION);
        host.select(s.view());
        List<String> problems = host.applySettings(talk, s);
        host.showMessage(""); // nothing on the projected slide: what went wrong is told when presenting ends
        if (!problems.isEmpty()) {
            slideProblems.add("Slide " + s.number() + ": " + String.join("; ", problems));
        }
        String title = s.title() != null ? s.title() : host.viewTitle(s.view());
        counter.setText((index + 1) + " / " + talk.slides().size() + (title.isEmpty() ? "" : "  ·  " + title));
        notes.setText(s.notes() == null ? "" : s.notes());
        if (speaker != null && speaker.isShowing()) {
            String next = "";
            if (index + 1 < talk.slides().size()) {
                TalkScript.Slide n = talk.slides().get(index + 1);
                next = "Next: " + (index + 2) + "  ·  " + (n.title() != null ? n.title() : host.viewTitle(n.view()));
            } else {
                next = "Last slide";
            }
            speaker.update(counter.getText(), notes.getText(), next);
        }
    }

}
