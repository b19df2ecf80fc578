package dev.unroll.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.OptimizerKind;
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

    /**
     * Layers, batch size and optimizer are axes between the cell and the learning rate; each run's folder and
     * label name the settings that are not the seed's, so runs that differ only there stay apart; the manifest
     * says format 2 and reads back to the same grid.
     */
    @Test
    void layersBatchAndOptimizerAreAxesThatNameTheirRunsAndSurviveTheManifest() {
        TrainingConfig base = TrainingConfig.defaults().withIterations(50);
        SweepGrid g = new SweepGrid(List.of(Cell.GRU), List.of(1, 2), List.of(8), List.of(1, 3), List.of(OptimizerKind.ADAGRAD, OptimizerKind.ADAM),
                List.of(0.01), List.of(10), List.of(4L), base);
        List<RunSpec> runs = g.runs();
        assertEquals(8, runs.size());
        assertEquals(8, g.size());
        assertEquals(List.of("01-gru-hs8-lr0.01-is10-seed4", "02-gru-hs8-adam-lr0.01-is10-seed4", "03-gru-hs8-bs3-lr0.01-is10-seed4",
                "04-gru-hs8-bs3-adam-lr0.01-is10-seed4", "05-gru-nl2-hs8-lr0.01-is10-seed4", "06-gru-nl2-hs8-adam-lr0.01-is10-seed4",
                "07-gru-nl2-hs8-bs3-lr0.01-is10-seed4", "08-gru-nl2-hs8-bs3-adam-lr0.01-is10-seed4"),
                runs.stream().map(RunSpec::folderName).toList());
        RunSpec last = runs.get(7);
        assertEquals(new Depth(2, 3, 0.0), last.config().depth());
        assertEquals(OptimizerKind.ADAM, last.config().optimization().optimizer());
        assertEquals(50, last.config().iterations());
        assertEquals("08 gru  h8 L2 B3 adam lr0.01 T10 s4", last.label());

        SweepManifest m = new SweepManifest("axes", new SweepManifest.CorpusRef("c", "ab", 10, ""), g, new SweepOptions(10, 100, 1));
        String text = m.toText();
        assertTrue(text.contains("format_version=2"), text);
        assertTrue(text.contains("grid.layers=1,2"), text);
        assertTrue(text.contains("grid.batch_sizes=1,3"), text);
        assertTrue(text.contains("grid.optimizers=adagrad,adam"), text);
        SweepManifest back = SweepManifest.parse("sweep.properties", text);
        assertEquals(g, back.grid());
        assertTrue(back.sameSweepAs(m));
        assertEquals(runs, back.runs());
    }

    /** A grid that does not vary them keeps the base's layers, batch and optimizer, and its manifest is format 1 as before. */
    @Test
    void aGridOfOneDepthIsTheGridOfBeforeTheAxes() {
        TrainingConfig base = TrainingConfig.defaults().withDepth(new Depth(2, 4, 0.0))
                .withOptimization(TrainingConfig.defaults().optimization().withOptimizer(OptimizerKind.ADAM));
        SweepGrid old = new SweepGrid(List.of(Cell.LSTM), List.of(8, 16), List.of(0.01), List.of(10), List.of(1L), base);
        assertEquals(List.of(2), old.layers());
        assertEquals(List.of(4), old.batchSizes());
        assertEquals(List.of(OptimizerKind.ADAM), old.optimizers());
        assertEquals(new SweepGrid(List.of(Cell.LSTM), List.of(2), List.of(8, 16), List.of(4), List.of(OptimizerKind.ADAM), List.of(0.01),
                List.of(10), List.of(1L), base), old);
        String text = new SweepManifest("one", new SweepManifest.CorpusRef("c", "ab", 10, ""), old, new SweepOptions(10, 100, 1)).toText();
        assertTrue(text.contains("format_version=1"), text);
        assertFalse(text.contains("grid.layers"), text);
        assertEquals(old, SweepManifest.parse("sweep.properties", text).grid());
        assertEquals("01-lstm-nl2-hs8-bs4-adam-lr0.01-is10-seed1", old.runs().get(0).folderName());
    }

    @Test
    void badAxesAreRefusedNamingThem() {
        TrainingConfig base = TrainingConfig.defaults();
        assertEquals("duplicate configuration: layers lists 2 twice", assertThrows(BadInputException.class, () -> new SweepGrid(List.of(Cell.GRU),
                List.of(2, 2), List.of(8), List.of(1), List.of(OptimizerKind.ADAM), List.of(0.01), List.of(10), List.of(4L), base)).getMessage());
        assertEquals("duplicate configuration: optimizers lists adam twice", assertThrows(BadInputException.class, () -> new SweepGrid(List.of(Cell.GRU),
                List.of(1), List.of(8), List.of(1), List.of(OptimizerKind.ADAM, OptimizerKind.ADAM), List.of(0.01), List.of(10), List.of(4L), base))
                .getMessage());
        TrainingConfig dropped = base.withDepth(new Depth(2, 1, 0.3));
        assertTrue(assertThrows(BadInputException.class, () -> new SweepGrid(List.of(Cell.GRU), List.of(2, 1), List.of(8), List.of(1),
                List.of(OptimizerKind.ADAM), List.of(0.01), List.of(10), List.of(4L), dropped)).getMessage().contains("dropout acts between layers"));
        assertTrue(assertThrows(BadInputException.class, () -> SweepGrid.parseOptimizers("--optimizer", "adam,sgd")).getMessage()
                .startsWith("--optimizer: unknown optimizer 'sgd'"));
    }
}
