package dev.unroll.app.shell;

import dev.unroll.app.fx.Throttle;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.Toolbars;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

import java.util.Locale;

/**
 * The bottom line: run state, progress (iteration of total), speed, elapsed time, time left, the
 * smooth loss per window, per character and in bits per character, and the learning rate in effect.
 * Text is refreshed at most {@value #REFRESHES_PER_SECOND} times a second while running (every state
 * change at once).
 *
 * <p>Node ids: {@code status-state}, {@code status-progress}, {@code status-iteration}, {@code status-speed},
 * {@code status-elapsed}, {@code status-eta}, {@code status-loss}, {@code status-lr}.
 */
public final class StatusBar {
    static final int REFRESHES_PER_SECOND = 5;
    private static final PseudoClass BAD = PseudoClass.getPseudoClass("bad");

    private final HBox root = new StatusLine(10);
    private final Label state = label("status-state", "No run", "The run's state");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label iteration = label("status-iteration", "", "Iterations done of the run's total");
    private final Label speed = label("status-speed", "", "Training speed, iterations per second");
    private final Label elapsed = label("status-elapsed", "", "Training time (pauses excluded)");
    private final Label eta = label("status-eta", "", "Estimated time left at the current speed");
    private final Label loss = label("status-loss", "", "Smooth loss: per window (sum of T characters), per character, bits per character");
    private final Label lr = label("status-lr", "", "Learning rate and sampling temperature in effect");
    private final ProgressIndicator busy = new ProgressIndicator();
    private final Label busyText = label("status-busy", "", "Work in the background");
    private RunState lastState;
    /** The newest snapshot given, which a refresh shows. */
    private TrainingSnapshot newest;
    private final Throttle refresh = new Throttle("status-refresh", Duration.millis(1000.0 / REFRESHES_PER_SECOND), () -> render(newest));

    public StatusBar(TrainingSession training) {
        root.setId("status-bar");
        root.getStyleClass().add("status-bar");
        root.setAlignment(Pos.CENTER_LEFT);
        progress.setId("status-progress");
        progress.setPrefWidth(180);
        progress.setTooltip(new Tooltip("Progress of the run"));
        state.getStyleClass().add("status-state");
        state.setMinWidth(Region.USE_PREF_SIZE);
        busy.setId("status-busy-indicator");
        busy.setPrefSize(16, 16);
        busy.setMaxSize(16, 16);
        setBusy("");
        // the run's progress wraps onto a second line in a narrow window (large type); the loss and
        // learning rate stay whole at the right
        FlowPane left = Toolbars.wrapping(10, state, progress, iteration, speed, elapsed, eta);
        left.setMinWidth(0);
        HBox right = new HBox(10, busy, busyText, loss, sep(), lr);
        right.setAlignment(Pos.CENTER_RIGHT);
        right.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(left, Priority.ALWAYS);
        root.getChildren().addAll(left, right);
        training.snapshotProperty().addListener((obs, old, s) -> show(s, false));
        show(null, true);
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }

    private static Label label(String id, String text, String tip) {
        Label l = new Label(text);
        l.setId(id);
        l.setTooltip(new Tooltip(tip));
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    public Node node() {
        return root;
    }

    /** Shows a spinning indicator and a text for work in the background ("" hides them). */
    public void setBusy(String text) {
        boolean on = text != null && !text.isEmpty();
        busy.setVisible(on);
        busy.setManaged(on);
        busyText.setText(on ? text : "");
        busyText.setVisible(on);
        busyText.setManaged(on);
    }

    /** Shows a snapshot: at once when forced or when the state changed, else through the refresh's rate limit. */
    void show(TrainingSnapshot s, boolean force) {
        newest = s;
        RunState st = s == null ? null : s.state();
        if (force || st != lastState || st != RunState.RUNNING) {
            lastState = st;
            refresh.runNow();
        } else {
            refresh.request();
        }
    }

    private void render(TrainingSnapshot s) {
        RunState st = s == null ? null : s.state();
        if (s == null) {
            state.setText("No run");
            state.pseudoClassStateChanged(BAD, false);
            progress.setProgress(0);
            iteration.setText("");
            speed.setText("");
            elapsed.setText("");
            eta.setText("");
            loss.setText("");
            lr.setText("");
            return;
        }
        state.setText(stateText(st));
        state.pseudoClassStateChanged(BAD, st == RunState.DIVERGED || st == RunState.FAILED);
        progress.setProgress(s.progress());
        iteration.setText(String.format(Locale.ROOT, "%,d / %,d", s.iteration(), s.totalIterations()));
        // a rate and a time left only while training: a paused or stopped run has neither
        boolean running = st == RunState.RUNNING;
        speed.setText(!running ? "" : s.itersPerSecond() > 0 ? String.format(Locale.ROOT, "%,.0f it/s", s.itersPerSecond()) : "– it/s");
        elapsed.setText("elapsed " + duration(s.elapsedNanos() / 1e9));
        double left = s.etaSeconds();
        eta.setText(!running || Double.isNaN(left) ? "" : "left " + duration(left));
        loss.setText(Double.isFinite(s.smoothLoss())
                ? String.format(Locale.ROOT, "smooth loss %.2f · %.3f/char · %.3f bpc%s", s.smoothLoss(), s.smoothLossPerChar(),
                        s.smoothBitsPerChar(), Double.isNaN(s.valLoss()) ? "" : String.format(Locale.ROOT, " · val %.3f/char", s.valLoss()))
                : "smooth loss –");
        lr.setText("lr " + HyperparametersPanel.format(s.learningRate()) + " · T " + HyperparametersPanel.format(s.temperature()));
    }

    /**
     * The bar's row, a layout boundary while its height stays the same: its texts change several times a
     * second while training, and each change would otherwise ask the scene's root to lay out the whole
     * window again; the row then lays out only itself. A change of its preferred height (a new font size)
     * still goes up to the window.
     */
    private static final class StatusLine extends HBox {
        private double knownPrefHeight = -1;

        StatusLine(double spacing) {
            super(spacing);
        }

        @Override
        public void requestLayout() {
            double h = computePrefHeight(getWidth() > 0 ? getWidth() : -1);
            if (h == knownPrefHeight && getParent() != null) {
                setNeedsLayout(true); // this row only: its place in the window is unchanged
            } else {
                knownPrefHeight = h;
                super.requestLayout();
            }
        }
    }

    static String stateText(RunState st) {
        return switch (st) {
            case READY -> "Ready";
            case RUNNING -> "Training";
            case PAUSED -> "Paused";
            case FINISHED -> "Finished";
            case STOPPED -> "Stopped";
            case DIVERGED -> "Diverged";
            case FAILED -> "Failed";
        };
    }

    /** 0:42, 12:05, 3:07:09. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "–";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
