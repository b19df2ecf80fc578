package dev.unroll.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.Precision;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.Optimization;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The presets: the cells' trio is matched at about 25k weights on the bundled corpus, and says so. */
class PresetTest {

    @Test
    void theTrioIsMatchedForTheBundledCorpusAndItsNamesSayTheCellHiddenSizeAndWeights() {
        assertEquals(BundledCorpus.defaultCorpus().load().vocabulary().size(), Preset.BUNDLED_VOCABULARY,
                "the trio is matched for the vocabulary of the corpus the app opens with");
        List<Preset> all = Preset.all();
        for (Cell cell : Cell.values()) {
            Preset p = Preset.trio(cell);
            assertTrue(all.contains(p), p.name());
            assertEquals(cell, p.config().cell());
            int h = p.config().hiddenSize();
            long weights = cell.parameterCount(Preset.BUNDLED_VOCABULARY, h);
            assertTrue(Math.abs(weights - Preset.TRIO_WEIGHTS) < 0.02 * Preset.TRIO_WEIGHTS, cell + ": " + weights);
            assertTrue(p.name().startsWith(HyperparametersPanel.cellName(cell) + ", H " + h), p.name());
            assertTrue(p.name().contains("25k weights"), p.name());
            assertEquals(HyperparametersPanel.cellName(cell) + ", H " + h, p.shortName());
            assertEquals(Preset.QUICK_DEMO.config().withCell(cell, h), p.config(), "the Quick demo's other settings");
        }
        assertEquals(1 + 1 + 3 + 9, all.size());
    }

    /** Issue 25: the presets name what they are; char-rnn's is its 2-layer LSTM 128 at batch 50 with Adam 2e-3, clip norm 5, seq 50, f32. */
    @Test
    void thePresetsNameWhatTheyAreAndCharRnnHoldsItsSettings() {
        assertEquals(List.of(Preset.QUICK_DEMO, Preset.CHAR_RNN), Preset.all().subList(0, 2));
        assertTrue(Preset.QUICK_DEMO.name().contains("min-char-rnn: vanilla 100, batch 1"), Preset.QUICK_DEMO.name());
        assertTrue(Preset.QUICK_DEMO.name().startsWith("Quick demo"), "talk scripts name it by its start");
        TrainingConfig seed = Preset.QUICK_DEMO.config();
        assertEquals(Depth.single(), seed.depth(), "the seed's path");
        assertEquals(Optimization.defaults(), seed.optimization(), "Adagrad, element-wise clipping, as min-char-rnn");
        assertEquals(100, seed.hiddenSize());
        assertEquals(Cell.VANILLA, seed.cell());

        assertTrue(Preset.CHAR_RNN.name().startsWith("char-rnn: 2-layer LSTM 128, batch 50"), Preset.CHAR_RNN.name());
        TrainingConfig c = Preset.CHAR_RNN.config();
        assertEquals(Cell.LSTM, c.cell());
        assertEquals(128, c.hiddenSize());
        assertEquals(new Depth(2, 50, 0.0, Precision.F32), c.depth());
        assertEquals(50, c.sequenceLength());
        assertEquals(2e-3, c.learningRate());
        assertEquals(OptimizerKind.ADAM, c.optimization().optimizer());
        assertEquals(ClipMode.NORM, c.optimization().clipMode());
        assertEquals(5.0, c.clip());
        assertEquals(DeepRnn.parameterCount(Cell.LSTM, 65, 128, 2), c.parameterCount(65), "the stacked model's weights");
    }
}
