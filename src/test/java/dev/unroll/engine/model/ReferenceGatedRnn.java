package dev.unroll.engine.model;

import dev.unroll.engine.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * Test oracle for {@link Lstm} and {@link Gru}: the gated cells written the plain way, one loop per
 * formula, every product a textbook triple of indices into the row-major parameters, {@link Math#tanh}
 * and {@code 1/(1+exp(-x))}, gradients accumulated step by step as the chain rule gives them.
 * Allocates freely. Do not optimise this class or its two subclasses.
 *
 * <p>The frame: x_t one-hot over V, the cell's recurrence (the subclass), y_t = Why h_t + by,
 * p_t = softmax(y_t), loss = sum_t -log p_t[target_t], every gradient entry clipped to
 * [-clip, clip]. The state is h (H) followed by c (H) for the LSTM.
 */
abstract class ReferenceGatedRnn implements RecurrentModel {
    final int vocab;
    final int hidden;
    final int gates;
    final Tensor wih;
    final Tensor whh;
    final Tensor bih;
    final Tensor bhh;
    final Tensor why;
    final Tensor by;
    final Tensor dwih;
    final Tensor dwhh;
    final Tensor dbih;
    final Tensor dbhh;
    final Tensor dwhy;
    final Tensor dby;
    private final List<Tensor> params;
    private final List<Tensor> grads;
    private WindowTrace trace;

    ReferenceGatedRnn(int vocabSize, int hiddenSize, int gates) {
        this.vocab = vocabSize;
        this.hidden = hiddenSize;
        this.gates = gates;
        int gh = gates * hiddenSize;
        wih = new Tensor("weight_ih", gh, vocabSize);
        whh = new Tensor("weight_hh", gh, hiddenSize);
        bih = new Tensor("bias_ih", gh, 1);
        bhh = new Tensor("bias_hh", gh, 1);
        why = new Tensor("Why", vocabSize, hiddenSize);
        by = new Tensor("by", vocabSize, 1);
        dwih = new Tensor("dweight_ih", gh, vocabSize);
        dwhh = new Tensor("dweight_hh", gh, hiddenSize);
        dbih = new Tensor("dbias_ih", gh, 1);
        dbhh = new Tensor("dbias_hh", gh, 1);
        dwhy = new Tensor("dWhy", vocabSize, hiddenSize);
        dby = new Tensor("dby", vocabSize, 1);
        params = List.of(wih, whh, bih, bhh, why, by);
        grads = List.of(dwih, dwhh, dbih, dbhh, dwhy, dby);
    }

    /** PyTorch's initialisation as documented in {@link GatedRnn}: every tensor in order, (2u - 1)/sqrt(H). */
    void initialise(Rng rng) {
        double k = 1.0 / Math.sqrt(hidden);
        for (Tensor p : params) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = (2.0 * rng.nextDouble() - 1.0) * k;
            }
        }
    }

    /** Values one step keeps for its backward pass (the subclass decides what). */
    abstract int cacheSize();

    /**
     * One step forward: from the state {@code prev} and input x, writes the new state into {@code next}
     * and what the backward pass needs into {@code cache}.
     */
    abstract void cellForward(int x, double[] prev, double[] next, double[] cache);

    /**
     * One step backward: given dL/d(state after the step) in {@code dNext} (h part, and c part for the
     * LSTM), accumulates this step's contributions to dweight_ih, dweight_hh, dbias_ih, dbias_hh,
     * writes dL/d(state before the step) into {@code dPrev}.
     *
     * @return ||dL/d(weight_ih x_t + bias_ih)||, the gate pre-activations' gradient norm
     */
    abstract double cellBackward(int x, double[] prev, double[] cache, double[] dNext, double[] dPrev);

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** Row r of weight_hh times h. */
    double recurrent(int r, double[] h) {
        double s = 0;
        for (int j = 0; j < hidden; j++) {
            s += whh.data[r * hidden + j] * h[j];
        }
        return s;
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

    private double[] logits(double[] state) {
        double[] y = new double[vocab];
        for (int k = 0; k < vocab; k++) {
            y[k] = by.data[k];
            for (int j = 0; j < hidden; j++) {
                y[k] += why.data[k * hidden + j] * state[j];
            }
        }
        return y;
    }

    private static double[] softmax(double[] y) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            max = Math.max(max, v);
        }
        double[] p = new double[y.length];
        double sum = 0;
        for (int k = 0; k < y.length; k++) {
            p[k] = Math.exp(y[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < y.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static double norm(double[] v, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i] * v[i];
        }
        return Math.sqrt(s);
    }

    @Override
    public double trainWindow(int[] data, int start, int length, double[] state, double clip) {
        int T = length;
        int S = stateSize();
        int H = hidden;
        int V = vocab;
        double[][] states = new double[T + 1][];
        double[][] caches = new double[T][cacheSize()];
        double[][] probs = new double[T][];
        double[] stepLoss = new double[T];
        states[0] = state.clone();
        double loss = 0;
        for (int t = 0; t < T; t++) {
            states[t + 1] = new double[S];
            cellForward(data[start + t], states[t], states[t + 1], caches[t]);
            probs[t] = softmax(logits(states[t + 1]));
            stepLoss[t] = -Math.log(probs[t][data[start + t + 1]]);
            loss += stepLoss[t];
        }
        for (Tensor g : grads) {
            g.fill(0);
        }
        double[] dNext = new double[S];
        double[] dhNorms = new double[T];
        double[] rawNorms = new double[T];
        boolean lstm = S > H;
        double[] dcNorms = lstm ? new double[T] : null;
        for (int t = T - 1; t >= 0; t--) {
            double[] dy = probs[t].clone();
            dy[data[start + t + 1]] -= 1;
            double[] d = dNext.clone();
            for (int k = 0; k < V; k++) {
                dby.data[k] += dy[k];
                for (int j = 0; j < H; j++) {
                    dwhy.data[k * H + j] += dy[k] * states[t + 1][j];
                    d[j] += why.data[k * H + j] * dy[k];
                }
            }
            dhNorms[t] = norm(d, H);
            if (lstm) {
                dcNorms[t] = cellNodeNorm(caches[t], d);
            }
            double[] dPrev = new double[S];
            rawNorms[t] = cellBackward(data[start + t], states[t], caches[t], d, dPrev);
            dNext = dPrev;
        }
        long clipped = 0;
        long total = 0;
        for (Tensor g : grads) {
            for (int i = 0; i < g.data.length; i++) {
                double v = g.data[i];
                g.data[i] = Math.max(-clip, Math.min(clip, v));
                clipped += g.data[i] != v ? 1 : 0;
            }
            total += g.data.length;
        }
        double[] hsFlat = new double[T * H];
        double[] psFlat = new double[T * V];
        double[] gateValues = new double[T * gates * H];
        double[] cells = lstm ? new double[T * H] : null;
        for (int t = 0; t < T; t++) {
            System.arraycopy(states[t + 1], 0, hsFlat, t * H, H);
            System.arraycopy(probs[t], 0, psFlat, t * V, V);
            System.arraycopy(caches[t], 0, gateValues, t * gates * H, gates * H);
            if (lstm) {
                System.arraycopy(states[t + 1], H, cells, t * H, H);
            }
        }
        GateTrace gateTrace = new GateTrace(cell(), H, T, gateValues, cells, lstm ? Arrays.copyOfRange(state, H, 2 * H) : null, dcNorms);
        trace = new WindowTrace(Arrays.copyOfRange(data, start, start + T), Arrays.copyOfRange(data, start + 1, start + T + 1),
                Arrays.copyOf(state, H), hsFlat, psFlat, stepLoss, dhNorms, rawNorms, (double) clipped / total, H, V, gateTrace);
        System.arraycopy(states[T], 0, state, 0, S);
        return loss;
    }

    @Override
    public WindowTrace lastTrace() {
        return trace;
    }

    @Override
    public double forward(int[] inputs, int[] targets, double[] state, double[] hsOut, double[] probsOut, double[] lossOut) {
        double loss = 0;
        for (int t = 0; t < inputs.length; t++) {
            double[] next = new double[stateSize()];
            cellForward(inputs[t], state, next, new double[cacheSize()]);
            System.arraycopy(next, 0, state, 0, next.length);
            double[] p = softmax(logits(state));
            int target = targets != null && t < targets.length ? targets[t] : -1;
            double l = target >= 0 ? -Math.log(p[target]) : 0;
            loss += l;
            if (lossOut != null && t < lossOut.length) {
                lossOut[t] = target >= 0 ? l : Double.NaN;
            }
            if (hsOut != null) {
                System.arraycopy(state, 0, hsOut, t * hidden, hidden);
            }
            if (probsOut != null) {
                System.arraycopy(p, 0, probsOut, t * vocab, vocab);
            }
        }
        return loss;
    }

    @Override
    public void step(int input, double[] state, double[] logitsOut) {
        double[] next = new double[stateSize()];
        cellForward(input, state, next, new double[cacheSize()]);
        System.arraycopy(next, 0, state, 0, next.length);
        System.arraycopy(logits(state), 0, logitsOut, 0, vocab);
    }

    /** LSTM: ||dL/dc_t|| at the node c_t, from dL/d(state after the step) {@code d} and the step's cache; NaN without c. */
    double cellNodeNorm(double[] cache, double[] d) {
        return Double.NaN;
    }

    @Override
    public GateTrace forwardGates(int[] inputs, double[] state) {
        int H = hidden;
        int T = inputs.length;
        int width = gates * H;
        boolean lstm = stateSize() > H;
        double[] c0 = lstm ? Arrays.copyOfRange(state, H, 2 * H) : null;
        double[] gateValues = new double[T * width];
        double[] cells = lstm ? new double[T * H] : null;
        for (int t = 0; t < T; t++) {
            double[] next = new double[stateSize()];
            double[] cache = new double[cacheSize()];
            cellForward(inputs[t], state, next, cache);
            System.arraycopy(next, 0, state, 0, next.length);
            System.arraycopy(cache, 0, gateValues, t * width, width);
            if (lstm) {
                System.arraycopy(state, H, cells, t * H, H);
            }
        }
        return new GateTrace(cell(), H, T, gateValues, cells, c0, null);
    }

    @Override
    public GradientFlow gradientFlow(int[] inputs, int target, double[] state) {
        int T = inputs.length;
        int S = stateSize();
        int H = hidden;
        int V = vocab;
        double[][] states = new double[T + 1][];
        double[][] caches = new double[T][cacheSize()];
        states[0] = state.clone();
        for (int t = 0; t < T; t++) {
            states[t + 1] = new double[S];
            cellForward(inputs[t], states[t], states[t + 1], caches[t]);
        }
        double[] p = softmax(logits(states[T]));
        double loss = -Math.log(p[target]);
        p[target] -= 1;
        double[] d = new double[S];
        for (int j = 0; j < H; j++) {
            for (int k = 0; k < V; k++) {
                d[j] += why.data[k * H + j] * p[k];
            }
        }
        List<Tensor> saved = grads.stream().map(Tensor::copy).toList();
        boolean lstm = S > H;
        double[] dh = new double[T + 1];
        double[] dc = lstm ? new double[T + 1] : null;
        for (int t = T - 1; t >= 0; t--) {
            dh[T - 1 - t] = norm(d, H);
            if (lstm) {
                dc[T - 1 - t] = cellNodeNorm(caches[t], d);
            }
            double[] dPrev = new double[S];
            cellBackward(inputs[t], states[t], caches[t], d, dPrev);
            d = dPrev;
        }
        dh[T] = norm(d, H);
        if (lstm) {
            dc[T] = norm(Arrays.copyOfRange(d, H, 2 * H), H);
        }
        for (int k = 0; k < grads.size(); k++) {
            grads.get(k).copyFrom(saved.get(k));
        }
        return new GradientFlow(dh, dc, loss);
    }
}
