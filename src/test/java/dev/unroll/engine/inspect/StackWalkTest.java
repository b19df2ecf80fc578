package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.WindowTrace;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stacked walk-through's data: every layer's trace is what {@link LayerInspection#window} gives for that
 * layer alone (same h, same ||dL/dh^k_t||, same output), the typed text reads from a zero state, and the top
 * layer's trace of a model's own last window is the trainer's (DeepRnn#lastTrace) when read from the same state.
 */
class StackWalkTest {
    private static final String CHARS = "abcdef";

    private static ModelSnapshot stacked(Cell cell, int layers, long seed) {
        Rng rng = new Rng(seed);
        DeepRnn m = new DeepRnn(cell, CHARS.length(), 5, layers, 0.0, rng);
        for (Tensor p : m.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = rng.nextGaussian() * 0.6;
            }
        }
        List<Tensor> ps = new ArrayList<>();
        List<Tensor> gs = new ArrayList<>();
        for (int i = 0; i < m.parameters().size(); i++) {
            ps.add(m.parameters().get(i).copy());
            gs.add(m.gradients().get(i).copy());
        }
        return new ModelSnapshot(11, Vocabulary.of(CHARS), ps, gs, List.of());
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void everyLayersTraceIsTheLayerInspectionsWindow(Cell cell) {
        ModelSnapshot m = stacked(cell, 3, 4);
        int[] inputs = {0, 3, 1, 5, 2, 2, 4};
        int last = 1;
        double[] state = new double[LayerInspection.model(m).stateSize()];
        StackWalk walk = StackWalk.of(m, inputs, last, state, 5.0);
        assertEquals(3, walk.layerCount());
        assertEquals(inputs.length, walk.length());
        assertEquals(cell, walk.cell());
        for (int k = 0; k < 3; k++) {
            WindowTrace expected = LayerInspection.window(m, k, inputs, last, state, 5.0);
            WindowTrace got = walk.layer(k);
            assertArrayEquals(expected.hidden(), got.hidden(), 1e-12, "h of layer " + k);
            assertArrayEquals(expected.dhNorms(), got.dhNorms(), 1e-12, "dL/dh of layer " + k);
            assertArrayEquals(expected.probs(), got.probs(), 1e-12, "the output, seen from layer " + k);
            assertEquals(expected.clippedFraction(), got.clippedFraction(), 0);
            assertArrayEquals(inputs, got.inputs());
            assertEquals(last, got.targets()[inputs.length - 1]);
        }
        double max = 0;
        for (int k = 0; k < 3; k++) {
            for (int t = 0; t < inputs.length; t++) {
                max = Math.max(max, walk.dhNorm(k, t));
            }
        }
        assertEquals(max, walk.maxDhNorm(), 0);
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void aTypedTextIsReadFromAZeroState(Cell cell) {
        ModelSnapshot m = stacked(cell, 2, 9);
        StackWalk walk = StackWalk.ofText(m, "fab?cde", 5.0);
        int[] idx = {5, 0, 1, 2, 3, 4}; // '?' is left out
        assertEquals(5, walk.length());
        StackWalk expected = StackWalk.of(m, new int[] {5, 0, 1, 2, 3}, 4, new double[LayerInspection.model(m).stateSize()], 5.0);
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(expected.layer(k).dhNorms(), walk.layer(k).dhNorms(), 0);
            assertArrayEquals(new double[5], walk.layer(k).h0(), 0);
        }
        assertEquals(idx[5], walk.top().targets()[4]);
    }

    /** A trainer's window (its top layer's trace) is unrolled through every layer from a zero state, its characters and last target kept. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void aTrainingWindowIsReadThroughEveryLayerFromAZeroState(Cell cell) {
        ModelSnapshot m = stacked(cell, 2, 13);
        int[] inputs = {1, 2, 3, 0, 5};
        double[] someState = new double[LayerInspection.model(m).stateSize()];
        Arrays.fill(someState, 0.3);
        WindowTrace trainers = LayerInspection.window(m, 1, inputs, 4, someState, 5.0);
        StackWalk walk = StackWalk.ofWindow(m, trainers, 5.0);
        StackWalk fromZero = StackWalk.of(m, inputs, 4, new double[someState.length], 5.0);
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(fromZero.layer(k).dhNorms(), walk.layer(k).dhNorms(), 0);
            assertArrayEquals(inputs, walk.layer(k).inputs());
        }
        assertEquals(4, walk.top().targets()[4]);
    }
}
