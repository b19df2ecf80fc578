package dev.unroll.engine.inspect;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.LayerPass;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.WindowTrace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The walk-through of a stacked model over one window, every layer at once: the grid of cells that
 * the pictures of stacked RNNs draw (layers up, time across). One {@link LayerPass} over the window,
 * in float64 without dropout, read from each layer as {@link LayerInspection#window} reads one: per layer
 * k its h^k_t, gates (the LSTM's c^k_t), and the node gradients of the window's summed loss
 * L = sum_t -log p_t(target_t), ||dL/dh^k_t|| (every path: the layer above or the output at step t, and
 * layer k at step t+1) and for the LSTM ||dL/dc^k_t||. The output's p_t and losses are the top layer's
 * and shared by every entry. The snapshot is only read, so it is safe on any thread.
 *
 * @param layers one window trace per layer, layer 0 (the one reading the characters) first
 */
public record StackWalk(List<WindowTrace> layers) {

    public StackWalk {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a stack has at least one layer");
        }
        layers = List.copyOf(layers);
    }

    /**
     * A window of {@code inputs} from the model's whole state {@code state0} ({@link DeepRnn#stateSize()}
     * entries, layer 0 first), step t predicting {@code inputs[t + 1]} and the last step {@code last}.
     *
     * @param clip the gradients' clipping bound, which only the traces' clipped fraction depends on
     * @throws IllegalArgumentException when there is no input or the state has the wrong length
     */
    public static StackWalk of(ModelSnapshot model, int[] inputs, int last, double[] state0, double clip) {
        DeepRnn m = LayerInspection.model(model);
        if (inputs.length < 1 || state0.length != m.stateSize()) {
            throw new IllegalArgumentException("need at least one input and a state of " + m.stateSize()
                    + " (got " + inputs.length + ", " + state0.length + ")");
        }
        double clipped = LayerInspection.clippedFraction(m, inputs, last, state0, clip);
        int[] targets = Arrays.copyOf(Arrays.copyOfRange(inputs, 1, inputs.length), inputs.length);
        targets[inputs.length - 1] = last;
        LayerPass pass = LayerPass.run(m, inputs, state0.clone());
        List<WindowTrace> out = new ArrayList<>();
        for (int k = 0; k < m.layers(); k++) {
            out.add(pass.window(k, targets, clipped));
        }
        return new StackWalk(out);
    }

    /**
     * A training snapshot's window on {@code model}'s weights, from a zero state: the trainer's trace keeps
     * the start state of its top layer only, not that of the layers below it.
     */
    public static StackWalk ofWindow(ModelSnapshot model, WindowTrace window, double clip) {
        int T = window.length();
        return of(model, window.inputs(), window.targets()[T - 1], new double[LayerInspection.model(model).stateSize()], clip);
    }

    /**
     * A typed text from a zero state: step t reads character t and predicts character t+1. Characters
     * outside the vocabulary are left out (see {@link Vocabulary#missingFrom}).
     *
     * @throws BadInputException when fewer than two known characters remain, or more than {@link BpttAnalysis#MAX_STEPS} + 1
     */
    public static StackWalk ofText(ModelSnapshot model, String text, double clip) {
        int[] idx = BpttAnalysis.unrollable(model.vocabulary(), text);
        return of(model, Arrays.copyOf(idx, idx.length - 1), idx[idx.length - 1],
                new double[LayerInspection.model(model).stateSize()], clip);
    }

    /** L, the layers. */
    public int layerCount() {
        return layers.size();
    }

    /** T, the steps. */
    public int length() {
        return layers.get(0).length();
    }

    /** Layer k's trace (0 the bottom one). */
    public WindowTrace layer(int k) {
        return layers.get(k);
    }

    /** The top layer's trace: its h feeds the output. */
    public WindowTrace top() {
        return layers.get(layers.size() - 1);
    }

    public Cell cell() {
        return top().gates().cell();
    }

    /** The characters read, one per step (a copy). */
    public int[] inputs() {
        return top().inputs().clone();
    }

    /** ||dL/dh^k_t||, the error reaching layer k at step t (0-based). */
    public double dhNorm(int layer, int t) {
        return layers.get(layer).dhNorms()[t];
    }

    /** The largest ||dL/dh^k_t|| of any layer and step (0 when there is none). */
    public double maxDhNorm() {
        double m = 0;
        for (WindowTrace w : layers) {
            for (double v : w.dhNorms()) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, v);
                }
            }
        }
        return m;
    }
}
