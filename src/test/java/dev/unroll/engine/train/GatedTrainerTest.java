package dev.unroll.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Generation;
import dev.unroll.engine.generate.GenerationSettings;
import dev.unroll.engine.generate.Sampler;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.ReferenceEquivalenceTest;
import dev.unroll.engine.model.Tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

/** The trainer, sampling and generation around each cell: state size, determinism, resume, snapshots. */
class GatedTrainerTest {
    static final Corpus CORPUS = Corpus.of("g", "hello world, hello rnn. the cat sat on the mat. ".repeat(40));

    static TrainingConfig config(int iterations) {
        return TrainingConfig.defaults().withHiddenSize(16).withIterations(iterations).withSampleEvery(50).withValFraction(0.1)
                .withEvalEvery(100);
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void sameSeedSameRunBitForBit(Cell cell) {
        Trainer a = new Trainer(CORPUS, config(300), cell);
        Trainer b = new Trainer(CORPUS, config(300), cell);
        assertEquals(cell, a.cell());
        for (int i = 0; i < 300; i++) {
            assertEquals(Double.doubleToLongBits(a.iterate()), Double.doubleToLongBits(b.iterate()), "iteration " + i);
        }
        assertEquals(a.snapshot().samples(), b.snapshot().samples());
        assertEquals(Double.doubleToLongBits(a.valLoss()), Double.doubleToLongBits(b.valLoss()));
        assertTrue(Double.isFinite(a.valLoss()));
        ReferenceEquivalenceTest.assertTensorsEqual(a.exportState().parameters(), b.exportState().parameters());
        Trainer c = new Trainer(CORPUS, config(300).withSeed(7), cell);
        assertNotEquals(c.iterate(), new Trainer(CORPUS, config(300), cell).iterate());
    }

    /** Stopping, exporting and resuming (state h and, for the LSTM, c) continues the run bit for bit. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void resumeContinuesBitForBit(Cell cell) {
        Trainer whole = new Trainer(CORPUS, config(200), cell);
        Trainer first = new Trainer(CORPUS, config(200), cell);
        for (int i = 0; i < 120; i++) {
            whole.iterate();
            first.iterate();
        }
        TrainerState saved = first.exportState();
        assertEquals(cell.stateSize(16), saved.hidden().length);
        if (cell == Cell.LSTM) {
            double[] c = Arrays.copyOfRange(saved.hidden(), 16, 32);
            assertTrue(Arrays.stream(c).anyMatch(v -> v != 0), "the LSTM's c is carried in the state");
        }
        Trainer resumed = Trainer.resume(CORPUS, saved);
        assertEquals(cell, resumed.cell());
        for (int i = 0; i < 80; i++) {
            assertEquals(Double.doubleToLongBits(whole.iterate()), Double.doubleToLongBits(resumed.iterate()), "iteration " + (120 + i));
        }
        ReferenceEquivalenceTest.assertTensorsEqual(whole.exportState().parameters(), resumed.exportState().parameters());
        assertArrayEquals(whole.exportState().hidden(), resumed.exportState().hidden());
    }

    /** A snapshot knows its cell; generation and a fresh model from it reproduce the live model's steps. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void snapshotsGenerateWithTheirCell(Cell cell) {
        Trainer t = new Trainer(CORPUS, config(100), cell);
        for (int i = 0; i < 100; i++) {
            t.iterate();
        }
        ModelSnapshot m = t.modelSnapshot();
        assertEquals(cell, m.cell());
        assertEquals(16, m.hiddenSize());
        assertEquals(cell.stateSize(16), m.stateSize());
        RecurrentModel copy = m.newModel();
        assertEquals(cell, copy.cell());
        ReferenceEquivalenceTest.assertTensorsEqual(t.model().parameters(), copy.parameters());
        Generation g = Generation.start(m, new GenerationSettings("hello", 60, 1.0, Sampler.Mode.SAMPLE, 0, 5, -1));
        g.runToEnd();
        assertEquals(60, g.size());
        assertEquals(cell.stateSize(16), g.hiddenAfterPrime().length);
        double[] s = new double[copy.stateSize()];
        double[] y = new double[copy.vocabSize()];
        for (int x : CORPUS.vocabulary().encode("hello")) {
            copy.step(x, s, y);
        }
        ReferenceEquivalenceTest.assertClose(s, g.hiddenAfterPrime(), "state after the prime");
        assertEquals(100, t.sample(100, 1.0, 3).length());
    }

    /** The statistics' three matrices are the input, recurrent and output weights for every cell. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void statisticsFollowTheThreeMatrices(Cell cell) {
        Trainer t = new Trainer(CORPUS, config(40), cell);
        for (int i = 0; i < TrainingStats.DEFAULT_STRIDE; i++) {
            t.iterate();
        }
        List<Tensor> ps = t.model().parameters();
        Tensor recurrent = ps.get(1);
        Tensor output = cell == Cell.VANILLA ? ps.get(2) : ps.get(4);
        TrainingStats.View v = t.snapshot().stats();
        assertEquals(recurrent.norm(), v.paramNorm()[1][0], 1e-12 * recurrent.norm());
        assertEquals(output.norm(), v.paramNorm()[2][0], 1e-12 * output.norm());
    }
}
