package dev.unroll.engine.io;

import static dev.unroll.engine.io.CheckpointTest.rewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.train.Adagrad;
import dev.unroll.engine.train.Trainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Issue 23 item 4: a checkpoint holding values no run can produce (a negative Adagrad memory, a
 * hidden state beyond ±1) is refused when it loads, naming the array, instead of loading and later
 * blowing up a resumed run with advice to lower the rate.
 */
class CheckpointValuesTest {
    @TempDir
    Path dir;

    private Path saved(Cell cell) {
        Trainer t = new Trainer(Corpus.of("song.txt", CheckpointTest.TEXT), CheckpointTest.config().withCell(cell));
        for (int i = 0; i < 20; i++) {
            t.iterate();
        }
        Path file = dir.resolve(cell.cliName() + ".npz");
        Checkpoint.save(file, t);
        return file;
    }

    /** A copy of {@code file} whose array {@code entry} has {@code value} at index {@code at}. */
    private Path withValue(Path file, String entry, int at, double value) throws IOException {
        return rewrite(file, dir.resolve(entry + "-" + value + ".npz"), es -> {
            try {
                Tensor t = Npy.read(entry, es.get(entry + ".npy"));
                t.data[at] = value;
                es.put(entry + ".npy", Npy.write(t));
            } catch (Npy.FormatException e) {
                throw new IllegalStateException(e);
            }
            return es;
        });
    }

    private static String loadError(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.load(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void aNegativeAdagradMemoryIsRefusedNamingTheArray(Cell cell) throws IOException {
        String memory = cell == Cell.VANILLA ? "mWhh" : "mweight_hh";
        Path bad = withValue(saved(cell), memory, 3, -0.5);
        assertTrue(loadError(bad).endsWith("holds a negative value in " + memory + " (-0.5 at row 0, column 3);"
                + " adagrad's memory is a sum of squared gradients, so the file is damaged"), loadError(bad));
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void aHiddenStateBeyondOneIsRefusedNamingTheArray(Cell cell) throws IOException {
        Path bad = withValue(saved(cell), "hprev", 2, 1e300);
        assertTrue(loadError(bad).endsWith("holds 1.0E300 in hprev (row 2); the " + cell.cliName()
                + " cell's hidden state lies between -1 and 1, so the file is damaged"), loadError(bad));
        Path justOver = withValue(saved(cell), "hprev", 0, -1.0000001);
        assertTrue(loadError(justOver).contains("in hprev (row 0)"), loadError(justOver));
    }

    /** The LSTM's cell state is not a tanh: large values are ones a run can make, and they load. */
    @Test
    void anLstmCellStateBeyondOneLoads() throws IOException {
        Path file = withValue(saved(Cell.LSTM), "cprev", 1, 7.5);
        assertEquals(7.5, Checkpoint.load(file).state().hidden()[CheckpointTest.config().hiddenSize() + 1]);
    }

    /** The check goes by the memory's role: only sums of squared gradients must not be negative. */
    @Test
    void onlyMemoriesOfSquaredGradientsMustBeNonNegative() {
        assertTrue(Checkpoint.holdsSquaredGradients("adagrad"));
        assertTrue(Checkpoint.holdsSquaredGradients("rmsprop"));
        assertFalse(Checkpoint.holdsSquaredGradients("adam"));
    }
}
