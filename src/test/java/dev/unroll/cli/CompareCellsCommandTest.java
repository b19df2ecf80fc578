package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.baseline.NGramBaseline;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.corpus.StructuredTextGenerator;
import dev.unroll.engine.inspect.LayerMeasures;
import dev.unroll.engine.inspect.LongRangeMeasures;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.TextFeature;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

class CompareCellsCommandTest {
    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        return Files.writeString(dir.resolve("structured.txt"), StructuredTextGenerator.generate(5, 8_000), StandardCharsets.UTF_8);
    }

    /** Each cell's row holds the engine's figures for the same training: matched hidden size, validation loss, ratios, units. */
    @Test
    void printsOneRowPerCellWithTheEnginesFiguresAndTheBaseline() throws IOException {
        Path file = corpus();
        CliTestSupport.Result r = run("compare-cells", "--corpus-file", file.toString(), "--match-params", "4000", "--num-iterations", "40",
                "--sequence-length", "10", "--seed", "3", "--val-fraction", "0.2", "--max-order", "6", "--parallel", "2");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        Corpus corpus = Corpus.load(file);
        int vocab = corpus.vocabulary().size();
        for (Cell cell : Cell.values()) {
            int hidden = cell.hiddenSizeMatching(vocab, 4000);
            Trainer t = new Trainer(corpus, TrainingConfig.defaults().withCell(cell, hidden).withIterations(40).withSequenceLength(10)
                    .withSeed(3).withValFraction(0.2).withSampleEvery(0));
            for (int i = 0; i < 40; i++) {
                t.iterate();
            }
            LongRangeMeasures m = LongRangeMeasures.of(t.modelSnapshot(), corpus, 0.2, 10, Trainer.MAX_VALIDATION_CHARS);
            String row = "| " + cell.cliName() + " | " + hidden + " | " + Text.count(cell.parameterCount(vocab, hidden)) + " | "
                    + Text.fixed(t.smoothLoss() / 10 / Math.log(2), 4) + " | " + Text.fixed(t.validationLoss() / Math.log(2), 4) + " | " + String.format(Locale.ROOT, "%.3g", m.gradient().ratio(1, 10))
                    + " | " + (cell == Cell.LSTM ? String.format(Locale.ROOT, "%.3g", m.gradient().cellRatio(1, 10)) : "-") + " | "
                    + unit(m.units().get(TextFeature.IN_QUOTES)) + " | " + unit(m.units().get(TextFeature.BRACKET_DEPTH)) + " | ";
            assertTrue(r.out().contains(row), "expected row\n" + row + "\nin\n" + r.out());
        }
        NGramBaseline.Row best = NGramBaseline.measure(corpus, 0.2, List.of(1, 2, 3, 4, 5, 6), Trainer.MAX_VALIDATION_CHARS).best();
        assertTrue(r.out().contains("| n-gram, order " + best.order() + " (best of 1..6) | | | | " + Text.fixed(best.bitsPerChar(), 4) + " |"),
                r.out());
        assertTrue(r.out().contains("40 iterations per cell, sequence length 10, learning rate 0.1, seed 3"), r.out());
    }

    /**
     * --layers 2: each cell's hidden size matches the stacked model's count, the run line says the depth, and
     * each layer has a row with the engine's per-layer figures (LayerMeasures of the same training) and its
     * gates' saturation in percent.
     */
    @Test
    void atTwoLayersEachLayerHasARowWithItsRatiosSaturationAndUnits() throws IOException {
        Path file = corpus();
        CliTestSupport.Result r = run("compare-cells", "--corpus-file", file.toString(), "--cells", "vanilla,lstm", "--match-params", "6000",
                "--num-iterations", "30", "--sequence-length", "10", "--seed", "3", "--val-fraction", "0.2", "--max-order", "3",
                "--layers", "2", "--batch-size", "2", "--parallel", "2");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("learning rate 0.1, 2 layers, batch 2, seed 3"), r.out());
        Corpus corpus = Corpus.load(file);
        int vocab = corpus.vocabulary().size();
        for (Cell cell : List.of(Cell.VANILLA, Cell.LSTM)) {
            int hidden = cell.hiddenSizeMatching(vocab, 6000, 2);
            Trainer t = new Trainer(corpus, TrainingConfig.defaults().withCell(cell, hidden).withIterations(30).withSequenceLength(10)
                    .withSeed(3).withValFraction(0.2).withSampleEvery(0).withDepth(new Depth(2, 2, 0.0)));
            for (int i = 0; i < 30; i++) {
                t.iterate();
            }
            assertTrue(r.out().contains("| " + cell.cliName() + " | " + hidden + " | " + Text.count(DeepRnn.parameterCount(cell, vocab, hidden, 2)) + " | "),
                    r.out());
            List<LayerMeasures> layers = LayerMeasures.of(t.modelSnapshot(), corpus, 0.2, 10, Trainer.MAX_VALIDATION_CHARS, 500);
            assertEquals(2, layers.size());
            for (LayerMeasures l : layers) {
                String sat = cell == Cell.VANILLA ? "-" : String.format(Locale.ROOT, "input %.0f%% / %.0f%%, forget %.0f%% / %.0f%%, output %.0f%% / %.0f%%",
                        100 * l.meanLeft(0), 100 * l.meanRight(0), 100 * l.meanLeft(1), 100 * l.meanRight(1), 100 * l.meanLeft(2), 100 * l.meanRight(2));
                String row = "| " + cell.cliName() + " | " + l.layer() + " | " + String.format(Locale.ROOT, "%.3g", l.gradient().ratio(1, 10)) + " | "
                        + (cell == Cell.LSTM ? String.format(Locale.ROOT, "%.3g", l.gradient().cellRatio(1, 10)) : "-") + " | " + sat + " | "
                        + unit(l.units().get(TextFeature.IN_QUOTES)) + " | " + unit(l.units().get(TextFeature.BRACKET_DEPTH)) + " |";
                assertTrue(r.out().contains(row), "expected row\n" + row + "\nin\n" + r.out());
            }
        }
        assertTrue(r.out().contains("With stacked layers the figures above are the top layer's"), r.out());
    }

    @Test
    void badDepthEndsWithOneLine() throws IOException {
        String f = corpus().toString();
        has(run("compare-cells", "--corpus-file", f, "--layers", "5").assertOneLineError(2), "--layers must be between 1 and 4");
        has(run("compare-cells", "--corpus-file", f, "--dropout", "0.2").assertOneLineError(2), "--dropout acts between stacked layers");
        has(run("compare-cells", "--corpus-file", f, "--batch-size", "0").assertOneLineError(2), "--batch-size must be between 1");
        has(run("compare-cells", "--corpus-file", f, "--precision", "f16").assertOneLineError(2), "--precision");
        has(run("compare-cells", "--corpus-file", f, "--layers", "3", "--match-params", "100").assertOneLineError(2),
                "--match-params: 100 parameters is out of range for the vanilla cell of 3 layers");
    }

    private static String unit(ProbeAnalysis.UnitCorrelation u) {
        return u.layer().name() + " " + u.unit() + ", r = " + (u.r() < 0 ? "-" : "+") + Text.fixed(Math.abs(u.r()), 3);
    }

    @Test
    void aDivergingCellIsARowAndStatus3WithOneLine() throws IOException {
        CliTestSupport.Result r = run("compare-cells", "--corpus-file", corpus().toString(), "--cells", "vanilla", "--match-params", "4000",
                "--num-iterations", "1000", "--learning-rate", "1e6", "--max-order", "2");
        String line = r.assertOneLineError(3);
        assertTrue(line.startsWith("unroll: the loss of the vanilla cell became NaN or infinite at learning rate 1000000.0"), line);
        assertTrue(r.out().matches("(?s).*\\| vanilla \\| \\d+ \\| [\\d,]+ \\| diverged at iteration [\\d,]+ \\|.*"), r.out());
    }

    @Test
    void badInputEndsWithOneLine() throws IOException {
        String f = corpus().toString();
        has(run("compare-cells", "--corpus-file", f, "--num-iterations", "0").assertOneLineError(2), "--num-iterations must be between 1");
        has(run("compare-cells", "--corpus-file", f, "--cells", "lstm,rnn").assertOneLineError(2), "rnn");
        has(run("compare-cells", "--corpus-file", f, "--match-params", "10").assertOneLineError(2), "--match-params: 10 parameters is out of range");
        has(run("compare-cells", "--corpus-file", f, "--learning-rate", "-1").assertOneLineError(2), "--learning-rate must be a positive");
        has(run("compare-cells", "--corpus-file", f, "--sequence-length", "0").assertOneLineError(2), "--sequence-length must be between 1");
        has(run("compare-cells", "--corpus-file", f, "--val-fraction", "0.7").assertOneLineError(2), "--val-fraction must be above 0");
        has(run("compare-cells", "--corpus-file", f, "--max-order", "0").assertOneLineError(2), "--max-order must lie between 1 and 64");
        has(run("compare-cells", "--corpus-file", f, "--parallel", "0").assertOneLineError(2), "--parallel must be at least 1");
        has(run("compare-cells", "--corpus-file", f, "--sequence-length", "9000").assertOneLineError(2), "too short");
        has(run("compare-cells", "--corpus-file", f, "--corpus", "structured").assertOneLineError(2), "either --corpus-file or --corpus");
        has(run("compare-cells").assertOneLineError(2), "give the training text");
        has(run("compare-cells", "--corpus", "nope").assertOneLineError(2), "no shipped corpus 'nope'");
        has(run("compare-cells", "--corpus-file", dir.resolve("none.txt").toString()).assertOneLineError(2), "corpus file not found");
        has(run("compare-cells", "--corpus-file", f, "--num-iterations", "x").assertOneLineError(2), "--num-iterations");
    }

    @Test
    void helpListsTheExitStatuses() {
        CliTestSupport.Result r = run("compare-cells", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("a cell's loss became NaN or infinite"), r.out());
        assertTrue(r.out().contains("2     bad input"), r.out());
    }

    private static void has(String line, String part) {
        assertTrue(line.contains(part), "expected \"" + part + "\" in: " + line);
    }

    /**
     * Issue 23 item 5: saturated units (learning rate 5) leave no gradient one step back; the ratio
     * 0/0 was printed as NaN with status 0. It is "n/a", and the note under the table says why.
     */
    @Test
    void aRatioOfZeroOverZeroIsNotANumberButSaidWhy() {
        CliTestSupport.Result r = run("compare-cells", "--corpus", "romanian-verses", "--cells", "vanilla", "--max-order", "3",
                "--learning-rate", "5", "--num-iterations", "1500", "--match-params", "3000", "--parallel", "1");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        String row = r.out().lines().filter(l -> l.startsWith("| vanilla |")).findFirst().orElseThrow();
        assertTrue(row.contains(" | n/a | - | "), row);
        assertTrue(r.out().contains(CompareCellsCommand.NO_RATIO_NOTE), r.out());
    }
}
