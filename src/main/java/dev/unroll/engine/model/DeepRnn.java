package dev.unroll.engine.model;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Rng;
import dev.unroll.engine.model.kernel.KernelPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * L stacked layers of one {@link Cell} over B streams stepping together, as
 * {@code torch.nn.RNN/LSTM/GRU(V, H, num_layers=L, dropout=p)} followed by the character-level output
 * layer. Per layer k (input x^0_t = onehot(char_t), x^k_t = dropout(h^{k-1}_t) for k &gt; 0), with
 * gi = weight_ih_lk x + bias_ih_lk and gh = weight_hh_lk h_{t-1} + bias_hh_lk, gate blocks in PyTorch's
 * row order:
 * <pre>
 *   vanilla:  h_t = tanh(gi + gh)
 *   lstm:     i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of (gi + gh);  c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
 *   gru:      r = sigmoid(gi_r + gh_r);  z = sigmoid(gi_z + gh_z);  n = tanh(gi_n + r gh_n);  h_t = (1 - z) n + z h_{t-1}
 *   output:   p_t = softmax(Why h^{L-1}_t + by)
 * </pre>
 * Parameters, in this fixed order, named as PyTorch's {@code state_dict}: for k = 0..L-1
 * {@code weight_ih_lk} [G H x In_k] (In_0 = V, else H), {@code weight_hh_lk} [G H x H], {@code bias_ih_lk} and
 * {@code bias_hh_lk} [G H] (G = 1, 4, 3); then {@code Why} [V x H] and {@code by} [V]. Initialisation is
 * PyTorch's: every tensor uniform in [-1/sqrt(H), 1/sqrt(H)) in that order, as {@link GatedRnn} draws it.
 *
 * <p>Batches and the loss. {@link #trainBatch} reads B windows of T + 1 characters and reduces the
 * loss as PyTorch's {@code CrossEntropyLoss} and char-rnn do, the mean over the B T characters; its
 * gradients are those of that mean. {@link #trainWindow} is the batch-1 window of {@link RecurrentModel}
 * with the seed's reduction, the sum over the window (the gradients are T times the mean's), and no
 * dropout; at L = 1 it computes what {@link VanillaRnn} (with bias_ih + bias_hh = bh), {@link Lstm} and
 * {@link Gru} compute, to rounding.
 *
 * <p>States. A stream's state is the L layers' states one after the other, each h then (LSTM) c:
 * {@link #stateSize()} = L S with S = {@link Cell#stateSize}. A batch's states are B such rows.
 *
 * <p>Dropout p (0 &lt;= p &lt; 1) acts between layers, on h^{k-1} as layer k's input, in training only
 * ({@link #trainBatch} with a generator): each entry is kept with probability 1 - p and scaled by
 * 1/(1 - p) (inverted dropout), the masks drawn from the generator layer by layer, step by step,
 * stream by stream, unit by unit. At L = 1 there is nothing between layers and p does nothing, as in PyTorch.
 *
 * <p>The per-step math is in {@link #cellForward} and {@link #cellBackward}; the products go through
 * {@link BatchProducts}. Window buffers are sized for the largest B x T seen: a window of that size
 * or smaller allocates nothing.
 *
 * <p>Precision. In {@link Precision#F32} the training pass runs in float ({@link FloatPass}: the same
 * math on float copies of the weights, float buffers and products); the parameters, the gradients
 * handed to the optimizer and the inference pass ({@link #forward}, {@link #stepper()}) stay double.
 *
 * <p>Inspection (window traces, gates, gradient flow) is {@link LayerPass}'s: every layer recomputed
 * in float64 from the parameters, without dropout; the {@link RecurrentModel} methods give the top layer's.
 */
public final class DeepRnn extends AbstractRecurrentModel {
    /** The most layers a model may have. */
    public static final int MAX_LAYERS = 4;

    private final Cell cell;
    private final int layers;
    private final double dropout;
    private final Precision precision;
    /** The float32 training pass, or null in float64. */
    private final FloatPass floatPass;
    /** G H: rows of each layer's weights. */
    private final int gh;
    /** Entries per unit of the activations kept per step: LSTM i, f, g, o, tanh c; GRU r, z, n, gh_n; vanilla h. */
    private final int actWidth;

    private final Tensor[] wih;
    private final Tensor[] whh;
    private final Tensor[] bih;
    private final Tensor[] bhh;
    private final Tensor why;
    private final Tensor by;
    private final Tensor[] dwih;
    private final Tensor[] dwhh;
    private final Tensor[] dbih;
    private final Tensor[] dbhh;
    private final Tensor dwhy;
    private final Tensor dby;

    // window buffers for B streams and T steps; row (t, b) of a [T x B x n] buffer starts at (t B + b) n
    private final WindowCapacity capacity = new WindowCapacity();
    private int[] xs;          // T B inputs
    private int[] ts;          // T B targets
    private double[][] hs;     // per layer (T+1) B H: h_t, rows 0..B-1 the start state
    private double[][] cs;     // per layer (T+1) B H (LSTM only)
    private double[][] acts;   // per layer T B (actWidth H)
    private double[][] xin;    // per layer k > 0: T B H, dropout(h^{k-1}_{1..T})
    private double[][] mask;   // per layer k > 0: T B H, 0 or 1/(1-p)
    private double[] gi;       // T B GH: input projections of the current layer; then dL/dgi
    private double[] ghs;      // T B GH: dL/dgh (the gated cells' recurrent pre-activation gradients)
    private double[] ghStep;   // B GH: weight_hh h_{t-1} + bias_hh of one step
    private double[] probs;    // T B V: logits, probabilities, then dL/dy
    private double[] dOut;     // T B H: dL/dh of the current layer from above (output layer or next layer)
    private double[] dIn;      // T B H: dL/dx of the current layer's input
    private double[] dhNext;   // B H
    private double[] dcNext;   // B H
    private double[] wihT0;    // V GH: weight_ih_l0 transposed (a one-hot input reads one row)
    /** The threads of the training products; null: the calling thread alone. */
    private KernelPool pool;
    // the last window of stream 0, for lastTrace(): T + 1 characters, the start state, the clip bound
    private int[] lastWindow;
    private int lastWindowLength;
    private double[] lastState;
    private double lastClip;

    /** A model with PyTorch's initialisation drawn from {@code rng} (see the class comment). */
    public DeepRnn(Cell cell, int vocabSize, int hiddenSize, int layers, double dropout, Rng rng) {
        this(cell, vocabSize, hiddenSize, layers, dropout, Precision.F64, rng);
    }

    /** A model training in {@code precision} with PyTorch's initialisation drawn from {@code rng}. */
    public DeepRnn(Cell cell, int vocabSize, int hiddenSize, int layers, double dropout, Precision precision, Rng rng) {
        this(cell, vocabSize, hiddenSize, layers, dropout, precision);
        final double k = 1.0 / Math.sqrt(hiddenSize);
        for (Tensor p : params) {
            final double[] d = p.data;
            for (int i = 0; i < d.length; i++) {
                d[i] = (2.0 * rng.nextDouble() - 1.0) * k;
            }
        }
    }

    /** A model with every parameter zero (to copy weights into), training in float64. */
    public DeepRnn(Cell cell, int vocabSize, int hiddenSize, int layers, double dropout) {
        this(cell, vocabSize, hiddenSize, layers, dropout, Precision.F64);
    }

    /** A model with every parameter zero training in {@code precision}. */
    public DeepRnn(Cell cell, int vocabSize, int hiddenSize, int layers, double dropout, Precision precision) {
        super(vocabSize, hiddenSize);
        if (layers < 1 || layers > MAX_LAYERS) {
            throw new BadInputException("layers must be between 1 and " + MAX_LAYERS + " (got " + layers + ")");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new BadInputException("dropout must be at least 0 and below 1 (got " + dropout + ")");
        }
        this.cell = cell;
        this.layers = layers;
        this.dropout = dropout;
        this.gh = Math.multiplyExact(cell.gates(), hiddenSize);
        this.actWidth = switch (cell) {
            case VANILLA -> 1;
            case LSTM -> 5;
            case GRU -> 4;
        };
        wih = new Tensor[layers];
        whh = new Tensor[layers];
        bih = new Tensor[layers];
        bhh = new Tensor[layers];
        dwih = new Tensor[layers];
        dwhh = new Tensor[layers];
        dbih = new Tensor[layers];
        dbhh = new Tensor[layers];
        List<Tensor> ps = new ArrayList<>();
        List<Tensor> gs = new ArrayList<>();
        for (int k = 0; k < layers; k++) {
            int in = k == 0 ? vocabSize : hiddenSize;
            wih[k] = new Tensor("weight_ih_l" + k, gh, in);
            whh[k] = new Tensor("weight_hh_l" + k, gh, hiddenSize);
            bih[k] = new Tensor("bias_ih_l" + k, gh, 1);
            bhh[k] = new Tensor("bias_hh_l" + k, gh, 1);
            dwih[k] = new Tensor("dweight_ih_l" + k, gh, in);
            dwhh[k] = new Tensor("dweight_hh_l" + k, gh, hiddenSize);
            dbih[k] = new Tensor("dbias_ih_l" + k, gh, 1);
            dbhh[k] = new Tensor("dbias_hh_l" + k, gh, 1);
            ps.addAll(List.of(wih[k], whh[k], bih[k], bhh[k]));
            gs.addAll(List.of(dwih[k], dwhh[k], dbih[k], dbhh[k]));
        }
        why = new Tensor("Why", vocabSize, hiddenSize);
        by = new Tensor("by", vocabSize, 1);
        dwhy = new Tensor("dWhy", vocabSize, hiddenSize);
        dby = new Tensor("dby", vocabSize, 1);
        ps.add(why);
        ps.add(by);
        gs.add(dwhy);
        gs.add(dby);
        params = List.copyOf(ps);
        grads = List.copyOf(gs);
        this.precision = precision;
        this.floatPass = precision == Precision.F32 ? new FloatPass(cell, vocabSize, hiddenSize, layers, dropout, params) : null;
    }

    /**
     * Whether these parameters are a stacked model's (their first is named {@code weight_ih_l0}),
     * as {@link #ofParameters} reads them.
     */
    public static boolean isStacked(List<Tensor> parameters) {
        return !parameters.isEmpty() && parameters.get(0).name.equals("weight_ih_l0");
    }

    /**
     * A zero model of the shape of these parameters (names and shapes as the class comment lists
     * them), told from them: the layers from the count, the cell from weight_hh_l0's rows per column.
     *
     * @throws BadInputException when they are no stacked model's
     */
    public static DeepRnn ofParameters(List<Tensor> parameters, double dropout) {
        int n = parameters.size();
        if (!isStacked(parameters) || n < 6 || (n - 2) % 4 != 0 || (n - 2) / 4 > MAX_LAYERS) {
            throw new BadInputException("the parameters " + parameters + " are those of no stacked model");
        }
        Tensor w0 = parameters.get(0);
        Tensor u0 = parameters.get(1);
        int h = u0.cols;
        Cell c = null;
        for (Cell candidate : Cell.values()) {
            if (u0.rows == candidate.gates() * h) {
                c = candidate;
            }
        }
        if (c == null) {
            throw new BadInputException("weight_hh_l0 is " + u0.rows + "x" + u0.cols + ": no cell has that shape");
        }
        DeepRnn m = new DeepRnn(c, w0.cols, h, (n - 2) / 4, dropout);
        for (int i = 0; i < n; i++) {
            Tensor mine = m.params.get(i);
            Tensor given = parameters.get(i);
            if (!mine.name.equals(given.name) || !mine.sameShape(given)) {
                throw new BadInputException("expected " + mine + " at position " + i + ", found " + given);
            }
        }
        return m;
    }

    @Override
    public Cell cell() {
        return cell;
    }



    public int layers() {
        return layers;
    }

    public double dropout() {
        return dropout;
    }

    /** The precision of the training pass. */
    public Precision precision() {
        return precision;
    }

    /** S: one layer's state, H or (LSTM) 2H. */
    public int layerStateSize() {
        return cell.stateSize(hidden);
    }

    /** L S: every layer's state, layer 0 first. */
    @Override
    public int stateSize() {
        return layers * layerStateSize();
    }



    /** Parameters of a model of this shape: sum over layers of G (H In_k + H^2 + 2H), plus V H + V. */
    public static long parameterCount(Cell cell, int vocab, int hidden, int layers) {
        long g = cell.gates();
        long h = hidden;
        long count = (long) vocab * h + vocab;
        for (int k = 0; k < layers; k++) {
            long in = k == 0 ? vocab : h;
            count += g * (h * in + h * h + 2 * h);
        }
        return count;
    }

    /**
     * Bytes a training run of such a model allocates, an upper bound in the manner of
     * {@link Cell#trainingBytes}: with P the {@link #parameterCount} and R = B T rows of the window,
     * <pre>
     *   10 P                          parameters, gradients, the optimizer's state (at most 2 P), exported states, to spare
     *   R (9 L H + 2 G H + V + 2 H + 1)  per layer h, c, five activations, dropped input and its mask; dgi, dgh; logits;
     *                                  dOut, dIn; inputs and targets
     *   (B + 1) (2 H + G H) L + V G H  states, step scratch, weight_ih_l0 transposed
     * </pre>
     * in doubles.
     */
    public static long trainingBytes(Cell cell, int vocab, int hidden, int layers, int batch, int sequence) {
        long h = hidden;
        long g = cell.gates();
        long rows = (long) batch * sequence;
        long perRow = 9L * layers * h + 2 * g * h + vocab + 2 * h + 1;
        long rest = (batch + 1L) * (2 * h + g * h) * layers + vocab * g * h;
        return 8 * (10 * parameterCount(cell, vocab, hidden, layers) + rows * perRow + rest);
    }

    /**
     * Runs the products of {@link #trainBatch} and {@link #trainWindow} on {@code pool}'s threads (null:
     * on the calling thread). The results are bit for bit the same either way. The pool stays the
     * caller's to close; a {@link #copy()} computes on the calling thread.
     */
    public void setPool(KernelPool pool) {
        this.pool = pool;
        if (floatPass != null) {
            floatPass.setPool(pool);
        }
    }

    // ---- training ----

    /**
     * One training window for B streams: stream b reads {@code windows[b (T+1) .. b (T+1) + T]} as
     * inputs and the same shifted by one as targets, from its state {@code states[b L S .. (b+1) L S)},
     * which is left holding the state after the window. Writes the gradients of the mean loss over
     * the B T characters, each entry clipped to [-clip, clip].
     *
     * @param dropoutRng draws the dropout masks (training mode); null: no dropout
     * @return the mean loss per character, -1/(B T) sum log p(target)
     */
    public double trainBatch(int[] windows, int B, int T, double[] states, double clip, Rng dropoutRng) {
        ensureCapacity(B, T);
        rememberWindow(windows, 0, T, states, clip);
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                final int at = b * (T + 1) + t;
                xs[t * B + b] = windows[at];
                ts[t * B + b] = windows[at + 1];
            }
        }
        double loss = run(B, T, states, clip, 1.0 / ((double) B * T), dropoutRng);
        return loss / ((double) B * T);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One stream, the seed's reduction (the sum over the window) and no dropout; see the class comment.
     */
    @Override
    public double trainWindow(int[] data, int start, int length, double[] hidden, double clip) {
        ensureCapacity(1, length);
        rememberWindow(data, start, length, hidden, clip);
        for (int t = 0; t < length; t++) {
            xs[t] = data[start + t];
            ts[t] = data[start + t + 1];
        }
        return run(1, length, hidden, clip, 1.0, null);
    }

    /**
     * Forward, loss, backward and clipping over xs/ts (B streams, T steps) from {@code states},
     * with dL/dy scaled by {@code scale}; returns the summed loss and leaves the last states in
     * {@code states}.
     */
    private double run(int B, int T, double[] states, double clip, double scale, Rng dropoutRng) {
        if (floatPass != null) {
            final double loss = floatPass.pass(B, T, xs, ts, states, params, grads, scale, dropoutRng);
            for (Tensor g : grads) {
                OutputLayer.clipRange(g.data, 0, g.data.length, clip);
            }
            return loss;
        }
        ensureCapacity(B, T);
        final int H = hidden;
        final int V = vocab;
        final int S = layerStateSize();
        final int rows = T * B;
        for (int k = 0; k < layers; k++) {
            for (int b = 0; b < B; b++) {
                final int s = (b * layers + k) * S;
                System.arraycopy(states, s, hs[k], b * H, H);
                if (cell == Cell.LSTM) {
                    System.arraycopy(states, s + H, cs[k], b * H, H);
                }
            }
        }
        final boolean drop = dropoutRng != null && dropout > 0;
        // forward, layer by layer over the whole window
        for (int k = 0; k < layers; k++) {
            if (k > 0) {
                dropInputs(k, B, T, drop ? dropoutRng : null);
            }
            layerForward(k, B, T);
        }
        // output layer: Y = H_top Why^T + by, softmax, loss, dY = scale (P - onehot)
        final double[] top = hs[layers - 1];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(by.data, 0, probs, r * V, V);
        }
        BatchProducts.nt(pool, rows, V, H, top, B * H, H, why.data, 0, H, probs, 0, V, true);
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            loss += softmaxRow(probs, r * V, ts[r]);
            final int o = r * V;
            probs[o + ts[r]] -= 1.0;
            for (int v = 0; v < V; v++) {
                probs[o + v] *= scale;
            }
        }
        // output layer's gradients: dWhy = dY^T H_top, dby = column sums, dOut = dY Why
        BatchProducts.tn(pool, V, H, rows, probs, 0, V, top, B * H, H, dwhy.data, 0, H, false);
        columnSums(probs, rows, V, dby.data);
        BatchProducts.nn(pool, rows, H, V, probs, 0, V, why.data, 0, H, dOut, 0, H, false);
        for (int k = layers - 1; k >= 0; k--) {
            layerBackward(k, B, T);
        }
        for (Tensor g : grads) {
            OutputLayer.clipRange(g.data, 0, g.data.length, clip);
        }
        for (int k = 0; k < layers; k++) {
            for (int b = 0; b < B; b++) {
                final int s = (b * layers + k) * S;
                System.arraycopy(hs[k], (T * B + b) * H, states, s, H);
                if (cell == Cell.LSTM) {
                    System.arraycopy(cs[k], (T * B + b) * H, states, s + H, H);
                }
            }
        }
        return loss;
    }

    /**
     * xin[k] = mask o h^{k-1}_{1..T} (layer k's input), drawing the mask from {@code rng} when it is
     * given (t, then b, then unit), else with every entry kept.
     */
    private void dropInputs(int k, int B, int T, Rng rng) {
        final int n = T * B * hidden;
        final int from = B * hidden; // h^{k-1}_1 follows the B rows of the start state
        final double[] below = hs[k - 1];
        final double[] x = xin[k];
        final double[] m = mask[k];
        if (rng == null) {
            Arrays.fill(m, 0, n, 1.0);
        } else {
            final double keep = 1.0 - dropout;
            final double scale = 1.0 / keep;
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() < keep ? scale : 0.0;
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] = below[from + i] * m[i];
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
        final double[] b0 = bih[k].data;
        if (k == 0) {
            transpose(wih[0].data, GH, vocab, wihT0);
            for (int r = 0; r < rows; r++) {
                final int x = xs[r] * GH;
                final int o = r * GH;
                for (int j = 0; j < GH; j++) {
                    gi[o + j] = wihT0[x + j] + b0[j];
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(b0, 0, gi, r * GH, GH);
            }
            BatchProducts.nt(pool, rows, GH, H, xin[k], 0, H, wih[k].data, 0, H, gi, 0, GH, true);
        }
        final double[] h = hs[k];
        final double[] c = cs == null ? null : cs[k];
        final double[] bh = bhh[k].data;
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                System.arraycopy(bh, 0, ghStep, b * GH, GH);
            }
            BatchProducts.nt(pool, B, GH, H, h, t * B * H, H, whh[k].data, 0, H, ghStep, 0, GH, true);
            cellForward(B, gi, t * B * GH, ghStep, h, t * B * H, c, acts[k], t * B * actWidth * H);
        }
    }

    /**
     * One step of the cell for B streams (the per-step math of the class comment): from the
     * pre-activations {@code gi} (at {@code giOff}) and {@code g} (gh), the state at rows
     * {@code hOff} of {@code h} and {@code c}, writes the next state B rows further on and the
     * activations the backward pass needs into {@code act} at {@code actOff}.
     */
    private void cellForward(int B, double[] gi, int giOff, double[] g, double[] h, int hOff, double[] c,
                             double[] act, int actOff) {
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
                        act[a + j] = v;
                        h[next + s + j] = v;
                    }
                    case LSTM -> {
                        final double i = GatedRnn.sigmoid(gi[x + j] + g[y + j]);
                        final double f = GatedRnn.sigmoid(gi[x + H + j] + g[y + H + j]);
                        final double gg = DenseKernels.tanh(gi[x + 2 * H + j] + g[y + 2 * H + j]);
                        final double o = GatedRnn.sigmoid(gi[x + 3 * H + j] + g[y + 3 * H + j]);
                        final double cv = f * c[hOff + s + j] + i * gg;
                        final double tc = DenseKernels.tanh(cv);
                        act[a + j] = i;
                        act[a + H + j] = f;
                        act[a + 2 * H + j] = gg;
                        act[a + 3 * H + j] = o;
                        act[a + 4 * H + j] = tc;
                        c[next + s + j] = cv;
                        h[next + s + j] = o * tc;
                    }
                    case GRU -> {
                        final double r = GatedRnn.sigmoid(gi[x + j] + g[y + j]);
                        final double z = GatedRnn.sigmoid(gi[x + H + j] + g[y + H + j]);
                        final double ghn = g[y + 2 * H + j];
                        final double n = DenseKernels.tanh(gi[x + 2 * H + j] + r * ghn);
                        act[a + j] = r;
                        act[a + H + j] = z;
                        act[a + 2 * H + j] = n;
                        act[a + 3 * H + j] = ghn;
                        h[next + s + j] = (1.0 - z) * n + z * h[hOff + s + j];
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
        final double[] dgi = gi;                               // the input projections are no longer needed
        final double[] dgh = cell == Cell.GRU ? ghs : gi;      // one array where gi and gh are added
        Arrays.fill(dhNext, 0, B * H, 0.0);
        Arrays.fill(dcNext, 0, B * H, 0.0);
        final double[] h = hs[k];
        for (int t = T - 1; t >= 0; t--) {
            cellBackward(B, dOut, t * B * H, h, t * B * H, cs == null ? null : cs[k], acts[k], t * B * actWidth * H,
                    dgi, dgh, t * B * GH);
            if (t > 0) {
                // dh_{t-1} from the recurrence: dgh_t W_hh (plus, for the GRU, dh_t z, added by cellBackward)
                BatchProducts.nn(pool, B, H, GH, dgh, t * B * GH, GH, whh[k].data, 0, H, dhNext, 0, H, true);
            }
        }
        BatchProducts.tn(pool, GH, H, rows, dgh, 0, GH, h, 0, H, dwhh[k].data, 0, H, false);
        columnSums(dgh, rows, GH, dbhh[k].data);
        columnSums(dgi, rows, GH, dbih[k].data);
        if (k == 0) {
            final double[] dw = dwih[0].data;
            Arrays.fill(dw, 0.0);
            final int V = vocab;
            for (int r = 0; r < rows; r++) {
                final int x = xs[r];
                final int o = r * GH;
                for (int j = 0; j < GH; j++) {
                    dw[j * V + x] += dgi[o + j];
                }
            }
        } else {
            BatchProducts.tn(pool, GH, H, rows, dgi, 0, GH, xin[k], 0, H, dwih[k].data, 0, H, false);
            BatchProducts.nn(pool, rows, H, GH, dgi, 0, GH, wih[k].data, 0, H, dIn, 0, H, false);
            final double[] m = mask[k];
            final int n = rows * H;
            for (int i = 0; i < n; i++) {
                dOut[i] = dIn[i] * m[i];
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
    private void cellBackward(int B, double[] dOutBuf, int dOff0, double[] h, int hOff, double[] c, double[] act, int actOff,
                              double[] dgi, double[] dgh, int dOff) {
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
                        dgi[d + j] = dh * (1.0 - v * v);
                        dhNext[s + j] = 0.0;
                    }
                    case LSTM -> {
                        final double i = act[a + j];
                        final double f = act[a + H + j];
                        final double gg = act[a + 2 * H + j];
                        final double o = act[a + 3 * H + j];
                        final double tc = act[a + 4 * H + j];
                        final double dc = dh * o * (1.0 - tc * tc) + dcNext[s + j];
                        dgi[d + j] = dc * gg * i * (1.0 - i);
                        dgi[d + H + j] = dc * c[hOff + s + j] * f * (1.0 - f);
                        dgi[d + 2 * H + j] = dc * i * (1.0 - gg * gg);
                        dgi[d + 3 * H + j] = dh * tc * o * (1.0 - o);
                        dcNext[s + j] = dc * f;
                        dhNext[s + j] = 0.0;
                    }
                    case GRU -> {
                        final double r = act[a + j];
                        final double z = act[a + H + j];
                        final double n = act[a + 2 * H + j];
                        final double ghn = act[a + 3 * H + j];
                        final double dn = dh * (1.0 - z) * (1.0 - n * n);
                        final double dr = dn * ghn * r * (1.0 - r);
                        final double dz = dh * (h[hOff + s + j] - n) * z * (1.0 - z);
                        dgi[d + j] = dr;
                        dgi[d + H + j] = dz;
                        dgi[d + 2 * H + j] = dn;
                        dgh[d + j] = dr;
                        dgh[d + H + j] = dz;
                        dgh[d + 2 * H + j] = dn * r;
                        dhNext[s + j] = dh * z;
                    }
                }
            }
        }
    }

    /** In place: row {@code off .. off+V) of logits becomes softmax (max subtracted); returns -log p[target]. */
    private double softmaxRow(double[] p, int off, int target) {
        final int V = vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            max = Math.max(max, p[off + v]);
        }
        double sum = 0;
        for (int v = 0; v < V; v++) {
            final double e = Math.exp(p[off + v] - max);
            p[off + v] = e;
            sum += e;
        }
        for (int v = 0; v < V; v++) {
            p[off + v] /= sum;
        }
        return -Math.log(p[off + target]);
    }

    /** out[j] = sum over the rows of a[r n + j]. */
    private static void columnSums(double[] a, int rows, int n, double[] out) {
        Arrays.fill(out, 0, n, 0.0);
        for (int r = 0; r < rows; r++) {
            final int o = r * n;
            for (int j = 0; j < n; j++) {
                out[j] += a[o + j];
            }
        }
    }

    /** dst[c rows + r] = src[r cols + c]. */
    private static void transpose(double[] src, int rows, int cols, double[] dst) {
        for (int r = 0; r < rows; r++) {
            final int o = r * cols;
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[o + c];
            }
        }
    }

    /** Grows the window buffers to hold B streams of T steps. */
    private void ensureCapacity(int B, int T) {
        if (!capacity.grow(B, T)) {
            return;
        }
        final int rows = capacity.rows();
        final int H = hidden;
        xs = new int[rows];
        ts = new int[rows];
        if (floatPass != null) {
            return; // the float pass has buffers of its own
        }
        hs = new double[layers][(capacity.steps + 1) * capacity.streams * H];
        cs = cell == Cell.LSTM ? new double[layers][(capacity.steps + 1) * capacity.streams * H] : null;
        acts = new double[layers][rows * actWidth * H];
        xin = new double[layers][];
        mask = new double[layers][];
        for (int k = 1; k < layers; k++) {
            xin[k] = new double[rows * H];
            mask[k] = new double[rows * H];
        }
        gi = new double[rows * gh];
        ghs = cell == Cell.GRU ? new double[rows * gh] : null;
        ghStep = new double[capacity.streams * gh];
        probs = new double[rows * vocab];
        dOut = new double[rows * H];
        dIn = new double[rows * H];
        dhNext = new double[capacity.streams * H];
        dcNext = new double[capacity.streams * H];
        if (wihT0 == null) {
            wihT0 = new double[vocab * gh];
        }
    }

    // ---- inference: one stream, no dropout ----

    /**
     * {@inheritDoc}
     *
     * <p>One stream in evaluation mode (no dropout); {@code hsOut} receives the top layer's h.
     */
    @Override
    public double forward(int[] inputs, int[] targets, double[] state, double[] hsOut, double[] probsOut, double[] lossOut) {
        final double[] logits = new double[vocab];
        final Stepper stepper = stepper();
        double loss = 0;
        final int top = (layers - 1) * layerStateSize();
        for (int t = 0; t < inputs.length; t++) {
            stepper.step(inputs[t], state, logits);
            if (hsOut != null) {
                System.arraycopy(state, top, hsOut, t * hidden, hidden);
            }
            loss += stepLoss(logits, targets != null && t < targets.length ? targets[t] : -1, lossOut, t);
            if (probsOut != null) {
                System.arraycopy(logits, 0, probsOut, t * vocab, vocab);
            }
        }
        return loss;
    }

    /** logits become probabilities; the step's loss when it has a target (stored in lossOut), else 0. */
    private double stepLoss(double[] logits, int target, double[] lossOut, int t) {
        final double l = OutputLayer.softmax(logits, target, vocab);
        if (target >= 0 && lossOut != null) {
            lossOut[t] = l;
        }
        return l;
    }

    @Override
    public void step(int input, double[] state, double[] logitsOut) {
        stepper().step(input, state, logitsOut);
    }

    /** One stream's steps through the layers, reading the parameters as they are now (scratch of its own). */
    @Override
    public Stepper stepper() {
        final int H = hidden;
        final int GH = gh;
        final int S = layerStateSize();
        final double[] g = new double[GH];
        final double[] x = new double[GH];
        final double[] hc = new double[2 * H];   // h_{t-1} then h_t of the layer
        final double[] cc = new double[2 * H];   // c_{t-1} then c_t (LSTM)
        final double[] act = new double[actWidth * H];
        return (input, state, logitsOut) -> {
            for (int k = 0; k < layers; k++) {
                final double[] b0 = bih[k].data;
                if (k == 0) {
                    final double[] w = wih[0].data;
                    for (int r = 0; r < GH; r++) {
                        x[r] = w[r * vocab + input] + b0[r];
                    }
                } else {
                    System.arraycopy(b0, 0, x, 0, GH);
                    // the layer below's new h, already in state
                    BatchProducts.nt(null, 1, GH, H, state, (k - 1) * S, H, wih[k].data, 0, H, x, 0, GH, true);
                }
                System.arraycopy(bhh[k].data, 0, g, 0, GH);
                BatchProducts.nt(null, 1, GH, H, state, k * S, H, whh[k].data, 0, H, g, 0, GH, true);
                System.arraycopy(state, k * S, hc, 0, H);
                if (cell == Cell.LSTM) {
                    System.arraycopy(state, k * S + H, cc, 0, H);
                }
                cellForward(1, x, 0, g, hc, 0, cc, act, 0);
                System.arraycopy(hc, H, state, k * S, H);
                if (cell == Cell.LSTM) {
                    System.arraycopy(cc, H, state, k * S + H, H);
                }
            }
            System.arraycopy(by.data, 0, logitsOut, 0, vocab);
            BatchProducts.nt(null, 1, vocab, H, state, (layers - 1) * S, H, why.data, 0, H, logitsOut, 0, vocab, true);
        };
    }

    /**
     * {@inheritDoc}
     *
     * <p>The top layer's view of the last window trained ({@link #trainWindow}, or stream 0 of
     * {@link #trainBatch}), recomputed in float64 without dropout by {@link LayerPass} (the seed's
     * reduction: its gradient norms are those of the window's summed loss); the clipped fraction is
     * that of the gradients the window left. {@link LayerPass#window} gives any layer's.
     *
     * @throws IllegalStateException before the first window
     */
    @Override
    public WindowTrace lastTrace() {
        if (lastWindow == null) {
            throw new IllegalStateException("no window has been trained yet");
        }
        final int T = lastWindowLength;
        int[] in = Arrays.copyOf(lastWindow, T);
        int[] targets = Arrays.copyOfRange(lastWindow, 1, T + 1);
        long clipped = 0;
        long all = 0;
        for (Tensor g : grads) {
            for (double v : g.data) {
                clipped += Math.abs(v) >= lastClip ? 1 : 0;
            }
            all += g.data.length;
        }
        return LayerPass.run(this, in, lastState.clone()).window(layers - 1, targets, (double) clipped / all);
    }

    /** Keeps stream 0's window (T + 1 characters from {@code start}) and start state for {@link #lastTrace}; allocates only to grow. */
    private void rememberWindow(int[] data, int start, int T, double[] states, double clip) {
        if (lastWindow == null || lastWindow.length < T + 1) {
            lastWindow = new int[T + 1];
            lastState = new double[stateSize()];
        }
        System.arraycopy(data, start, lastWindow, 0, T + 1);
        System.arraycopy(states, 0, lastState, 0, lastState.length);
        lastWindowLength = T;
        lastClip = clip;
    }

    /** {@inheritDoc} The top layer's gates ({@link LayerPass#gates} gives any layer's), in float64 without dropout. */
    @Override
    public GateTrace forwardGates(int[] inputs, double[] state) {
        return LayerPass.run(this, inputs, state).gates(layers - 1);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The top layer's curve, backpropagated through every layer and step ({@link LayerPass#gradientFlow}
     * gives every layer's), in float64 without dropout.
     */
    @Override
    public GradientFlow gradientFlow(int[] inputs, int target, double[] state) {
        return LayerPass.run(this, inputs, state.clone()).gradientFlow(target).get(layers - 1);
    }

    @Override
    public DeepRnn copy() {
        return copyInto(new DeepRnn(cell, vocab, hidden, layers, dropout, precision));
    }
}
