package dev.unroll.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.Lstm;
import dev.unroll.engine.model.Precision;
import dev.unroll.engine.model.ReferenceEquivalenceTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The trainer's path for stacked layers and batches (a {@link DeepRnn} on B streams): it learns, it is
 * reproducible with dropout, each stream reads its own stretch of the text with its own state, the
 * validation loss is the seed path's measure, and the defaults still train the seed-exact cells.
 */
class StreamTrainerTest {
    static final Corpus CORPUS = Corpus.of("g", "hello world, hello rnn. the cat sat on the mat. ".repeat(40));

    static TrainingConfig config(Cell cell, int iterations, Depth depth) {
        return TrainingConfig.defaults().withCell(cell).withHiddenSize(16).withSequenceLength(10).withIterations(iterations)
                .withSampleEvery(50).withValFraction(0.1).withEvalEvery(50).withLearningRate(0.05).withDepth(depth)
                .withOptimization(Optimization.defaults().withOptimizer(OptimizerKind.ADAM)).withLearningRate(0.01);
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void twoLayersAtBatchFourLearnAndRepeatBitForBit(Cell cell) {
        Depth depth = new Depth(2, 4, 0.1);
        Trainer a = new Trainer(CORPUS, config(cell, 200, depth));
        Trainer b = new Trainer(CORPUS, config(cell, 200, depth));
        assertInstanceOf(DeepRnn.class, a.model());
        double first = a.iterate();
        b.iterate();
        for (int i = 1; i < 200; i++) {
            assertEquals(Double.doubleToLongBits(a.iterate()), Double.doubleToLongBits(b.iterate()), "iteration " + i);
        }
        ReferenceEquivalenceTest.assertTensorsEqual(a.exportState().parameters(), b.exportState().parameters());
        assertEquals(a.snapshot().samples(), b.snapshot().samples());
        // the window loss is T times the mean per character: it starts near T log V and falls
        int v = CORPUS.vocabulary().size();
        assertEquals(10 * Math.log(v), first, 0.2 * 10 * Math.log(v));
        assertTrue(a.lastLoss() < 0.6 * first, "the loss falls: " + first + " -> " + a.lastLoss());
        assertTrue(a.valLoss() < 0.6 * Math.log(v), "validation loss per character " + a.valLoss());
        // another dropout mask sequence gives another run
        Trainer c = new Trainer(CORPUS, config(cell, 200, depth).withSeed(7));
        assertNotEquals(first, c.iterate());
    }

    /**
     * A stacked run's snapshot carries its last window (stream 0's characters, the top layer's view), so
     * the walk-through's "Training window" and the gradient flow page have a window to draw; it was null for
     * every stacked run. Recomputed at most every few hundred ms while running, and at once when the run stops.
     */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void aStackedRunsSnapshotCarriesItsLastWindow(Cell cell) {
        Trainer t = new Trainer(CORPUS, config(cell, 30, new Depth(2, 3, 0)));
        assertEquals(null, t.snapshot().trace(), "no window before the first iteration");
        t.iterate();
        var trace = t.snapshot().trace();
        assertTrue(trace != null, "a window after the first iteration");
        assertEquals(10, trace.inputs().length);
        int[] codes = CORPUS.encoded();
        assertEquals(Arrays.toString(Arrays.copyOfRange(codes, 0, 10)), Arrays.toString(trace.inputs()), "stream 0's first window");
        assertEquals(Arrays.toString(Arrays.copyOfRange(codes, 1, 11)), Arrays.toString(trace.targets()));
    }

    /**
     * While a stacked run trains, its window is recomputed for the snapshots only now and then (it costs a pass through
     * every layer): a snapshot says which iteration's window it holds, and that window is the one the run trained at
     * that iteration (checked against the same run stepped to it). Disabled and enabled again, the next snapshot holds
     * a window recomputed then.
     */
    @Test
    void aStackedSnapshotSaysWhichIterationsWindowItHolds() throws InterruptedException {
        TrainingConfig c = config(Cell.LSTM, 1_000_000, new Depth(2, 3, 0)).withSampleEvery(0);
        Trainer t = new Trainer(CORPUS, c);
        assertTrue(t.recomputesTrace(), "a stacked model recomputes its window");
        assertTrue(!new Trainer(CORPUS, config(Cell.LSTM, 10, new Depth(1, 1, 0))).recomputesTrace(), "one layer at batch 1 keeps it");
        List<TrainingSnapshot> seen = new CopyOnWriteArrayList<>();
        RunControl rc = new RunControl();
        Thread th = new Thread(() -> t.run(rc, seen::add));
        th.start();
        long until = System.nanoTime() + 20_000_000_000L;
        while (seen.stream().noneMatch(s -> s.trace() != null && s.windowIteration() < s.iteration())
                && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        rc.stop();
        th.join();
        TrainingSnapshot stale = seen.stream().filter(s -> s.trace() != null && s.windowIteration() < s.iteration())
                .findFirst().orElseThrow(() -> new AssertionError("no snapshot between two recomputed windows"));
        Trainer ref = new Trainer(CORPUS, c);
        for (long i = 0; i < stale.windowIteration(); i++) {
            ref.iterate();
        }
        assertEquals(Arrays.toString(ref.snapshot().trace().inputs()), Arrays.toString(stale.trace().inputs()),
                "the window of the iteration the snapshot names");
        for (TrainingSnapshot s : seen) {
            assertTrue(s.trace() == null || s.windowIteration() <= s.iteration());
        }

        t.setTraceEnabled(false);
        assertEquals(null, t.snapshot().trace(), "disabled: no window");
        t.iterate();
        t.setTraceEnabled(true);
        TrainingSnapshot again = t.snapshot();
        assertEquals(again.iteration(), again.windowIteration(), "enabled again: the newest window, recomputed");
    }

    /**
     * Stream b trains on the b-th stretch of floor(train length / B) characters from its own state: after
     * one iteration each stream's state is what the model computes on that stretch's first window
     * alone, from zero, with the weights the run started from; and all streams wrap to zero together.
     */
    @Test
    void eachStreamReadsItsOwnStretchWithItsOwnState() {
        Depth depth = new Depth(2, 3, 0.0);
        TrainingConfig c = config(Cell.GRU, 100, depth).withSampleEvery(0);
        Trainer t = new Trainer(CORPUS, c);
        DeepRnn before = (DeepRnn) t.model().copy();
        t.iterate();
        TrainerState s = t.exportState();
        int stretch = t.trainLength() / 3;
        int S = before.stateSize();
        for (int b = 0; b < 3; b++) {
            int[] in = CORPUS.codes(b * stretch, b * stretch + 10);
            double[] state = new double[S];
            before.forward(in, null, state, null, null, null);
            double[] saved = Arrays.copyOfRange(s.hidden(), b * S, (b + 1) * S);
            for (int i = 0; i < S; i++) {
                assertEquals(state[i], saved[i], 1e-12, "stream " + b + " entry " + i);
            }
        }
        assertEquals(10, s.pointer());
        int windows = (stretch - 1) / 10; // windows before p + T + 1 reaches the stretch's end
        for (int i = 1; i < windows; i++) {
            t.iterate();
        }
        assertEquals(10 * windows, t.exportState().pointer());
        t.iterate();
        assertEquals(10, t.exportState().pointer(), "the streams wrapped together and read their first window again");
    }

    /** The validation loss is the seed path's: the held-out tail's first characters from a zero state, one stream, per character. */
    @Test
    void validationLossIsMeasuredFromAZeroStateOnOneStream() {
        Trainer t = new Trainer(CORPUS, config(Cell.LSTM, 100, new Depth(3, 5, 0.5)));
        for (int i = 0; i < 20; i++) {
            t.iterate();
        }
        int n = Trainer.validationSpan(CORPUS.length(), 0.1);
        int from = t.trainLength();
        DeepRnn copy = (DeepRnn) t.model().copy();
        double sum = copy.forward(CORPUS.codes(from, from + n - 1), CORPUS.codes(from + 1, from + n), new double[copy.stateSize()],
                null, null, null);
        assertEquals(sum / (n - 1), t.validationLoss(), 0.0);
    }

    /** The same settings on 1, 2 or 3 threads (every product shared, however small): the same run, bit for bit. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void everyThreadCountTrainsTheSameRun(Cell cell) {
        TrainingConfig c = config(cell, 40, new Depth(2, 5, 0.3));
        Trainer one = new Trainer(CORPUS, c);
        Trainer two = new Trainer(CORPUS, c);
        Trainer three = new Trainer(CORPUS, c);
        two.setThreads(2, 0);
        three.setThreads(3, 0);
        try {
            assertEquals(2, two.threads());
            for (int i = 0; i < 40; i++) {
                long a = Double.doubleToLongBits(one.iterate());
                assertEquals(a, Double.doubleToLongBits(two.iterate()), "iteration " + i);
                assertEquals(a, Double.doubleToLongBits(three.iterate()), "iteration " + i);
            }
            ReferenceEquivalenceTest.assertTensorsEqual(one.exportState().parameters(), two.exportState().parameters());
            ReferenceEquivalenceTest.assertTensorsEqual(one.exportState().parameters(), three.exportState().parameters());
            ReferenceEquivalenceTest.assertTensorsEqual(one.exportState().memory(), three.exportState().memory());
        } finally {
            two.close();
            three.close();
        }
        assertEquals(1, two.threads());
    }

    /** float32: learns, repeats bit for bit, and is the same on 1 and 2 threads. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void float32TrainsReproduciblyOnAnyThreadCount(Cell cell) {
        TrainingConfig c = config(cell, 150, new Depth(2, 4, 0.1, Precision.F32));
        Trainer one = new Trainer(CORPUS, c);
        Trainer two = new Trainer(CORPUS, c);
        two.setThreads(2, 0);
        try {
            double first = one.iterate();
            two.iterate();
            for (int i = 1; i < 150; i++) {
                assertEquals(Double.doubleToLongBits(one.iterate()), Double.doubleToLongBits(two.iterate()), "iteration " + i);
            }
            ReferenceEquivalenceTest.assertTensorsEqual(one.exportState().parameters(), two.exportState().parameters());
            assertTrue(one.lastLoss() < 0.7 * first, "the loss falls: " + first + " -> " + one.lastLoss());
            assertEquals(Precision.F32, ((DeepRnn) one.model()).precision());
        } finally {
            two.close();
        }
    }

    @Test
    void theDefaultsTrainTheSeedExactCell() {
        Trainer t = new Trainer(CORPUS, config(Cell.LSTM, 10, Depth.single()));
        assertInstanceOf(Lstm.class, t.model());
        assertEquals(t.model().stateSize(), t.exportState().hidden().length);
        Trainer deep = new Trainer(CORPUS, config(Cell.LSTM, 10, new Depth(1, 7, 0)));
        assertEquals(7 * 2 * 16, deep.exportState().hidden().length);
    }
}
