package dev.unroll.engine.model;

import java.util.Arrays;

/**
 * The output layer every cell shares, y_t = Why h_t + by, p_t = softmax(y_t), loss = sum_t -log
 * p_t[target_t], for a whole window at once, and the clipping helper. Row buffers as in
 * {@link DenseKernels}: {@code hs} holds T + 1 rows of H (row 0 the state before the window), the
 * T x V buffers one row per step. Nothing here allocates.
 */
final class OutputLayer {

    private OutputLayer() {
    }

    /**
     * Forward over the window: {@code ps[t] = softmax(by + Why hs[t+1])} and
     * {@code stepLoss[t] = -log ps[t][ts[t]]} for t &lt; T.
     *
     * @param whyT Why^T as H rows of V
     * @return the summed loss
     */
    static double forward(double[][] hs, int T, double[] by, double[][] whyT, int[] ts, double[][] ps,
                          double[] stepLoss, int V, int H) {
        double loss = 0;
        for (int t = 0; t < T; t++) {
            final double[] y = ps[t];
            System.arraycopy(by, 0, y, 0, V);
            DenseKernels.combineRows(y, V, hs[t + 1], whyT, 0, H, true);
            final double l = softmax(y, ts[t], V);
            stepLoss[t] = l;
            loss += l;
        }
        return loss;
    }

    /**
     * Backward over the window, from the probabilities of {@link #forward}:
     * <pre>
     *   dy_t = p_t - onehot(target_t)  (into dys);  dby = sum_t dy_t;  dWhy = dY^T Hs;  dhOut_t = Why^T dy_t
     * </pre>
     *
     * @param whyRows Why as V rows of H
     * @param row     scratch of at least H
     * @param column  scratch of at least T
     */
    static void backward(double[][] hs, int T, double[][] ps, int[] ts, double[][] dys, double[] dby, double[] dwhy,
                         double[][] whyRows, double[][] dhOut, double[] row, double[] column, int V, int H) {
        Arrays.fill(dby, 0);
        for (int t = T - 1; t >= 0; t--) {
            final double[] dy = dys[t];
            System.arraycopy(ps[t], 0, dy, 0, V);
            dy[ts[t]] -= 1.0;
            for (int k = 0; k < V; k++) {
                dby[k] += dy[k];
            }
        }
        for (int k = 0; k < V; k++) {
            for (int t = 0; t < T; t++) {
                column[t] = dys[t][k];
            }
            DenseKernels.combineRows(row, H, column, hs, 1, T, false);
            System.arraycopy(row, 0, dwhy, k * H, H);
        }
        for (int t = 0; t < T; t++) {
            DenseKernels.combineRows(dhOut[t], H, dys[t], whyRows, 0, V, false);
        }
    }

    /**
     * In place: probs[0..V) holds the logits y and becomes softmax(y) (max subtracted first).
     *
     * @return -log p[target], or 0 when target &lt; 0
     */
    static double softmax(double[] probs, int target, int V) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < V; k++) {
            max = Math.max(max, probs[k]);
        }
        double sum = 0;
        for (int k = 0; k < V; k++) {
            final double e = Math.exp(probs[k] - max);
            probs[k] = e;
            sum += e;
        }
        for (int k = 0; k < V; k++) {
            probs[k] /= sum;
        }
        return target >= 0 ? -Math.log(probs[target]) : 0.0;
    }

    /** Clips {@code d[from .. from+n)} to [-clip, clip] in place; returns how many entries changed. */
    static int clipRange(double[] d, int from, int n, double clip) {
        int clipped = 0;
        for (int i = from; i < from + n; i++) {
            final double v = d[i];
            if (v > clip) {
                d[i] = clip;
                clipped++;
            } else if (v < -clip) {
                d[i] = -clip;
                clipped++;
            }
        }
        return clipped;
    }
}
