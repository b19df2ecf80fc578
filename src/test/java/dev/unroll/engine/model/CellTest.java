package dev.unroll.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Rng;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

class CellTest {

    @Test
    void namesParseBothWaysAndUnknownNamesAreRefusedInOneLine() {
        for (Cell c : Cell.values()) {
            assertEquals(c, Cell.parse(c.cliName()));
            assertEquals(c, Cell.parse(" " + c.cliName().toUpperCase() + " "));
        }
        assertEquals(List.of("vanilla", "lstm", "gru"), List.of(Cell.VANILLA.cliName(), Cell.LSTM.cliName(), Cell.GRU.cliName()));
        for (String bad : new String[] {"rnn", "", "lstm2", null}) {
            BadInputException e = assertThrows(BadInputException.class, () -> Cell.parse(bad));
            assertEquals("unknown cell '" + bad + "': use vanilla, lstm or gru", e.getMessage());
        }
    }

    @Test
    void vanillaCreatesTodaysModelBitForBit() {
        RecurrentModel m = Cell.VANILLA.create(65, 100, new Rng(42));
        VanillaRnn today = new VanillaRnn(65, 100, new Rng(42));
        assertInstanceOf(VanillaRnn.class, m);
        for (int k = 0; k < today.parameters().size(); k++) {
            assertEquals(today.parameters().get(k).name, m.parameters().get(k).name);
            assertArrayEquals(today.parameters().get(k).data, m.parameters().get(k).data);
        }
        assertEquals(100, m.stateSize());
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void parameterCountStateSizeAndNamesAgreeWithTheModel(Cell cell) {
        for (int[] vh : new int[][] {{65, 100}, {1, 1}, {7, 33}}) {
            RecurrentModel m = cell.create(vh[0], vh[1], new Rng(1));
            long n = 0;
            for (Tensor t : m.parameters()) {
                n += t.size();
            }
            assertEquals(n, cell.parameterCount(vh[0], vh[1]));
            assertEquals(cell.stateSize(vh[1]), m.stateSize());
            assertEquals(cell, m.cell());
            assertEquals(cell, Cell.ofParameters(m.parameters()));
            assertEquals(cell, m.copy().cell());
            assertEquals(cell, cell.createZero(vh[0], vh[1]).cell());
            for (int k = 0; k < m.parameters().size(); k++) {
                assertEquals("d" + m.parameters().get(k).name, m.gradients().get(k).name);
            }
        }
        List<String> names = cell.create(5, 3, new Rng(1)).parameters().stream().map(t -> t.name).toList();
        assertEquals(cell == Cell.VANILLA ? List.of("Wxh", "Whh", "Why", "bh", "by")
                : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh", "Why", "by"), names);
    }

    @Test
    void parameterCountsByTheFormula() {
        // V = 65, H = 100: vanilla 6,500 + 10,000 + 100 + 6,500 + 65; LSTM 4 (6,500 + 10,000 + 200) + 6,565; GRU 3 (...) + 6,565
        assertEquals(23_165, Cell.VANILLA.parameterCount(65, 100));
        assertEquals(73_365, Cell.LSTM.parameterCount(65, 100));
        assertEquals(56_665, Cell.GRU.parameterCount(65, 100));
        assertEquals(4L * (4096L * 4096 + 4096L * 65 + 2 * 4096) + 65L * 4096 + 65, Cell.LSTM.parameterCount(65, 4096));
    }

    @Test
    void parametersOfNoCellAreRefused() {
        List<Tensor> odd = List.of(new Tensor("weight_ih", 10, 3), new Tensor("weight_hh", 10, 5), new Tensor("bias_ih", 10, 1),
                new Tensor("bias_hh", 10, 1), new Tensor("Why", 3, 5), new Tensor("by", 3, 1));
        assertThrows(BadInputException.class, () -> Cell.ofParameters(odd));
        assertThrows(BadInputException.class, () -> Cell.ofParameters(List.of(new Tensor("Whh", 2, 2))));
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void theMatchingHiddenSizeHasTheClosestParameterCount(Cell cell) {
        int vocab = 40;
        long target = Cell.VANILLA.parameterCount(vocab, 100);
        int h = cell.hiddenSizeMatching(vocab, target);
        long here = Math.abs(cell.parameterCount(vocab, h) - target);
        assertTrue(here <= Math.abs(cell.parameterCount(vocab, h - 1) - target), "h-1 would be closer");
        assertTrue(here <= Math.abs(cell.parameterCount(vocab, h + 1) - target), "h+1 would be closer");
        if (cell == Cell.VANILLA) {
            assertEquals(100, h);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> cell.hiddenSizeMatching(vocab, 5));
        assertTrue(e.getMessage().contains("(hidden " + cell.maxHidden() + ")"), e.getMessage());
    }
}
