package dev.unroll.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.model.Tensor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/** The history's schedule (1-2-5 from 100) and its budget's thinning, in numbers. */
class RunHistoryTest {
    /** One tensor of 1,000 numbers: an entry of 8,000 bytes. */
    private static final List<Tensor> WEIGHTS = List.of(new Tensor("W", 10, 100));
    private static final long ENTRY = 8_000;

    private static List<Long> iterations(RunHistory h) {
        return h.entries().stream().map(HistoryEntry::iteration).toList();
    }

    @Test
    void theScheduleIsOneTwoFiveFromAHundred() {
        List<Long> scheduled = LongStream.rangeClosed(0, 1_000_000).filter(RunHistory::isScheduled).boxed().toList();
        assertEquals(List.of(100L, 200L, 500L, 1_000L, 2_000L, 5_000L, 10_000L, 20_000L, 50_000L, 100_000L, 200_000L, 500_000L,
                1_000_000L), scheduled);
        assertTrue(RunHistory.isScheduled(5_000_000_000L));
        assertFalse(RunHistory.isScheduled(10));
        assertFalse(RunHistory.isScheduled(300));
        assertFalse(RunHistory.isScheduled(0));
    }

    /** What a sweep asks the scheduler for counts the history: a copy per scheduled iteration, at most the budget. */
    @Test
    void theMostBytesAreACopyPerScheduledIterationUpToTheBudget() {
        assertEquals(0, RunHistory.scheduledUpTo(99));
        assertEquals(2, RunHistory.scheduledUpTo(499));
        assertEquals(4, RunHistory.scheduledUpTo(1_000));
        assertEquals(13, RunHistory.scheduledUpTo(1_000_000));
        assertEquals(LongStream.rangeClosed(1, 123_456).filter(RunHistory::isScheduled).count(), RunHistory.scheduledUpTo(123_456));
        assertEquals(3 * 57 * 8, RunHistory.mostBytes(57, 600, 1_000_000));
        assertEquals(1_000, RunHistory.mostBytes(57, 600, 1_000));
        TrainingConfig c = TrainingConfig.defaults().withIterations(600);
        assertEquals(3 * 8 * c.cell().parameterCount(65, c.hiddenSize()), c.historyBytes(65));
        assertEquals(RunHistory.DEFAULT_BUDGET_BYTES, c.withIterations(500_000).withHiddenSize(1_000).historyBytes(65));
    }

    @Test
    void keepsEveryScheduledIterationWithinTheBudget() {
        RunHistory h = new RunHistory(100 * ENTRY);
        for (long n = 1; n <= 50_000; n++) {
            if (h.isDue(n)) {
                h.keep(n, WEIGHTS, n, Double.NaN);
            }
        }
        assertEquals(List.of(100L, 200L, 500L, 1_000L, 2_000L, 5_000L, 10_000L, 20_000L, 50_000L), iterations(h));
        assertEquals(9 * ENTRY, h.usage().bytes());
        assertFalse(h.isDue(50_000), "kept once");
    }

    /**
     * A budget of four entries over the schedule to 1,000,000 (13 entries): each keep beyond four drops the inner entry
     * whose neighbours are closest on a log scale, the oldest of equals; 100 (the first) and the newest stay.
     */
    @Test
    void theBudgetThinsTheDensestAndKeepsTheFirstAndNewest() {
        RunHistory h = new RunHistory(4 * ENTRY);
        List<List<Long>> after = new ArrayList<>();
        for (long n = 1; n <= 1_000_000; n++) {
            if (h.isDue(n)) {
                h.keep(n, WEIGHTS, 0, Double.NaN);
                after.add(iterations(h));
                assertTrue(h.usage().bytes() <= 4 * ENTRY, "within the budget at " + n + ": " + h.usage().bytes());
            }
        }
        // 100 200 500 1000 | +2000: ratios 200: 501/101=4.96, 500: 1001/201=4.98, 1000: 2001/501=3.99 -> drop 1000
        assertEquals(List.of(100L, 200L, 500L, 2_000L), after.get(4));
        // +5000: 200: 4.96, 500: 2001/201=9.96, 2000: 5001/501=9.98 -> drop 200
        assertEquals(List.of(100L, 500L, 2_000L, 5_000L), after.get(5));
        assertEquals(List.of(100L, 2_000L, 20_000L, 500_000L), after.get(after.size() - 2));
        // +1,000,000: 2000: 20001/101=198, 20000: 500001/2001=250, 500000: 1000001/20001=50 -> drop 500000
        assertEquals(List.of(100L, 2_000L, 20_000L, 1_000_000L), after.get(after.size() - 1));
    }

    /** The budget is a hard bound: room for one entry keeps the first alone; less than one keeps none. */
    @Test
    void aBudgetBelowTwoEntriesKeepsTheFirstAloneAndBelowOneNone() {
        RunHistory one = new RunHistory(ENTRY * 3 / 2);
        RunHistory none = new RunHistory(ENTRY / 2);
        for (long n : new long[] {100, 200, 500, 1_000}) {
            one.keep(n, WEIGHTS, 0, Double.NaN);
            none.keep(n, WEIGHTS, 0, Double.NaN);
        }
        assertEquals(List.of(100L), iterations(one));
        assertEquals(ENTRY, one.usage().bytes());
        assertEquals(List.of(), iterations(none));
        assertEquals(0, none.usage().bytes());
    }

    @Test
    void aBudgetOfZeroKeepsNothingAndDropsWhatWasKept() {
        RunHistory h = new RunHistory(10 * ENTRY);
        h.keep(100, WEIGHTS, 0, Double.NaN);
        h.setBudget(0);
        assertEquals(0, h.usage().entries());
        assertEquals(0, h.usage().bytes());
        assertFalse(h.isDue(200));
        h.keep(200, WEIGHTS, 0, Double.NaN);
        assertEquals(0, h.usage().entries());
    }

    @Test
    void lowerBudgetThinsAtOnceAndEntriesAreCopies() {
        Tensor w = new Tensor("W", 10, 100);
        RunHistory h = new RunHistory(10 * ENTRY);
        for (long n : new long[] {100, 200, 500, 1_000, 2_000}) {
            w.data[0] = n;
            h.keep(n, List.of(w), 0, Double.NaN);
        }
        assertEquals(100.0, h.entries().get(0).parameters().get(0).data[0], "a copy, not the live tensor");
        h.setBudget(3 * ENTRY);
        assertEquals(List.of(100L, 500L, 2_000L), iterations(h));
        assertThrows(IllegalArgumentException.class, () -> h.keep(2_000, WEIGHTS, 0, Double.NaN));
    }

    @Test
    void theSampleWrittenFromTheNewestWeightsIsAttachedToThem() {
        RunHistory h = new RunHistory(10 * ENTRY);
        h.keep(100, WEIGHTS, 0, Double.NaN);
        h.attachSample(new Sample(50, 1, 1, "older"));
        assertNull(h.entries().get(0).sample());
        h.attachSample(new Sample(100, 1, 1, "abcd"));
        assertEquals("abcd", h.entries().get(0).sample().text());
        assertEquals(ENTRY + 8, h.usage().bytes(), "2 bytes a character");
    }
}
