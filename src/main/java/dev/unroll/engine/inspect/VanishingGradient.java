package dev.unroll.engine.inspect;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.GradientFlow;
import dev.unroll.engine.ModelSnapshot;
import dev.unroll.engine.RecurrentModel;
import dev.unroll.engine.Vocabulary;
import dev.unroll.engine.WindowTrace;
import java.util.Arrays;
import java.util.Set;

/**
 * The vanishing-gradient curve of any cell: how strongly the loss of the last prediction of a
 * window depends on the state k steps back, ||dL_T / dh_{T-k}|| for k = 0..T (and for the LSTM the
 * same for c), computed exactly by backpropagating the last step's loss alone
 * ({@link RecurrentModel#gradientFlow}). Works on a fresh copy of a {@link ModelSnapshot}'s weights,
 * so it is safe on any thread.
 */
public final class VanishingGradient {

    private VanishingGradient() {
    }

    /** The curve of a training window (a snapshot's trace), recomputed on {@code model}'s weights from the window's start state. */
    public static GradientFlow ofWindow(ModelSnapshot model, WindowTrace window) {
        int T = window.length();
        if (T < 1) {
            throw new IllegalArgumentException("the window is empty");
        }
        return model.newModel().gradientFlow(window.inputs(), window.targets()[T - 1], window.state0());
    }

    /**
     * A typed text from a zero state: the model reads every character but the last and predicts the
     * last. Characters outside the vocabulary are left out (see {@link Vocabulary#missingFrom}).
     *
     * @throws BadInputException when fewer than two known characters remain, or more than {@link BpttAnalysis#MAX_STEPS} + 1
     */
    public static GradientFlow ofText(ModelSnapshot model, String text) {
        Vocabulary vocab = model.vocabulary();
        int[] idx = vocab.encode(vocab.keepKnown(text));
        if (idx.length < 2) {
            Set<Integer> missing = vocab.missingFrom(text);
            throw new BadInputException("type at least two characters the model knows"
                    + (missing.isEmpty() ? "" : " (not in its vocabulary: " + Vocabulary.describe(missing) + ")"));
        }
        if (idx.length - 1 > BpttAnalysis.MAX_STEPS) {
            throw new BadInputException("the text is too long to unroll: " + (idx.length - 1) + " steps, at most " + BpttAnalysis.MAX_STEPS);
        }
        RecurrentModel m = model.newModel();
        return m.gradientFlow(Arrays.copyOf(idx, idx.length - 1), idx[idx.length - 1], new double[m.stateSize()]);
    }
}
