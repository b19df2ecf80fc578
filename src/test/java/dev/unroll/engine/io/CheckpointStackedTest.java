package dev.unroll.engine.io;

import static dev.unroll.engine.io.CheckpointTest.entries;
import static dev.unroll.engine.io.CheckpointTest.metadata;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Sampler;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Precision;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.Depth;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checkpoint format 3, of runs with stacked layers or batches: N + M iterations equal N, save, load,
 * M for every cell and optimizer (dropout on, so the generator's state matters); the arrays under
 * PyTorch's names and shapes; the states per layer; generating from the loaded weights.
 */
class CheckpointStackedTest {
    @TempDir
    Path dir;

    private static final Corpus CORPUS = Corpus.of("song.txt", CheckpointTest.TEXT);
    private static final Depth DEPTH = new Depth(2, 3, 0.25);

    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (Cell cell : Cell.values()) {
            for (OptimizerKind kind : OptimizerKind.values()) {
                out.add(Arguments.of(cell, kind));
            }
        }
        return out.stream();
    }

    private static TrainingConfig config(Cell cell, OptimizerKind kind) {
        Optimization o = new Optimization(kind, kind == OptimizerKind.ADAM ? ClipMode.NORM : ClipMode.ELEMENTWISE, LearningRateDecay.none());
        return CheckpointTest.config().withCell(cell).withLearningRate(0.005).withClip(1.0).withIterations(80).withOptimization(o)
                .withDepth(DEPTH).withSampleEvery(15);
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
    void savingLoadingAndTrainingOnEqualsTrainingStraight(Cell cell, OptimizerKind kind) throws IOException {
        TrainingConfig c = config(cell, kind);
        Trainer straight = trained(c, 80);
        Path file = dir.resolve("run.npz");
        Checkpoint.save(file, trained(c, 50));
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(Checkpoint.STACKED_FORMAT_VERSION, cp.formatVersion());
        assertEquals(c, cp.state().config());
        Trainer resumed = cp.resume(CORPUS);
        assertInstanceOf(DeepRnn.class, resumed.model());
        for (int i = 0; i < 30; i++) {
            resumed.iterate();
        }
        TrainerState a = straight.exportState();
        TrainerState b = resumed.exportState();
        CheckpointTest.assertSameBits(a.parameters(), b.parameters());
        CheckpointTest.assertSameBits(a.memory(), b.memory());
        assertArrayEquals(a.hidden(), b.hidden());
        assertEquals(a.pointer(), b.pointer());
        assertEquals(a.rngState(), b.rngState());
        assertEquals(a.samples(), b.samples());
    }

    /** PyTorch's names and shapes: 2-D weights, 1-D biases; one B x H state per layer (and c for the LSTM); the settings in the metadata. */
    @Test
    void theArraysAreNamedAndShapedAsPyTorchsStateDict() throws IOException {
        Path file = dir.resolve("lstm.npz");
        Trainer t = trained(config(Cell.LSTM, OptimizerKind.ADAM), 5);
        Checkpoint.save(file, t);
        Map<String, byte[]> es = entries(file);
        int V = CORPUS.vocabulary().size();
        int H = t.config().hiddenSize();
        assertTrue(header(es, "weight_ih_l0.npy").contains("'shape': (" + 4 * H + ", " + V + ")"));
        assertTrue(header(es, "weight_ih_l1.npy").contains("'shape': (" + 4 * H + ", " + H + ")"));
        assertTrue(header(es, "weight_hh_l1.npy").contains("'shape': (" + 4 * H + ", " + H + ")"));
        assertTrue(header(es, "bias_ih_l1.npy").contains("'shape': (" + 4 * H + ",)"), header(es, "bias_ih_l1.npy"));
        assertTrue(header(es, "exp_avg_bias_hh_l0.npy").contains("'shape': (" + 4 * H + ",)"));
        assertTrue(header(es, "Why.npy").contains("'shape': (" + V + ", " + H + ")"));
        for (String s : List.of("h_l0.npy", "h_l1.npy", "c_l0.npy", "c_l1.npy")) {
            assertTrue(header(es, s).contains("'shape': (3, " + H + ")"), s);
        }
        assertTrue(!es.containsKey(Checkpoint.HIDDEN_ENTRY), "no hprev in format 3");
        String meta = metadata(es);
        assertTrue(meta.contains("\"format_version\": 3"), meta);
        assertTrue(meta.contains("\"layers\": 2") && meta.contains("\"batch_size\": 3") && meta.contains("\"dropout\": 0.25")
                && meta.contains("\"precision\": \"f64\""), meta);
        int stretch = t.trainLength() / 3;
        int p = t.exportState().pointer();
        assertTrue(meta.contains("\"stream_positions\": [" + p + ", " + (stretch + p) + ", " + (2 * stretch + p) + "]"), meta);
        // stream 1's layer-1 state is row 1 of h_l1 and c_l1
        TrainerState s = Checkpoint.load(file).state();
        int S = 2 * H;
        double[] mine = t.exportState().hidden();
        for (int j = 0; j < H; j++) {
            assertEquals(mine[(1 * 2 + 1) * S + j], s.hidden()[(1 * 2 + 1) * S + j], 0.0);
            assertEquals(mine[(1 * 2 + 1) * S + H + j], s.hidden()[(1 * 2 + 1) * S + H + j], 0.0);
        }
    }

    /** A float32 run resumes bit for bit too, and says its precision. */
    @Test
    void aFloat32RunResumesBitForBit() throws IOException {
        TrainingConfig c = config(Cell.LSTM, OptimizerKind.ADAM).withDepth(new Depth(2, 3, 0.25, Precision.F32));
        Trainer straight = trained(c, 60);
        Path file = dir.resolve("f32.npz");
        Checkpoint.save(file, trained(c, 35));
        assertTrue(metadata(entries(file)).contains("\"precision\": \"f32\""));
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(c, cp.state().config());
        Trainer resumed = cp.resume(CORPUS);
        for (int i = 0; i < 25; i++) {
            resumed.iterate();
        }
        CheckpointTest.assertSameBits(straight.exportState().parameters(), resumed.exportState().parameters());
        CheckpointTest.assertSameBits(straight.exportState().memory(), resumed.exportState().memory());
        assertArrayEquals(straight.exportState().hidden(), resumed.exportState().hidden());
    }

    @Test
    void theLoadedWeightsGenerateAsTheRunDoes() {
        Path file = dir.resolve("gru.npz");
        Trainer t = trained(config(Cell.GRU, OptimizerKind.ADAGRAD), 10);
        Checkpoint.save(file, t);
        ModelSnapshot m = Checkpoint.loadModel(file);
        assertEquals(2, m.layers());
        assertEquals(Cell.GRU, m.cell());
        RecurrentModel model = m.newModel();
        assertInstanceOf(DeepRnn.class, model);
        int[] a = Sampler.generate(model, new double[m.stateSize()], 0, 50, 1.0, Sampler.Mode.SAMPLE, 0, new Rng(3));
        int[] b = Sampler.generate(t.model(), new double[m.stateSize()], 0, 50, 1.0, Sampler.Mode.SAMPLE, 0, new Rng(3));
        assertArrayEquals(b, a);
    }

    private static String header(Map<String, byte[]> es, String name) {
        byte[] bytes = es.get(name);
        assertTrue(bytes != null, name + " in " + es.keySet());
        return new String(bytes, 0, Math.min(bytes.length, 128), StandardCharsets.ISO_8859_1);
    }
}
