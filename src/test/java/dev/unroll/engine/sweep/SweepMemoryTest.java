package dev.unroll.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.engine.train.RunHistory;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The memory a SLURM task asks for counts the run's history (issue 25) beside its training estimate. */
class SweepMemoryTest {
    private static final long MIB = 1L << 20;

    @Test
    void theTaskMemoryCountsTheHistory() {
        // hidden 1000 for 1,000,000 iterations: 13 copies of ~1.1 M weights would be ~113 MB, so the history is its budget
        SweepManifest m = SweepRunnerTest.manifest(List.of(1_000), List.of(0.1), 1_000_000);
        int v = SweepRunnerTest.CORPUS.vocabulary().size();
        TrainingConfig c = m.runs().get(0).config();
        assertEquals(RunHistory.DEFAULT_BUDGET_BYTES, c.historyBytes(v));
        long need = 4 * (c.trainingBytes(v) + c.historyBytes(v) + SweepRunnerTest.CORPUS.memoryBytes()) + 256 * MIB;
        assertEquals((need + 256 * MIB - 1) / (256 * MIB) * 256, SweepPlan.memoryMib(m, SweepRunnerTest.CORPUS));
        long without = 4 * (c.trainingBytes(v) + SweepRunnerTest.CORPUS.memoryBytes()) + 256 * MIB;
        assertEquals(true, SweepPlan.memoryMib(m, SweepRunnerTest.CORPUS) > (without + 256 * MIB - 1) / (256 * MIB) * 256,
                "more than without the history");
    }
}
