package dev.unroll.engine.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Cell;
import dev.unroll.engine.Corpus;
import dev.unroll.engine.inspect.LongRangeMeasures;
import dev.unroll.engine.RunState;
import dev.unroll.engine.Sample;
import dev.unroll.engine.TrainingConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The three cells trained side by side at matched weights, with their analysis published together. */
class CellComparisonTest {
    static final String TEXT = """
            Pe langa plopii fara sot adesea am trecut;
            Ma cunosteau vecinii toti - tu nu m-ai cunoscut.
            La geamul tau ce stralucea privii atat de des;
            O lume toata-ntelegea - tu nu m-ai inteles.
            Ea a zis "vino (acasa, (la noi))" si a plecat.
            """.repeat(10);

    private static final List<Cell> CELLS = List.of(Cell.VANILLA, Cell.LSTM, Cell.GRU);

    @Test
    void matchesEachCellsHiddenSizeToTheTargetWeightCount() {
        Corpus corpus = Corpus.of("verses.txt", TEXT);
        int v = corpus.vocabulary().size();
        List<TrainingConfig> runs = CellComparison.matched(TrainingConfig.defaults(), v, 25_000, CELLS);
        assertEquals(CELLS, runs.stream().map(TrainingConfig::cell).toList());
        for (TrainingConfig c : runs) {
            long n = c.cell().parameterCount(v, c.hiddenSize());
            assertEquals(c.cell().hiddenSizeMatching(v, 25_000), c.hiddenSize());
            assertTrue(Math.abs(n - 25_000) < 0.05 * 25_000, c.cell() + " has " + n + " weights");
        }
        assertTrue(runs.get(0).hiddenSize() > runs.get(2).hiddenSize() && runs.get(2).hiddenSize() > runs.get(1).hiddenSize(),
                "at the same weights the vanilla cell is widest, the LSTM narrowest");
    }

    @Test
    void trainsTheThreeCellsAndPublishesTheirCurvesSaturationAndSamplesAtOneIteration() throws Exception {
        Corpus corpus = Corpus.of("verses.txt", TEXT);
        TrainingConfig base = TrainingConfig.defaults().withIterations(300).withSequenceLength(12).withSampleEvery(50)
                .withSampleLength(30).withValFraction(0.1).withEvalEvery(100);
        CellComparison cmp = new CellComparison(corpus, CellComparison.matched(base, corpus.vocabulary().size(), 3_000, CELLS));
        AtomicInteger published = new AtomicInteger();
        cmp.start(s -> published.incrementAndGet());
        assertTrue(cmp.await(120, TimeUnit.SECONDS));
        assertTrue(cmp.isOver());
        CellComparison.Snapshot s = cmp.latest();
        assertTrue(s.over());
        assertTrue(published.get() >= 3);
        assertEquals(3, s.cells().size());
        for (CellComparison.CellState c : s.cells()) {
            assertEquals(RunState.FINISHED, c.training().state(), c.cell().cliName());
            assertEquals(300, c.training().iteration());
            // the curve of the last window: k = 0..T, every norm finite and positive
            assertEquals(12, c.gradient().length(), c.cell().cliName());
            for (double g : c.gradient().dh()) {
                assertTrue(Double.isFinite(g) && g > 0, c.cell() + ": " + g);
            }
            assertEquals(c.cell() == Cell.LSTM, c.gradient().dc() != null);
            // once the run ended, how far back it reaches: the same measures compare-cells prints, of the last weights
            LongRangeMeasures expected = LongRangeMeasures.of(c.training().model(), corpus, base.valFraction(), 12, CellComparison.LONG_RANGE_CHARS);
            assertNotNull(c.longRange(), c.cell().cliName());
            assertEquals(expected.units(), c.longRange().units(), c.cell().cliName());
            assertEquals(LongRangeMeasures.FEATURES, List.copyOf(c.longRange().units().keySet()), "quotes and brackets vary in the tail");
            assertEquals(expected.probeLength(), c.longRange().probeLength());
            int h = c.config().hiddenSize();
            if (c.cell() == Cell.VANILLA) {
                assertNull(c.saturation());
            } else {
                assertEquals(c.cell().sigmoidGates().length, c.saturation().gates().size());
                for (int g = 0; g < c.saturation().gates().size(); g++) {
                    assertEquals(h, c.saturation().left()[g].length);
                    assertEquals(h, c.saturation().right()[g].length);
                }
            }
        }
        assertNotNull(s.baseline());
        assertEquals(List.of(1, 2, 3, 4, 5), s.baseline().rows().stream().map(r -> r.order()).toList());
        // every run ended at 300 with the same samples' iterations: the samples shown are each run's newest
        assertEquals(3, s.samples().size());
        for (int i = 0; i < 3; i++) {
            List<Sample> own = s.cells().get(i).training().samples();
            Sample newest = own.get(own.size() - 1);
            assertEquals(newest.iteration(), s.sampleIteration());
            assertEquals(newest.text(), s.samples().get(i));
        }
    }

    @Test
    void refusesNoCellsAndACorpusTooShortForTheWindow() {
        Corpus corpus = Corpus.of("tiny.txt", "abcabc");
        assertThrows(BadInputException.class, () -> new CellComparison(corpus, List.of()));
        assertThrows(BadInputException.class, () -> new CellComparison(corpus, List.of(TrainingConfig.defaults().withSequenceLength(25))));
    }

    @Test
    void aRunFarAheadKeepsABoundedLogAndTheSharedIterationIsTheSlowestRunsNewest() {
        SampleLog log = new SampleLog(2);
        for (long it = 100; it <= 100_000; it += 100) {
            log.add(0, List.of(new Sample(it, 1, 1, "fast " + it)));
        }
        assertEquals(-1, log.common().iteration(), "the slow run has no sample yet");
        log.add(1, List.of(new Sample(100, 1, 1, "slow 100"), new Sample(200, 1, 1, "slow 200")));
        // the fast run, alone for long, was thinned: the shared iteration is the newest it kept of the two
        long shared = log.common().iteration();
        assertTrue(shared == 100 || shared == 200, "shared " + shared);
        assertEquals(List.of("fast " + shared, "slow " + shared), log.common().texts());
        // the fast run's log is bounded however far ahead it runs; the slow run finds a shared iteration as it goes
        for (long it = 300; it <= 100_000; it += 100) {
            log.add(1, List.of(new Sample(it, 1, 1, "slow " + it)));
            assertTrue(log.common().iteration() >= shared);
            assertTrue(log.size(0) <= SampleLog.MAX_KEPT && log.size(1) <= SampleLog.MAX_KEPT);
        }
        assertEquals(100_000, log.common().iteration());
        assertEquals(List.of("fast 100000", "slow 100000"), log.common().texts());
    }
}
