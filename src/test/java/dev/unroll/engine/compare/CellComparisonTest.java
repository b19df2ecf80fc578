package dev.unroll.engine.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.inspect.LongRangeMeasures;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.GradientFlow;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** At 2 layers each cell's hidden size is matched to the whole stack's weights, as compare-cells --layers 2 matches them. */
    @Test
    void matchesTheWholeStacksWeightCountAtTwoLayers() {
        Corpus corpus = Corpus.of("verses.txt", TEXT);
        int v = corpus.vocabulary().size();
        List<TrainingConfig> runs = CellComparison.matched(TrainingConfig.defaults().withDepth(new Depth(2, 1, 0.0)), v, 25_000, CELLS);
        for (TrainingConfig c : runs) {
            assertEquals(2, c.depth().layers());
            assertEquals(c.cell().hiddenSizeMatching(v, 25_000, 2), c.hiddenSize());
            long n = DeepRnn.parameterCount(c.cell(), v, c.hiddenSize(), 2);
            assertEquals(n, c.parameterCount(v));
            assertTrue(Math.abs(n - 25_000) < 0.05 * 25_000, c.cell() + " has " + n + " weights");
        }
        // and the comparison counts each cell's weights over the stack
        CellComparison cmp = new CellComparison(corpus, runs);
        for (CellComparison.CellState c : cmp.latest().cells()) {
            assertEquals(c.config().parameterCount(v), c.parameters(), c.cell().cliName());
        }
    }

    /**
     * At two layers every cell trains to its last iteration with a vanishing-gradient curve (the top layer's,
     * read from a zero state): once stacked runs published their window, taking its curve threw (the trace's
     * start state is the top layer's only) and ended every stacked run at its first analysed window, silently.
     */
    @Test
    void atTwoLayersEveryCellTrainsToTheEndWithAGradientCurve() throws Exception {
        Corpus corpus = Corpus.of("verses.txt", TEXT);
        TrainingConfig base = TrainingConfig.defaults().withIterations(120).withSequenceLength(12).withSampleEvery(50)
                .withSampleLength(20).withValFraction(0.1).withEvalEvery(100).withDepth(new Depth(2, 1, 0.0));
        CellComparison cmp = new CellComparison(corpus, CellComparison.matched(base, corpus.vocabulary().size(), 3_000, CELLS));
        cmp.start(null);
        assertTrue(cmp.await(120, TimeUnit.SECONDS));
        for (CellComparison.CellState c : cmp.latest().cells()) {
            assertEquals(RunState.FINISHED, c.training().state(), c.cell().cliName() + ": " + c.training().message());
            assertEquals(120, c.training().iteration(), c.cell().cliName());
            assertEquals(120 / CellComparison.GRADIENT_EVERY, c.gradient().windows(), c.cell().cliName());
            assertEquals(12, c.gradient().length());
            for (double v : c.gradient().dh()) {
                assertTrue(Double.isFinite(v) && v > 0, c.cell() + ": " + v);
            }
        }
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
            // the curve averaged over the windows analysed, and over the first ones: k = 0..T, every norm finite and positive
            for (var g : List.of(c.gradient(), c.startGradient())) {
                assertEquals(12, g.length(), c.cell().cliName());
                for (double v : g.dh()) {
                    assertTrue(Double.isFinite(v) && v > 0, c.cell() + ": " + v);
                }
                assertEquals(c.cell() == Cell.LSTM, g.dc() != null);
            }
            assertTrue(c.startGradient().windows() <= GradientAverage.START_WINDOWS);
            assertTrue(c.gradient().windows() >= c.startGradient().windows());
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
        // every run ended at 300: the samples shown are of iteration 300, as the runs' figures say, drawn from the final
        // weights (the trainer's own newest sample is of iteration 250, drawn before that iteration's update)
        assertEquals(3, s.samples().size());
        assertEquals(300, s.sampleIteration());
        for (int i = 0; i < 3; i++) {
            List<Sample> own = s.cells().get(i).training().samples();
            assertEquals(250, own.get(own.size() - 1).iteration());
            assertEquals(30, s.samples().get(i).length(), s.samples().get(i));
        }
    }

    /**
     * The curves at an iteration are of the same windows however fast the machine trains (they were taken
     * 5 times a second: a busy machine averaged fewer windows by the first validation, and the talk's "Why
     * gates" slide once read the LSTM's curve below the vanilla cell's five steps back).
     */
    @Test
    void theGradientCurvesAreTakenEveryFiftyIterationsWhateverTheMachinesSpeed() throws Exception {
        Corpus corpus = Corpus.of("verses.txt", TEXT);
        TrainingConfig base = TrainingConfig.defaults().withIterations(500).withSequenceLength(12).withSampleEvery(100)
                .withSampleLength(20).withValFraction(0.1).withEvalEvery(250);
        List<CellComparison.Snapshot> ends = new ArrayList<>();
        for (long publishNanos : new long[] {0L, 10_000_000_000L}) {
            CellComparison cmp = new CellComparison(corpus, CellComparison.matched(base, corpus.vocabulary().size(), 3_000, CELLS));
            cmp.setPublishInterval(publishNanos);
            cmp.start(null);
            assertTrue(cmp.await(120, TimeUnit.SECONDS));
            ends.add(cmp.latest());
        }
        for (int i = 0; i < CELLS.size(); i++) {
            CellComparison.CellState fast = ends.get(0).cells().get(i);
            CellComparison.CellState slow = ends.get(1).cells().get(i);
            assertEquals(500 / CellComparison.GRADIENT_EVERY, fast.gradient().windows(), CELLS.get(i).cliName());
            assertEquals(fast.gradient().windows(), slow.gradient().windows(), CELLS.get(i).cliName());
            assertArrayEquals(fast.gradient().dh(), slow.gradient().dh(), CELLS.get(i).cliName());
            assertArrayEquals(fast.startGradient().dh(), slow.startGradient().dh(), CELLS.get(i).cliName());
        }
    }

    @Test
    void averagesTheCurvesGeometricallyOverTheRecentWindowsAndKeepsTheFirstOnes() {
        GradientAverage avg = new GradientAverage();
        // the first START_WINDOWS windows alternate between 1e-2 and 1e-4 far back: their geometric mean is 1e-3
        for (int w = 0; w < GradientAverage.START_WINDOWS; w++) {
            avg.add(new GradientFlow(new double[] {1, 0.5, w % 2 == 0 ? 1e-2 : 1e-4}, null, 1));
        }
        assertEquals(1e-3, avg.start().dh()[2], 1e-15);
        assertEquals(1e-3, avg.recent().dh()[2], 1e-15, "while few windows were seen, the recent average is their mean");
        assertEquals(0.5, avg.recent().ratio(0, 1), 1e-12);
        // then the curves change: the recent average follows (mostly the last 1 / RECENT_WEIGHT windows), the start stays
        for (int w = 0; w < 200; w++) {
            avg.add(new GradientFlow(new double[] {1, 0.5, 1e-6}, null, 1));
        }
        assertEquals(1e-3, avg.start().dh()[2], 1e-15);
        assertEquals(GradientAverage.START_WINDOWS, avg.start().windows());
        assertEquals(1e-6, avg.recent().dh()[2], 1e-8);
        // one odd window moves the recent curve by RECENT_WEIGHT of its logarithm, not to it
        avg.add(new GradientFlow(new double[] {1, 0.5, 1e-2}, null, 1));
        assertEquals(Math.exp(Math.log(1e-6) + GradientAverage.RECENT_WEIGHT * Math.log(1e4)), avg.recent().dh()[2], 1e-8);
        // a blown-up window (a zero or infinite norm) is left out
        var before = avg.recent();
        avg.add(new GradientFlow(new double[] {1, 0, Double.POSITIVE_INFINITY}, null, 1));
        assertEquals(before, avg.recent());
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
