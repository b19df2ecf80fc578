package dev.unroll.engine.inspect;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.WindowTrace;

import java.util.Arrays;

/**
 * The walk-through of any cell over one window, for the gated ones above all ({@link BpttAnalysis}
 * keeps every intermediate of the vanilla cell's equations and refuses the others): the cell's own
 * training pass ({@link RecurrentModel#trainWindow}) on a copy of a snapshot's weights, kept step by step
 * in a {@link WindowTrace}: h_t, the predictions and losses, every gate and for the LSTM c_t
 * ({@link WindowTrace#gates()}), and the error signal reaching each step from the window's whole loss
 * L = sum_t -log p_t(target_t): ||dL/dh_t|| ({@link WindowTrace#dhNorms()}) and for the LSTM ||dL/dc_t||
 * ({@link dev.unroll.engine.model.GateTrace#dcNorms()}), node gradients (every path from the node). The
 * snapshot is only read, so it is safe on any thread.
 */
public final class GatedWalk {

    private GatedWalk() {
    }

    /**
     * A window of {@code inputs} from the state {@code state0} ({@link RecurrentModel#stateSize()} entries:
     * h, and for the LSTM c), step t predicting {@code inputs[t + 1]} and the last step {@code last}.
     *
     * @param clip the gradients' clipping bound, which only the trace's clipped fraction depends on
     * @throws IllegalArgumentException when there is no input or the state has the wrong length
     */
    public static WindowTrace of(ModelSnapshot model, int[] inputs, int last, double[] state0, double clip) {
        RecurrentModel m = model.newModel();
        if (inputs.length < 1 || state0.length != m.stateSize()) {
            throw new IllegalArgumentException("need at least one input and a state of " + m.stateSize()
                    + " (got " + inputs.length + ", " + state0.length + ")");
        }
        int[] data = Arrays.copyOf(inputs, inputs.length + 1);
        data[inputs.length] = last;
        m.trainWindow(data, 0, inputs.length, state0.clone(), clip);
        return m.lastTrace();
    }

    /** A training snapshot's window recomputed on {@code model}'s weights, from the window's whole start state (c0 too). */
    public static WindowTrace ofWindow(ModelSnapshot model, WindowTrace window, double clip) {
        int T = window.length();
        return of(model, window.inputs(), window.targets()[T - 1], window.state0(), clip);
    }

    /**
     * A typed text from a zero state: step t reads character t and predicts character t+1. Characters
     * outside the vocabulary are left out (see {@link Vocabulary#missingFrom}).
     *
     * @throws BadInputException when fewer than two known characters remain, or more than {@link BpttAnalysis#MAX_STEPS} + 1
     */
    public static WindowTrace ofText(ModelSnapshot model, String text, double clip) {
        int[] idx = BpttAnalysis.unrollable(model.vocabulary(), text);
        return of(model, Arrays.copyOf(idx, idx.length - 1), idx[idx.length - 1], new double[model.stateSize()], clip);
    }
}
