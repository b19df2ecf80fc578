package dev.unroll.engine.model;

import dev.unroll.engine.Rng;

import java.util.Arrays;

/**
 * {@code torch.nn.LSTM}'s cell (one layer, batch one) in the character-level frame:
 * <pre>
 *   z_t = weight_ih[:, x_t] + bias_ih + weight_hh h_{t-1} + bias_hh         4H, blocks i, f, g, o
 *   i = sigmoid(z_i)   f = sigmoid(z_f)   g = tanh(z_g)   o = sigmoid(z_o)
 *   c_t = f * c_{t-1} + i * g
 *   h_t = o * tanh(c_t)
 *   p_t = softmax(Why h_t + by),   loss = sum_t -log p_t[target_t]
 * </pre>
 * weight_ih is 4H x V, weight_hh 4H x H, bias_ih and bias_hh 4H, with the gate blocks in PyTorch's
 * row order i, f, g, o; the arrays load into {@code nn.LSTM(V, H)}'s {@code weight_ih_l0} etc.
 * unchanged. The state is h and c: {@link #stateSize()} is 2H, h in [0, H), c in [H, 2H).
 *
 * <p>Backpropagation through time, t = T..1, with dh_t = Why^T dy_t + weight_hh^T dz_{t+1} and
 * dc_{T+1} carried from the step after:
 * <pre>
 *   dc_t = dh_t * o * (1 - tanh^2 c_t) + dc_{t+1} * f_{t+1}
 *   dz_i = dc_t g i (1 - i)   dz_f = dc_t c_{t-1} f (1 - f)   dz_g = dc_t i (1 - g^2)   dz_o = dh_t tanh(c_t) o (1 - o)
 * </pre>
 * dz_t is the gradient of both pre-activations (they are added), see {@link GatedRnn}.
 */
public final class Lstm extends GatedRnn {
    private double[][] acts;   // T rows of 4H: i, f, g, o
    private double[][] cs;     // T+1 rows of H: c_t, row 0 = c0
    private double[][] tcs;    // T rows of H: tanh(c_t)
    private double[] dcNorm;   // T: ||dL/dc_t||
    private final double[] dh;
    private final double[] dcnext;
    private final double[] bsum;       // bias_ih + bias_hh, a copy refreshed with the others
    private final double[] stepGates;  // 4H scratch for single steps
    private final double[] stepC;      // H scratch for single steps: c
    private final double[] stepTc;     // H scratch for single steps: tanh(c)

    /** PyTorch's initialisation: every tensor uniform in [-1/sqrt(H), 1/sqrt(H)), see {@link GatedRnn}. */
    public Lstm(int vocabSize, int hiddenSize, Rng rng) {
        this(vocabSize, hiddenSize);
        initialise(rng);
    }

    /** All parameters zero. */
    public Lstm(int vocabSize, int hiddenSize) {
        super(vocabSize, hiddenSize, 4);
        dh = new double[hiddenSize];
        dcnext = new double[hiddenSize];
        bsum = new double[rows];
        stepGates = new double[rows];
        stepC = new double[hiddenSize];
        stepTc = new double[hiddenSize];
        ensureCapacity(1);
    }

    @Override
    public Cell cell() {
        return Cell.LSTM;
    }

    /** 2H: h, then c. */
    @Override
    public int stateSize() {
        return 2 * hidden;
    }

    @Override
    double[][] allocateSteps(int length) {
        acts = new double[length][rows];
        cs = new double[length + 1][hidden];
        tcs = new double[length][hidden];
        dcNorm = new double[length];
        return dgh;
    }

    @Override
    void refreshOwnCopies() {
        final double[] a = bih.data;
        final double[] b = bhh.data;
        for (int r = 0; r < rows; r++) {
            bsum[r] = a[r] + b[r];
        }
    }

    /**
     * The gates from their pre-activations z (4H, in place: z becomes i, f, g, o), then
     * c = f * cPrev + i * g, tc = tanh(c), h = o * tc. {@code c} may be {@code cPrev} and
     * {@code h} may be the array the pre-activations were computed from.
     */
    private void gates(double[] z, double[] cPrev, double[] c, double[] tc, double[] h) {
        final int H = hidden;
        for (int j = 0; j < H; j++) {
            final double i = sigmoid(z[j]);
            final double f = sigmoid(z[H + j]);
            final double g = DenseKernels.tanh(z[2 * H + j]);
            final double o = sigmoid(z[3 * H + j]);
            z[j] = i;
            z[H + j] = f;
            z[2 * H + j] = g;
            z[3 * H + j] = o;
            final double cv = f * cPrev[j] + i * g;
            final double t = DenseKernels.tanh(cv);
            c[j] = cv;
            tc[j] = t;
            h[j] = o * t;
        }
    }

