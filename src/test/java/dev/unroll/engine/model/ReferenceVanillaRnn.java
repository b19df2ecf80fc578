package dev.unroll.engine.model;

import dev.unroll.engine.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * Test oracle: a plain, obviously correct copy of {@link VanillaRnn} as it was before the
 * performance work (commit c983fcc), one loop per formula, kept unchanged so that the optimised
 * model can be compared with it. Do not optimise this class.
 *
 * <p>The vanilla character-level RNN of min-char-rnn:
 * <pre>
 *   h_t = tanh(Wxh x_t + Whh h_{t-1} + bh)     x_t one-hot over V
 *   y_t = Why h_t + by
 *   p_t = softmax(y_t)
 *   loss = sum_t -log p_t[target_t]
 * </pre>
 * Wxh is H x V, Whh H x H, Why V x H, bh H x 1, by V x 1, all row-major. Wxh x_t is a column
 * lookup. Buffers for the window are allocated once (and grown if a longer window comes), so
 * {@link #trainWindow} allocates nothing.
 */
public final class ReferenceVanillaRnn implements RecurrentModel {
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
    private final double[] dh;
    private final double[] dhraw;
    private final double[] dhnext;
    private final double[] dy;
    private int traceLength;
    private double clippedFraction;

    /** Weights drawn from N(0,1) x 0.01 in the order Wxh, Whh, Why (row-major); biases zero. */
    public ReferenceVanillaRnn(int vocabSize, int hiddenSize, Rng rng) {
        this(vocabSize, hiddenSize);
        for (Tensor w : List.of(wxh, whh, why)) {
            double[] d = w.data;
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextGaussian() * 0.01;
            }
        }
    }

    /** All parameters zero. */
    public ReferenceVanillaRnn(int vocabSize, int hiddenSize) {
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
        dhraw = new double[hiddenSize];
        dhnext = new double[hiddenSize];
        dy = new double[vocabSize];
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

    @Override
    public double trainWindow(int[] data, int start, int length, double[] h, double clip) {
        ensureCapacity(length);
        final int H = hidden;
        final int V = vocab;
        for (int t = 0; t < length; t++) {
            xs[t] = data[start + t];
            ts[t] = data[start + t + 1];
        }
        System.arraycopy(h, 0, hs, 0, H);
        double loss = 0;
        for (int t = 0; t < length; t++) {
            hiddenStep(xs[t], hs, t * H, hs, (t + 1) * H);
            loss += outputStep(hs, (t + 1) * H, ps, t * V, ts[t]);
            stepLoss[t] = -Math.log(ps[t * V + ts[t]]);
        }
        traceLength = length;

        for (Tensor g : grads) {
            g.fill(0);
        }
        Arrays.fill(dhnext, 0);
        final double[] wxhD = wxh.data;
        final double[] whhD = whh.data;
        final double[] whyD = why.data;
        final double[] dwxhD = dwxh.data;
        final double[] dwhhD = dwhh.data;
        final double[] dwhyD = dwhy.data;
        final double[] dbhD = dbh.data;
        final double[] dbyD = dby.data;
        for (int t = length - 1; t >= 0; t--) {
            final int hOff = (t + 1) * H;
            final int hPrevOff = t * H;
            final int pOff = t * V;
            System.arraycopy(ps, pOff, dy, 0, V);
            dy[ts[t]] -= 1.0;
            // dWhy += dy h^T ; dby += dy ; dh = Why^T dy + dhnext
            System.arraycopy(dhnext, 0, dh, 0, H);
            for (int k = 0; k < V; k++) {
                final double g = dy[k];
                dbyD[k] += g;
                final int row = k * H;
                for (int j = 0; j < H; j++) {
                    dwhyD[row + j] += g * hs[hOff + j];
                    dh[j] += g * whyD[row + j];
                }
            }
            double n2 = 0;
            double r2 = 0;
            for (int i = 0; i < H; i++) {
                final double hv = hs[hOff + i];
                final double d = (1.0 - hv * hv) * dh[i];
                dhraw[i] = d;
                n2 += dh[i] * dh[i];
                r2 += d * d;
            }
            dhNorm[t] = Math.sqrt(n2);
            dhRawNorm[t] = Math.sqrt(r2);
            // dbh += dhraw ; dWxh[:, x] += dhraw ; dWhh += dhraw hprev^T ; dhnext = Whh^T dhraw
            Arrays.fill(dhnext, 0);
            final int x = xs[t];
            for (int i = 0; i < H; i++) {
                final double d = dhraw[i];
                dbhD[i] += d;
                dwxhD[i * V + x] += d;
                final int row = i * H;
                for (int j = 0; j < H; j++) {
                    dwhhD[row + j] += d * hs[hPrevOff + j];
                    dhnext[j] += d * whhD[row + j];
                }
            }
        }
        long clipped = 0;
        long total = 0;
        for (Tensor g : grads) {
            final double[] d = g.data;
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
            total += d.length;
        }
        clippedFraction = (double) clipped / total;
        System.arraycopy(hs, length * H, h, 0, H);
        return loss;
    }

    /** h_out = tanh(Wxh[:, x] + Whh h_in + bh). */
    private void hiddenStep(int x, double[] hIn, int inOff, double[] hOut, int outOff) {
        final int H = hidden;
        final int V = vocab;
        final double[] w = whh.data;
        final double[] wx = wxh.data;
        final double[] b = bh.data;
        for (int i = 0; i < H; i++) {
            double a = wx[i * V + x] + b[i];
            final int row = i * H;
            for (int j = 0; j < H; j++) {
                a += w[row + j] * hIn[inOff + j];
            }
            hOut[outOff + i] = Math.tanh(a);
        }
    }

    /** p = softmax(Why h + by) into probs[pOff..]; returns -log p[target] (0 when target < 0). */
    private double outputStep(double[] h, int hOff, double[] probs, int pOff, int target) {
        final int H = hidden;
        final int V = vocab;
        final double[] w = why.data;
        final double[] b = by.data;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < V; k++) {
            double y = b[k];
            final int row = k * H;
            for (int j = 0; j < H; j++) {
                y += w[row + j] * h[hOff + j];
            }
            probs[pOff + k] = y;
            if (y > max) {
                max = y;
            }
        }
        double sum = 0;
        for (int k = 0; k < V; k++) {
            double e = Math.exp(probs[pOff + k] - max);
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
        return new WindowTrace(Arrays.copyOf(xs, T), Arrays.copyOf(ts, T), h0, hsCopy, psCopy,
                Arrays.copyOf(stepLoss, T), Arrays.copyOf(dhNorm, T),
                Arrays.copyOf(dhRawNorm, T), clippedFraction, H, vocab);
    }

    @Override
    public double forward(int[] inputs, int[] targets, double[] h, double[] hsOut, double[] probsOut, double[] lossOut) {
        final int H = hidden;
        final int V = vocab;
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
            double l = outputStep(cur, 0, p, 0, target);
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

    @Override
    public void step(int input, double[] h, double[] logitsOut) {
        final int H = hidden;
        final int V = vocab;
        double[] next = new double[H];
        hiddenStep(input, h, 0, next, 0);
        System.arraycopy(next, 0, h, 0, H);
        final double[] w = why.data;
        final double[] b = by.data;
        for (int k = 0; k < V; k++) {
            double y = b[k];
            for (int j = 0; j < H; j++) {
                y += w[k * H + j] * h[j];
            }
            logitsOut[k] = y;
        }
    }

    @Override
    public ReferenceVanillaRnn copy() {
        ReferenceVanillaRnn c = new ReferenceVanillaRnn(vocab, hidden);
        for (int i = 0; i < params.size(); i++) {
            c.params.get(i).copyFrom(params.get(i));
            c.grads.get(i).copyFrom(grads.get(i));
        }
        return c;
    }

    // ---- added with the gated cells: the inspection methods of RecurrentModel, written as plainly ----

    @Override
    public GateTrace forwardGates(int[] inputs, double[] h) {
        forward(inputs, null, h, null, null, null);
        return GateTrace.none(hidden, inputs.length);
    }

    /** The last step's loss alone, backpropagated one step at a time with explicit sums. */
    @Override
    public GradientFlow gradientFlow(int[] inputs, int target, double[] h0) {
        int H = hidden;
        int V = vocab;
        int T = inputs.length;
        double[][] hs = new double[T + 1][];
        hs[0] = h0.clone();
        for (int t = 0; t < T; t++) {
            hs[t + 1] = new double[H];
            for (int i = 0; i < H; i++) {
                double a = wxh.data[i * V + inputs[t]] + bh.data[i];
                for (int j = 0; j < H; j++) {
                    a += whh.data[i * H + j] * hs[t][j];
                }
                hs[t + 1][i] = Math.tanh(a);
            }
        }
        double[] p = new double[V];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < V; k++) {
            p[k] = by.data[k];
            for (int j = 0; j < H; j++) {
                p[k] += why.data[k * H + j] * hs[T][j];
            }
            max = Math.max(max, p[k]);
        }
        double sum = 0;
        for (int k = 0; k < V; k++) {
            p[k] = Math.exp(p[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < V; k++) {
            p[k] /= sum;
        }
        double loss = -Math.log(p[target]);
        p[target] -= 1;
        double[] g = new double[H];
        for (int j = 0; j < H; j++) {
            for (int k = 0; k < V; k++) {
                g[j] += why.data[k * H + j] * p[k];
            }
        }
        double[] norms = new double[T + 1];
        norms[0] = norm(g);
        for (int t = T; t >= 1; t--) {
            double[] prev = new double[H];
            for (int i = 0; i < H; i++) {
                double da = (1 - hs[t][i] * hs[t][i]) * g[i];
                for (int j = 0; j < H; j++) {
                    prev[j] += whh.data[i * H + j] * da;
                }
            }
            g = prev;
            norms[T - t + 1] = norm(g);
        }
        return new GradientFlow(norms, null, loss);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
