package dev.unroll.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepStartOrderTest {

    @Test
    void oneWorkerTakesRunOrderSeveralTakeTheCostliestFirst() {
        List<RunSpec> runs = SweepRunnerTest.manifest(List.of(8, 32, 16), List.of(0.1, 0.01), 100).runs();
        assertEquals(List.of(0, 1, 2, 3, 4, 5), SweepRunner.startOrder(runs, 1));
        List<Integer> two = SweepRunner.startOrder(runs, 2);
        // hidden 32 first, then 16, then 8; equal costs keep run order
        List<Integer> hidden = two.stream().map(i -> runs.get(i).config().hiddenSize()).toList();
        assertEquals(List.of(32, 32, 16, 16, 8, 8), hidden);
        for (int k = 0; k < two.size(); k += 2) {
            assertEquals(true, two.get(k) < two.get(k + 1), "ties keep run order: " + two);
        }
    }
}
