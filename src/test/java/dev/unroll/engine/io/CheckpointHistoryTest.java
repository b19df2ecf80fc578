package dev.unroll.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.ReferenceEquivalenceTest;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.HistoryEntry;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's history travels with its checkpoint ({@code history/<iteration>/<name>.npy} and the {@code history} key):
 * saved and loaded bit for bit for one layer and for a stacked model, continued by a resumed run, opened by numpy;
 * files written before histories load with none.
 */
class CheckpointHistoryTest {
    static final Corpus CORPUS = Corpus.of("h.txt", "hello world, hello rnn. the cat sat on the mat. ".repeat(40));

    @TempDir
    Path dir;

    static TrainingConfig config(Cell cell, Depth depth) {
        return TrainingConfig.defaults().withCell(cell).withHiddenSize(10).withSequenceLength(8).withIterations(1_200)
                .withSampleEvery(100).withSampleLength(20).withValFraction(0.1).withEvalEvery(50).withDepth(depth);
    }

    private static Trainer trained(TrainingConfig c, long to) {
        Trainer t = new Trainer(CORPUS, c);
        while (t.iteration() < to) {
            t.iterate();
        }
        return t;
    }

    private static void assertSameHistory(List<HistoryEntry> expected, List<HistoryEntry> actual) {
        assertEquals(expected.stream().map(HistoryEntry::iteration).toList(), actual.stream().map(HistoryEntry::iteration).toList());
        for (int i = 0; i < expected.size(); i++) {
            HistoryEntry e = expected.get(i);
            HistoryEntry a = actual.get(i);
            assertEquals(e.parameters().stream().map(t -> t.name).toList(), a.parameters().stream().map(t -> t.name).toList());
            ReferenceEquivalenceTest.assertTensorsEqual(e.parameters(), a.parameters());
            assertEquals(Double.doubleToLongBits(e.smoothLoss()), Double.doubleToLongBits(a.smoothLoss()));
            assertEquals(Double.doubleToLongBits(e.valLoss()), Double.doubleToLongBits(a.valLoss()));
            assertEquals(e.sample(), a.sample());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vanilla", "lstm", "gru-stacked", "lstm-stacked"})
    void theHistoryRoundTripsAndAResumedRunContinuesIt(String which) {
        Cell cell = Cell.parse(which.replace("-stacked", ""));
        Depth depth = which.endsWith("stacked") ? new Depth(2, 3, 0.1) : Depth.single();
        Trainer t = trained(config(cell, depth), 600);
        Path file = dir.resolve(which + ".npz");
        Checkpoint.save(file, t);
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(3, cp.state().history().size(), "100, 200, 500");
        assertSameHistory(t.history(), cp.state().history());
        assertTrue(cp.state().history().get(1).sample() != null, "the sample written from the weights at 200");

        Trainer resumed = cp.resume(CORPUS);
        while (resumed.iteration() < 1_200) {
            resumed.iterate();
        }
        assertSameHistory(trained(config(cell, depth), 1_200).history(), resumed.history());
    }

    /** The weights as of N: the newest kept at or before N, or the run's own at its iteration; none before the first. */
    @Test
    void theModelAtAnIterationIsTheNewestKeptAtOrBeforeIt() {
        Trainer t = trained(config(Cell.VANILLA, Depth.single()), 600);
        Path file = dir.resolve("run.npz");
        Checkpoint.save(file, t);
        TrainerState s = Checkpoint.load(file).state();
        assertTrue(s.modelAt(99).isEmpty());
        assertEquals(100, s.modelAt(100).orElseThrow().iteration());
        assertEquals(200, s.modelAt(499).orElseThrow().iteration());
        assertEquals(500, s.modelAt(599).orElseThrow().iteration());
        assertEquals(600, s.modelAt(10_000).orElseThrow().iteration());
        ModelSnapshot at200 = s.modelAt(200).orElseThrow();
        ReferenceEquivalenceTest.assertTensorsEqual(trained(config(Cell.VANILLA, Depth.single()), 200).exportState().parameters(),
                at200.parameters());
    }

    /** Every fixture of formats 1 to 3 (written before histories) still loads, with no history, and resumes keeping one. */
    @ParameterizedTest
    @ValueSource(strings = {"format1-tiny", "format2-vanilla", "format2-lstm", "format2-gru", "format2-options", "format3-stacked"})
    void checkpointsWrittenBeforeHistoriesLoadWithNone(String name) throws URISyntaxException {
        Checkpoint cp = Checkpoint.load(CheckpointFixtureTest.resource(name + ".npz"));
        assertEquals(List.of(), cp.state().history());
    }

    /**
     * The history fixtures (format 2 vanilla, format 3 stacked LSTM, {@link CheckpointFixtureGenerator#writeHistories}) load
     * with entries at 100 and 200, each with the sample drawn from its weights, and hold the very weights a run redone today keeps.
     */
    @ParameterizedTest
    @ValueSource(strings = {"format2", "format3"})
    void theHistoryFixturesLoadAndHoldTheRunsWeights(String version) throws URISyntaxException {
        Checkpoint cp = Checkpoint.load(CheckpointFixtureTest.resource(version + "-history.npz"));
        assertEquals(version.equals("format2") ? 2 : 3, cp.formatVersion());
        List<HistoryEntry> h = cp.state().history();
        assertEquals(List.of(100L, 200L), h.stream().map(HistoryEntry::iteration).toList());
        assertEquals(100, h.get(0).sample().iteration());
        assertEquals(200, h.get(1).sample().iteration());
        Corpus corpus = Corpus.load(CheckpointFixtureTest.resource(version + "-corpus.txt"));
        Trainer redo = new Trainer(corpus, CheckpointFixtureGenerator.historyConfig(version.equals("format3")));
        for (int i = 0; i < CheckpointFixtureGenerator.HISTORY_ITERATIONS; i++) {
            redo.iterate();
        }
        assertSameHistory(redo.history(), h);
    }

    @Test
    void aHistoryOutOfOrderIsRefusedWithOneLine() throws IOException {
        Trainer t = trained(config(Cell.VANILLA, Depth.single()), 300);
        Path file = dir.resolve("run.npz");
        Checkpoint.save(file, t);
        TrainerState s = t.exportState();
        List<HistoryEntry> swapped = List.of(s.history().get(1), s.history().get(0));
        TrainerState bad = new TrainerState(s.config(), s.vocabulary(), s.optimizer(), s.parameters(), s.memory(), s.hidden(),
                s.pointer(), s.iteration(), s.smoothLoss(), s.lastLoss(), s.valLoss(), s.rngState(), s.learningRate(),
                s.temperature(), s.elapsedNanos(), s.samples(), swapped);
        Path badFile = dir.resolve("bad.npz");
        Checkpoint.save(badFile, bad, Checkpoint.CorpusInfo.of(CORPUS));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.load(badFile));
        assertEquals("checkpoint " + badFile + " has a history entry of iteration 100 out of order (after 200, the run at 300)",
                e.getMessage());
    }

    @Test
    void numpyOpensTheHistory() throws Exception {
        assumeTrue(CheckpointNumpyTest.numpyAvailable(), "python3 with numpy is not installed");
        Trainer t = trained(config(Cell.LSTM, new Depth(2, 3, 0.1)), 250);
        Path file = dir.resolve("run.npz");
        Checkpoint.save(file, t);
        Path script = Files.writeString(dir.resolve("check.py"), String.join("\n",
                "import json, sys, numpy as np",
                "z = np.load(sys.argv[1])",
                "meta = json.loads(z['metadata.json'].decode('utf-8'))",
                "print('iterations', [h['iteration'] for h in meta['history']])",
                "a = z['history/200/weight_hh_l1']",
                "print('shape', 'x'.join(str(d) for d in a.shape), a.dtype, repr(float(a[0, 0])))",
                "print('bias', 'x'.join(str(d) for d in z['history/100/bias_ih_l0'].shape))",
                ""), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("python3", script.toString(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("iterations [100, 200]"), out);
        double w = t.history().get(1).parameters().get(5).data[0];
        assertEquals("weight_hh_l1", t.history().get(1).parameters().get(5).name);
        assertTrue(out.contains("shape 40x10 float64 " + w), out);
        assertTrue(out.contains("bias 40"), out);
    }
}
