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
 * lookup. Buffers for the window are allocated once (and grown if a longer window comes), so
 * {@link #trainWindow} allocates nothing.
 *
 * <p>Performance: see {@link #trainWindow}. For its inner loops the model keeps private copies of
 * Whh and Why, transposed and as arrays of rows (2(H^2 + VH) doubles, allocated on the first
 * {@link #trainWindow} or {@link #forward}). They are refreshed from {@link #parameters()} at the
 * start of every {@link #trainWindow} and {@link #forward}, so writing the parameters in place
 * (the optimizer, {@link #copyParametersFrom}, a checkpoint, a test) needs no notification and
 * cannot leave them stale. {@link #step} reads the parameters directly.
 */
public final class VanillaRnn extends AbstractRecurrentModel {

    private final Tensor wxh;
    private final Tensor whh;
    private final Tensor why;
    private final Tensor bh;
    private final Tensor by;
    private final Tensor dwxh;
    private final Tensor dwhh;
    private final Tensor dwhy;
    private final Tensor dbh;
    private final Tensor dby;

    // window buffers (capacity T), one array per row so that the kernels vectorize
    private int capacity;
    private int[] xs;
    private int[] ts;
    private double[][] hs;     // T+1 rows of H, row 0 = h0
    private double[][] ps;     // T rows of V: logits, then probabilities
    private double[][] dys;    // T rows of V: dL/dy_t = p_t - onehot(target_t)
    private double[][] dhOut;  // T rows of H: Why^T dy_t
    private double[][] das;    // T rows of H: dL/da_t
    private double[] stepLoss;
    private double[] dhNorm;
    private double[] dhRawNorm;
    private double[] column;   // T: one column of dys or das, gathered as coefficients
    private final double[] boundH;     // H: clipping bounds per hidden unit
    private final double[] boundV;     // V: clipping bounds per output symbol
    private final double[] dh;
    private final double[] dhnext;
    private final double[] rowBuffer;  // max(H, V)
    private final double[] stepBuffer;
    // private copies of parameters as rows, allocated on first use (a copy made only for sampling
    // never needs them) and refreshed at the start of trainWindow and forward
    private double[][] whhT;     // Whh^T: H rows of H
    private double[][] whyT;     // Why^T: H rows of V
    private double[][] whhRows;  // Whh: H rows of H
    private double[][] whyRows;  // Why: V rows of H
    private int traceLength;
    private double clippedFraction;

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
        why = new Tensor("Why", vocabSize, hiddenSize);
        bh = new Tensor("bh", hiddenSize, 1);
        by = new Tensor("by", vocabSize, 1);
        dwxh = wxh.gradient();
        dwhh = whh.gradient();
        dwhy = why.gradient();
        dbh = bh.gradient();
        dby = by.gradient();
        params = List.of(wxh, whh, why, bh, by);
        grads = List.of(dwxh, dwhh, dwhy, dbh, dby);
        dh = new double[hiddenSize];
        dhnext = new double[hiddenSize];
        rowBuffer = new double[Math.max(hiddenSize, vocabSize)];
        boundH = new double[hiddenSize];
        boundV = new double[vocabSize];
        stepBuffer = new double[hiddenSize];
        ensureCapacity(1);
    }

    private void ensureCapacity(int length) {
        if (length <= capacity) {
            return;
        }
        capacity = length;
        xs = new int[length];
        ts = new int[length];
        hs = new double[length + 1][hidden];
        ps = new double[length][vocab];
        dys = new double[length][vocab];
        dhOut = new double[length][hidden];
        das = new double[length][hidden];
        stepLoss = new double[length];
        dhNorm = new double[length];
        dhRawNorm = new double[length];
        column = new double[length];
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
        ensureCapacity(length);
        final int H = hidden;
        final int V = vocab;
        final int T = length;
        for (int t = 0; t < T; t++) {
            xs[t] = data[start + t];
            ts[t] = data[start + t + 1];
        }
        refreshCopies();
        System.arraycopy(h, 0, hs[0], 0, H);

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
            dhRawNorm[t] = Math.sqrt(DenseKernels.dot(da, 0, da, 0, H));
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
    private void refreshCopies() {
        if (whhT == null) {
            whhT = new double[hidden][hidden];
            whyT = new double[hidden][vocab];
            whhRows = new double[hidden][hidden];
            whyRows = new double[vocab][hidden];
        }
        DenseKernels.transpose(whh.data, hidden, hidden, whhT);
        DenseKernels.transpose(why.data, vocab, hidden, whyT);
        DenseKernels.toRows(whh.data, hidden, hidden, whhRows);
        DenseKernels.toRows(why.data, vocab, hidden, whyRows);
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
        int T = traceLength;
        int H = hidden;
        double[] h0 = hs[0].clone();
        double[] hsCopy = new double[T * H];
        double[] psCopy = new double[T * vocab];
        for (int t = 0; t < T; t++) {
            System.arraycopy(hs[t + 1], 0, hsCopy, t * H, H);
            System.arraycopy(ps[t], 0, psCopy, t * vocab, vocab);
        }
        return new WindowTrace(Arrays.copyOf(xs, T), Arrays.copyOf(ts, T), h0, hsCopy, psCopy,
                Arrays.copyOf(stepLoss, T), Arrays.copyOf(dhNorm, T),
                Arrays.copyOf(dhRawNorm, T), clippedFraction, H, vocab);
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
        final int T = inputs.length;
        if (T < 1) {
            throw new IllegalArgumentException("need at least one input");
        }
        ensureCapacity(T);
        refreshCopies();
        System.arraycopy(h, 0, hs[0], 0, H);
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
            int target = targets != null && t < targets.length ? targets[t] : -1;
            System.arraycopy(by.data, 0, p, 0, V);
            DenseKernels.combineRows(p, V, cur, whyT, 0, H, true);
            double l = OutputLayer.softmax(p, target, V);
            loss += l;
            if (lossOut != null && t < lossOut.length) {
                lossOut[t] = target >= 0 ? l : Double.NaN;
            }
            if (hsOut != null) {
                System.arraycopy(cur, 0, hsOut, t * H, H);
            }
            if (probsOut != null) {
                System.arraycopy(p, 0, probsOut, t * V, V);
            }
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
        final double[] wy = why.data;
        final double[] c = by.data;
        for (int k = 0; k < V; k++) {
            logitsOut[k] = c[k] + DenseKernels.dot(wy, k * H, h, 0, H);
        }
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
        final int V = vocab;
        return (input, h, logitsOut) -> {
            hiddenStep(input, h, stepBuffer);
            System.arraycopy(stepBuffer, 0, h, 0, H);
            System.arraycopy(by.data, 0, logitsOut, 0, V);
            DenseKernels.combineRows(logitsOut, V, h, whyT, 0, H, true);
        };
    }

    @Override
    public VanillaRnn copy() {
        VanillaRnn c = new VanillaRnn(vocab, hidden);
        for (int i = 0; i < params.size(); i++) {
            c.params.get(i).copyFrom(params.get(i));
            c.grads.get(i).copyFrom(grads.get(i));
        }
        return c;
    }
}
