package dev.unroll.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.Tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

/** {@link TrainingSnapshot#asOf}: the run as of a kept iteration, as the window's timeline shows it. */
class HistoricalSnapshotTest {

    @Test
    void theRunAsOfAKeptIterationHoldsThatIterationsWeightsLossesAndSamples() {
        Trainer t = new Trainer(TrainerHistoryTest.CORPUS, TrainerHistoryTest.config(Cell.VANILLA, Depth.single(), 1_200));
        while (t.iteration() < 1_200) {
            t.iterate();
        }
        TrainingSnapshot live = t.snapshot();
        assertFalse(live.historical());
        assertEquals(live.iteration(), live.windowIteration());
        List<HistoryEntry> h = t.history();
        HistoryEntry e500 = h.get(2);
        assertEquals(500, e500.iteration());

        TrainingSnapshot s = live.asOf(e500, h);
        assertTrue(s.historical());
        assertEquals(500, s.iteration());
        assertEquals(1_200, s.windowIteration(), "the window kept is the newest, to recompute on 500's weights");
        assertSame(live.trace(), s.trace());
        assertEquals(Double.doubleToLongBits(e500.smoothLoss()), Double.doubleToLongBits(s.smoothLoss()));
        assertEquals(Double.doubleToLongBits(e500.valLoss()), Double.doubleToLongBits(s.valLoss()));
        assertEquals(500, s.model().iteration());
        for (int i = 0; i < e500.parameters().size(); i++) {
            Tensor kept = e500.parameters().get(i);
            assertArrayEquals(kept.data, s.model().parameters().get(i).data, 0.0, kept.name);
        }
        // the samples up to 500, entry 500's own the newest, the older entries' among them
        List<Sample> samples = s.samples();
        assertEquals(e500.sample(), samples.get(samples.size() - 1));
        assertTrue(samples.stream().allMatch(x -> x.iteration() <= 500));
        assertTrue(samples.contains(h.get(0).sample()), "entry 100's sample");
        // the loss history and the statistics up to 500 only
        assertTrue(s.losses().size() > 0);
        assertTrue(s.losses().iteration()[s.losses().size() - 1] <= 500);
        assertTrue(live.losses().iteration()[live.losses().size() - 1] > 500);
        for (long v : s.losses().valIteration()) {
            assertTrue(v <= 500);
        }
        assertTrue(s.stats().size() > 0 && s.stats().iteration()[s.stats().size() - 1] <= 500);
        assertNotNull(s.config());
    }

    @Test
    void upToLeavesAViewWithNothingLaterAsItIs() {
        LossHistory l = new LossHistory();
        for (long i = 1; i <= 10; i++) {
            l.add(i, 10.0 - i, 10.0 - i);
        }
        LossHistory.View v = l.view();
        assertSame(v, LossHistory.upTo(v, 10));
        LossHistory.View four = LossHistory.upTo(v, 4);
        assertEquals(4, four.size());
        assertArrayEquals(new long[] {1, 2, 3, 4}, four.iteration());
        assertArrayEquals(new double[] {9, 8, 7, 6}, four.loss(), 0.0);
    }
}
