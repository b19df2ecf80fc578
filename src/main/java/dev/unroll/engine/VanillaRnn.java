package dev.unroll.engine;

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
 * <p>Performance: see {@link #trainWindow}. The model keeps transposed copies of Whh and Why for
 * its inner loops; they are private, refreshed from {@link #parameters()} at the start of every
 * {@link #trainWindow} and {@link #forward}, so writing the parameters in place (the optimizer,
 * {@link #copyParametersFrom}, a checkpoint) needs no notification.
 */
public final class VanillaRnn implements RecurrentModel {
    private final int vocab;
    private final int hidden;

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
    private final List<Tensor> params;
    private final List<Tensor> grads;

    // window buffers (capacity T)
    private int capacity;
    private int[] xs;
    private int[] ts;
    private double[] hs;      // (T+1) x H, row 0 = h0
    private double[] ps;      // T x V
    private double[] stepLoss;
    private double[] dhNorm;
    private double[] dhRawNorm;
    private double[] dys;     // T x V, dL/dy_t
    private double[] dhOut;   // T x H, Why^T dy_t
    private double[] dhraws;  // T x H, dL/da_t
    private final double[] dh;
    private final double[] dhnext;
    private final double[] stepBuffer;
    // Whh^T (H x H) and Why^T (H x V), refreshed from the parameters at the start of trainWindow and forward
    private final double[] whhT;
    private final double[] whyT;
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
        if (vocabSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        this.vocab = vocabSize;
        this.hidden = hiddenSize;
        wxh = new Tensor("Wxh", hiddenSize, vocabSize);
        whh = new Tensor("Whh", hiddenSize, hiddenSize);
        why = new Tensor("Why", vocabSize, hiddenSize);
        bh = new Tensor("bh", hiddenSize, 1);
        by = new Tensor("by", vocabSize, 1);
        dwxh = new Tensor("dWxh", hiddenSize, vocabSize);
        dwhh = new Tensor("dWhh", hiddenSize, hiddenSize);
        dwhy = new Tensor("dWhy", vocabSize, hiddenSize);
        dbh = new Tensor("dbh", hiddenSize, 1);
        dby = new Tensor("dby", vocabSize, 1);
        params = List.of(wxh, whh, why, bh, by);
        grads = List.of(dwxh, dwhh, dwhy, dbh, dby);
        dh = new double[hiddenSize];
        dhnext = new double[hiddenSize];
        stepBuffer = new double[hiddenSize];
        whhT = new double[hiddenSize * hiddenSize];
        whyT = new double[hiddenSize * vocabSize];
        ensureCapacity(1);
    }

    private void ensureCapacity(int length) {
        if (length <= capacity) {
            return;
        }
        capacity = length;
        xs = new int[length];
        ts = new int[length];
        hs = new double[(length + 1) * hidden];
        ps = new double[length * vocab];
        stepLoss = new double[length];
        dhNorm = new double[length];
        dhRawNorm = new double[length];
        dys = new double[length * vocab];
        dhOut = new double[length * hidden];
        dhraws = new double[length * hidden];
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public List<Tensor> parameters() {
        return params;
    }

    @Override
    public List<Tensor> gradients() {
        return grads;
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
     *   refresh WhhT = Whh^T, WhyT = Why^T                       (the parameters may have been changed in place)
     *   for t = 1..T:  a_t = Wxh[:, x_t] + bh + WhhT^T h_{t-1};  h_t = tanh(a_t)      sequential
     *   Y = Hs WhyT + by;  P = softmax(Y) by rows;  dY = P - onehot(targets)            T x V
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
        refreshTransposes();
        System.arraycopy(h, 0, hs, 0, H);

        // forward: the recurrence, then the output layer for the whole window
        for (int t = 0; t < T; t++) {
            hiddenStep(xs[t], hs, t * H, hs, (t + 1) * H);
        }
        final double[] byD = by.data;
        double loss = 0;
        for (int t = 0; t < T; t++) {
            final int pOff = t * V;
            System.arraycopy(byD, 0, ps, pOff, V);
            DenseKernels.combineRows(ps, pOff, V, hs, (t + 1) * H, 1, whyT, 0, V, H, true);
            final double l = softmax(ps, pOff, ts[t]);
            stepLoss[t] = l;
            loss += l;
        }
        traceLength = T;

        // output layer gradients: dY = P - onehot; dby = sum_t dy_t; dWhy = dY^T Hs; G = dY Why
        System.arraycopy(ps, 0, dys, 0, T * V);
        for (int t = 0; t < T; t++) {
            dys[t * V + ts[t]] -= 1.0;
        }
        final double[] dbyD = dby.data;
        java.util.Arrays.fill(dbyD, 0);
        for (int t = T - 1; t >= 0; t--) {
            final int off = t * V;
            for (int k = 0; k < V; k++) {
                dbyD[k] += dys[off + k];
            }
        }
        final double[] dwhyD = dwhy.data;
        for (int k = 0; k < V; k++) {
            DenseKernels.combineRows(dwhyD, k * H, H, dys, k, V, hs, H, H, T, false);
        }
        final double[] whyD = why.data;
        for (int t = 0; t < T; t++) {
            DenseKernels.combineRows(dhOut, t * H, H, dys, t * V, 1, whyD, 0, H, V, false);
        }

        // backward through time: the sequential part
        final double[] whhD = whh.data;
        java.util.Arrays.fill(dhnext, 0);
        for (int t = T - 1; t >= 0; t--) {
            final int hOff = (t + 1) * H;
            final int dOff = t * H;
            for (int i = 0; i < H; i++) {
                final double hv = hs[hOff + i];
                final double g = dhOut[dOff + i] + dhnext[i];
                dh[i] = g;
                dhraws[dOff + i] = (1.0 - hv * hv) * g;
            }
            dhNorm[t] = Math.sqrt(DenseKernels.dot(dh, 0, dh, 0, H));
            dhRawNorm[t] = Math.sqrt(DenseKernels.dot(dhraws, dOff, dhraws, dOff, H));
            if (t > 0) {
                // dhnext = Whh^T da_t (not needed after the first step)
                DenseKernels.combineRows(dhnext, 0, H, dhraws, dOff, 1, whhD, 0, H, H, false);
            }
        }

        // hidden layer gradients: dWhh = dA^T Hprev; dbh = sum_t da_t; dWxh[:, x_t] += da_t
        final double[] dwhhD = dwhh.data;
        for (int i = 0; i < H; i++) {
            DenseKernels.combineRows(dwhhD, i * H, H, dhraws, i, H, hs, 0, H, T, false);
        }
        final double[] dbhD = dbh.data;
        final double[] dwxhD = dwxh.data;
        java.util.Arrays.fill(dbhD, 0);
        java.util.Arrays.fill(dwxhD, 0);
        for (int t = T - 1; t >= 0; t--) {
            final int dOff = t * H;
            final int x = xs[t];
            for (int i = 0; i < H; i++) {
                dbhD[i] += dhraws[dOff + i];
            }
            for (int i = 0; i < H; i++) {
                dwxhD[i * V + x] += dhraws[dOff + i];
            }
        }

        clippedFraction = clipGradients(clip);
        System.arraycopy(hs, T * H, h, 0, H);
        return loss;
    }

    /**
     * Clips every gradient entry to [-clip, clip]. Most iterations clip nothing, which a vectorized
     * max |g| shows; only tensors that need it take the entry-by-entry pass that counts.
     *
     * @return the fraction of entries clipped
     */
    private double clipGradients(double clip) {
        long clipped = 0;
        long total = 0;
        for (Tensor g : grads) {
            final double[] d = g.data;
            total += d.length;
            if (DenseKernels.maxAbs(d) <= clip) {
                continue;
            }
            for (int i = 0; i < d.length; i++) {
                final double v = d[i];
                if (v > clip) {
                    d[i] = clip;
                    clipped++;
                } else if (v < -clip) {
                    d[i] = -clip;
                    clipped++;
                }
            }
        }
        return (double) clipped / total;
    }

    /**
     * Brings the internal transposed copies WhhT = Whh^T and WhyT = Why^T up to date with the
     * parameters. Called at the start of every {@link #trainWindow} and {@link #forward}, because
     * anyone holding {@link #parameters()} (the optimizer, a checkpoint restore, a test) may write
     * them in place; an H x H + V x H copy is small beside the window's 6T(H^2 + VH) work.
     */
    private void refreshTransposes() {
        DenseKernels.transpose(whh.data, hidden, hidden, whhT);
        DenseKernels.transpose(why.data, vocab, hidden, whyT);
    }

    /**
     * h_out = tanh(Wxh[:, x] + bh + Whh h_in), with Whh h_in computed as WhhT^T h_in (a sum of
     * scaled rows of WhhT). Requires fresh transposes. {@code hOut} may be {@code hIn}'s array at
     * a range that does not overlap.
     */
    private void hiddenStep(int x, double[] hIn, int inOff, double[] hOut, int outOff) {
        final int H = hidden;
        final int V = vocab;
        final double[] wx = wxh.data;
        final double[] b = bh.data;
        for (int i = 0; i < H; i++) {
            hOut[outOff + i] = wx[i * V + x] + b[i];
        }
        DenseKernels.combineRows(hOut, outOff, H, hIn, inOff, 1, whhT, 0, H, H, true);
        for (int i = 0; i < H; i++) {
            hOut[outOff + i] = Math.tanh(hOut[outOff + i]);
        }
    }

    /**
     * In place: probs[pOff..pOff+V) holds the logits y and becomes softmax(y) (max subtracted first).
     *
     * @return -log p[target], or 0 when target &lt; 0
     */
    private double softmax(double[] probs, int pOff, int target) {
        final int V = vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < V; k++) {
            max = Math.max(max, probs[pOff + k]);
        }
        double sum = 0;
        for (int k = 0; k < V; k++) {
            final double e = Math.exp(probs[pOff + k] - max);
            probs[pOff + k] = e;
            sum += e;
        }
        for (int k = 0; k < V; k++) {
            probs[pOff + k] /= sum;
        }
        return target >= 0 ? -Math.log(probs[pOff + target]) : 0.0;
    }

    @Override
    public WindowTrace lastTrace() {
        int T = traceLength;
        int H = hidden;
        double[] h0 = new double[H];
        System.arraycopy(hs, 0, h0, 0, H);
        double[] hsCopy = new double[T * H];
        System.arraycopy(hs, H, hsCopy, 0, T * H);
        double[] psCopy = new double[T * vocab];
        System.arraycopy(ps, 0, psCopy, 0, T * vocab);
        return new WindowTrace(java.util.Arrays.copyOf(xs, T), java.util.Arrays.copyOf(ts, T), h0, hsCopy, psCopy,
                java.util.Arrays.copyOf(stepLoss, T), java.util.Arrays.copyOf(dhNorm, T),
                java.util.Arrays.copyOf(dhRawNorm, T), clippedFraction, H, vocab);
    }

    @Override
    public double forward(int[] inputs, int[] targets, double[] h, double[] hsOut, double[] probsOut, double[] lossOut) {
        final int H = hidden;
        final int V = vocab;
        refreshTransposes();
        double[] cur = h.clone();
        double[] next = new double[H];
        double[] p = new double[V];
        double loss = 0;
        for (int t = 0; t < inputs.length; t++) {
            hiddenStep(inputs[t], cur, 0, next, 0);
            double[] tmp = cur;
            cur = next;
            next = tmp;
            int target = targets != null && t < targets.length ? targets[t] : -1;
            System.arraycopy(by.data, 0, p, 0, V);
            DenseKernels.combineRows(p, 0, V, cur, 0, 1, whyT, 0, V, H, true);
            double l = softmax(p, 0, target);
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
            next[i] = Math.tanh(wx[i * V + input] + b[i] + DenseKernels.dot(w, i * H, h, 0, H));
        }
        System.arraycopy(next, 0, h, 0, H);
        final double[] wy = why.data;
        final double[] c = by.data;
        for (int k = 0; k < V; k++) {
            logitsOut[k] = c[k] + DenseKernels.dot(wy, k * H, h, 0, H);
        }
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
