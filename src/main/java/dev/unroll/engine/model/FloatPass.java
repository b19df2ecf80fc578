package dev.unroll.engine.model;

import dev.unroll.engine.Rng;
import dev.unroll.engine.model.kernel.Gemm32;
import dev.unroll.engine.model.kernel.KernelPool;

import java.util.Arrays;
import java.util.List;

/**
 * {@link DeepRnn}'s training pass in float32: the same per-step math, masks and order as its float64
 * pass, on float copies of the weights, with float buffers, {@link Gemm32}'s products (half the
 * bytes a product moves) and {@link FloatMath}'s tanh and sigmoid (vectorized; within a few units of
 * float's last place). The softmax is evaluated in double from float inputs and stored as float; the loss
 * is summed in double, row by row in order. The model's parameters stay float64 (the master copy the
 * optimizer updates, as mixed-precision training keeps it): {@link #pass} rounds them to float at the
 * start of every window and writes the float gradients back into the model's float64 gradient tensors.
 *
 * <p>Threads. The products of the whole window (the input projections of layers above the first, the output
 * layer, the weight gradients) go to the {@link KernelPool}; the recurrence of a layer is cut by streams, one
 * group of streams per thread, each group stepping through the window on its own (its per-step products on
 * its thread, its element-wise math on its rows): the streams are independent, so each number is computed
 * by the same operations whatever the group it falls in, and the result is bit for bit the same for every
 * thread count. Window buffers are sized once for the largest B x T seen; a pass allocates nothing after that.
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

    private final WindowCapacity capacity = new WindowCapacity();
    private int[] xs;
    private int[] ts;
    // flat buffers, row (t, b) of a [T x B x n] buffer at (t B + b) n: the products' operands
    private float[][] hs;       // per layer (T+1) B H: h_t, rows 0..B-1 the start state
    private float[][] xin;      // per layer k > 0: T B H, dropout(h^{k-1}_{1..T}) (only while dropping)
    private float[][] mask;     // per layer k > 0: T B H
    private float[] gi;         // T B GH: pre-activations (LSTM, vanilla: gi + gh), then dL/dgi
    private float[] ghs;        // GRU: T B GH, dL/dgh
    private float[] ghStep;     // GRU: B GH, gh of one step
    private float[] probs;      // T B V: logits, probabilities, then dL/dy
    private double[] rowLoss;   // T B: -log p(target) of each row
    private float[] ones;       // T B ones (column sums as a product)
    private float[] dOut;       // T B H: dL/dh of the current layer from above
    private float[] dIn;        // T B H: dL/dx of the current layer's input (while dropping)
    // per step, one array of B H per entry (index b H + j): the element-wise loops index every array alike, which
    // is what lets C2 vectorize them
    private float[][][] acts;   // [layer][t actWidth + slot]: LSTM i, f, g, o, tanh c; GRU r, z, n, gh_n; vanilla h
    private float[][][] cs;     // LSTM: [layer][t], t = 0..T: c_t
    private float[] dh;         // B H: dL/dh_t of the step being back-propagated
    private float[] dcNext;     // B H
    private float[] hNext;      // B H: the new h before it is copied into hs
    private final float[] wihT0;    // V GH: weight_ih_l0 transposed plus the biases added to it
    private final float[][] whhT;   // per layer H GH: weight_hh transposed (the per-step product is nn)
    private final float[] biasRow;  // GH: the biases a layer's pre-activations start from
    private boolean dropped;    // whether the window's inputs went through masks
    private KernelPool pool;
    private final Streams streams = new Streams();
    private final Softmax softmax = new Softmax();
    private final Scatter scatter = new Scatter();

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
        whhT = new float[layers][gh * hidden];
        wihT0 = new float[vocab * gh];
        biasRow = new float[gh];
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
        prepareWeights();
        final int H = hidden;
        final int V = vocab;
        final int S = cell.stateSize(H);
        final int rows = T * B;
        for (int k = 0; k < layers; k++) {
            for (int b = 0; b < B; b++) {
                final int s = (b * layers + k) * S;
                toFloat(states, s, hs[k], b * H, H);
                if (cell == Cell.LSTM) {
                    toFloat(states, s + H, cs[k][0], b * H, H);
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
        Gemm32.nt(pool, rows, V, H, top, B * H, H, why, 0, H, probs, 0, V, true);
        softmax.rows = rows;
        softmax.parts = pool == null ? 1 : Math.min(pool.threads(), rows);
        softmax.scale = scale;
        runParts(softmax.parts, softmax);
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            loss += rowLoss[r];
        }
        Gemm32.tn(pool, V, H, rows, probs, 0, V, top, B * H, H, dwhy, 0, H, false);
        columnSums(probs, rows, V, dby);
        Gemm32.nn(pool, rows, H, V, probs, 0, V, why, 0, H, dOut, 0, H, false);
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
                    toDouble(cs[k][T], b * H, states, s + H, H);
                }
            }
        }
        return loss;
    }

    /**
     * The weights in the layouts the window's products want: weight_hh transposed (the per-step product becomes nn,
     * which packs its B by copying rows), weight_ih_l0 transposed with the biases the first step adds to it
     * (b_ih, and b_hh but for the GRU, which keeps gh apart): a one-hot input's pre-activations are one row of it.
     */
    private void prepareWeights() {
        final int H = hidden;
        final int GH = gh;
        final int V = vocab;
        for (int k = 0; k < layers; k++) {
            Gemm32.transpose(GH, H, whh[k], 0, H, whhT[k], 0, GH);
        }
        Gemm32.transpose(GH, V, wih[0], 0, V, wihT0, 0, GH);
        biasSum(0, biasRow);
        for (int x = 0; x < V; x++) {
            final int o = x * GH;
            for (int j = 0; j < GH; j++) {
                wihT0[o + j] += biasRow[j];
            }
        }
    }

    /** out = b_ih + b_hh of layer k (b_ih alone for the GRU, whose gh keeps its own bias). */
    private void biasSum(int k, float[] out) {
        final float[] a = bih[k];
        final float[] b = bhh[k];
        for (int j = 0; j < gh; j++) {
            out[j] = cell == Cell.GRU ? a[j] : a[j] + b[j];
        }
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

    /** Runs the parts of {@code task} on the pool's threads, or one after the other without a pool. */
    private void runParts(int parts, KernelPool.Parts task) {
        if (pool == null || parts == 1) {
            for (int part = 0; part < parts; part++) {
                task.run(part);
            }
        } else {
            pool.run(parts, task);
        }
    }

    /**
     * xin[k] = mask o h^{k-1}_{1..T} (layer k's input), drawing the mask from {@code rng} when it is
     * given (t, then b, then unit). Without one every entry would be kept: layer k then reads h^{k-1} itself
     * (the same numbers, a product by 1 being exact).
     */
    private void dropInputs(int k, int B, int T, Rng rng) {
        dropped = rng != null;
        if (rng == null) {
            return;
        }
        final int n = T * B * hidden;
        final int from = B * hidden; // h^{k-1}_1 follows the B rows of the start state
        final float[] below = hs[k - 1];
        final float[] x = xin[k];
        final float[] m = mask[k];
        final double keep = 1.0 - dropout;
        final double scale = 1.0 / keep;
        for (int i = 0; i < n; i++) {
            m[i] = (float) (rng.nextDouble() < keep ? scale : 0.0);
        }
        for (int i = 0; i < n; i++) {
            x[i] = (float) (below[from + i] * m[i]);
        }
    }

    /**
     * Layer k over the window: for k &gt; 0 the input projections of all T B rows at once
     * (gi = x W_ih^T + biases; layer 0's, one-hot, are rows of {@link #wihT0} copied step by step), then the
     * recurrence, the B streams cut into one group per thread, each group stepping through the window on its
     * own ({@link #forwardStreams}).
     */
    private void layerForward(int k, int B, int T) {
        final int H = hidden;
        final int GH = gh;
        final int rows = T * B;
        if (k > 0) {
            biasSum(k, biasRow);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(biasRow, 0, gi, r * GH, GH);
            }
            if (dropped) {
                Gemm32.nt(pool, rows, GH, H, xin[k], 0, H, wih[k], 0, H, gi, 0, GH, true);
            } else {
                Gemm32.nt(pool, rows, GH, H, hs[k - 1], B * H, H, wih[k], 0, H, gi, 0, GH, true);
            }
        }
        runStreams(true, k, B, T);
    }

    /** The recurrence of layer k forwards or backwards, the streams cut into a group per thread. */
    private void runStreams(boolean forward, int k, int B, int T) {
        final int parts = pool == null ? 1 : Math.min(pool.threads(), B);
        streams.forward = forward;
        streams.k = k;
        streams.B = B;
        streams.T = T;
        streams.parts = parts;
        runParts(parts, streams);
    }

    /** One group of streams of one layer's recurrence: its rows are no other group's, and the weights only read. */
    private final class Streams implements KernelPool.Parts {
        private boolean forward;
        private int k;
        private int B;
        private int T;
        private int parts;

        @Override
        public void run(int part) {
            final int b0 = (int) ((long) part * B / parts);
            final int b1 = (int) ((long) (part + 1) * B / parts);
            if (b0 < b1) {
                if (forward) {
                    forwardStreams(k, B, T, b0, b1);
                } else {
                    backwardStreams(k, B, T, b0, b1);
                }
            }
        }
    }

    /** Columns of weight_ih_l0's gradient (transposed), cut into a group per thread: dwT[x_r, j] += dgi[r, j] in row order. */
    private final class Scatter implements KernelPool.Parts {
        private int rows;
        private int parts;

        @Override
        public void run(int part) {
            final int GH = gh;
            final int j0 = (int) ((long) part * GH / parts);
            final int j1 = (int) ((long) (part + 1) * GH / parts);
            final float[] dwT = wihT0;
            final float[] dgi = gi;
            for (int r = 0; r < rows; r++) {
                final int x = xs[r] * GH;
                final int o = r * GH;
                for (int j = j0; j < j1; j++) {
                    dwT[x + j] += dgi[o + j];
                }
            }
        }
    }

    /** The softmax and loss of rows cut into a group per thread: each row's loss into rowLoss, summed in order after. */
    private final class Softmax implements KernelPool.Parts {
        private int rows;
        private int parts;
        private double scale;

        @Override
        public void run(int part) {
            final int r0 = (int) ((long) part * rows / parts);
            final int r1 = (int) ((long) (part + 1) * rows / parts);
            final int V = vocab;
            for (int r = r0; r < r1; r++) {
                rowLoss[r] = softmaxRow(probs, r * V, ts[r]);
                final int o = r * V;
                probs[o + ts[r]] -= 1.0f;
                for (int v = 0; v < V; v++) {
                    probs[o + v] *= scale;
                }
            }
        }
    }

    /**
     * Streams b0 .. b1-1 of layer k through the window: per step the recurrent product of their rows,
     * gh = h_{t-1} W_hh^T (nn with W_hh^T, accumulated onto gi, which holds the input projection and both
     * biases; the GRU's gh apart, from b_hh), then the cell (the per-step math of DeepRnn's class comment).
     */
    private void forwardStreams(int k, int B, int T, int b0, int b1) {
        final int H = hidden;
        final int GH = gh;
        final int nb = b1 - b0;
        final float[] h = hs[k];
        final float[] wT = whhT[k];
        for (int t = 0; t < T; t++) {
            final int row = t * B + b0;
            if (k == 0) {
                for (int b = b0; b < b1; b++) {
                    System.arraycopy(wihT0, xs[t * B + b] * GH, gi, (t * B + b) * GH, GH);
                }
            }
            switch (cell) {
                case LSTM -> {
                    Gemm32.nn(nb, GH, H, h, row * H, H, wT, 0, GH, gi, row * GH, GH, true);
                    lstmStep(true, k, t, B, b0, b1);
                }
                case VANILLA -> {
                    Gemm32.nn(nb, GH, H, h, row * H, H, wT, 0, GH, gi, row * GH, GH, true);
                    final float[] v = acts[k][t];
                    System.arraycopy(gi, row * H, v, b0 * H, nb * H);
                    FloatMath.tanh(v, b0 * H, b1 * H);
                    System.arraycopy(v, b0 * H, h, (row + B) * H, nb * H);
                }
                case GRU -> {
                    for (int b = b0; b < b1; b++) {
                        System.arraycopy(bhh[k], 0, ghStep, b * GH, GH);
                    }
                    Gemm32.nn(nb, GH, H, h, row * H, H, wT, 0, GH, ghStep, b0 * GH, GH, true);
                    gruStep(true, k, t, B, b0, b1);
                }
            }
        }
    }

    /**
     * The LSTM's step t of layer k for streams b0 .. b1-1, forwards ({@link #lstmForward}) or backwards
     * ({@link #lstmBackward}), on the step's five arrays of activations: i, f, g, o and tanh c_t.
     */
    private void lstmStep(boolean forwards, int k, int t, int B, int b0, int b1) {
        final float[][] a = acts[k];
        final int g = 5 * t;
        if (forwards) {
            lstmForward(k, t, B, b0, b1, a[g], a[g + 1], a[g + 2], a[g + 3], a[g + 4]);
        } else {
            lstmBackward(k, t, B, b0, b1, a[g], a[g + 1], a[g + 2], a[g + 3], a[g + 4]);
        }
    }

    /**
     * The GRU's step t of layer k for streams b0 .. b1-1, forwards ({@link #gruForward}) or backwards
     * ({@link #gruBackward}), on the step's four arrays of activations (r, z, n, gh_n) and the layer's h.
     */
    private void gruStep(boolean forwards, int k, int t, int B, int b0, int b1) {
        final float[][] a = acts[k];
        final int g = 4 * t;
        final int prev = t * B * hidden;
        if (forwards) {
            gruForward(t, B, b0, b1, a[g], a[g + 1], a[g + 2], a[g + 3], hs[k], prev);
        } else {
            gruBackward(t, B, b0, b1, a[g], a[g + 1], a[g + 2], a[g + 3], hs[k], prev);
        }
    }

    /**
     * The LSTM's step for streams b0 .. b1-1: i, f, g, o from the pre-activations in gi, c_t = f c_{t-1} + i g,
     * h_t = o tanh(c_t). Each gate is copied into its own array, so that every loop reads and writes its arrays at
     * the same index (what C2 vectorizes).
     */
    private void lstmForward(int k, int t, int B, int b0, int b1, float[] ai, float[] af, float[] ag, float[] ao, float[] at) {
        final int H = hidden;
        final int GH = gh;
        final int lo = b0 * H;
        final int hi = b1 * H;
        for (int b = b0; b < b1; b++) {
            lstmGates(gi, (t * B + b) * GH, ai, af, ag, ao, b * H, H, true);
        }
        FloatMath.sigmoid(ai, lo, hi);
        FloatMath.sigmoid(af, lo, hi);
        FloatMath.tanh(ag, lo, hi);
        FloatMath.sigmoid(ao, lo, hi);
        final float[] cp = cs[k][t];
        final float[] cn = cs[k][t + 1];
        for (int r = lo; r < hi; r++) {
            cn[r] = af[r] * cp[r] + ai[r] * ag[r];
        }
        for (int r = lo; r < hi; r++) {
            at[r] = FloatMath.tanh(cn[r]);
        }
        final float[] hn = hNext;
        for (int r = lo; r < hi; r++) {
            hn[r] = ao[r] * at[r];
        }
        System.arraycopy(hn, lo, hs[k], (t + 1) * B * H + lo, hi - lo);
    }

    /**
     * The GRU's step for streams b0 .. b1-1 (gi: input projection and b_ih; ghStep: h_{t-1} W_hh^T + b_hh), h_{t-1}
     * at {@code h[prev ..]}.
     */
    private void gruForward(int t, int B, int b0, int b1, float[] ar, float[] az, float[] an, float[] ag, float[] h, int prev) {
        final int H = hidden;
        final int GH = gh;
        final int next = prev + B * H;
        for (int b = b0; b < b1; b++) {
            final int x = (t * B + b) * GH;
            final int y = b * GH;
            final int s = b * H;
            for (int j = 0; j < H; j++) {
                final float r = FloatMath.sigmoid(gi[x + j] + ghStep[y + j]);
                final float z = FloatMath.sigmoid(gi[x + H + j] + ghStep[y + H + j]);
                final float ghn = ghStep[y + 2 * H + j];
                final float n = FloatMath.tanh(gi[x + 2 * H + j] + r * ghn);
                ar[s + j] = r;
                az[s + j] = z;
                an[s + j] = n;
                ag[s + j] = ghn;
                h[next + s + j] = (1f - z) * n + z * h[prev + s + j];
            }
        }
    }

    /**
     * Backpropagation through layer k, from dOut (dL/dh^k_t from above, T B rows): the recurrence
     * stream group by stream group ({@link #backwardStreams}), then the weight gradients for the window at once,
     * then dL/dx^k into dOut for the layer below (through its dropout mask).
     * <pre>
     *   dweight_hh = dGh^T H_{0..T-1}   dbias_hh = sum dgh   dweight_ih = dGi^T X   dbias_ih = sum dgi   dX = dGi W_ih
     * </pre>
     */
    private void layerBackward(int k, int B, int T) {
        final int H = hidden;
        final int GH = gh;
        final int rows = T * B;
        runStreams(false, k, B, T);
        final float[] dgi = gi;                               // the input projections are no longer needed
        final float[] dgh = cell == Cell.GRU ? ghs : gi;      // one array where gi and gh are added
        Gemm32.tn(pool, GH, H, rows, dgh, 0, GH, hs[k], 0, H, dwhh[k], 0, H, false);
        columnSums(dgh, rows, GH, dbhh[k]);
        if (dgh == dgi) {
            System.arraycopy(dbhh[k], 0, dbih[k], 0, GH);
        } else {
            columnSums(dgi, rows, GH, dbih[k]);
        }
        if (k == 0) {
            // weight_ih_l0's gradient: each row's dgi added to its input's row of the transpose (wihT0 is free by now), in
            // the order of the rows, the columns cut between the threads; then transposed
            final float[] dwT = wihT0;
            final int V = vocab;
            Arrays.fill(dwT, 0f);
            scatter.rows = rows;
            scatter.parts = pool == null ? 1 : Math.min(pool.threads(), GH);
            runParts(scatter.parts, scatter);
            Gemm32.transpose(V, GH, dwT, 0, GH, dwih[0], 0, V);
        } else if (dropped) {
            Gemm32.tn(pool, GH, H, rows, dgi, 0, GH, xin[k], 0, H, dwih[k], 0, H, false);
            Gemm32.nn(pool, rows, H, GH, dgi, 0, GH, wih[k], 0, H, dIn, 0, H, false);
            final float[] m = mask[k];
            final int n = rows * H;
            for (int i = 0; i < n; i++) {
                dOut[i] = (float) (dIn[i] * m[i]);
            }
        } else {
            Gemm32.tn(pool, GH, H, rows, dgi, 0, GH, hs[k - 1], B * H, H, dwih[k], 0, H, false);
            Gemm32.nn(pool, rows, H, GH, dgi, 0, GH, wih[k], 0, H, dOut, 0, H, false);
        }
    }

    /**
     * Streams b0 .. b1-1 of layer k backwards through the window: per step the cell's backward
     * (pre-activation gradients into dgi, dgh), then dh_{t-1} = dOut_{t-1} (+ the GRU's dh_t z) + dgh_t W_hh.
     * <pre>
     *   vanilla:  da = dh (1 - h^2)
     *   lstm:     dc = dh o (1 - tanh^2 c) + dcNext;  dz_i = dc g i(1-i);  dz_f = dc c_{t-1} f(1-f);  dz_g = dc i (1-g^2);  dz_o = dh tanh(c) o(1-o)
     *   gru:      dn = dh (1-z)(1-n^2);  dr = dn gh_n r(1-r);  dz = dh (h_{t-1} - n) z(1-z);  dgi = (dr, dz, dn);  dgh = (dr, dz, dn r)
     * </pre>
     */
    private void backwardStreams(int k, int B, int T, int b0, int b1) {
        final int H = hidden;
        final int GH = gh;
        final int nb = b1 - b0;
        final int lo = b0 * H;
        final int n = nb * H;
        final float[] dgh = cell == Cell.GRU ? ghs : gi;
        System.arraycopy(dOut, (T - 1) * B * H + lo, dh, lo, n);
        if (cell == Cell.LSTM) {
            Arrays.fill(dcNext, lo, lo + n, 0f);
        }
        for (int t = T - 1; t >= 0; t--) {
            switch (cell) {
                case LSTM -> lstmStep(false, k, t, B, b0, b1);
                case VANILLA -> {
                    final float[] v = acts[k][t];
                    final float[] d = dh;
                    for (int r = lo; r < lo + n; r++) {
                        v[r] = d[r] * (1f - v[r] * v[r]);
                    }
                    System.arraycopy(v, lo, gi, t * B * H + lo, n);
                }
                case GRU -> gruStep(false, k, t, B, b0, b1);
            }
            if (t > 0) {
                System.arraycopy(dOut, (t - 1) * B * H + lo, dh, lo, n);
                if (cell == Cell.GRU) {
                    final float[] d = dh;
                    final float[] z = hNext;
                    for (int r = lo; r < lo + n; r++) {
                        d[r] += z[r];
                    }
                }
                Gemm32.nn(nb, H, GH, dgh, (t * B + b0) * GH, GH, whh[k], 0, H, dh, lo, H, true);
            }
        }
    }

    /** The LSTM's step backwards for streams b0 .. b1-1: the gate gradients overwrite the gates, then go to dgi. */
    private void lstmBackward(int k, int t, int B, int b0, int b1, float[] ai, float[] af, float[] ag, float[] ao, float[] at) {
        final int H = hidden;
        final int GH = gh;
        final int lo = b0 * H;
        final int hi = b1 * H;
        final float[] cp = cs[k][t];
        final float[] d = dh;
        final float[] dc = dcNext;
        for (int r = lo; r < hi; r++) {
            final float i = ai[r];
            final float f = af[r];
            final float g = ag[r];
            final float o = ao[r];
            final float tc = at[r];
            final float dhr = d[r];
            final float dcr = dhr * o * (1f - tc * tc) + dc[r];
            ai[r] = dcr * g * i * (1f - i);
            af[r] = dcr * cp[r] * f * (1f - f);
            ag[r] = dcr * i * (1f - g * g);
            ao[r] = dhr * tc * o * (1f - o);
            dc[r] = dcr * f;
        }
        for (int b = b0; b < b1; b++) {
            lstmGates(gi, (t * B + b) * GH, ai, af, ag, ao, b * H, H, false);
        }
    }

    /**
     * Moves one row's four LSTM gate blocks (i, f, g, o, {@code h} values each) between the packed row at
     * {@code gi[g..g + 4h)} and the per-gate arrays at {@code d}: out of the row when {@code unpack}, back into it otherwise.
     */
    private static void lstmGates(float[] gi, int g, float[] ai, float[] af, float[] ag, float[] ao, int d, int h, boolean unpack) {
        move(gi, g, ai, d, h, unpack);
        move(gi, g + h, af, d, h, unpack);
        move(gi, g + 2 * h, ag, d, h, unpack);
        move(gi, g + 3 * h, ao, d, h, unpack);
    }

    private static void move(float[] packed, int p, float[] gate, int d, int h, boolean unpack) {
        if (unpack) {
            System.arraycopy(packed, p, gate, d, h);
        } else {
            System.arraycopy(gate, d, packed, p, h);
        }
    }

    /** The GRU's step backwards for streams b0 .. b1-1 (h_{t-1} at {@code h[prev ..]}): dgi, dgh, and dh_t z into hNext. */
    private void gruBackward(int t, int B, int b0, int b1, float[] ar, float[] az, float[] an, float[] ag, float[] h, int prev) {
        final int H = hidden;
        final int GH = gh;
        for (int b = b0; b < b1; b++) {
            final int s = b * H;
            final int d = (t * B + b) * GH;
            for (int j = 0; j < H; j++) {
                final float dhv = dh[s + j];
                final float r = ar[s + j];
                final float z = az[s + j];
                final float n = an[s + j];
                final float ghn = ag[s + j];
                final float dn = dhv * (1f - z) * (1f - n * n);
                final float dr = dn * ghn * r * (1f - r);
                final float dz = dhv * (h[prev + s + j] - n) * z * (1f - z);
                gi[d + j] = dr;
                gi[d + H + j] = dz;
                gi[d + 2 * H + j] = dn;
                ghs[d + j] = dr;
                ghs[d + H + j] = dz;
                ghs[d + 2 * H + j] = dn * r;
                hNext[s + j] = dhv * z;
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

    /**
     * out[j] = sum over the rows of a[r n + j], in the order of the rows: the product ones^T A, whose fused
     * multiply-adds by 1 are the additions of that sum, rounded alike (a loop adding a row into out at another offset
     * of an array of the same type is one C2 does not vectorize).
     */
    private void columnSums(float[] a, int rows, int n, float[] out) {
        Gemm32.tn(1, n, rows, ones, 0, 1, a, 0, n, out, 0, n, false);
    }

    /** Grows the window buffers to hold B streams of T steps. */
    private void ensureCapacity(int B, int T) {
        if (!capacity.grow(B, T)) {
            return;
        }
        final int rows = capacity.rows();
        final int H = hidden;
        hs = new float[layers][(capacity.steps + 1) * capacity.streams * H];
        xin = new float[layers][];
        mask = new float[layers][];
        for (int k = 1; k < layers; k++) {
            xin[k] = new float[rows * H];
            mask[k] = new float[rows * H];
        }
        gi = new float[rows * gh];
        ghs = cell == Cell.GRU ? new float[rows * gh] : null;
        ghStep = cell == Cell.GRU ? new float[capacity.streams * gh] : null;
        probs = new float[rows * vocab];
        rowLoss = new double[rows];
        ones = new float[rows];
        Arrays.fill(ones, 1f);
        dOut = new float[rows * H];
        dIn = new float[rows * H];
        acts = new float[layers][capacity.steps * actWidth][capacity.streams * H];
        cs = cell == Cell.LSTM ? new float[layers][capacity.steps + 1][capacity.streams * H] : null;
        dh = new float[capacity.streams * H];
        dcNext = new float[capacity.streams * H];
        hNext = new float[capacity.streams * H];
    }
}
