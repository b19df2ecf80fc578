package dev.unroll.engine.model;

import dev.unroll.engine.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * What the two gated cells ({@link Lstm}, {@link Gru}) share: PyTorch's parameterisation of the
 * recurrent layer and the parts of backpropagation through time that do not depend on the gates
 * (the output layer and the window buffers are {@link SingleLayerRnn}'s, as {@link VanillaRnn}'s).
 * <pre>
 *   weight_ih  G H x V      the input weights of the G gate blocks, row-major
 *   weight_hh  G H x H      the recurrent weights
 *   bias_ih    G H          added to weight_ih x_t
 *   bias_hh    G H          added to weight_hh h_{t-1}
 *   Why        V x H,  by V the output layer, y_t = Why h_t + by, as in {@link VanillaRnn}
 * </pre>
 * A subclass runs the recurrence step by step and, going backwards, leaves for every step the
 * gradients of the loss with respect to the two pre-activations of the gates,
 * {@code dgi[t] = dL/d(weight_ih x_t + bias_ih)} and {@code dgh[t] = dL/d(weight_hh h_{t-1} + bias_hh)}
 * (the same array for the LSTM, where the two are added before any gate). This class then forms the
 * weight gradients for the whole window at once:
 * <pre>
 *   dweight_hh = dGh^T H_{0..T-1}    dbias_hh = sum_t dgh_t    dweight_ih[:, x_t] += dgi_t    dbias_ih = sum_t dgi_t
 * </pre>
 * and clips every entry to [-clip, clip].
 *
 * <p>Initialisation is PyTorch's: every tensor, the output layer's included (nn.Linear's default
 * for an input of H), uniform in [-1/sqrt(H), 1/sqrt(H)), drawn in the order weight_ih, weight_hh,
 * bias_ih, bias_hh, Why, by, each row-major, as {@code (2u - 1)/sqrt(H)} with u from {@link Rng#nextDouble()}.
 *
 * <p>Performance, as in {@link VanillaRnn}: private copies weight_ih^T (V rows of GH), weight_hh^T
 * (H rows of GH), weight_hh (GH rows of H) and Why, Why^T as rows are refreshed at the start of
 * every {@link #trainWindow} and {@link #forward} (writes to the parameters in place need no
 * notification), so that every inner loop is a {@link DenseKernels} axpy; the input projection of
 * a one-hot x_t is one row of weight_ih^T. Window buffers are sized once (grown when a longer
 * window comes): {@link #trainWindow} allocates nothing.
 */
abstract sealed class GatedRnn extends SingleLayerRnn permits Lstm, Gru {
    /** G H: rows of weight_ih and weight_hh. */
    final int rows;

    final Tensor wih;
    final Tensor whh;
    final Tensor bih;
    final Tensor bhh;
    final Tensor dwih;
    final Tensor dwhh;
    final Tensor dbih;
    final Tensor dbhh;

    // the window buffers are SingleLayerRnn's but for these two, grown with them
    double[][] dgh;     // T rows of GH: dL/d(weight_hh h_{t-1} + bias_hh)
    double[][] dgi;     // T rows of GH: dL/d(weight_ih x_t + bias_ih) (may be dgh itself)
    /** Set only by {@link #gradientFlow}: the backward pass also carries the gradient to the start state. */
    boolean backToStart;

    // private copies of the parameters as rows, allocated on first use, refreshed by refreshCopies()
    // (Why's are SingleLayerRnn's)
    double[][] wihT;      // V rows of GH
    double[][] whhT;      // H rows of GH
    double[][] whhRows;   // GH rows of H

    /** All parameters zero. */
    GatedRnn(int vocabSize, int hiddenSize, int gates) {
        super(vocabSize, hiddenSize);
        this.rows = Math.multiplyExact(gates, hiddenSize);
        wih = new Tensor("weight_ih", rows, vocabSize);
        whh = new Tensor("weight_hh", rows, hiddenSize);
        bih = new Tensor("bias_ih", rows, 1);
        bhh = new Tensor("bias_hh", rows, 1);
        dwih = wih.gradient();
        dwhh = whh.gradient();
        dbih = bih.gradient();
        dbhh = bhh.gradient();
        params = List.of(wih, whh, bih, bhh, why, by);
        grads = List.of(dwih, dwhh, dbih, dbhh, dwhy, dby);
    }

    /** PyTorch's initialisation, see the class comment. */
    final void initialise(Rng rng) {
        final double k = 1.0 / Math.sqrt(hidden);
        for (Tensor p : params) {
            final double[] d = p.data;
            for (int i = 0; i < d.length; i++) {
                d[i] = (2.0 * rng.nextDouble() - 1.0) * k;
            }
        }
    }

    /** dgh, then the subclass's own window buffers ({@link #allocateSteps}), for {@code length} steps. */
    @Override
    final void growSteps(int length) {
        dgh = new double[length][rows];
        dgi = allocateSteps(length);
    }

    /**
     * Allocates the subclass's own window buffers for {@code length} steps.
     *
     * @return the buffer for {@link #dgi} (a new T x GH array, or {@link #dgh} when the two gradients are one)
     */
    abstract double[][] allocateSteps(int length);

    /** The recurrence over the window from {@code state}: fills hs[1..T] and the cell's own buffers. Fresh copies. */
    abstract void forwardWindow(int T, double[] state);

    /**
     * Backpropagation through the recurrence, t = T-1 .. 0, from dhOut (Why^T dy_t): fills dgh and dgi
     * for every step and, per step, dhNorm (||dL/dh_t||) and dRawNorm (||dgi_t||).
     */
    abstract void backwardWindow(int T);

    /** The gates (and for the LSTM c, c0 and ||dL/dc_t||) of the last window's T steps, copied. */
    abstract GateTrace gateTrace(int T);

    /**
     * The activations of the last single step ({@link #stepOnCopies}, {@link #stepOnParameters}):
     * the model's scratch, whose first G H entries are the gates in {@link Cell#gateNames()} order.
     */
    abstract double[] stepActivations();

    /**
     * After {@link #backwardWindow} with {@link #backToStart}: ||dL/dc_t|| for the LSTM, indexed as
     * {@link GradientFlow#dc()} (k = 0..T, c_{T-k}); null for a cell without c.
     */
    abstract double[] cellFlow(int T);

    /** Writes the state after the window's last step into {@code state}. */
    abstract void saveState(int T, double[] state);

    /** One step on the fresh copies: reads {@code x}, updates {@code state} in place. */
    abstract void stepOnCopies(int x, double[] state);

    /** One step reading the parameters directly (no copies): reads {@code x}, updates {@code state} in place. */
    abstract void stepOnParameters(int x, double[] state);





    /**
     * {@inheritDoc}
     *
     * <p>Implementation:
     * <pre>
     *   refresh the copies
     *   the recurrence, step by step (the subclass)                          h_1 .. h_T
     *   Y = Hs Why^T + by;  P = softmax(Y);  dY = P - onehot;  dby, dWhy;  G = dY Why     whole window
     *   backwards through the recurrence (the subclass)                      dgh_t, dgi_t
     *   dweight_hh = dGh^T H_{0..T-1} (clipped row by row);  dbias_hh, dbias_ih, dweight_ih
     *   clip every other entry to [-clip, clip]
     * </pre>
     */
    @Override
    public final double trainWindow(int[] data, int start, int length, double[] state, double clip) {
        startWindow(data, start, length, state);
        final int H = hidden;
        final int V = vocab;
        final int T = length;
        forwardWindow(T, state);
        final double loss = OutputLayer.forward(hs, T, by.data, whyT, ts, ps, stepLoss, V, H);
        traceLength = T;
        OutputLayer.backward(hs, T, ps, ts, dys, dby.data, dwhy.data, whyRows, dhOut, rowBuffer, column, V, H);
        backwardWindow(T);
        long clipped = weightGradients(T, clip);
        clipped += OutputLayer.clipRange(dwih.data, 0, dwih.data.length, clip)
                + OutputLayer.clipRange(dbih.data, 0, rows, clip)
                + OutputLayer.clipRange(dbhh.data, 0, rows, clip)
                + OutputLayer.clipRange(dwhy.data, 0, dwhy.data.length, clip)
                + OutputLayer.clipRange(dby.data, 0, V, clip);
        clippedFraction = (double) clipped / cell().parameterCount(V, H);
        saveState(T, state);
        return loss;
    }

    /**
     * dweight_hh (each row clipped while it is in cache), dbias_hh, dbias_ih and dweight_ih from dgh
     * and dgi; returns how many entries of dweight_hh were clipped.
     */
    private long weightGradients(int T, double clip) {
        final int H = hidden;
        final int V = vocab;
        final int GH = rows;
        final double[] row = rowBuffer;
        final double[] dwhhD = dwhh.data;
        long clipped = 0;
        for (int r = 0; r < GH; r++) {
            for (int t = 0; t < T; t++) {
                column[t] = dgh[t][r];
            }
            DenseKernels.combineRows(row, H, column, hs, 0, T, false);
            clipped += OutputLayer.clipRange(row, 0, H, clip);
            System.arraycopy(row, 0, dwhhD, r * H, H);
        }
        final double[] dbhhD = dbhh.data;
        final double[] dbihD = dbih.data;
        final double[] dwihD = dwih.data;
        Arrays.fill(dbhhD, 0);
        Arrays.fill(dbihD, 0);
        Arrays.fill(dwihD, 0);
        for (int t = T - 1; t >= 0; t--) {
            final double[] gh = dgh[t];
            final double[] gi = dgi[t];
            final int x = xs[t];
            for (int r = 0; r < GH; r++) {
                dbhhD[r] += gh[r];
                dbihD[r] += gi[r];
            }
            for (int r = 0; r < GH; r++) {
                dwihD[r * V + x] += gi[r];
            }
        }
        return clipped;
    }

    /** Brings the private copies of the recurrent layer up to date with the parameters (see the class comment). */
    @Override
    final void refreshCellCopies() {
        if (whhT == null) {
            wihT = new double[vocab][rows];
            whhT = new double[hidden][rows];
            whhRows = new double[rows][hidden];
        }
        DenseKernels.transpose(wih.data, rows, vocab, wihT);
        DenseKernels.transpose(whh.data, rows, hidden, whhT);
        DenseKernels.toRows(whh.data, rows, hidden, whhRows);
        refreshOwnCopies();
    }

    /** A subclass's own copies of the parameters, brought up to date with the others; none by default. */
    void refreshOwnCopies() {
    }

    @Override
    public WindowTrace lastTrace() {
        return trace(gateTrace(traceLength));
    }

    @Override
    public GateTrace forwardGates(int[] inputs, double[] state) {
        final int H = hidden;
        final int T = inputs.length;
        final int width = cell().gateNames().size() * H;
        final boolean lstm = stateSize() > H;
        refreshCopies();
        double[] c0 = lstm ? Arrays.copyOfRange(state, H, 2 * H) : null;
        double[] gates = new double[T * width];
        double[] cells = lstm ? new double[T * H] : null;
        for (int t = 0; t < T; t++) {
            stepOnCopies(inputs[t], state);
            System.arraycopy(stepActivations(), 0, gates, t * width, width);
            if (lstm) {
                System.arraycopy(state, H, cells, t * H, H);
            }
        }
        return new GateTrace(cell(), H, T, gates, cells, c0, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The training window's own forward and backward passes, with the output error of every step
     * but the last set to zero and the recurrent gradient carried down to the start state.
     */
    @Override
    public GradientFlow gradientFlow(int[] inputs, int target, double[] state) {
        final int H = hidden;
        final int V = vocab;
        final int T = startFlow(inputs, state);
        for (int t = 0; t < T; t++) {
            xs[t] = inputs[t];
            ts[t] = t + 1 < T ? inputs[t + 1] : target;
        }
        forwardWindow(T, state);
        OutputLayer.forward(hs, T, by.data, whyT, ts, ps, stepLoss, V, H);
        for (int t = 0; t < T - 1; t++) {
            Arrays.fill(dhOut[t], 0, H, 0.0);
        }
        final double[] dy = dys[T - 1];
        System.arraycopy(ps[T - 1], 0, dy, 0, V);
        dy[target] -= 1.0;
        DenseKernels.combineRows(dhOut[T - 1], H, dy, whyRows, 0, V, false);
        backToStart = true;
        try {
            backwardWindow(T);
        } finally {
            backToStart = false;
        }
        double[] dh = new double[T + 1];
        for (int k = 0; k < T; k++) {
            dh[k] = dhNorm[T - 1 - k];
        }
        dh[T] = Math.sqrt(DenseKernels.dot(dhnext, 0, dhnext, 0, H));
        traceLength = 0;
        return new GradientFlow(dh, cellFlow(T), stepLoss[T - 1]);
    }

    @Override
    public double forward(int[] inputs, int[] targets, double[] state, double[] hsOut, double[] probsOut, double[] lossOut) {
        final int H = hidden;
        final int V = vocab;
        refreshCopies();
        double[] p = new double[V];
        double loss = 0;
        for (int t = 0; t < inputs.length; t++) {
            stepOnCopies(inputs[t], state);
            loss += outputStep(t, state, targets, p, hsOut, probsOut, lossOut);
        }
        return loss;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the row-major parameters directly (dot products, no copies), so one step costs
     * O(G H^2 + V H) whatever was changed before it. Allocates nothing.
     */
    @Override
    public final void step(int input, double[] state, double[] logitsOut) {
        stepOnParameters(input, state);
        logitsOnParameters(state, logitsOut);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refreshes the private copies once; each step is then a sum of scaled rows, as in
     * {@link #forward}. Agrees with {@link #step} to rounding, not bit for bit.
     */
    @Override
    public final Stepper stepper() {
        refreshCopies();
        return (input, state, logitsOut) -> {
            stepOnCopies(input, state);
            logitsOnCopies(state, logitsOut);
        };
    }

    @Override
    public final RecurrentModel copy() {
        return copyInto(cell().createZero(vocab, hidden));
    }

    /** The logistic function 1 / (1 + e^{-x}). */
    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
