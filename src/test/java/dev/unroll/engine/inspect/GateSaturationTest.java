package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.GateTrace;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

class GateSaturationTest {

    /** A hand-made GRU trace of 4 steps and 2 units: the fractions are counted exactly, n (tanh) is left out. */
    @Test
    void countsLeftAndRightSaturatedStepsOfTheSigmoidGates() {
        int H = 2;
        int T = 4;
        // per step: r (2 units), z (2 units), n (2 units)
        double[] g = {
                0.05, 0.5, 0.95, 0.2, -1, 1,
                0.01, 0.95, 0.99, 0.1, -1, 1,
                0.5, 0.91, 0.5, 0.9, -1, 1,
                0.09, 0.92, 0.05, 0.95, -1, 1,
        };
        GateSaturation s = GateSaturation.of(new GateTrace(Cell.GRU, H, T, g, null, null, null));
        assertEquals(List.of("reset", "update"), s.gates());
        assertEquals(T, s.steps());
        assertArrayEquals(new double[] {0.75, 0}, s.left()[0], 0);
        assertArrayEquals(new double[] {0, 0.75}, s.right()[0], 0);
        assertArrayEquals(new double[] {0.25, 0}, s.left()[1], 0); // 0.1 and 0.9 are not beyond the thresholds
        assertArrayEquals(new double[] {0.5, 0.25}, s.right()[1], 0);
    }

    @Test
    void theVanillaCellHasNoGates() {
        RecurrentModel m = Cell.VANILLA.create(4, 3, new Rng(1));
        GateTrace t = m.forwardGates(new int[] {1, 2, 3}, new double[3]);
        assertEquals(0, t.gates().length);
        assertEquals(List.of(), GateSaturation.of(t).gates());
    }

    /** forwardGates records what the training window computed, and ofText counts it for every sigmoid gate. */
    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void forwardGatesAgreesWithTheTrainingTrace(Cell cell) {
        Corpus corpus = Corpus.of("s", "the cat sat on the mat. ".repeat(60));
        Trainer trainer = new Trainer(corpus, TrainingConfig.defaults().withHiddenSize(10).withIterations(50).withSampleEvery(0), cell);
        for (int i = 0; i < 49; i++) {
            trainer.iterate();
        }
        ModelSnapshot before = trainer.modelSnapshot(); // the weights the next window runs on
        trainer.iterate();
        WindowTrace w = trainer.snapshot().trace();
        GateTrace replay = before.newModel().forwardGates(w.inputs(), w.state0());
        GateTrace trained = w.gates();
        assertEquals(cell, trained.cell());
        assertEquals(w.length(), trained.length());
        for (int i = 0; i < replay.gates().length; i++) {
            assertEquals(trained.gates()[i], replay.gates()[i], 1e-12, "gate value " + i);
        }
        if (cell == Cell.LSTM) {
            assertArrayEquals(trained.cells(), replay.cells(), 1e-12);
            assertEquals(w.length(), trained.dcNorms().length);
        }
        GateSaturation s = GateSaturation.ofText(before, corpus.vocabulary().encode("the cat sat on the mat."));
        assertEquals(cell.sigmoidGates().length, s.gates().size());
        for (int g = 0; g < s.gates().size(); g++) {
            for (int u = 0; u < 10; u++) {
                double both = s.left()[g][u] + s.right()[g][u];
                assertEquals(true, both >= 0 && both <= 1, "fractions of one unit add to at most 1");
            }
        }
    }
}
