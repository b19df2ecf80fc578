package dev.unroll.app.shell;

import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.core.Icons;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.Messages;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The run's commands and their toolbar: Start (or Continue), Pause/Resume, Step, Stop, Reset, and a
 * speed control from slow motion to full speed. The commands ({@value #START}, {@value #PAUSE},
 * {@value #STEP}, {@value #STOP}, {@value #RESET}) are registered in the app's {@link Commands} with
 * their keys; the buttons run them. They follow the session's state; Start stays disabled while the
 * hyperparameters are invalid or no corpus is chosen, and {@code start-reason} says why.
 *
 * <p>Node ids: {@code run-start}, {@code run-pause}, {@code run-step}, {@code run-stop}, {@code run-reset},
 * {@code speed-slider}, {@code speed-label}, {@code start-reason}.
 */
public final class RunControls {
    /** Speed stops in iterations per second; the last is full speed. */
    static final double[] SPEEDS = {1, 2, 5, 10, 50, 200, Double.POSITIVE_INFINITY};
    /** Command ids. */
    public static final String START = "run.start";
    public static final String PAUSE = "run.pause";
    public static final String STEP = "run.step";
    public static final String STOP = "run.stop";
    public static final String RESET = "run.reset";
    /** After a blow-up: back to the run's last healthy iteration at a tenth of the learning rate. */
    public static final String REWIND = "run.rewind";

    private final TrainingSession training;
    private final ObjectProperty<Corpus> corpus;
    private final RunSettings hyper;
    private final ReadOnlyBooleanProperty corpusBusy;
    private final Consumer<String> onError;
    private final Button start = new Button("Start");
    private final Button pause = new Button("Pause");
    private final Button step = new Button("Step");
    private final Button stop = new Button("Stop");
    private final Button reset = new Button("Reset");
    /** Asked before the Reset command forgets a run (the window asks the person when work is unsaved). */
    private BooleanSupplier resetGuard = () -> true;
    private final Slider speed = new Slider(0, SPEEDS.length - 1, SPEEDS.length - 1);
    private final Label speedLabel = new Label();
    private final Label reason = new Label();
    private final ReadOnlyStringWrapper startProblem = new ReadOnlyStringWrapper(this, "startProblem", "");
    private final BooleanProperty canStart = new SimpleBooleanProperty(this, "canStart");
    private final BooleanProperty canPause = new SimpleBooleanProperty(this, "canPause");
    private final BooleanProperty canStep = new SimpleBooleanProperty(this, "canStep");
    private final BooleanProperty canStop = new SimpleBooleanProperty(this, "canStop");
    private final BooleanProperty canReset = new SimpleBooleanProperty(this, "canReset");
    private final BooleanProperty canRewind = new SimpleBooleanProperty(this, "canRewind");
    /** The Pause button is off while no run trains (Continue goes on with a stopped one; Space too). */
    private final BooleanProperty pauseButtonOff = new SimpleBooleanProperty(this, "pauseButtonOff", true);
    private final ToolBar bar;

    /**
     * Registers the run's commands in {@code commands} and builds their toolbar.
     *
     * @param onError shows a one-line message ("" clears it)
     */
    public RunControls(TrainingSession training, ObjectProperty<Corpus> corpus, RunSettings hyper,
                       ReadOnlyBooleanProperty corpusBusy, Consumer<String> onError, Commands commands) {
        this.training = training;
        this.corpus = corpus;
        this.hyper = hyper;
        this.corpusBusy = corpusBusy;
        this.onError = onError;

        commands.add(Command.of(START, "Start / Continue", this::start).icon(MaterialDesignP.PLAY)
                .key(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN)).enabledWhen(canStart).transport());
        commands.add(Command.of(PAUSE, "Pause / Resume", this::togglePause).icon(MaterialDesignP.PAUSE)
                .key(new KeyCodeCombination(KeyCode.SPACE)).enabledWhen(canPause).transport());
        commands.add(Command.of(STEP, "Step one iteration", this::step).icon(MaterialDesignS.STEP_FORWARD)
                .key(new KeyCodeCombination(KeyCode.RIGHT)).enabledWhen(canStep).transport());
        commands.add(Command.of(STOP, "Stop", this::stop).icon(MaterialDesignS.STOP)
                .key(new KeyCodeCombination(KeyCode.F5, KeyCombination.SHIFT_DOWN)).enabledWhen(canStop).transport());
        commands.add(Command.of(RESET, "Reset", () -> {
                    if (resetGuard.getAsBoolean()) {
                        reset();
                    }
                }).icon(MaterialDesignR.RESTART)
                .key(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN)).enabledWhen(canReset).transport());
        commands.add(Command.of(REWIND, "Back to the last good iteration", this::rewind).icon(MaterialDesignH.HISTORY).enabledWhen(canRewind));
        setup(commands, start, "run-start", START, "Start training");
        setup(commands, pause, "run-pause", PAUSE, "Pause or resume");
        pause.disableProperty().unbind();
        pause.disableProperty().bind(canPause.not().or(pauseButtonOff));
        setup(commands, step, "run-step", STEP, "Run exactly one iteration");
        setup(commands, stop, "run-stop", STOP, "Stop the run; Resume continues it");
        setup(commands, reset, "run-reset", RESET, "Forget the run, unlock the sizes and corpus");
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

        bar = new ToolBar(start, pause, step, stop, reset, new Separator(Orientation.VERTICAL), speedBox, new Separator(Orientation.VERTICAL), reason);
        bar.setId("run-toolbar");
        bar.getStyleClass().add("run-toolbar");

        for (ObservableValue<?> o : new ObservableValue<?>[] {training.stateProperty(), training.runExistsProperty(), training.activeProperty(),
                training.snapshotProperty(), corpus, hyper.configProperty(), hyper.problemProperty(), corpusBusy}) {
            o.addListener((obs, a, b) -> refresh());
        }
        refresh();
    }

    private static void setup(Commands commands, Button b, String nodeId, String command, String tip) {
        b.setId(nodeId);
        commands.decorate(b, command, tip);
    }

    public Node node() {
        return bar;
    }

    /** Why Start is disabled ("" when it is not). */
    public ReadOnlyStringProperty startProblemProperty() {
        return startProblem.getReadOnlyProperty();
    }

    /**
     * Sets what the Reset command (button, menu, Ctrl+R) asks before it resets: false keeps the run.
     * {@link #reset()} itself never asks.
     */
    public void setResetGuard(BooleanSupplier guard) {
        this.resetGuard = guard == null ? () -> true : guard;
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
            training.setThreads(hyper.threads());
            training.start(c, cfg);
            onError.accept("");
        } catch (BadInputException e) {
            onError.accept(Messages.sentence(e.getMessage(), c.name()));
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
        canStart.set(exists ? canContinue : problem.isEmpty());
        // one button to go on with a stopped or restored run: Continue; Pause/Resume belong to a training run
        // (Space still goes on with it, through the pause command, which stays enabled)
        pause.setText(paused ? "Resume" : "Pause");
        if (Icons.iconOf(pause) != (paused ? MaterialDesignP.PLAY : MaterialDesignP.PAUSE)) {
            Icons.beside(pause, paused ? MaterialDesignP.PLAY : MaterialDesignP.PAUSE);
        }
        pauseButtonOff.set(!active);
        boolean broken = st == RunState.DIVERGED || st == RunState.FAILED;
        canPause.set((active || canContinue) && !broken);
        canStep.set((active || canContinue) && !broken);
        canStop.set(active);
        canReset.set(exists);
        canRewind.set(st == RunState.DIVERGED && !active && training.rewindIteration() >= 0);
    }

    /**
     * After a blow-up: trains on from the run's last healthy state ({@link TrainingSession#rewind}) at
     * a tenth of the learning rate ({@link TrainingSession#rewindLearningRate()}), which the
     * learning-rate field then shows.
     */
    public void rewind() {
        double lr = rewindLearningRate();
        if (training.rewindIteration() < 0 || !(lr > 0)) {
            return;
        }
        training.rewind(lr);
        hyper.setLearningRate(lr);
        onError.accept(""); // the blow-up's message is answered
    }

    /** The learning rate {@link #rewind()} trains on at ({@link TrainingSession#rewindLearningRate()}). */
    public double rewindLearningRate() {
        return training.rewindLearningRate();
    }


    Button startButton() {
        return start;
    }
}
