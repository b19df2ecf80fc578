package dev.unroll.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.engine.compare.CellComparison;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.engine.train.TrainingStats;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sentence a comparison ends with names a run that failed or blew up, and why, in the trainer's words. */
class CompareOverMessageTest {
    private static final Corpus CORPUS = Corpus.of("t", "the cat sat on the mat, the dog sat on the log. ".repeat(20));

    @Test
    void aRunThatFailedOrDivergedIsNamedWithItsReason() {
        List<TrainingConfig> runs = CompareModel.runs(CORPUS, 3000, 300);
        String all = CompareModel.describe(runs);
        assertEquals("Comparison over at iteration 300 (" + all + ").",
                CompareModel.overMessage(snapshot(runs, RunState.FINISHED, 300, "", RunState.FINISHED, 300, ""), runs),
                "three runs that finished: the sentence as before");
        String diverged = "the loss became NaN at iteration 37 (learning rate 0.1); try a lower learning rate";
        assertEquals("Comparison over at iteration 37 (" + all + "). The lstm run diverged: " + diverged + ".",
                CompareModel.overMessage(snapshot(runs, RunState.DIVERGED, 37, diverged, RunState.FINISHED, 300, ""), runs));
        assertEquals("Comparison over at iteration 120 (" + all + "). The lstm run failed at iteration 120."
                        + " The gru run failed: training failed: java.lang.IllegalStateException: boom.",
                CompareModel.overMessage(snapshot(runs, RunState.FAILED, 120, "", RunState.FAILED, 200,
                        "training failed: java.lang.IllegalStateException: boom"), runs));
    }

    /** Vanilla finished at 300; the LSTM and the GRU ended as given. */
    private static CellComparison.Snapshot snapshot(List<TrainingConfig> runs, RunState lstm, long lstmAt, String lstmWhy,
                                                    RunState gru, long gruAt, String gruWhy) {
        List<CellComparison.CellState> cells = new ArrayList<>();
        RunState[] states = {RunState.FINISHED, lstm, gru};
        long[] at = {300, lstmAt, gruAt};
        String[] why = {"", lstmWhy, gruWhy};
        for (int i = 0; i < 3; i++) {
            TrainingConfig c = runs.get(i);
            TrainingSnapshot t = new TrainingSnapshot(at[i], c.iterations(), states[i], why[i], 1.0, 1.0, Double.NaN, 0, 0,
                    c.learningRate(), c.temperature(), c, CORPUS.vocabulary(), new LossHistory().view(), List.of(), null, null,
                    new TrainingStats().view());
            cells.add(new CellComparison.CellState(c, 0, t, null, null, null, null));
        }
        return new CellComparison.Snapshot(cells, null, 300, List.of(), true);
    }
}