    @Override
    void forwardWindow(int T, double[] state) {
        final int H = hidden;
        final int GH = rows;
        System.arraycopy(state, H, cs[0], 0, H);
        for (int t = 0; t < T; t++) {
            final double[] z = acts[t];
            final double[] wx = wihT[xs[t]];
            for (int r = 0; r < GH; r++) {
                z[r] = wx[r] + bsum[r];
            }
            DenseKernels.combineRows(z, GH, hs[t], whhT, 0, H, true);
            gates(z, cs[t], cs[t + 1], tcs[t], hs[t + 1]);
        }
    }

    @Override
    void backwardWindow(int T) {
        final int H = hidden;
        final int GH = rows;
        Arrays.fill(dhnext, 0);
        Arrays.fill(dcnext, 0);
        for (int t = T - 1; t >= 0; t--) {
            final double[] a = acts[t];
            final double[] g = dhOut[t];
            final double[] tc = tcs[t];
            final double[] cPrev = cs[t];
            final double[] dz = dgh[t];
            for (int j = 0; j < H; j++) {
                final double i = a[j];
                final double f = a[H + j];
                final double gg = a[2 * H + j];
                final double o = a[3 * H + j];
                final double d = g[j] + dhnext[j];
                dh[j] = d;
                final double tcv = tc[j];
                final double dc = d * o * (1.0 - tcv * tcv) + dcnext[j];
                dcnext[j] = dc; // ||dL/dc_t|| is taken below, before it becomes dc * f
                dz[j] = dc * gg * i * (1.0 - i);
                dz[H + j] = dc * cPrev[j] * f * (1.0 - f);
                dz[2 * H + j] = dc * i * (1.0 - gg * gg);
                dz[3 * H + j] = d * tcv * o * (1.0 - o);
            }
            dhNorm[t] = Math.sqrt(DenseKernels.dot(dh, 0, dh, 0, H));
            dcNorm[t] = Math.sqrt(DenseKernels.dot(dcnext, 0, dcnext, 0, H));
            dRawNorm[t] = Math.sqrt(DenseKernels.dot(dz, 0, dz, 0, GH));
            for (int j = 0; j < H; j++) {
                dcnext[j] *= a[H + j];
            }
            if (t > 0 || backToStart) {
                DenseKernels.combineRows(dhnext, H, dz, whhRows, 0, GH, false);
            }
        }
    }

    @Override
    GateTrace gateTrace(int T) {
        final int H = hidden;
        double[] gates = new double[T * rows];
        double[] cells = new double[T * H];
        for (int t = 0; t < T; t++) {
            System.arraycopy(acts[t], 0, gates, t * rows, rows);
            System.arraycopy(cs[t + 1], 0, cells, t * H, H);
        }
        return new GateTrace(Cell.LSTM, H, T, gates, cells, cs[0].clone(), Arrays.copyOf(dcNorm, T));
    }

    @Override
    double[] stepActivations() {
        return stepGates;
    }

    @Override
    double[] cellFlow(int T) {
        double[] dc = new double[T + 1];
        for (int k = 0; k < T; k++) {
            dc[k] = dcNorm[T - 1 - k];
        }
        dc[T] = Math.sqrt(DenseKernels.dot(dcnext, 0, dcnext, 0, hidden));
        return dc;
    }

    @Override
    void saveState(int T, double[] state) {
        System.arraycopy(hs[T], 0, state, 0, hidden);
        System.arraycopy(cs[T], 0, state, hidden, hidden);
    }

    @Override
    void stepOnCopies(int x, double[] state) {
        final int H = hidden;
        final int GH = rows;
        final double[] z = stepGates;
        final double[] wx = wihT[x];
        for (int r = 0; r < GH; r++) {
            z[r] = wx[r] + bsum[r];
        }
        DenseKernels.combineRows(z, GH, state, whhT, 0, H, true);
        finishStep(state);
    }

    @Override
    void stepOnParameters(int x, double[] state) {
        final int H = hidden;
        final int V = vocab;
        final double[] z = stepGates;
        final double[] w = whh.data;
        final double[] wx = wih.data;
        final double[] a = bih.data;
        final double[] b = bhh.data;
        for (int r = 0; r < rows; r++) {
            z[r] = wx[r * V + x] + a[r] + b[r] + DenseKernels.dot(w, r * H, state, 0, H);
        }
        finishStep(state);
    }

    /** From the pre-activations in stepGates: the new h into state[0, H), the new c into state[H, 2H). */
    private void finishStep(double[] state) {
        final int H = hidden;
        final double[] c = stepC;
        System.arraycopy(state, H, c, 0, H);
        gates(stepGates, c, c, stepTc, state);
        System.arraycopy(c, 0, state, H, H);
    }
}
