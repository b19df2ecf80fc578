package dev.unroll.app.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunSpec;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a row shows when the sweep's record of a run and the trainer's snapshot of it reach the same frame. */
class RunRowTest {
    private final RunSpec spec = new SweepGrid(List.of(8), List.of(0.1), List.of(10), List.of(1L),
            TrainingConfig.defaults().withIterations(1000)).runs().get(0);

    private static TrainingSnapshot snapshot(long iteration, RunState state) {
        return new TrainingSnapshot(iteration, 1000, state, "", 30, 30, Double.NaN, 0, 0, 0.1, 1.0,
                TrainingConfig.defaults(), null, new LossHistory().view(), List.of(), null, null, null);
    }

    private static RunResult record(RunSpec spec, RunStatus status, long iteration) {
        return new RunResult(spec, status, iteration, 0, 30, Double.NaN, Double.NaN, 1000, 1, "", "");
    }

    /** A run paused as it starts (paused while it waited) reports "running" as it starts and "paused" right after. */
    @Test
    void aRunPausedAsItStartsShowsPausedNotRunning() {
        RunRow row = new RunRow(0, RunResult.pending(spec));
        row.pendingSnapshot.set(snapshot(0, RunState.PAUSED));
        row.pendingResult.set(record(spec, RunStatus.RUNNING, 0));
        row.pump();
        assertEquals(RunStatus.PAUSED, row.status());
    }

    /** The end of a run is the sweep's word: a snapshot of the same frame does not take it back. */
    @Test
    void aFinishedOrStoppedRunStaysSoWhateverTheSnapshotSays() {
        for (RunStatus end : List.of(RunStatus.FINISHED, RunStatus.STOPPED)) {
            RunRow row = new RunRow(0, RunResult.pending(spec));
            row.pendingSnapshot.set(snapshot(1000, RunState.PAUSED));
            row.pendingResult.set(record(spec, end, 1000));
            row.pump();
            assertEquals(end, row.status());
        }
    }

    /** A run that goes on after its checkpoint record shows running. */
    @Test
    void aRunningRunShowsRunning() {
        RunRow row = new RunRow(0, RunResult.pending(spec));
        row.pendingSnapshot.set(snapshot(600, RunState.RUNNING));
        row.pendingResult.set(record(spec, RunStatus.RUNNING, 500));
        row.pump();
        assertEquals(RunStatus.RUNNING, row.status());
    }
}
