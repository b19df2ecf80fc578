package dev.unroll.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.unroll.engine.corpus.Corpus;

import org.junit.jupiter.api.Test;

/** The state to go back to after a blow-up: the last one whose next window's loss stayed finite and within twice the lowest smooth loss. */
class HealthyStatesTest {
    private static TrainerState stateAt(Trainer t, long iterations) {
        while (t.iteration() < iterations) {
            t.iterate();
        }
        return t.exportState();
    }

    @Test
    void aStateIsKeptOnlyWhenTheWindowAfterItStaysWithinTwiceTheLowestSmoothLoss() {
        Trainer t = new Trainer(Corpus.of("t", "the cat sat on the mat. ".repeat(40)),
                TrainingConfig.defaults().withHiddenSize(8).withSequenceLength(10).withSampleEvery(0).withSeed(1));
        TrainerState start = t.exportState();
        HealthyStates h = new HealthyStates(start);
        assertSame(start, h.healthy(), "the start is healthy");
        double lowest = start.smoothLoss();

        TrainerState a = stateAt(t, 5);
        h.offer(a);
        assertSame(start, h.healthy(), "not judged yet");
        h.onLoss(lowest, lowest * 0.9);
        assertSame(a, h.healthy(), "its next window's loss is fine");

        TrainerState b = stateAt(t, 10);
        h.offer(b);
        h.onLoss(2.1 * lowest * 0.9, lowest);
        assertSame(a, h.healthy(), "over twice the lowest smooth loss (which fell to 0.9 of the start)");

        TrainerState c = stateAt(t, 15);
        h.offer(c);
        h.onLoss(Double.POSITIVE_INFINITY, Double.NaN);
        assertSame(a, h.healthy(), "an infinite next loss");
        h.onLoss(lowest, lowest);
        assertSame(a, h.healthy(), "only the first window after a state judges it");
        assertEquals(5, h.healthy().iteration());
    }
}
