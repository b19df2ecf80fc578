package dev.unroll.engine.model;

import java.util.Arrays;

/**
 * What happened inside one training window, copied out of the model: the window's characters,
 * the hidden states and output probabilities of the forward pass, and what the backward pass saw.
 * Arrays are row-major and owned by this record (nobody writes them after construction).
 *
 * @param inputs          the T input indices
 * @param targets         the T target indices (inputs shifted by one)
 * @param h0              the hidden state the window started from (H; the LSTM's c0 is in {@link #gates()})
 * @param hidden          h_t for t = 1..T (T x H)
 * @param probs           p_t, the softmax output, for t = 1..T (T x V)
 * @param stepLoss        -log p_t(target_t) (T)
 * @param dhNorms         ||dL/dh_t|| for t = 1..T, the error signal reaching step t (T)
 * @param dhRawNorms      ||dL/da_t||, the same after the tanh derivative (T); for a gated cell the norm of
 *                        the gradient of the gate pre-activations weight_ih x_t + bias_ih (T)
 * @param clippedFraction fraction of all gradient entries that were clipped this iteration
 * @param hiddenSize      H
 * @param vocabSize       V
 * @param gates           the gates' activations per step, and for the LSTM c per step and ||dL/dc_t||
 *                        ({@link GateTrace#none} for the vanilla cell)
 */
public record WindowTrace(int[] inputs, int[] targets, double[] h0, double[] hidden, double[] probs,
                          double[] stepLoss, double[] dhNorms, double[] dhRawNorms,
                          double clippedFraction, int hiddenSize, int vocabSize, GateTrace gates) {

    /** The vanilla cell's trace: no gates. */
    public WindowTrace(int[] inputs, int[] targets, double[] h0, double[] hidden, double[] probs,
                       double[] stepLoss, double[] dhNorms, double[] dhRawNorms,
                       double clippedFraction, int hiddenSize, int vocabSize) {
        this(inputs, targets, h0, hidden, probs, stepLoss, dhNorms, dhRawNorms, clippedFraction, hiddenSize, vocabSize,
                GateTrace.none(hiddenSize, inputs.length));
    }

    /**
     * The state the window started from as {@link RecurrentModel} methods take it: h0, and for the
     * LSTM c0 after it. A fresh array.
     */
    public double[] state0() {
        if (gates.c0() == null) {
            return h0.clone();
        }
        double[] s = Arrays.copyOf(h0, 2 * hiddenSize);
        System.arraycopy(gates.c0(), 0, s, hiddenSize, hiddenSize);
        return s;
    }

    public int length() {
        return inputs.length;
    }

    public double hidden(int t, int unit) {
        return hidden[t * hiddenSize + unit];
    }

    public double prob(int t, int symbol) {
        return probs[t * vocabSize + symbol];
    }

    public double loss() {
        double s = 0;
        for (double l : stepLoss) {
            s += l;
        }
        return s;
    }
}
