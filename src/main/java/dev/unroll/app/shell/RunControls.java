package dev.unroll.app.shell;

import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Corpus;
import dev.unroll.engine.RunState;
import dev.unroll.engine.TrainingConfig;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

/**
 * The run's commands as a toolbar: Start (or Continue), Pause/Resume, Step, Stop, Reset, and a speed
 * control from slow motion to full speed. The buttons follow the session's state; Start stays
 * disabled while the hyperparameters are invalid or no corpus is chosen, and {@code start-reason}
 * says why.
 *
 * <p>Node ids: {@code run-start}, {@code run-pause}, {@code run-step}, {@code run-stop}, {@code run-reset},
 * {@code speed-slider}, {@code speed-label}, {@code start-reason}.
 */
public final class RunControls {
    /** Speed stops in iterations per second; the last is full speed. */
    static final double[] SPEEDS = {1, 2, 5, 10, 50, 200, Double.POSITIVE_INFINITY};

    private final TrainingSession training;
    private final ObjectProperty<Corpus> corpus;
    private final HyperparametersPanel hyper;
    private final ReadOnlyBooleanProperty corpusBusy;
    private final Consumer<String> onError;
    private final Button start = new Button("Start");
    private final Button pause = new Button("Pause");
    private final Button step = new Button("Step");
    private final Button stop = new Button("Stop");
    private final Button reset = new Button("Reset");
    private final Slider speed = new Slider(0, SPEEDS.length - 1, SPEEDS.length - 1);
    private final Label speedLabel = new Label();
    private final Label reason = new Label();
    private final ReadOnlyStringWrapper startProblem = new ReadOnlyStringWrapper(this, "startProblem", "");
    private final ToolBar bar;

    public RunControls(TrainingSession training, ObjectProperty<Corpus> corpus, HyperparametersPanel hyper,
                       ReadOnlyBooleanProperty corpusBusy, Consumer<String> onError) {
        this.training = training;
        this.corpus = corpus;
        this.hyper = hyper;
        this.corpusBusy = corpusBusy;
        this.onError = onError;

        setup(start, "run-start", "Start training (Ctrl+Enter)", this::start);
        setup(pause, "run-pause", "Pause or resume (Space)", this::togglePause);
        setup(step, "run-step", "Run exactly one iteration (Right arrow)", this::step);
        setup(stop, "run-stop", "Stop the run; Resume continues it (Shift+F5)", this::stop);
        setup(reset, "run-reset", "Forget the run, unlock the sizes and corpus (Ctrl+R)", this::reset);
        start.getStyleClass().add("accent");
        start.setDefaultButton(false);

        speed.setId("speed-slider");
        speed.setMajorTickUnit(1);
        speed.setMinorTickCount(0);
        speed.setSnapToTicks(true);
        speed.setShowTickMarks(true);
        speed.setBlockIncrement(1);
        speed.setPrefWidth(150);
        speed.setLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return speedText(SPEEDS[(int) Math.round(v)]);
            }

