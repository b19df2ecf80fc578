package dev.unroll.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.Precision;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.LearningRateDecay;
import dev.unroll.engine.train.OptimizerKind;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The names the command line, checkpoints and sweep manifests write for the run's settings: they are part of the file
 * formats, so each is pinned here, and each reads back to its constant, whatever the case and surrounding blanks.
 */
class CliNamedTest {

    @Test
    void everySettingIsWrittenByItsDocumentedName() {
        assertEquals(List.of("vanilla", "lstm", "gru"), names(Cell.values()));
        assertEquals(List.of("f64", "f32"), names(Precision.values()));
        assertEquals(List.of("adagrad", "rmsprop", "adam"), names(OptimizerKind.values()));
        assertEquals(List.of("elementwise", "norm"), names(ClipMode.values()));
        assertEquals(List.of("none", "step", "cosine"), names(LearningRateDecay.Kind.values()));
    }

    @Test
    void anOptimizersNameIsItsKindsName() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            assertEquals(kind.cliName(), kind.create().name());
        }
    }

    @Test
    void aNameReadsBackToItsConstant() {
        assertSame(Precision.F32, Precision.parse(" F32 "));
        assertSame(Cell.GRU, Cell.parse("gru"));
        assertSame(LearningRateDecay.Kind.COSINE, LearningRateDecay.Kind.parse("Cosine"));
        assertEquals("unknown clipping 'l2': use elementwise or norm",
                assertThrows(BadInputException.class, () -> ClipMode.parse("l2")).getMessage());
    }

    private static List<String> names(CliNamed[] values) {
        return Arrays.stream(values).map(CliNamed::cliName).toList();
    }
}
