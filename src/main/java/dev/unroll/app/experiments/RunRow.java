package dev.unroll.app.experiments;

import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.sweep.LossLog;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunSpec;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of the sweep on screen: a row of the table and a series of the chart. The sweep's
 * worker threads only write the two atomic references; {@link #pump()} (called by the view-model's
 * frame timer, on the JavaFX thread) moves the newest values into the properties, latest wins.
 */
public final class RunRow {
    /** A loss curve to draw: per-window sums, as the trainer reports them. */
    public record Curve(long[] iteration, double[] loss, double[] smooth) {
        static final Curve EMPTY = new Curve(new long[0], new double[0], new double[0]);

        static Curve of(LossHistory.View v) {
            return new Curve(v.iteration(), v.loss(), v.smooth());
        }

        static Curve of(LossLog log) {
            return new Curve(log.iterations(), log.losses(), log.smoothLosses());
        }

        public int size() {
            return iteration.length;
        }
    }

    final AtomicReference<TrainingSnapshot> pendingSnapshot = new AtomicReference<>();
    final AtomicReference<RunResult> pendingResult = new AtomicReference<>();

    private final RunSpec spec;
    private final int index;
    private final ReadOnlyObjectWrapper<RunStatus> status = new ReadOnlyObjectWrapper<>(this, "status", RunStatus.PENDING);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyObjectWrapper<RunResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyDoubleWrapper loss = new ReadOnlyDoubleWrapper(this, "loss", Double.NaN);
    private final ReadOnlyDoubleWrapper valLoss = new ReadOnlyDoubleWrapper(this, "valLoss", Double.NaN);
    private final ReadOnlyDoubleWrapper speed = new ReadOnlyDoubleWrapper(this, "speed", Double.NaN);
    private final ReadOnlyStringWrapper time = new ReadOnlyStringWrapper(this, "time", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Curve> curve = new ReadOnlyObjectWrapper<>(this, "curve", Curve.EMPTY);
    private final ReadOnlyObjectWrapper<List<Sample>> samples = new ReadOnlyObjectWrapper<>(this, "samples", List.of());
    private final ReadOnlyBooleanWrapper best = new ReadOnlyBooleanWrapper(this, "best");
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
    private final ReadOnlyDoubleWrapper rank = new ReadOnlyDoubleWrapper(this, "rank", Double.POSITIVE_INFINITY);

    RunRow(int index, RunResult initial) {
        this.index = index;
        this.spec = initial.spec();
        apply(initial);
    }

    /** Moves what the workers published since the last pulse into the properties; true when anything changed. */
    boolean pump() {
        boolean changed = false;
        TrainingSnapshot s = pendingSnapshot.getAndSet(null);
        if (s != null) {
            progress.set(s.progress());
            if (status.get() != RunStatus.FINISHED && status.get() != RunStatus.DIVERGED) {
                status.set(s.state() == RunState.PAUSED ? RunStatus.PAUSED
                        : s.state() == RunState.RUNNING ? RunStatus.RUNNING : status.get());
            }
            loss.set(s.iteration() == 0 ? Double.NaN : s.smoothLoss());
            valLoss.set(s.valLoss());
            speed.set(s.itersPerSecond());
            time.set(RunResult.duration(s.elapsedNanos()));
            curve.set(Curve.of(s.losses()));
            samples.set(s.samples());
            changed = true;
        }
        RunResult r = pendingResult.getAndSet(null);
        if (r != null) {
            apply(r);
            changed = true;
            // a record of a run in progress (its start, a checkpoint) is older than the trainer's newest snapshot:
            // a run paused as it started sends both within the same frame, and it is paused, not running
            if (s != null && !r.status().isOver() && s.state() == RunState.PAUSED) {
                status.set(RunStatus.PAUSED);
            }
        }
        updateRank();
        return changed;
    }

    private void apply(RunResult r) {
        result.set(r);
        status.set(r.status());
        long total = spec.config().iterations();
        progress.set(total == 0 ? 0 : Math.min(1.0, (double) r.iteration() / total));
        loss.set(r.status() == RunStatus.DIVERGED ? Double.NaN : r.loss());
        valLoss.set(r.valLoss());
        speed.set(r.itersPerSecond());
        time.set(r.trainingNanos() > 0 ? r.trainingTimeText() : "");
        message.set(r.message());
        updateRank();
    }

    private void updateRank() {
        rank.set(status.get().isOver() ? rankLoss() : Double.POSITIVE_INFINITY);
    }

    void setCurve(Curve c) {
        curve.set(c);
    }

    void setBest(boolean b) {
        best.set(b);
    }

    void setPaused(boolean b) {
        paused.set(b);
    }

    public RunSpec spec() {
        return spec;
    }

    /** Position in the sweep (0-based), also the series index in the chart. */
    public int index() {
        return index;
    }

    public ReadOnlyObjectWrapper<RunStatus> statusProperty() {
        return status;
    }

    public RunStatus status() {
        return status.get();
    }

    public ReadOnlyDoubleWrapper progressProperty() {
        return progress;
    }

    public ReadOnlyObjectWrapper<RunResult> resultProperty() {
        return result;
    }

    /** The smooth loss (per-window sum): live while training, final when done; NaN when none or diverged. */
    public ReadOnlyDoubleWrapper lossProperty() {
        return loss;
    }

    public ReadOnlyDoubleWrapper valLossProperty() {
        return valLoss;
    }

    public ReadOnlyDoubleWrapper speedProperty() {
        return speed;
    }

    public ReadOnlyStringWrapper timeProperty() {
        return time;
    }

    public ReadOnlyStringWrapper messageProperty() {
        return message;
    }

    public ReadOnlyObjectWrapper<Curve> curveProperty() {
        return curve;
    }

    /** The samples drawn during training (newest last), while the run trains in this session. */
    public ReadOnlyObjectWrapper<List<Sample>> samplesProperty() {
        return samples;
    }

    /** Whether this is the finished run with the lowest loss. */
    public ReadOnlyBooleanWrapper bestProperty() {
        return best;
    }

    /** Whether its curve is drawn in the chart. */
    public BooleanProperty shownProperty() {
        return shown;
    }

    public ReadOnlyBooleanWrapper pausedProperty() {
        return paused;
    }

    /**
     * What the table ranks this run by: {@link #rankLoss()} once the run is over (finished,
     * diverged, stopped or failed), infinity while it is pending, running or paused. A live loss
     * changes many times a second; ranking by it would move rows under the pointer, and a click
     * on one run's pause or cancel button would reach another run. So a row moves only when its
     * run ends, and runs still training keep their order below the ended ones.
     */
    public ReadOnlyDoubleProperty rankProperty() {
        return rank.getReadOnlyProperty();
    }

    /** Sort key by loss: diverged and unknown losses last. */
    public double rankLoss() {
        return status.get() == RunStatus.DIVERGED || Double.isNaN(loss.get()) ? Double.POSITIVE_INFINITY : loss.get();
    }

    /** The loss cell: "N/A (diverged at n)", the value, or blank. */
    public String lossText() {
        RunResult r = result.get();
        if (status.get() == RunStatus.DIVERGED && r != null) {
            return "N/A (diverged at " + r.divergedAt() + ")";
        }
        return RunResult.number(loss.get(), 3);
    }
}