            @Override
            public Double fromString(String s) {
                return 0.0;
            }
        });
        speed.setTooltip(new Tooltip("Training speed: slow motion (1 iteration per second) to full speed"));
        speed.valueProperty().addListener((obs, old, v) -> applySpeed());
        speedLabel.setId("speed-label");
        speedLabel.setMinWidth(70);
        applySpeed();
        Label speedTitle = new Label("Speed");
        HBox speedBox = new HBox(6, speedTitle, speed, speedLabel);
        speedBox.setAlignment(Pos.CENTER_LEFT);

        reason.setId("start-reason");
        reason.getStyleClass().add("start-reason");
        reason.textProperty().bind(startProblem);
        reason.visibleProperty().bind(startProblem.isNotEmpty());
        reason.setWrapText(false);

        bar = new ToolBar(start, pause, step, stop, reset, new Separator(), speedBox, new Separator(), reason);
        bar.setId("run-toolbar");
        bar.getStyleClass().add("run-toolbar");

        for (ObservableValue<?> o : new ObservableValue<?>[] {training.stateProperty(), training.runExistsProperty(), training.activeProperty(),
                training.snapshotProperty(), corpus, hyper.configProperty(), hyper.problemProperty(), corpusBusy}) {
            o.addListener((obs, a, b) -> refresh());
        }
        refresh();
    }

    private static void setup(Button b, String id, String tip, Runnable action) {
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false); // Space must pause, not press the focused button
    }

    public Node node() {
        return bar;
    }

    /** Why Start is disabled ("" when it is not). */
    public ReadOnlyStringProperty startProblemProperty() {
        return startProblem.getReadOnlyProperty();
    }

    /** Starts a new run, or continues a stopped or adopted one. */
    public void start() {
        if (training.hasRun()) {
            if (training.canContinue()) {
                training.resumeRun();
            }
            refresh();
            return;
        }
        TrainingConfig cfg = hyper.config();
        Corpus c = corpus.get();
        if (cfg == null || c == null || corpusBusy.get()) {
            refresh();
            return;
        }
        try {
            training.start(c, cfg);
            onError.accept("");
        } catch (BadInputException e) {
            onError.accept(capitalize(e.getMessage()));
        }
        refresh();
    }

    public void togglePause() {
        if (!training.hasRun()) {
            return;
        }
        if (training.isActive() && !training.isPaused()) {
            training.pause();
        } else {
            training.resume();
        }
        refresh();
    }

    public void step() {
        if (training.hasRun()) {
            training.step();
            refresh();
        }
    }

    public void stop() {
        training.stop();
        refresh();
    }

    public void reset() {
        training.reset();
        onError.accept("");
        refresh();
    }

    /** Picks a speed stop by index (0 = 1 it/s ... last = full speed). */
    public void setSpeedStop(int index) {
        speed.setValue(Math.max(0, Math.min(SPEEDS.length - 1, index)));
    }

    /** Picks the speed stop nearest to a speed in iterations per second (infinity: full speed). */
    public void setSpeed(double itersPerSecond) {
        int best = SPEEDS.length - 1;
        if (!Double.isInfinite(itersPerSecond)) {
            double bestDist = Double.POSITIVE_INFINITY;
            for (int i = 0; i < SPEEDS.length - 1; i++) {
                double d = Math.abs(Math.log(SPEEDS[i]) - Math.log(itersPerSecond));
                if (d < bestDist) {
                    bestDist = d;
                    best = i;
                }
            }
        }
        setSpeedStop(best);
    }

    private void applySpeed() {
        double s = SPEEDS[(int) Math.round(speed.getValue())];
        training.setSpeed(s);
        speedLabel.setText(speedText(s));
    }

    static String speedText(double s) {
        return Double.isInfinite(s) ? "full" : (int) s + " it/s";
    }

    /** Brings the buttons in line with the session. */
    public void refresh() {
        boolean exists = training.hasRun();
        boolean active = training.isActive();
        boolean paused = active && training.isPaused();
        RunState st = training.state();
        boolean canContinue = training.canContinue();

        String problem = "";
        if (!exists) {
            if (!hyper.problemProperty().get().isEmpty()) {
                problem = hyper.problemProperty().get();
            } else if (corpusBusy.get()) {
                problem = "Loading the corpus…";
            } else if (corpus.get() == null) {
                problem = "Choose a corpus to train on.";
            }
        }
        startProblem.set(problem);
        start.setText(exists && canContinue ? "Continue" : "Start");
        start.setDisable(exists ? !canContinue : !problem.isEmpty());
        pause.setText(paused || (!active && canContinue) ? "Resume" : "Pause");
        pause.setDisable(!(active || canContinue));
        step.setDisable(!(active || canContinue));
        stop.setDisable(!active);
        reset.setDisable(!exists);
        if (st == RunState.DIVERGED || st == RunState.FAILED) {
            pause.setDisable(true);
            step.setDisable(true);
        }
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    Button startButton() {
        return start;
    }
}
