package dev.unroll.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;

import java.util.List;

class SweepGridTest {

    @Test
    void parsesListsRangesAndSteps() {
        assertEquals(List.of(100, 250, 500), SweepGrid.parseInts("hidden sizes", "100,250,500"));
        assertEquals(List.of(1L, 2L, 3L), SweepGrid.parseLongs("seeds", "1..3"));
        assertEquals(List.of(10, 30, 50, 7), SweepGrid.parseInts("x", "10..50:20, 7"));
        assertEquals(List.of(0.1, 0.01, 0.001), SweepGrid.parseDoubles("learning rates", "0.1,0.01,1e-3"));
    }

    @Test
    void refusesBadListsWithMessagesNamingTheSetting() {
        assertTrue(assertThrows(BadInputException.class, () -> SweepGrid.parseInts("hidden sizes", " ")).getMessage()
                .contains("empty"));
        assertTrue(assertThrows(BadInputException.class, () -> SweepGrid.parseInts("hidden sizes", "100,,250")).getMessage()
                .contains("empty value"));
        assertTrue(assertThrows(BadInputException.class, () -> SweepGrid.parseLongs("seeds", "3..1")).getMessage()
                .contains("empty"));
        assertTrue(assertThrows(BadInputException.class, () -> SweepGrid.parseDoubles("learning rates", "0.1..1")).getMessage()
                .contains("list"));
        assertTrue(assertThrows(BadInputException.class, () -> SweepGrid.parseInts("hidden sizes", "a")).getMessage()
                .contains("'a' is not a whole number"));
    }

    @Test
    void refusesAnEmptyGridDuplicatesAndBadValues() {
        TrainingConfig base = TrainingConfig.defaults();
        BadInputException empty = assertThrows(BadInputException.class,
                () -> new SweepGrid(List.of(), List.of(0.1), List.of(25), List.of(1L), base));
        assertEquals("the grid is empty: give at least one value for hidden sizes", empty.getMessage());
        BadInputException dup = assertThrows(BadInputException.class,
                () -> new SweepGrid(List.of(100), List.of(0.1, 0.1), List.of(25), List.of(1L), base));
        assertEquals("duplicate configuration: learning rates lists 0.1 twice", dup.getMessage());
        BadInputException bad = assertThrows(BadInputException.class,
                () -> new SweepGrid(List.of(100, 0), List.of(0.1), List.of(25), List.of(1L), base));
        assertTrue(bad.getMessage().startsWith("hidden size must be between 1"), bad.getMessage());
        assertThrows(BadInputException.class, () -> new SweepGrid(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
                List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), List.of(25), SweepGrid.parseLongs("seeds", "1..11"), base));
    }

    @Test
    void theOriginalPresetIsTheTalksNineRunsInTableOrder() {
        SweepGrid g = SweepGrid.original(TrainingConfig.defaults());
        List<RunSpec> runs = g.runs();
        assertEquals(9, runs.size());
        assertEquals(9, g.size());
        assertEquals(1_000_000, runs.get(0).config().iterations());
        assertEquals(100, runs.get(0).config().hiddenSize());
        assertEquals(0.1, runs.get(0).config().learningRate());
        assertEquals(0.01, runs.get(1).config().learningRate());
        assertEquals(250, runs.get(3).config().hiddenSize());
        assertEquals(500, runs.get(8).config().hiddenSize());
        assertEquals(0.001, runs.get(8).config().learningRate());
        assertEquals("09", runs.get(8).id());
        assertEquals("09-hs500-lr0.001-is25-seed42", runs.get(8).folderName());
        for (RunSpec r : runs) {
            assertEquals(25, r.config().sequenceLength());
        }
    }

    @Test
    void formatsRatesAsPeopleWriteThem() {
        assertEquals("0.1", SweepGrid.formatRate(0.1));
        assertEquals("0.00001", SweepGrid.formatRate(1e-5));
        assertEquals("2", SweepGrid.formatRate(2.0));
    }

    @Test
    void cellsAreTheOutermostAxis() {
        TrainingConfig base = TrainingConfig.defaults();
        SweepGrid g = new SweepGrid(List.of(Cell.GRU, Cell.VANILLA), List.of(100, 250), List.of(0.1), List.of(25), List.of(1L), base);
        List<RunSpec> runs = g.runs();
        assertEquals(4, g.size());
        assertEquals(List.of(Cell.GRU, Cell.GRU, Cell.VANILLA, Cell.VANILLA), runs.stream().map(r -> r.config().cell()).toList());
        assertEquals(List.of(100, 250, 100, 250), runs.stream().map(r -> r.config().hiddenSize()).toList());
        assertEquals("01-gru-hs100-lr0.1-is25-seed1", runs.get(0).folderName());
        assertEquals("03-hs100-lr0.1-is25-seed1", runs.get(2).folderName());
        assertEquals(Cell.GRU, g.base().cell());
        assertEquals(List.of(Cell.VANILLA), new SweepGrid(List.of(8), List.of(0.1), List.of(25), List.of(1L), base).cells());
        assertEquals(List.of(Cell.LSTM, Cell.VANILLA), SweepGrid.parseCells("cells", "LSTM, vanilla"));
        assertTrue(assertThrows(BadInputException.class, () -> SweepGrid.parseCells("cells", "lstm,lstm")).getMessage()
                .contains("lists lstm twice"));
        assertTrue(assertThrows(BadInputException.class, () -> SweepGrid.parseCells("cells", "cnn")).getMessage()
                .contains("unknown cell 'cnn'"));
        String tooLarge = assertThrows(BadInputException.class, () -> new SweepGrid(List.of(Cell.VANILLA, Cell.LSTM),
                List.of(3000), List.of(0.1), List.of(25), List.of(1L), base)).getMessage();
        assertTrue(tooLarge.contains("between 1 and 2048 for the lstm cell"), tooLarge);
    }
}
