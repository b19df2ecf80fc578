package dev.unroll.engine.inspect;

import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.Tensor;

import java.util.List;

/**
 * Every intermediate of one window's forward pass and backpropagation through time, as
 * {@link BpttAnalysis#compute} produced it on a copy of the weights: what the unrolled view walks
 * through step by step. Steps are indexed t = 0..T-1 (the talk's t = 1..T). Arrays are row-major
 * and nobody writes them after construction.
 *
 * @param modelIteration  the iteration of the weights used
 * @param vocabulary      the model's characters
 * @param inputs          x_t (T)
 * @param targets         the character each step should predict (T)
 * @param h0              the hidden state before the first step (H)
 * @param hidden          h_t (T x H)
 * @param probs           p_t = softmax(Why h_t + by) (T x V)
 * @param predicted       argmax_k p_t[k], the most likely next character (T)
 * @param stepLoss        -log p_t[target_t] (T)
 * @param dh              dL/dh_t, the whole error signal reaching h_t (T x H)
 * @param dhNorms         ||dL/dh_t|| (T)
 * @param dhRawNorms      ||dL/da_t||, after the tanh derivative (T)
 * @param fromOutputNorms ||Why^T (p_t - onehot(target_t))||, the part of dL/dh_t from step t's own output (T)
 * @param fromNextNorms   ||Whh^T dL/da_{t+1}||, the part arriving from step t+1 (0 at the last step) (T)
 * @param jacobianNorms   ||dh_T / dh_t||, spectral norm of the product of step Jacobians diag(1-h^2) Whh
 *                        (1 at t = T-1), or all NaN when the analysis skipped it as too costly (T)
 * @param gradients       dWxh, dWhh, dWhy, dbh, dby after clipping, as the optimizer would get them
 * @param rawGradNorms    the same gradients' norms before clipping (5)
 * @param clippedFractions fraction of each gradient's entries that were clipped (5)
 * @param clippedFraction fraction of all gradient entries that were clipped
 * @param clip            the clip bound
 * @param lastLossNorms   ||d loss_T / dh_t||: how much of the last step's error alone reaches step t (T)
 */
public record BpttTrace(long modelIteration, Vocabulary vocabulary, int[] inputs, int[] targets, double[] h0,
                        double[] hidden, double[] probs, int[] predicted, double[] stepLoss, double[] dh,
                        double[] dhNorms, double[] dhRawNorms, double[] fromOutputNorms, double[] fromNextNorms,
                        double[] jacobianNorms, List<Tensor> gradients, double[] rawGradNorms,
                        double[] clippedFractions, double clippedFraction, double clip, double[] lastLossNorms) {

    /** Names of the gradients, in order. */
    public static final List<String> GRADIENT_NAMES = List.of("dWxh", "dWhh", "dWhy", "dbh", "dby");

    public BpttTrace {
        gradients = List.copyOf(gradients);
    }

    /** T, the number of steps. */
    public int length() {
        return inputs.length;
    }

    public int hiddenSize() {
        return h0.length;
    }

    public int vocabSize() {
        return vocabulary.size();
    }

    public double hidden(int t, int unit) {
        return hidden[t * h0.length + unit];
    }

    public double dh(int t, int unit) {
        return dh[t * h0.length + unit];
    }

    public double prob(int t, int symbol) {
        return probs[t * vocabulary.size() + symbol];
    }

    /** The probability the model gave the right next character at step t. */
    public double targetProb(int t) {
        return prob(t, targets[t]);
    }

    /** The summed loss of steps 0..t. */
    public double lossThrough(int t) {
        double s = 0;
        for (int i = 0; i <= t && i < stepLoss.length; i++) {
            s += stepLoss[i];
        }
        return s;
    }

    /** The window's loss. */
    public double loss() {
        return lossThrough(stepLoss.length - 1);
    }

    /** Whether the Jacobian norms were computed. */
    public boolean hasJacobians() {
        return jacobianNorms.length > 0 && !Double.isNaN(jacobianNorms[0]);
    }
}
