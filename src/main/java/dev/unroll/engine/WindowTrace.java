package dev.unroll.engine;

/**
 * What happened inside one training window, copied out of the model: the window's characters,
 * the hidden states and output probabilities of the forward pass, and what the backward pass saw.
 * Arrays are row-major and owned by this record (nobody writes them after construction).
 *
 * @param inputs          the T input indices
 * @param targets         the T target indices (inputs shifted by one)
 * @param h0              the hidden state the window started from (H)
 * @param hidden          h_t for t = 1..T (T x H)
 * @param probs           p_t, the softmax output, for t = 1..T (T x V)
 * @param stepLoss        -log p_t(target_t) (T)
 * @param dhNorms         ||dL/dh_t|| for t = 1..T, the error signal reaching step t (T)
 * @param dhRawNorms      ||dL/da_t||, the same after the tanh derivative (T)
 * @param clippedFraction fraction of all gradient entries that were clipped this iteration
 * @param hiddenSize      H
 * @param vocabSize       V
 */
public record WindowTrace(int[] inputs, int[] targets, double[] h0, double[] hidden, double[] probs,
                          double[] stepLoss, double[] dhNorms, double[] dhRawNorms,
                          double clippedFraction, int hiddenSize, int vocabSize) {

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
