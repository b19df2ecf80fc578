package dev.unroll.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ReferenceEquivalenceTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

/**
 * The trainer's history: it keeps the weights of iterations 100, 200, 500, ... for every cell and for the stacked
 * model, those weights are exactly the trainer's at that iteration, and keeping them never changes the training.
 */
class TrainerHistoryTest {
    static final Corpus CORPUS = Corpus.of("h", "hello world, hello rnn. the cat sat on the mat. ".repeat(40));

    static TrainingConfig config(Cell cell, Depth depth, long iterations) {
        return TrainingConfig.defaults().withCell(cell).withHiddenSize(12).withSequenceLength(8).withIterations(iterations)
                .withSampleEvery(100).withSampleLength(20).withValFraction(0.1).withEvalEvery(50).withDepth(depth);
    }

    static final Depth STACKED = new Depth(2, 3, 0.1);

    private static void train(Trainer t, long to) {
        while (t.iteration() < to) {
            t.iterate();
        }
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void keepsTheScheduledIterationsWithTheirLossesAndSamples(Cell cell) {
        for (Depth depth : List.of(Depth.single(), STACKED)) {
            Trainer t = new Trainer(CORPUS, config(cell, depth, 1_200));
            train(t, 1_200);
            List<HistoryEntry> h = t.history();
            assertEquals(List.of(100L, 200L, 500L, 1_000L), h.stream().map(HistoryEntry::iteration).toList(), cell + " " + depth);
            assertEquals(t.model().parameters().size(), h.get(0).parameters().size());
            assertEquals(h.stream().mapToLong(HistoryEntry::bytes).sum(), t.historyUsage().bytes());
            // the losses and the sample of the weights at 1,000 (the sample is drawn at the start of iteration 1,001)
            Trainer to1000 = new Trainer(CORPUS, config(cell, depth, 1_200));
            train(to1000, 1_000);
            HistoryEntry e = h.get(3);
            assertEquals(Double.doubleToLongBits(to1000.smoothLoss()), Double.doubleToLongBits(e.smoothLoss()));
            assertEquals(Double.doubleToLongBits(to1000.valLoss()), Double.doubleToLongBits(e.valLoss()));
            assertNotNull(e.sample(), "the sample written from the weights at 1,000");
            assertEquals(1_000, e.sample().iteration());
            assertTrue(t.snapshot().samples().contains(e.sample()));
        }
    }

    /** The weights kept for N are the weights of a second trainer stopped at N, bit for bit. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void theWeightsKeptForNAreTheTrainersAtN(Cell cell) {
        for (Depth depth : List.of(Depth.single(), STACKED)) {
            Trainer t = new Trainer(CORPUS, config(cell, depth, 600));
            train(t, 600);
            assertEquals(3, t.history().size(), "100, 200, 500");
            for (HistoryEntry e : t.history()) {
                Trainer other = new Trainer(CORPUS, config(cell, depth, 600));
                train(other, e.iteration());
                ReferenceEquivalenceTest.assertTensorsEqual(other.exportState().parameters(), e.parameters());
            }
        }
    }

    /** History on or off: the same losses, bit for bit, every iteration; the same weights at the end. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void keepingTheHistoryChangesNothing(Cell cell) {
        for (Depth depth : List.of(Depth.single(), STACKED)) {
            Trainer on = new Trainer(CORPUS, config(cell, depth, 1_100));
            Trainer off = new Trainer(CORPUS, config(cell, depth, 1_100));
            off.setHistoryBudget(0);
            for (int i = 0; i < 1_100; i++) {
                assertEquals(Double.doubleToLongBits(on.iterate()), Double.doubleToLongBits(off.iterate()), cell + " iteration " + i);
                assertEquals(Double.doubleToLongBits(on.smoothLoss()), Double.doubleToLongBits(off.smoothLoss()));
                assertEquals(Double.doubleToLongBits(on.valLoss()), Double.doubleToLongBits(off.valLoss()));
            }
            assertEquals(4, on.history().size());
            assertEquals(0, off.history().size());
            assertEquals(0, off.historyUsage().bytes());
            ReferenceEquivalenceTest.assertTensorsEqual(on.exportState().parameters(), off.exportState().parameters());
            assertEquals(on.snapshot().samples(), off.snapshot().samples());
        }
    }

    /** A resumed run continues its history: saved at 300, resumed to 1,200, it holds what one run to 1,200 holds. */
    @Test
    void aResumedRunContinuesItsHistory() {
        for (Depth depth : List.of(Depth.single(), STACKED)) {
            Trainer first = new Trainer(CORPUS, config(Cell.LSTM, depth, 1_200));
            train(first, 300);
            TrainerState saved = first.exportState();
            assertEquals(2, saved.history().size());
            Trainer resumed = Trainer.resume(CORPUS, saved);
            train(resumed, 1_200);
            Trainer whole = new Trainer(CORPUS, config(Cell.LSTM, depth, 1_200));
            train(whole, 1_200);
            assertEquals(whole.history().size(), resumed.history().size());
            for (int i = 0; i < whole.history().size(); i++) {
                HistoryEntry a = whole.history().get(i);
                HistoryEntry b = resumed.history().get(i);
                assertEquals(a.iteration(), b.iteration());
                assertEquals(a.sample(), b.sample());
                ReferenceEquivalenceTest.assertTensorsEqual(a.parameters(), b.parameters());
            }
        }
    }
}
