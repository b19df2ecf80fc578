package dev.unroll.app.core;

import dev.unroll.app.training.RunTimeline;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.stage.Window;

import java.util.Objects;

/**
 * What features share: the training session and its snapshots, the chosen corpus, the model that
 * inspection views look at, the event bus, the commands and the window (for dialogs). Created once per main
 * window; all properties live on the JavaFX thread.
 */
public final class AppContext {
    private final TrainingSession training;
    private final RunTimeline timeline;
    private final EventBus events = new EventBus();
    private final Commands commands = new Commands();
    private Actions actions;
    private final ObjectProperty<Corpus> corpus = new SimpleObjectProperty<>(this, "corpus");
    private final ObjectProperty<ModelSnapshot> model = new SimpleObjectProperty<>(this, "model");
    private final ObjectProperty<Window> window = new SimpleObjectProperty<>(this, "window");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private final BooleanProperty presenting = new SimpleBooleanProperty(this, "presenting");
    private final BooleanProperty sidePanelShown = new SimpleBooleanProperty(this, "sidePanelShown", true);

    /**
     * A context in the light theme. Made on the JavaFX thread, it keeps the controls' theme (AtlantaFX's, the
     * user-agent stylesheet of every window) that of {@link #theme()} from then on, so that a view shown
     * without the main window (a test's own stage) looks as in the app and its sheets find the theme's
     * looked-up colours; the main window also applies the theme's own sheets to its scene ({@link Theme#applyTo}).
     */
    public AppContext(TrainingSession training) {
        this.training = training;
        this.timeline = new RunTimeline(training);
        if (Platform.isFxApplicationThread()) {
            Application.setUserAgentStylesheet(theme.get().userAgentStylesheet());
            theme.addListener((obs, old, t) -> {
                if (t != null) {
                    Application.setUserAgentStylesheet(t.userAgentStylesheet());
                }
            });
        }
        // the inspection views follow the newest copy of the weights that training publishes, or the
        // weights of the iteration the timeline stands at
        timeline.shownProperty().addListener((obs, old, s) -> {
            if (s != null && s.model() != null && s.model() != model.get()) {
                model.set(s.model());
            }
        });
    }

    public TrainingSession training() {
        return training;
    }

    /**
     * The snapshot the views show (null when there is no run): the newest one training handed to the UI, or,
     * while the {@link #timeline()} stands at a kept iteration, the run as of that iteration
     * ({@link TrainingSnapshot#historical()}).
     */
    public ReadOnlyObjectProperty<TrainingSnapshot> snapshot() {
        return timeline.shownProperty();
    }

    /** The newest training snapshot handed to the UI, wherever the timeline stands (null when there is no run). */
    public ReadOnlyObjectProperty<TrainingSnapshot> liveSnapshot() {
        return training.snapshotProperty();
    }

    /** Where the views stand in the run's history: live, or at a kept iteration. */
    public RunTimeline timeline() {
        return timeline;
    }

    public EventBus events() {
        return events;
    }

    /**
     * What the app does (load, adopt and save checkpoints, apply settings, open a run, quit...).
     *
     * @throws IllegalStateException when the wiring installed none (a view tested alone)
     */
    /** Whether the application's actions are installed (views made without a main window have none). */
    public boolean hasActions() {
        return actions != null;
    }

    public Actions actions() {
        if (actions == null) {
            throw new IllegalStateException("no application actions installed");
        }
        return actions;
    }

    /** Installs the application actions; the wiring does, once, before any feature needs them. */
    public void setActions(Actions actions) {
        if (this.actions != null) {
            throw new IllegalStateException("application actions installed twice");
        }
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    /** The app's commands: features register theirs (scoped to their view) when created. */
    public Commands commands() {
        return commands;
    }

    /** The corpus chosen in the side panel. */
    public ObjectProperty<Corpus> corpus() {
        return corpus;
    }

    /**
     * The weights the inspection views (generation, hidden state, unrolled) work on: the newest copy
     * training published, or a model loaded from a checkpoint. Null when there is none.
     */
    public ObjectProperty<ModelSnapshot> model() {
        return model;
    }

    /**
     * True while a talk is presented (F5): views then speak to an audience, not to the person at
     * the keyboard (an empty view says what the slide is about, never "choose on the left", since
     * the side panel is hidden). Set by presentation mode only.
     */
    public BooleanProperty presenting() {
        return presenting;
    }

    /**
     * Whether the side panel (corpus and settings) shows beside the views; the main window keeps it
     * (F9 hides and shows it), so a view's hint never points at a panel that is not there.
     */
    public BooleanProperty sidePanelShown() {
        return sidePanelShown;
    }

    /** The theme in use; canvas views redraw when it changes. */
    public ObjectProperty<Theme> theme() {
        return theme;
    }

    /** The main window, owner of dialogs. */
    public ObjectProperty<Window> window() {
        return window;
    }
}
