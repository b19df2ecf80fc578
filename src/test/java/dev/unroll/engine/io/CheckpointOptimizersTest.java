package dev.unroll.engine.io;

import static dev.unroll.engine.io.CheckpointTest.entries;
import static dev.unroll.engine.io.CheckpointTest.metadata;
import static dev.unroll.engine.io.CheckpointTest.rewrite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.train.Adagrad;
import dev.unroll.engine.train.Adam;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.LearningRateDecay;
import dev.unroll.engine.train.Optimization;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checkpoints of runs with each optimizer, clipping and decay: resume bit for bit for every cell, the
 * optimizer's arrays under names of their own, and Adagrad runs with the defaults saved as before.
 */
class CheckpointOptimizersTest {
    @TempDir
    Path dir;

    private static final Corpus CORPUS = Corpus.of("song.txt", CheckpointTest.TEXT);

    private static Optimization optimization(OptimizerKind kind, ClipMode clip, LearningRateDecay.Kind decay) {
        LearningRateDecay d = LearningRateDecay.none().withKind(decay).withEvery(7).withStart(20).withFactor(0.8).withMinimum(0.001);
        return new Optimization(kind, clip, d);
    }

    /** Every cell with every optimizer; norm clipping and a decay on the non-default optimizers. */
    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (Cell cell : Cell.values()) {
            out.add(Arguments.of(cell, optimization(OptimizerKind.ADAGRAD, ClipMode.ELEMENTWISE, LearningRateDecay.Kind.NONE)));
            out.add(Arguments.of(cell, optimization(OptimizerKind.RMSPROP, ClipMode.ELEMENTWISE, LearningRateDecay.Kind.STEP)));
            out.add(Arguments.of(cell, optimization(OptimizerKind.ADAM, ClipMode.NORM, LearningRateDecay.Kind.COSINE)));
            out.add(Arguments.of(cell, optimization(OptimizerKind.ADAM, ClipMode.ELEMENTWISE, LearningRateDecay.Kind.NONE)));
            out.add(Arguments.of(cell, optimization(OptimizerKind.RMSPROP, ClipMode.NORM, LearningRateDecay.Kind.NONE)));
        }
        return out.stream();
    }

    private static TrainingConfig config(Cell cell, Optimization o) {
        // a small rate suits RMSprop and Adam (both step about lr per entry); clip 1 so that norm clipping acts
        return CheckpointTest.config().withCell(cell).withLearningRate(0.005).withClip(1.0).withIterations(120).withOptimization(o);
    }

    private static Trainer trained(TrainingConfig c, int iterations) {
        Trainer t = new Trainer(CORPUS, c);
        for (int i = 0; i < iterations; i++) {
            assertTrue(Double.isFinite(t.iterate()), "iteration " + i);
        }
        return t;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void savingLoadingAndTrainingOnEqualsTrainingStraight(Cell cell, Optimization o) {
        TrainingConfig c = config(cell, o);
        Trainer straight = trained(c, 120);
        Path file = dir.resolve("run.npz");
        Checkpoint.save(file, trained(c, 60));
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(c, cp.state().config());
        assertEquals(o.optimizer().cliName(), cp.state().optimizer());
        Trainer resumed = cp.resume(CORPUS);
        for (int i = 0; i < 60; i++) {
            resumed.iterate();
        }
        TrainerState a = straight.exportState();
        TrainerState b = resumed.exportState();
        CheckpointTest.assertSameBits(a.parameters(), b.parameters());
        CheckpointTest.assertSameBits(a.memory(), b.memory());
        assertArrayEquals(a.hidden(), b.hidden());
        assertEquals(a.rngState(), b.rngState());
        assertEquals(a.samples(), b.samples());
        assertEquals(straight.effectiveLearningRate(), resumed.effectiveLearningRate());
    }

    @Test
    void adamsArraysHaveTheirOwnNamesAndItsFirstMomentMayBeNegative() throws IOException {
        Path file = dir.resolve("adam.npz");
        Trainer t = trained(config(Cell.LSTM, optimization(OptimizerKind.ADAM, ClipMode.NORM, LearningRateDecay.Kind.NONE)), 30);
        Checkpoint.save(file, t);
        Map<String, byte[]> es = entries(file);
        for (String name : Checkpoint.parameterNames(Cell.LSTM)) {
            assertTrue(es.containsKey("exp_avg_" + name + ".npy") && es.containsKey("exp_avg_sq_" + name + ".npy"), name + " in " + es.keySet());
            assertFalse(es.containsKey("m" + name + ".npy"), "no Adagrad memory named m" + name);
        }
        assertTrue(es.containsKey(Adam.STEP_NAME + ".npy"));
        String meta = metadata(es);
        assertTrue(meta.contains("\"optimizer\": \"adam\""), meta);
        assertTrue(meta.contains("\"clip_mode\": \"norm\""), meta);
        TrainerState s = Checkpoint.load(file).state();
        List<Tensor> memory = s.memory();
        assertEquals(2 * 6 + 1, memory.size());
        assertEquals(30.0, memory.get(12).data[0]);
        boolean negative = false;
        for (int k = 0; k < 6; k++) {
            for (double v : memory.get(k).data) {
                negative |= v < 0;
            }
        }
        assertTrue(negative, "Adam's first moment has negative entries and loads");
        // the views see the second moment as the optimizer's memory
        assertEquals("exp_avg_sq_weight_ih", s.modelSnapshot().memory().get(0).name);
    }

    @Test
    void aDefaultRunsCheckpointHasTheSameEntriesAndKeysAsBefore() throws IOException {
        Path file = dir.resolve("default.npz");
        Checkpoint.save(file, trained(CheckpointTest.config(), 5));
        Map<String, byte[]> es = entries(file);
        assertEquals(List.of("Wxh.npy", "Whh.npy", "Why.npy", "bh.npy", "by.npy", "mWxh.npy", "mWhh.npy", "mWhy.npy", "mbh.npy",
                "mby.npy", "hprev.npy", "metadata.json"), List.copyOf(es.keySet()));
        String meta = metadata(es);
        for (String key : List.of("clip_mode", "lr_decay", "lr_min", "exp_avg")) {
            assertFalse(meta.contains(key), key + " in " + meta);
        }
        assertTrue(meta.contains("\"optimizer\": \"adagrad\""), meta);
    }

    @Test
    void aDamagedAdamStepCountOrAMissingMomentIsRefusedInOneLine() throws IOException {
        Path file = dir.resolve("adam.npz");
        Checkpoint.save(file, trained(config(Cell.GRU, optimization(OptimizerKind.ADAM, ClipMode.ELEMENTWISE, LearningRateDecay.Kind.NONE)), 4));
        Path halfStep = rewrite(file, dir.resolve("half.npz"), es -> {
            es.put(Adam.STEP_NAME + ".npy", Npy.write(new Tensor(Adam.STEP_NAME, 1, 1, new double[] {2.5})));
            return es;
        });
        String e = assertThrows(BadInputException.class, () -> Checkpoint.load(halfStep)).getMessage();
        assertTrue(e.contains("invalid Adam step count 2.5"), e);
        Path missing = rewrite(file, dir.resolve("missing.npz"), es -> {
            es.remove("exp_avg_sq_by.npy");
            return es;
        });
        e = assertThrows(BadInputException.class, () -> Checkpoint.load(missing)).getMessage();
        assertTrue(e.contains("exp_avg_sq_by.npy is missing"), e);
        assertFalse(e.contains("\n"));
    }
}
