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
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Checkpoint format 2: every cell saves, loads and resumes bit for bit; mismatched files are refused in one line. */
class CheckpointCellsTest {
    @TempDir
    Path dir;

    private static Trainer trained(Cell cell, int iterations) {
        Trainer t = new Trainer(Corpus.of("song.txt", CheckpointTest.TEXT), CheckpointTest.config().withCell(cell));
        for (int i = 0; i < iterations; i++) {
            t.iterate();
        }
        return t;
    }

    private static String loadError(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.load(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void savingLoadingAndTrainingOnEqualsTrainingStraight(Cell cell) {
        Corpus corpus = Corpus.of("song.txt", CheckpointTest.TEXT);
        Trainer straight = trained(cell, 120);
        Path file = dir.resolve(cell.cliName() + ".npz");
        Checkpoint.save(file, trained(cell, 60));
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(Checkpoint.FORMAT_VERSION, cp.formatVersion());
        assertEquals(cell, cp.state().config().cell());
        Trainer resumed = cp.resume(corpus);
        assertEquals(cell, resumed.cell());
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
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void theArraysHaveTheirCellsNamesAndTheLstmItsCellState(Cell cell) throws IOException {
        Path file = dir.resolve("c.npz");
        Trainer t = trained(cell, 3);
        Checkpoint.save(file, t);
        Map<String, byte[]> es = entries(file);
        for (String name : Checkpoint.parameterNames(cell)) {
            assertTrue(es.containsKey(name + ".npy") && es.containsKey("m" + name + ".npy"), name + " in " + es.keySet());
        }
        assertEquals(cell == Cell.LSTM, es.containsKey("cprev.npy"));
        assertTrue(metadata(es).contains("\"cell\": \"" + cell.cliName() + "\""), metadata(es));
        double[] state = t.exportState().hidden();
        double[] loaded = Checkpoint.load(file).state().hidden();
        assertEquals(cell.stateSize(12), loaded.length);
        assertArrayEquals(state, loaded);
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void aFileOfOneCellReadAsAnotherIsRefused(Cell cell) throws IOException {
        Path file = dir.resolve("c.npz");
        Checkpoint.save(file, trained(cell, 3));
        Cell other = cell == Cell.LSTM ? Cell.GRU : Cell.LSTM;
        Path relabelled = rewrite(file, dir.resolve("relabelled.npz"), es -> {
            es.put("metadata.json", metadata(es).replace("\"" + cell.cliName() + "\"", "\"" + other.cliName() + "\"")
                    .getBytes(StandardCharsets.UTF_8));
            return es;
        });
        String m = loadError(relabelled);
        assertTrue(m.contains("wrong shape for weight_ih") || m.contains("cprev.npy is missing"), m);
        Path halfRelabelled = rewrite(file, dir.resolve("half.npz"), es -> {
            es.put("metadata.json", metadata(es).replace("\"cell\": \"" + cell.cliName() + "\"", "\"cell\": \"" + other.cliName() + "\"")
                    .getBytes(StandardCharsets.UTF_8));
            return es;
        });
        assertTrue(loadError(halfRelabelled).contains("is inconsistent: its model is \"" + cell.cliName() + "\" but its cell is "
                + other.cliName()), loadError(halfRelabelled));
    }

    @Test
    void missingCellStateUnknownCellAndOversizedGatedCellAreRefused() throws IOException {
        Path file = dir.resolve("lstm.npz");
        Checkpoint.save(file, trained(Cell.LSTM, 3));
        Path noC = rewrite(file, dir.resolve("noc.npz"), es -> {
            es.remove("cprev.npy");
            return es;
        });
        assertTrue(loadError(noC).contains("is incomplete: the entry cprev.npy is missing"), loadError(noC));
        Path unknown = rewrite(file, dir.resolve("unknown.npz"), es -> {
            es.put("metadata.json", metadata(es).replace("\"cell\": \"lstm\"", "\"cell\": \"transformer\"").getBytes(StandardCharsets.UTF_8));
            return es;
        });
        assertTrue(loadError(unknown).contains("holds an unknown cell \"transformer\""), loadError(unknown));
        Path huge = rewrite(file, dir.resolve("huge.npz"), es -> {
            es.put("metadata.json", metadata(es).replace("\"hidden_size\": 12", "\"hidden_size\": 3000").getBytes(StandardCharsets.UTF_8));
            return es;
        });
        assertTrue(loadError(huge).contains("hidden size must be between 1 and 2048 for the lstm cell (got 3000)"), loadError(huge));
    }

    @Test
    void aStateWhoseParametersBelongToAnotherCellIsNotResumed() {
        TrainerState gru = trained(Cell.GRU, 2).exportState();
        TrainerState mislabelled = new TrainerState(gru.config().withCell(Cell.LSTM), gru.vocabulary(), gru.optimizer(),
                gru.parameters(), gru.memory(), gru.hidden(), gru.pointer(), gru.iteration(), gru.smoothLoss(), gru.lastLoss(),
                gru.valLoss(), gru.rngState(), gru.learningRate(), gru.temperature(), gru.elapsedNanos(), gru.samples());
        BadInputException e = assertThrows(BadInputException.class,
                () -> Trainer.resume(Corpus.of("song.txt", CheckpointTest.TEXT), mislabelled));
        assertEquals("the saved parameters are those of a gru cell, but the settings say lstm", e.getMessage());
    }
}
