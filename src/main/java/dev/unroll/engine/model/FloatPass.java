package dev.unroll.engine.model;

import dev.unroll.engine.Rng;
import dev.unroll.engine.model.kernel.Gemm32;
import dev.unroll.engine.model.kernel.KernelPool;

import java.util.Arrays;
import java.util.List;

/**
 * {@link DeepRnn}'s training pass in float32: the same per-step math, masks and order as its float64
 * pass, on float copies of the weights, with float buffers and {@link Gemm32}'s products (half the
 * bytes a product moves). The nonlinearities and the softmax are evaluated in double from float inputs
 * and stored as float; the loss is summed in double. The model's parameters stay float64 (the master
 * copy the optimizer updates, as mixed-precision training keeps it): {@link #pass} rounds them to float
 * at the start of every window and writes the float gradients back into the model's float64 gradient
 * tensors. Window buffers are sized once for the largest B x T seen; a pass allocates nothing after that.
 */
final class FloatPass {
    private final Cell cell;
    private final int vocab;
    private final int hidden;
    private final int layers;
    private final double dropout;
    private final int gh;
    private final int actWidth;

    // float copies of the parameters and the float gradients, in the model's order
    private final float[][] wih;
    private final float[][] whh;
    private final float[][] bih;
    private final float[][] bhh;
    private final float[] why;
    private final float[] by;
    private final float[][] dwih;
    private final float[][] dwhh;
    private final float[][] dbih;
    private final float[][] dbhh;
    private final float[] dwhy;
    private final float[] dby;
    private final float[][] paramsF;
    private final float[][] gradsF;

    private int capB;
    private int capT;
    private int[] xs;
    private int[] ts;
    private float[][] hs;
    private float[][] cs;
    private float[][] acts;
    private float[][] xin;
    private float[][] mask;
    private float[] gi;
    private float[] ghs;
    private float[] ghStep;
    private float[] probs;
    private float[] dOut;
    private float[] dIn;
    private float[] dhNext;
    private float[] dcNext;
    private float[] wihT0;
    private KernelPool pool;

