package dev.unroll.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.model.Cell;

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
        assertEquals(1 + 3 + 9, all.size());
    }
}
