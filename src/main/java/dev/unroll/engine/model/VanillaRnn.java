package dev.unroll.engine.model;

import dev.unroll.engine.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * The vanilla character-level RNN of min-char-rnn:
 * <pre>
 *   h_t = tanh(Wxh x_t + Whh h_{t-1} + bh)     x_t one-hot over V
 *   y_t = Why h_t + by
 *   p_t = softmax(y_t)
 *   loss = sum_t -log p_t[target_t]
 * </pre>
 * Wxh is H x V, Whh H x H, Why V x H, bh H x 1, by V x 1, all row-major. Wxh x_t is a column
 * lookup. Buffers for the window are allocated once (and grown if a longer window comes, in
 * {@link SingleLayerRnn} with the output layer, as for the gated cells), so {@link #trainWindow}
 * allocates nothing.
 *
 * <p>Performance: see {@link #trainWindow}. For its inner loops the model keeps private copies of
 * Whh and Why, transposed and as arrays of rows (2(H^2 + VH) doubles, allocated on the first
 * {@link #trainWindow} or {@link #forward}). They are refreshed from {@link #parameters()} at the
 * start of every {@link #trainWindow} and {@link #forward}, so writing the parameters in place
 * (the optimizer, {@link #copyParametersFrom}, a checkpoint, a test) needs no notification and
 * cannot leave them stale. {@link #step} reads the parameters directly.
 */
public final class VanillaRnn extends SingleLayerRnn {

    private final Tensor wxh;
    private final Tensor whh;
    private final Tensor bh;
    private final Tensor dwxh;
    private final Tensor dwhh;
    private final Tensor dbh;

    // the window buffers are SingleLayerRnn's but for das, grown with them
    private double[][] das;    // T rows of H: dL/da_t
    private final double[] boundH;     // H: clipping bounds per hidden unit
    private final double[] boundV;     // V: clipping bounds per output symbol
    private final double[] dh;
    private final double[] stepBuffer;
    // private copies of parameters as rows, allocated on first use (a copy made only for sampling
    // never needs them) and refreshed at the start of trainWindow and forward (Why's are SingleLayerRnn's)
    private double[][] whhT;     // Whh^T: H rows of H
    private double[][] whhRows;  // Whh: H rows of H

    /** Weights drawn from N(0,1) x 0.01 in the order Wxh, Whh, Why (row-major); biases zero. */
    public VanillaRnn(int vocabSize, int hiddenSize, Rng rng) {
        this(vocabSize, hiddenSize);
        for (Tensor w : List.of(wxh, whh, why)) {
            double[] d = w.data;
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextGaussian() * 0.01;
            }
        }
    }

    /** All parameters zero. */
    public VanillaRnn(int vocabSize, int hiddenSize) {
        super(vocabSize, hiddenSize);
        wxh = new Tensor("Wxh", hiddenSize, vocabSize);
        whh = new Tensor("Whh", hiddenSize, hiddenSize);
        bh = new Tensor("bh", hiddenSize, 1);
        dwxh = wxh.gradient();
        dwhh = whh.gradient();
        dbh = bh.gradient();
        params = List.of(wxh, whh, why, bh, by);
        grads = List.of(dwxh, dwhh, dwhy, dbh, dby);
        dh = new double[hiddenSize];
        boundH = new double[hiddenSize];
        boundV = new double[vocabSize];
        stepBuffer = new double[hiddenSize];
        ensureCapacity(1);
    }

    @Override
    void growSteps(int length) {
        das = new double[length][hidden];
    }





    @Override
    public Cell cell() {
        return Cell.VANILLA;
    }

    public Tensor wxh() {
        return wxh;
    }

    public Tensor whh() {
        return whh;
    }

    public Tensor why() {
        return why;
    }

    public Tensor bh() {
        return bh;
    }

    public Tensor by() {
        return by;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Implementation. Only the two recurrent products are sequential in t; everything else is done
     * for the whole window at once, as matrix products over the T x H hidden states and the T x V
     * output errors. Every inner loop is an axpy over contiguous memory ({@link DenseKernels}), which
     * C2 compiles to SIMD code:
     * <pre>
     *   refresh Whh^T, Why^T, and Whh, Why as rows              (the parameters may have been changed in place)
     *   for t = 1..T:  a_t = Wxh[:, x_t] + bh + Whh h_{t-1};  h_t = tanh(a_t)        sequential
     *   Y = Hs Why^T + by;  P = softmax(Y) by rows;  dY = P - onehot(targets)            T x V
     *   dby = sum_t dy_t;  dWhy = dY^T Hs;  G = dY Why                                 whole window
     *   for t = T..1:  dh_t = G_t + Whh^T da_{t+1};  da_t = (1 - h_t^2) dh_t            sequential
     *   dWhh = dA^T H_{0..T-1};  dbh = sum_t da_t;  dWxh[:, x_t] += da_t                 whole window
     *   clip every entry to [-clip, clip]
     * </pre>
     * Allocates nothing once the window buffers have grown to the window length.
     */
    @Override
    public double trainWindow(int[] data, int start, int length, double[] h, double clip) {
        startWindow(data, start, length, h);
        final int H = hidden;
        final int V = vocab;
        final int T = length;

        // forward: the recurrence, then the output layer for the whole window
        for (int t = 0; t < T; t++) {
            hiddenStep(xs[t], hs[t], hs[t + 1]);
        }
        final double loss = OutputLayer.forward(hs, T, by.data, whyT, ts, ps, stepLoss, V, H);
        traceLength = T;

        // output layer gradients: dY = P - onehot; dby = sum_t dy_t; dWhy = dY^T Hs; G = dY Why
        final double[] row = rowBuffer;
        OutputLayer.backward(hs, T, ps, ts, dys, dby.data, dwhy.data, whyRows, dhOut, row, column, V, H);

        // backward through time: the sequential part
        Arrays.fill(dhnext, 0);
        for (int t = T - 1; t >= 0; t--) {
            final double[] ht = hs[t + 1];
            final double[] g = dhOut[t];
            final double[] da = das[t];
            for (int i = 0; i < H; i++) {
                final double hv = ht[i];
                final double d = g[i] + dhnext[i];
                dh[i] = d;
                da[i] = (1.0 - hv * hv) * d;
            }
            dhNorm[t] = Math.sqrt(DenseKernels.dot(dh, 0, dh, 0, H));
            dRawNorm[t] = Math.sqrt(DenseKernels.dot(da, 0, da, 0, H));
            if (t > 0) {
                // dhnext = Whh^T da_t (not needed after the first step)
                DenseKernels.combineRows(dhnext, H, da, whhRows, 0, H, false);
            }
        }

        // hidden layer gradients: dWhh = dA^T Hprev; dbh = sum_t da_t; dWxh[:, x_t] += da_t
        final double[] dwhhD = dwhh.data;
        for (int i = 0; i < H; i++) {
            for (int t = 0; t < T; t++) {
                column[t] = das[t][i];
            }
            DenseKernels.combineRows(row, H, column, hs, 0, T, false);
            System.arraycopy(row, 0, dwhhD, i * H, H);
        }
        final double[] dbhD = dbh.data;
        final double[] dwxhD = dwxh.data;
        Arrays.fill(dbhD, 0);
        Arrays.fill(dwxhD, 0);
        for (int t = T - 1; t >= 0; t--) {
            final double[] da = das[t];
            final int x = xs[t];
            for (int i = 0; i < H; i++) {
                dbhD[i] += da[i];
            }
            for (int i = 0; i < H; i++) {
                dwxhD[i * V + x] += da[i];
            }
        }

        clippedFraction = clipGradients(clip, T);
        System.arraycopy(hs[T], 0, h, 0, H);
        return loss;
    }

    /**
     * Clips every gradient entry to [-clip, clip] and returns the fraction clipped, reading only the
     * rows that may need it. Every gradient entry is a sum over the window whose size is bounded
     * cheaply (|h_t| &lt;= 1 for t &gt;= 1, as tanh outputs):
     * <pre>
     *   |dWhy[k][j]|, |dby[k]|               &lt;= B_k = sum_t |dy_t[k]|
     *   |dWhh[i][j]|, |dbh[i]|, |dWxh[i][x]| &lt;= A_i = sum_t |da_t[i]| * max(1, |h_0|_inf)
     * </pre>
     * A row whose bound (with a 1e-12 margin for rounding) is at most {@code clip} has nothing to
     * clip and is skipped: most rows, most iterations. The result is exactly that of clipping
     * every entry.
     */
    private double clipGradients(double clip, int T) {
        final int H = hidden;
        final int V = vocab;
        final double[] bA = boundH;
        final double[] bB = boundV;
        Arrays.fill(bA, 0, H, 0.0);
        Arrays.fill(bB, 0, V, 0.0);
        for (int t = 0; t < T; t++) {
            final double[] da = das[t];
            for (int i = 0; i < H; i++) {
                bA[i] += Math.abs(da[i]);
            }
            final double[] dy = dys[t];
            for (int k = 0; k < V; k++) {
                bB[k] += Math.abs(dy[k]);
            }
        }
        final double h0max = Math.max(1.0, DenseKernels.maxAbs(hs[0]));
        final double limit = clip / (1 + 1e-12);
        long clipped = 0;
        for (int i = 0; i < H; i++) {
            if (!(bA[i] * h0max <= limit)) {
                clipped += OutputLayer.clipRange(dwhh.data, i * H, H, clip) + OutputLayer.clipRange(dwxh.data, i * V, V, clip)
                        + OutputLayer.clipRange(dbh.data, i, 1, clip);
            }
        }
        for (int k = 0; k < V; k++) {
            if (!(bB[k] <= limit)) {
                clipped += OutputLayer.clipRange(dwhy.data, k * H, H, clip) + OutputLayer.clipRange(dby.data, k, 1, clip);
            }
        }
        final long total = (long) H * V + (long) H * H + (long) V * H + H + V; // dWxh, dWhh, dWhy, dbh, dby
        return (double) clipped / total;
    }

    /**
     * Brings the private copies (Whh^T, Why^T, and Whh and Why as rows) up to date with the
     * parameters. Called at the start of every {@link #trainWindow} and {@link #forward}, because
     * anyone holding {@link #parameters()} (the optimizer, a checkpoint restore, a test) may write
     * them in place; 2(H^2 + VH) copies are small beside the window's 6T(H^2 + VH) flops.
     */
    @Override
    void refreshCellCopies() {
        if (whhT == null) {
            whhT = new double[hidden][hidden];
            whhRows = new double[hidden][hidden];
        }
        DenseKernels.transpose(whh.data, hidden, hidden, whhT);
        DenseKernels.toRows(whh.data, hidden, hidden, whhRows);
    }

    /**
     * h_out = tanh(Wxh[:, x] + bh + Whh h_in), with Whh h_in computed as a sum of scaled rows of
     * Whh^T. Requires fresh copies. {@code hOut} is modified and must not be {@code hIn}.
     */
    private void hiddenStep(int x, double[] hIn, double[] hOut) {
        final int H = hidden;
        final int V = vocab;
        final double[] wx = wxh.data;
        final double[] b = bh.data;
        for (int i = 0; i < H; i++) {
            hOut[i] = wx[i * V + x] + b[i];
        }
        DenseKernels.combineRows(hOut, H, hIn, whhT, 0, H, true);
        for (int i = 0; i < H; i++) {
            hOut[i] = DenseKernels.tanh(hOut[i]);
        }
    }

    @Override
    public WindowTrace lastTrace() {
        return trace(GateTrace.none(hidden, traceLength));
    }

    /** {@inheritDoc} The vanilla cell has no gates: the forward pass only. */
    @Override
    public GateTrace forwardGates(int[] inputs, double[] h) {
        forward(inputs, null, h, null, null, null);
        return GateTrace.none(hidden, inputs.length);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Written out on its own (the training loop is left as it is):
     * <pre>
     *   forward h_1 .. h_T;  dh_T = Why^T (p_T - onehot(target))
     *   for t = T..1:  da_t = (1 - h_t^2) dh_t;  dh_{t-1} = Whh^T da_t
     * </pre>
     */
    @Override
    public GradientFlow gradientFlow(int[] inputs, int target, double[] h) {
        final int H = hidden;
        final int V = vocab;
        final int T = startFlow(inputs, h);
        for (int t = 0; t < T; t++) {
            hiddenStep(inputs[t], hs[t], hs[t + 1]);
        }
        final double[] p = new double[V];
        System.arraycopy(by.data, 0, p, 0, V);
        DenseKernels.combineRows(p, V, hs[T], whyT, 0, H, true);
        final double loss = OutputLayer.softmax(p, target, V);
        p[target] -= 1.0;
        double[] g = new double[H];
        double[] a = new double[H];
        DenseKernels.combineRows(g, H, p, whyRows, 0, V, false);
        double[] norms = new double[T + 1];
        norms[0] = Math.sqrt(DenseKernels.dot(g, 0, g, 0, H));
        for (int t = T; t >= 1; t--) {
            final double[] ht = hs[t];
            for (int i = 0; i < H; i++) {
                a[i] = (1.0 - ht[i] * ht[i]) * g[i];
            }
            DenseKernels.combineRows(g, H, a, whhRows, 0, H, false);
            norms[T - t + 1] = Math.sqrt(DenseKernels.dot(g, 0, g, 0, H));
        }
        traceLength = 0;
        return new GradientFlow(norms, null, loss);
    }

    @Override
    public double forward(int[] inputs, int[] targets, double[] h, double[] hsOut, double[] probsOut, double[] lossOut) {
        final int H = hidden;
        final int V = vocab;
        refreshCopies();
        double[] cur = h.clone();
        double[] next = new double[H];
        double[] p = new double[V];
        double loss = 0;
        for (int t = 0; t < inputs.length; t++) {
            hiddenStep(inputs[t], cur, next);
            double[] tmp = cur;
            cur = next;
            next = tmp;
            loss += outputStep(t, cur, targets, p, hsOut, probsOut, lossOut);
        }
        System.arraycopy(cur, 0, h, 0, H);
        return loss;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Works on the row-major parameters directly (dot products, no transposed copies), so one
     * step costs O(H^2 + VH) whatever was changed before it. Allocates nothing.
     */
    @Override
    public void step(int input, double[] h, double[] logitsOut) {
        final int H = hidden;
        final int V = vocab;
        final double[] w = whh.data;
        final double[] wx = wxh.data;
        final double[] b = bh.data;
        final double[] next = stepBuffer;
        for (int i = 0; i < H; i++) {
            next[i] = DenseKernels.tanh(wx[i * V + input] + b[i] + DenseKernels.dot(w, i * H, h, 0, H));
        }
        System.arraycopy(next, 0, h, 0, H);
        logitsOnParameters(h, logitsOut);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refreshes the private copies once, then each step is two sums of scaled rows (Whh^T, Why^T),
     * as in {@link #forward}: about twice as fast as {@link #step} at H = 500. Sums run in another
     * order than {@link #step}'s, so the two agree to rounding (about 1e-15), not bit for bit.
     */
    @Override
    public Stepper stepper() {
        refreshCopies();
        final int H = hidden;
        return (input, h, logitsOut) -> {
            hiddenStep(input, h, stepBuffer);
            System.arraycopy(stepBuffer, 0, h, 0, H);
            logitsOnCopies(h, logitsOut);
        };
    }

    @Override
    public VanillaRnn copy() {
        return copyInto(new VanillaRnn(vocab, hidden));
    }
}