    FloatPass(Cell cell, int vocab, int hidden, int layers, double dropout, List<Tensor> params) {
        this.cell = cell;
        this.vocab = vocab;
        this.hidden = hidden;
        this.layers = layers;
        this.dropout = dropout;
        this.gh = cell.gates() * hidden;
        this.actWidth = switch (cell) {
            case VANILLA -> 1;
            case LSTM -> 5;
            case GRU -> 4;
        };
        paramsF = new float[params.size()][];
        gradsF = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            paramsF[i] = new float[params.get(i).size()];
            gradsF[i] = new float[params.get(i).size()];
        }
        wih = new float[layers][];
        whh = new float[layers][];
        bih = new float[layers][];
        bhh = new float[layers][];
        dwih = new float[layers][];
        dwhh = new float[layers][];
        dbih = new float[layers][];
        dbhh = new float[layers][];
        for (int k = 0; k < layers; k++) {
            wih[k] = paramsF[4 * k];
            whh[k] = paramsF[4 * k + 1];
            bih[k] = paramsF[4 * k + 2];
            bhh[k] = paramsF[4 * k + 3];
            dwih[k] = gradsF[4 * k];
            dwhh[k] = gradsF[4 * k + 1];
            dbih[k] = gradsF[4 * k + 2];
            dbhh[k] = gradsF[4 * k + 3];
        }
        why = paramsF[4 * layers];
        by = paramsF[4 * layers + 1];
        dwhy = gradsF[4 * layers];
        dby = gradsF[4 * layers + 1];
    }

    void setPool(KernelPool pool) {
        this.pool = pool;
    }

    /**
     * Forward and backward over B streams of T steps in float32: inputs {@code xs}, targets {@code ts}
     * ((t, b) ordered), from {@code states} (B rows of L S, left holding the states after the window),
     * dL/dy scaled by {@code scale}; writes the gradients, unclipped, into {@code grads}.
     *
     * @return the summed loss (in double)
     */
    double pass(int B, int T, int[] xs, int[] ts, double[] states, List<Tensor> params, List<Tensor> grads, double scale,
                Rng dropoutRng) {
        ensureCapacity(B, T);
        this.xs = xs;
        this.ts = ts;
        for (int i = 0; i < paramsF.length; i++) {
            final double[] p = params.get(i).data;
            final float[] f = paramsF[i];
            for (int j = 0; j < f.length; j++) {
                f[j] = (float) p[j];
            }
        }
        final int H = hidden;
        final int V = vocab;
        final int S = cell.stateSize(H);
        final int rows = T * B;
        for (int k = 0; k < layers; k++) {
            for (int b = 0; b < B; b++) {
                final int s = (b * layers + k) * S;
                toFloat(states, s, hs[k], b * H, H);
                if (cell == Cell.LSTM) {
                    toFloat(states, s + H, cs[k], b * H, H);
                }
            }
        }
        final boolean drop = dropoutRng != null && dropout > 0;
        for (int k = 0; k < layers; k++) {
            if (k > 0) {
                dropInputs(k, B, T, drop ? dropoutRng : null);
            }
            layerForward(k, B, T);
        }
        final float[] top = hs[layers - 1];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(by, 0, probs, r * V, V);
        }
        nt(pool, rows, V, H, top, B * H, H, why, 0, H, probs, 0, V, true);
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            loss += softmaxRow(probs, r * V, ts[r]);
            final int o = r * V;
            probs[o + ts[r]] -= 1.0f;
            for (int v = 0; v < V; v++) {
                probs[o + v] *= scale;
            }
        }
        tn(pool, V, H, rows, probs, 0, V, top, B * H, H, dwhy, 0, H, false);
        columnSums(probs, rows, V, dby);
        nn(pool, rows, H, V, probs, 0, V, why, 0, H, dOut, 0, H, false);
        for (int k = layers - 1; k >= 0; k--) {
            layerBackward(k, B, T);
        }
        for (int i = 0; i < gradsF.length; i++) {
            final double[] g = grads.get(i).data;
            final float[] f = gradsF[i];
            for (int j = 0; j < f.length; j++) {
                g[j] = f[j];
            }
        }
        for (int k = 0; k < layers; k++) {
            for (int b = 0; b < B; b++) {
                final int s = (b * layers + k) * S;
                toDouble(hs[k], (T * B + b) * H, states, s, H);
                if (cell == Cell.LSTM) {
                    toDouble(cs[k], (T * B + b) * H, states, s + H, H);
                }
            }
        }
        return loss;
    }

    private static void toFloat(double[] src, int from, float[] dst, int to, int n) {
        for (int i = 0; i < n; i++) {
            dst[to + i] = (float) src[from + i];
        }
    }

    private static void toDouble(float[] src, int from, double[] dst, int to, int n) {
        for (int i = 0; i < n; i++) {
            dst[to + i] = src[from + i];
        }
    }

    private static void nt(KernelPool pool, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        if (pool == null) {
            Gemm32.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            Gemm32.nt(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    private static void nn(KernelPool pool, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        if (pool == null) {
            Gemm32.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            Gemm32.nn(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    private static void tn(KernelPool pool, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate) {
        if (pool == null) {
            Gemm32.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            Gemm32.tn(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /**
     * xin[k] = mask o h^{k-1}_{1..T} (layer k's input), drawing the mask from {@code rng} when it is
     * given (t, then b, then unit), else with every entry kept.
     */
    private void dropInputs(int k, int B, int T, Rng rng) {
        final int n = T * B * hidden;
        final int from = B * hidden; // h^{k-1}_1 follows the B rows of the start state
        final float[] below = hs[k - 1];
        final float[] x = xin[k];
        final float[] m = mask[k];
        if (rng == null) {
            Arrays.fill(m, 0, n, 1f);
        } else {
            final double keep = 1.0 - dropout;
            final double scale = 1.0 / keep;
            for (int i = 0; i < n; i++) {
                m[i] = (float) (rng.nextDouble() < keep ? scale : 0.0);
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] = (float) (below[from + i] * m[i]);
        }
    }

    /**
     * Layer k over the window: the input projections of all T B rows at once (gi = x W_ih^T + b_ih),
     * then step by step gh = h_{t-1} W_hh^T + b_hh and {@link #cellForward}.
     */
    private void layerForward(int k, int B, int T) {
        final int H = hidden;
        final int GH = gh;
        final int rows = T * B;
        final float[] b0 = bih[k];
        if (k == 0) {
            transpose(wih[0], GH, vocab, wihT0);
            for (int r = 0; r < rows; r++) {
                final int x = xs[r] * GH;
                final int o = r * GH;
                for (int j = 0; j < GH; j++) {
                    gi[o + j] = (float) (wihT0[x + j] + b0[j]);
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(b0, 0, gi, r * GH, GH);
            }
            nt(pool, rows, GH, H, xin[k], 0, H, wih[k], 0, H, gi, 0, GH, true);
        }
        final float[] h = hs[k];
        final float[] c = cs == null ? null : cs[k];
        final float[] bh = bhh[k];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                System.arraycopy(bh, 0, ghStep, b * GH, GH);
            }
            nt(pool, B, GH, H, h, t * B * H, H, whh[k], 0, H, ghStep, 0, GH, true);
            cellForward(B, gi, t * B * GH, ghStep, h, t * B * H, c, acts[k], t * B * actWidth * H);
        }
    }

    /**
     * One step of the cell for B streams (the per-step math of the class comment): from the
     * pre-activations {@code gi} (at {@code giOff}) and {@code g} (gh), the state at rows
     * {@code hOff} of {@code h} and {@code c}, writes the next state B rows further on and the
     * activations the backward pass needs into {@code act} at {@code actOff}.
     */
    private void cellForward(int B, float[] gi, int giOff, float[] g, float[] h, int hOff, float[] c,
                             float[] act, int actOff) {
        final int H = hidden;
        final int GH = gh;
        final int next = hOff + B * H;
        for (int b = 0; b < B; b++) {
            final int x = giOff + b * GH;
            final int y = b * GH;
            final int s = b * H;
            final int a = actOff + b * actWidth * H;
            for (int j = 0; j < H; j++) {
                switch (cell) {
                    case VANILLA -> {
                        final double v = DenseKernels.tanh(gi[x + j] + g[y + j]);
                        act[a + j] = (float) (v);
                        h[next + s + j] = (float) (v);
                    }
                    case LSTM -> {
                        final double i = GatedRnn.sigmoid(gi[x + j] + g[y + j]);
                        final double f = GatedRnn.sigmoid(gi[x + H + j] + g[y + H + j]);
                        final double gg = DenseKernels.tanh(gi[x + 2 * H + j] + g[y + 2 * H + j]);
                        final double o = GatedRnn.sigmoid(gi[x + 3 * H + j] + g[y + 3 * H + j]);
                        final double cv = f * c[hOff + s + j] + i * gg;
                        final double tc = DenseKernels.tanh(cv);
                        act[a + j] = (float) (i);
                        act[a + H + j] = (float) (f);
                        act[a + 2 * H + j] = (float) (gg);
                        act[a + 3 * H + j] = (float) (o);
                        act[a + 4 * H + j] = (float) (tc);
                        c[next + s + j] = (float) (cv);
                        h[next + s + j] = (float) (o * tc);
                    }
                    case GRU -> {
                        final double r = GatedRnn.sigmoid(gi[x + j] + g[y + j]);
                        final double z = GatedRnn.sigmoid(gi[x + H + j] + g[y + H + j]);
                        final double ghn = g[y + 2 * H + j];
                        final double n = DenseKernels.tanh(gi[x + 2 * H + j] + r * ghn);
                        act[a + j] = (float) (r);
                        act[a + H + j] = (float) (z);
                        act[a + 2 * H + j] = (float) (n);
                        act[a + 3 * H + j] = (float) (ghn);
                        h[next + s + j] = (float) ((1.0 - z) * n + z * h[hOff + s + j]);
                    }
                }
            }
        }
    }

    /**
     * Backpropagation through layer k, from dOut (dL/dh^k_t from above, T B rows): step by step
     * {@link #cellBackward}, then the weight gradients for the window at once, then dL/dx^k into
     * dOut for the layer below (through its dropout mask).
     * <pre>
     *   dweight_hh = dGh^T H_{0..T-1}   dbias_hh = sum dgh   dweight_ih = dGi^T X   dbias_ih = sum dgi   dX = dGi W_ih
     * </pre>
     */
    private void layerBackward(int k, int B, int T) {
        final int H = hidden;
        final int GH = gh;
        final int rows = T * B;
        final float[] dgi = gi;                               // the input projections are no longer needed
        final float[] dgh = cell == Cell.GRU ? ghs : gi;      // one array where gi and gh are added
        Arrays.fill(dhNext, 0, B * H, 0f);
        Arrays.fill(dcNext, 0, B * H, 0f);
        final float[] h = hs[k];
        for (int t = T - 1; t >= 0; t--) {
            cellBackward(B, dOut, t * B * H, h, t * B * H, cs == null ? null : cs[k], acts[k], t * B * actWidth * H,
                    dgi, dgh, t * B * GH);
            if (t > 0) {
                // dh_{t-1} from the recurrence: dgh_t W_hh (plus, for the GRU, dh_t z, added by cellBackward)
                nn(pool, B, H, GH, dgh, t * B * GH, GH, whh[k], 0, H, dhNext, 0, H, true);
            }
        }
        tn(pool, GH, H, rows, dgh, 0, GH, h, 0, H, dwhh[k], 0, H, false);
        columnSums(dgh, rows, GH, dbhh[k]);
        columnSums(dgi, rows, GH, dbih[k]);
        if (k == 0) {
            final float[] dw = dwih[0];
            Arrays.fill(dw, 0f);
            final int V = vocab;
            for (int r = 0; r < rows; r++) {
                final int x = xs[r];
                final int o = r * GH;
                for (int j = 0; j < GH; j++) {
                    dw[j * V + x] += dgi[o + j];
                }
            }
        } else {
            tn(pool, GH, H, rows, dgi, 0, GH, xin[k], 0, H, dwih[k], 0, H, false);
            nn(pool, rows, H, GH, dgi, 0, GH, wih[k], 0, H, dIn, 0, H, false);
            final float[] m = mask[k];
            final int n = rows * H;
            for (int i = 0; i < n; i++) {
                dOut[i] = (float) (dIn[i] * m[i]);
            }
        }
    }

    /**
     * One step backwards through the cell for B streams: dh = dOut_t + dhNext; writes the
     * pre-activation gradients dgi, dgh (the same array but for the GRU) at {@code dOff}; leaves in
     * dhNext what dh_{t-1} gets other than through W_hh (the GRU's dh z; zero otherwise) and in
     * dcNext the LSTM's dc_t f.
     * <pre>
     *   vanilla:  da = dh (1 - h^2)
     *   lstm:     dc = dh o (1 - tanh^2 c) + dcNext;  dz_i = dc g i(1-i);  dz_f = dc c_{t-1} f(1-f);  dz_g = dc i (1-g^2);  dz_o = dh tanh(c) o(1-o)
     *   gru:      dn = dh (1-z)(1-n^2);  dr = dn gh_n r(1-r);  dz = dh (h_{t-1} - n) z(1-z);  dgi = (dr, dz, dn);  dgh = (dr, dz, dn r)
     * </pre>
     */
    private void cellBackward(int B, float[] dOutBuf, int dOff0, float[] h, int hOff, float[] c, float[] act, int actOff,
                              float[] dgi, float[] dgh, int dOff) {
        final int H = hidden;
        final int GH = gh;
        for (int b = 0; b < B; b++) {
            final int s = b * H;
            final int a = actOff + b * actWidth * H;
            final int d = dOff + b * GH;
            for (int j = 0; j < H; j++) {
                final double dh = dOutBuf[dOff0 + s + j] + dhNext[s + j];
                switch (cell) {
                    case VANILLA -> {
                        final double v = act[a + j];
                        dgi[d + j] = (float) (dh * (1.0 - v * v));
                        dhNext[s + j] = 0f;
                    }
                    case LSTM -> {
                        final double i = act[a + j];
                        final double f = act[a + H + j];
                        final double gg = act[a + 2 * H + j];
                        final double o = act[a + 3 * H + j];
                        final double tc = act[a + 4 * H + j];
                        final double dc = dh * o * (1.0 - tc * tc) + dcNext[s + j];
                        dgi[d + j] = (float) (dc * gg * i * (1.0 - i));
                        dgi[d + H + j] = (float) (dc * c[hOff + s + j] * f * (1.0 - f));
                        dgi[d + 2 * H + j] = (float) (dc * i * (1.0 - gg * gg));
                        dgi[d + 3 * H + j] = (float) (dh * tc * o * (1.0 - o));
                        dcNext[s + j] = (float) (dc * f);
                        dhNext[s + j] = 0f;
                    }
                    case GRU -> {
                        final double r = act[a + j];
                        final double z = act[a + H + j];
                        final double n = act[a + 2 * H + j];
                        final double ghn = act[a + 3 * H + j];
                        final double dn = dh * (1.0 - z) * (1.0 - n * n);
                        final double dr = dn * ghn * r * (1.0 - r);
                        final double dz = dh * (h[hOff + s + j] - n) * z * (1.0 - z);
                        dgi[d + j] = (float) (dr);
                        dgi[d + H + j] = (float) (dz);
                        dgi[d + 2 * H + j] = (float) (dn);
                        dgh[d + j] = (float) (dr);
                        dgh[d + H + j] = (float) (dz);
                        dgh[d + 2 * H + j] = (float) (dn * r);
                        dhNext[s + j] = (float) (dh * z);
                    }
                }
            }
        }
    }

    /** In place: row {@code off .. off+V) of logits becomes softmax (max subtracted); returns -log p[target]. */
    private double softmaxRow(float[] p, int off, int target) {
        final int V = vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            max = Math.max(max, p[off + v]);
        }
        double sum = 0;
        for (int v = 0; v < V; v++) {
            final double e = Math.exp(p[off + v] - max);
            p[off + v] = (float) (e);
            sum += e;
        }
        for (int v = 0; v < V; v++) {
            p[off + v] /= sum;
        }
        return -Math.log(p[off + target]);
    }

    /** out[j] = sum over the rows of a[r n + j]. */
    private static void columnSums(float[] a, int rows, int n, float[] out) {
        Arrays.fill(out, 0, n, 0f);
        for (int r = 0; r < rows; r++) {
            final int o = r * n;
            for (int j = 0; j < n; j++) {
                out[j] += a[o + j];
            }
        }
    }

    /** dst[c rows + r] = src[r cols + c]. */
    private static void transpose(float[] src, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            final int o = r * cols;
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = (float) (src[o + c]);
            }
        }
    }

    /** Grows the window buffers to hold B streams of T steps. */
    private void ensureCapacity(int B, int T) {
        if (B <= capB && T <= capT) {
            return;
        }
        capB = Math.max(B, capB);
        capT = Math.max(T, capT);
        final int rows = capB * capT;
        final int H = hidden;
        xs = new int[rows];
        ts = new int[rows];
        hs = new float[layers][(capT + 1) * capB * H];
        cs = cell == Cell.LSTM ? new float[layers][(capT + 1) * capB * H] : null;
        acts = new float[layers][rows * actWidth * H];
        xin = new float[layers][];
        mask = new float[layers][];
        for (int k = 1; k < layers; k++) {
            xin[k] = new float[rows * H];
            mask[k] = new float[rows * H];
        }
        gi = new float[rows * gh];
        ghs = cell == Cell.GRU ? new float[rows * gh] : null;
        ghStep = new float[capB * gh];
        probs = new float[rows * vocab];
        dOut = new float[rows * H];
        dIn = new float[rows * H];
        dhNext = new float[capB * H];
        dcNext = new float[capB * H];
        if (wihT0 == null) {
            wihT0 = new float[vocab * gh];
        }
    }
}
