package dev.unroll.engine.model;

/**
 * How far back the error of one prediction reaches: the loss of the last step of a window alone,
 * L_T = -log p_T(target), backpropagated through the window, and the norm of its gradient with
 * respect to the state k steps back. This is the vanishing-gradient curve: for a vanilla RNN it
 * falls roughly geometrically with k, for the gated cells it can stay up.
 *
 * @param dh       dh[k] = ||dL_T / dh_{T-k}|| for k = 0..T (T + 1 values): k = 0 is the last step's own
 *                 hidden state, k = T the state the window started from
 * @param dc       LSTM: dc[k] = ||dL_T / dc_{T-k}||, the same for the cell state (c_T's included); otherwise null
 * @param lastLoss L_T itself
 */
public record GradientFlow(double[] dh, double[] dc, double lastLoss) {

    /** T, the window length. */
    public int length() {
        return dh.length - 1;
    }
}
