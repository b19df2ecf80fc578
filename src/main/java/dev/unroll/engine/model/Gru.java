package dev.unroll.engine.model;

import dev.unroll.engine.Rng;

import java.util.Arrays;

/**
 * {@code torch.nn.GRU}'s cell (one layer, batch one) in the character-level frame:
 * <pre>
 *   gi = weight_ih[:, x_t] + bias_ih     gh = weight_hh h_{t-1} + bias_hh         3H each, blocks r, z, n
 *   r = sigmoid(gi_r + gh_r)   z = sigmoid(gi_z + gh_z)   n = tanh(gi_n + r * gh_n)
 *   h_t = (1 - z) * n + z * h_{t-1}
 *   p_t = softmax(Why h_t + by),   loss = sum_t -log p_t[target_t]
 * </pre>
 * weight_ih is 3H x V, weight_hh 3H x H, bias_ih and bias_hh 3H, with the gate blocks in PyTorch's
 * row order r, z, n; the arrays load into {@code nn.GRU(V, H)}'s {@code weight_ih_l0} etc.
 * unchanged. The state is h alone ({@link #stateSize()} = H).
 *
 * <p>Backpropagation through time, t = T..1, with dh_t = Why^T dy_t + dh_{t+1} z_{t+1} + weight_hh^T dgh_{t+1}:
 * <pre>
 *   dn = dh_t (1 - z) (1 - n^2)      (the gradient of n's pre-activation)
 *   dr = dn gh_n r (1 - r)           dz = dh_t (h_{t-1} - n) z (1 - z)
 *   dgi_t = (dr, dz, dn)             dgh_t = (dr, dz, dn * r)
 * </pre>
 */
public final class Gru extends GatedRnn {
    private double[][] acts;   // T rows of 4H: r, z, n, gh_n
    private final double[] dh;
    private final double[] gh;         // 3H scratch: weight_hh h + bias_hh of one step
    private final double[] stepActs;   // 4H scratch for single steps

    /** PyTorch's initialisation: every tensor uniform in [-1/sqrt(H), 1/sqrt(H)), see {@link GatedRnn}. */
    public Gru(int vocabSize, int hiddenSize, Rng rng) {
        this(vocabSize, hiddenSize);
        initialise(rng);
    }

    /** All parameters zero. */
    public Gru(int vocabSize, int hiddenSize) {
        super(vocabSize, hiddenSize, 3);
        dh = new double[hiddenSize];
        gh = new double[rows];
        stepActs = new double[4 * hiddenSize];
        ensureCapacity(1);
    }

    @Override
    public Cell cell() {
        return Cell.GRU;
    }

    @Override
    double[][] allocateSteps(int length) {
        acts = new double[length][4 * hidden];
        return new double[length][rows];
    }

    /**
     * The gates and the new state from {@code gi} (weight_ih x + bias_ih, read from {@code wx} and
     * the bias) and {@link #gh}: writes r, z, n, gh_n into {@code act} and h into {@code h}, which
     * may be {@code hPrev}.
     */
    private void gates(double[] wx, int wxOff, int wxStride, double[] hPrev, double[] act, double[] h) {
        final int H = hidden;
        final double[] b = bih.data;
        final double[] g = gh;
        for (int j = 0; j < H; j++) {
            final double r = sigmoid(wx[wxOff + j * wxStride] + b[j] + g[j]);
            final double z = sigmoid(wx[wxOff + (H + j) * wxStride] + b[H + j] + g[H + j]);
            final double ghn = g[2 * H + j];
            final double n = DenseKernels.tanh(wx[wxOff + (2 * H + j) * wxStride] + b[2 * H + j] + r * ghn);
            act[j] = r;
            act[H + j] = z;
            act[2 * H + j] = n;
            act[3 * H + j] = ghn;
            h[j] = (1.0 - z) * n + z * hPrev[j];
        }
    }

    @Override
    void forwardWindow(int T, double[] state) {
        final int H = hidden;
        final int GH = rows;
        for (int t = 0; t < T; t++) {
            System.arraycopy(bhh.data, 0, gh, 0, GH);
            DenseKernels.combineRows(gh, GH, hs[t], whhT, 0, H, true);
            gates(wihT[xs[t]], 0, 1, hs[t], acts[t], hs[t + 1]);
        }
    }

    @Override
    void backwardWindow(int T) {
        final int H = hidden;
        final int GH = rows;
        Arrays.fill(dhnext, 0);
        for (int t = T - 1; t >= 0; t--) {
            final double[] a = acts[t];
            final double[] g = dhOut[t];
            final double[] hPrev = hs[t];
            final double[] di = dgi[t];
            final double[] dhh = dgh[t];
            for (int j = 0; j < H; j++) {
                final double r = a[j];
                final double z = a[H + j];
                final double n = a[2 * H + j];
                final double ghn = a[3 * H + j];
                final double d = g[j] + dhnext[j];
                dh[j] = d;
                final double dn = d * (1.0 - z) * (1.0 - n * n);
                final double dr = dn * ghn * r * (1.0 - r);
                final double dz = d * (hPrev[j] - n) * z * (1.0 - z);
                di[j] = dr;
                di[H + j] = dz;
                di[2 * H + j] = dn;
                dhh[j] = dr;
                dhh[H + j] = dz;
                dhh[2 * H + j] = dn * r;
            }
            dhNorm[t] = Math.sqrt(DenseKernels.dot(dh, 0, dh, 0, H));
            dRawNorm[t] = Math.sqrt(DenseKernels.dot(di, 0, di, 0, GH));
            if (t > 0 || backToStart) {
                DenseKernels.combineRows(dhnext, H, dhh, whhRows, 0, GH, false);
                for (int j = 0; j < H; j++) {
                    dhnext[j] += dh[j] * a[H + j];
                }
            }
        }
    }

    @Override
    GateTrace gateTrace(int T) {
        final int GH = rows;
        double[] gates = new double[T * GH];
        for (int t = 0; t < T; t++) {
            System.arraycopy(acts[t], 0, gates, t * GH, GH);
        }
        return new GateTrace(Cell.GRU, hidden, T, gates, null, null, null);
    }

    @Override
    double[] stepActivations() {
        return stepActs;
    }

    @Override
    double[] cellFlow(int T) {
        return null;
    }

    @Override
    void saveState(int T, double[] state) {
        System.arraycopy(hs[T], 0, state, 0, hidden);
    }

    @Override
    void stepOnCopies(int x, double[] state) {
        System.arraycopy(bhh.data, 0, gh, 0, rows);
        DenseKernels.combineRows(gh, rows, state, whhT, 0, hidden, true);
        gates(wihT[x], 0, 1, state, stepActs, state);
    }

    @Override
    void stepOnParameters(int x, double[] state) {
        final int H = hidden;
        final double[] w = whh.data;
        final double[] b = bhh.data;
        for (int r = 0; r < rows; r++) {
            gh[r] = b[r] + DenseKernels.dot(w, r * H, state, 0, H);
        }
        gates(wih.data, x, vocab, state, stepActs, state);
    }
}
