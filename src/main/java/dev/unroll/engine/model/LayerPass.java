package dev.unroll.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every layer of a {@link DeepRnn} reading one stream, for inspection: the forward pass recomputed in
 * float64 from the model's parameters, in evaluation mode (no dropout, whatever the model's p and
 * precision), keeping per layer k and step t the hidden state h^k_t, the LSTM's c^k_t and every gate's
 * activation; and on demand the backward pass of a loss through the layers and through time, giving
 * the node gradients dL/dh^k_t (through every path from h^k_t: the output layer or layer k+1 at step t,
 * and layer k at step t+1) and, for the LSTM, dL/dc^k_t. The math is {@link DeepRnn}'s class comment,
 * written out one step and one stream at a time so it reads like the formulas.
 *
 * <p>Steps are 0-based: step t reads {@code inputs[t]}. A pass is immutable once made; what it
 * returns are fresh arrays.
 */
public final class LayerPass {
    private final Cell cell;
    private final int vocab;
    private final int hidden;
    private final int layers;
    private final int gh;
    private final int length;
    private final double[][] wih;
    private final double[][] whh;
    private final double[][] bih;
    private final double[][] bhh;
    private final double[] why;
    private final double[] by;
    private final int[] inputs;
    /** Per layer (T+1) x H: row 0 the start state, row t+1 h after step t. */
    private final double[][] h;
    /** LSTM: per layer (T+1) x H, as h; otherwise null. */
    private final double[][] c;
    /** Per layer T x GH: the gates' activations in {@link Cell#gateNames()} order (vanilla: h itself). */
    private final double[][] gates;
    /** GRU: per layer T x H, weight_hh_n h_{t-1} + bias_hh_n (the new gate's recurrent part); otherwise null. */
    private final double[][] ghn;
    /** T x V: p_t = softmax(Why h^{L-1}_t + by). */
    private final double[] probs;

    private LayerPass(DeepRnn model, int[] inputs, double[] state) {
        if (inputs.length < 1) {
            throw new IllegalArgumentException("need at least one input");
        }
        if (state.length != model.stateSize()) {
            throw new IllegalArgumentException("the state has " + state.length + " entries, the model's " + model.stateSize());
        }
        cell = model.cell();
        vocab = model.vocabSize();
        hidden = model.hiddenSize();
        layers = model.layers();
        gh = cell.gates() * hidden;
        length = inputs.length;
        this.inputs = inputs.clone();
        List<Tensor> ps = model.parameters();
        wih = new double[layers][];
        whh = new double[layers][];
        bih = new double[layers][];
        bhh = new double[layers][];
        for (int k = 0; k < layers; k++) {
            wih[k] = ps.get(4 * k).data;
            whh[k] = ps.get(4 * k + 1).data;
            bih[k] = ps.get(4 * k + 2).data;
            bhh[k] = ps.get(4 * k + 3).data;
        }
        why = ps.get(4 * layers).data;
        by = ps.get(4 * layers + 1).data;
        final int T = length;
        final int H = hidden;
        h = new double[layers][(T + 1) * H];
        c = cell == Cell.LSTM ? new double[layers][(T + 1) * H] : null;
        gates = new double[layers][T * gh];
        ghn = cell == Cell.GRU ? new double[layers][T * H] : null;
        probs = new double[T * vocab];
        final int S = cell.stateSize(H);
        for (int k = 0; k < layers; k++) {
            System.arraycopy(state, k * S, h[k], 0, H);
            if (c != null) {
                System.arraycopy(state, k * S + H, c[k], 0, H);
            }
        }
        final double[] pre = new double[gh];
        final double[] rec = new double[gh];
        for (int t = 0; t < T; t++) {
            for (int k = 0; k < layers; k++) {
                step(k, t, pre, rec);
            }
            final int o = t * vocab;
            for (int v = 0; v < vocab; v++) {
                probs[o + v] = by[v] + dot(why, v * H, h[layers - 1], (t + 1) * H, H);
            }
            softmax(o);
        }
        for (int k = 0; k < layers; k++) {
            System.arraycopy(h[k], T * H, state, k * S, H);
            if (c != null) {
                System.arraycopy(c[k], T * H, state, k * S + H, H);
            }
        }
    }

    /**
     * The model's layers over {@code inputs} from {@code state} (the model's {@link DeepRnn#stateSize()}
     * entries, layer 0 first), which is left holding the state after the last step.
     *
     * @throws IllegalArgumentException when there is no input or the state has the wrong length
     */
    public static LayerPass run(DeepRnn model, int[] inputs, double[] state) {
        return new LayerPass(model, inputs, state);
    }

    /** Layer k at step t: pre = weight_ih x + bias_ih (x the character's one-hot, or h^{k-1}_t), rec = weight_hh h_{t-1} + bias_hh. */
    private void step(int k, int t, double[] pre, double[] rec) {
        final int H = hidden;
        final int in = k == 0 ? vocab : H;
        final double[] hk = h[k];
        final int prev = t * H;
        for (int r = 0; r < gh; r++) {
            pre[r] = bih[k][r] + (k == 0 ? wih[0][r * vocab + inputs[t]] : dot(wih[k], r * in, h[k - 1], (t + 1) * H, H));
            rec[r] = bhh[k][r] + dot(whh[k], r * H, hk, prev, H);
        }
        final double[] a = gates[k];
        final int g = t * gh;
        final int next = (t + 1) * H;
        for (int j = 0; j < H; j++) {
            switch (cell) {
                case VANILLA -> {
                    final double v = DenseKernels.tanh(pre[j] + rec[j]);
                    a[g + j] = v;
                    hk[next + j] = v;
                }
                case LSTM -> {
                    final double i = GatedRnn.sigmoid(pre[j] + rec[j]);
                    final double f = GatedRnn.sigmoid(pre[H + j] + rec[H + j]);
                    final double gg = DenseKernels.tanh(pre[2 * H + j] + rec[2 * H + j]);
                    final double o = GatedRnn.sigmoid(pre[3 * H + j] + rec[3 * H + j]);
                    final double cv = f * c[k][prev + j] + i * gg;
                    a[g + j] = i;
                    a[g + H + j] = f;
                    a[g + 2 * H + j] = gg;
                    a[g + 3 * H + j] = o;
                    c[k][next + j] = cv;
                    hk[next + j] = o * DenseKernels.tanh(cv);
                }
                case GRU -> {
                    final double r = GatedRnn.sigmoid(pre[j] + rec[j]);
                    final double z = GatedRnn.sigmoid(pre[H + j] + rec[H + j]);
                    final double n = DenseKernels.tanh(pre[2 * H + j] + r * rec[2 * H + j]);
                    a[g + j] = r;
                    a[g + H + j] = z;
                    a[g + 2 * H + j] = n;
                    ghn[k][t * H + j] = rec[2 * H + j];
                    hk[next + j] = (1.0 - z) * n + z * hk[prev + j];
                }
            }
        }
    }

    private static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    private void softmax(int off) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, probs[off + v]);
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            probs[off + v] = Math.exp(probs[off + v] - max);
            sum += probs[off + v];
        }
        for (int v = 0; v < vocab; v++) {
            probs[off + v] /= sum;
        }
    }

    /** T, the steps read. */
    public int length() {
        return length;
    }

    /** L, the model's layers. */
    public int layers() {
        return layers;
    }

    public Cell cell() {
        return cell;
    }

    public int hiddenSize() {
        return hidden;
    }

    /** The characters read (a copy). */
    public int[] inputs() {
        return inputs.clone();
    }

    /** h^k_t for t = 0..T-1 (after reading character t), T x H. */
    public double[] hidden(int layer) {
        return Arrays.copyOfRange(h[checked(layer)], hidden, (length + 1) * hidden);
    }

    /** The state layer k started from: h^k (H). */
    public double[] h0(int layer) {
        return Arrays.copyOf(h[checked(layer)], hidden);
    }

    /** The output p_t for t = 0..T-1, T x V: the top layer's prediction of character t+1. */
    public double[] probs() {
        return probs.clone();
    }

    /** -log p_t(targets[t]) per step (T; NaN where {@code targets} has no entry). */
    public double[] stepLoss(int[] targets) {
        double[] out = new double[length];
        for (int t = 0; t < length; t++) {
            out[t] = targets != null && t < targets.length && targets[t] >= 0 ? -Math.log(probs[t * vocab + targets[t]]) : Double.NaN;
        }
        return out;
    }

    /**
     * Layer k's gates over the steps (for the LSTM with c_t and c0, without the backward pass's
     * ||dL/dc_t||), as {@link RecurrentModel#forwardGates} gives them for one layer: {@link GateTrace#none}
     * for the vanilla cell.
     */
    public GateTrace gates(int layer) {
        return gates(layer, null);
    }

    private GateTrace gates(int layer, double[] dcNorms) {
        checked(layer);
        if (cell == Cell.VANILLA) {
            return GateTrace.none(hidden, length);
        }
        double[] cells = c == null ? null : Arrays.copyOfRange(c[layer], hidden, (length + 1) * hidden);
        double[] c0 = c == null ? null : Arrays.copyOf(c[layer], hidden);
        return new GateTrace(cell, hidden, length, gates[layer].clone(), cells, c0, dcNorms);
    }

    private int checked(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IndexOutOfBoundsException("layer " + layer + " of a model of " + layers);
        }
        return layer;
    }

    /**
     * The vanishing-gradient curve of every layer, layer 0 first: the loss of the last step alone,
     * -log p_{T-1}({@code target}), backpropagated through the layers and through time; for layer k,
     * dh[j] = ||dL/dh^k_{T-j}|| for j = 0..T (j = T the state the layer started from) and, for the LSTM,
     * dc the same for c^k (see {@link GradientFlow}). The top layer's curve is what
     * {@link RecurrentModel#gradientFlow} gives for a one-layer cell.
     */
    public List<GradientFlow> gradientFlow(int target) {
        double[] dy = new double[length * vocab];
        final int o = (length - 1) * vocab;
        System.arraycopy(probs, o, dy, o, vocab);
        dy[o + target] -= 1.0;
        Backward b = backward(dy);
        double lastLoss = -Math.log(probs[o + target]);
        List<GradientFlow> out = new ArrayList<>();
        for (int k = 0; k < layers; k++) {
            out.add(new GradientFlow(reversed(b.dh[k]), c == null ? null : reversed(b.dc[k]), lastLoss));
        }
        return List.copyOf(out);
    }

    /** a[T - j] for j = 0..T. */
    private static double[] reversed(double[] a) {
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = a[a.length - 1 - j];
        }
        return out;
    }

    /**
     * Layer k's view of a training window with these {@code targets} (one per step), as
     * {@link RecurrentModel#lastTrace} gives it for a one-layer cell, the seed's reduction (the loss
     * summed over the window): h^k, the output's p_t and losses, ||dL/dh^k_t|| and the norm of the
     * gradient of the input pre-activations weight_ih_lk x_t + bias_ih_lk (after the tanh derivative for
     * the vanilla cell), and for the LSTM ||dL/dc^k_t||.
     *
     * @param clippedFraction the fraction of the model's gradient entries clipped in this window (computed by the caller)
     */
    public WindowTrace window(int layer, int[] targets, double clippedFraction) {
        checked(layer);
        if (targets.length != length) {
            throw new IllegalArgumentException("need one target per step (" + length + "), got " + targets.length);
        }
        double[] dy = probs.clone();
        for (int t = 0; t < length; t++) {
            dy[t * vocab + targets[t]] -= 1.0;
        }
        Backward b = backward(dy);
        double[] dhNorms = Arrays.copyOfRange(b.dh[layer], 1, length + 1);
        double[] dcNorms = c == null ? null : Arrays.copyOfRange(b.dc[layer], 1, length + 1);
        return new WindowTrace(inputs.clone(), targets.clone(), h0(layer), hidden(layer), probs.clone(), stepLoss(targets),
                dhNorms, b.dpre[layer], clippedFraction, hidden, vocab, gates(layer, dcNorms));
    }

    /**
     * Node-gradient norms of one backward pass, per layer: dh[k][t] = ||dL/dh^k_t|| and (LSTM)
     * dc[k][t] = ||dL/dc^k_t|| for t = 0..T (t = 0 the start state, t the state after step t-1), and
     * dpre[k][t] = ||dL/d(weight_ih x_t + bias_ih)|| for steps t = 0..T-1.
     */
    private record Backward(double[][] dh, double[][] dc, double[][] dpre) {
    }

    /**
     * Backpropagates a loss whose gradient with respect to the logits of step t is dy[t V .. (t+1) V):
     * step by step from the last, at each step from the top layer down (layer k at step t needs layer k
     * at step t+1 and layer k+1 at step t).
     * <pre>
     *   dh^k_t = (k top: Why^T dy_t; else weight_ih_l(k+1)^T dgi^{k+1}_t) + (from step t+1: weight_hh_lk^T dgh^k_{t+1}, plus for the GRU dh^k_{t+1} z)
     *   vanilla:  da = dh (1 - h^2)                                   dgi = dgh = da
     *   lstm:     dc = dh o (1 - tanh^2 c) + dc_{t+1} f_{t+1};  di = dc g i(1-i);  df = dc c_{t-1} f(1-f);  dg = dc i (1-g^2);  do = dh tanh(c) o(1-o)
     *   gru:      dn = dh (1-z)(1-n^2);  dr = dn gh_n r(1-r);  dz = dh (h_{t-1} - n) z(1-z);  dgi = (dr, dz, dn);  dgh = (dr, dz, dn r)
     * </pre>
     */
    private Backward backward(double[] dy) {
        final int T = length;
        final int H = hidden;
        double[][] dhN = new double[layers][T + 1];
        double[][] dcN = c == null ? null : new double[layers][T + 1];
        double[][] dpre = new double[layers][T];
        double[][] dhRec = new double[layers][H];   // dL/dh^k_t through step t+1
        double[][] dcRec = new double[layers][H];   // dL/dc^k_t through c_{t+1}
        double[] fromAbove = new double[H];
        double[] dh = new double[H];
        double[] dgi = new double[gh];
        double[] dgh = new double[gh];
        for (int t = T - 1; t >= 0; t--) {
            // the output layer into the top layer
            for (int j = 0; j < H; j++) {
                double s = 0;
                for (int v = 0; v < vocab; v++) {
                    s += why[v * H + j] * dy[t * vocab + v];
                }
                fromAbove[j] = s;
            }
            for (int k = layers - 1; k >= 0; k--) {
                for (int j = 0; j < H; j++) {
                    dh[j] = fromAbove[j] + dhRec[k][j];
                }
                dhN[k][t + 1] = norm(dh);
                double dcSq = cellBackward(k, t, dh, dcRec[k], dgi, dgh);
                if (dcN != null) {
                    dcN[k][t + 1] = Math.sqrt(dcSq);
                }
                dpre[k][t] = norm(dgi);
                // dL/dh^k_{t-1} through the recurrence: weight_hh^T dgh (cellBackward left the GRU's dh z in dh)
                for (int j = 0; j < H; j++) {
                    double s = cell == Cell.GRU ? dh[j] : 0.0;
                    for (int r = 0; r < gh; r++) {
                        s += whh[k][r * H + j] * dgh[r];
                    }
                    dhRec[k][j] = s;
                }
                // dL/dh^{k-1}_t through this layer's input: weight_ih^T dgi
                if (k > 0) {
                    for (int j = 0; j < H; j++) {
                        double s = 0;
                        for (int r = 0; r < gh; r++) {
                            s += wih[k][r * H + j] * dgi[r];
                        }
                        fromAbove[j] = s;
                    }
                }
            }
        }
        for (int k = 0; k < layers; k++) {
            dhN[k][0] = norm(dhRec[k]);
            if (dcN != null) {
                dcN[k][0] = norm(dcRec[k]);
            }
        }
        return new Backward(dhN, dcN, dpre);
    }

    /**
     * One step backwards through layer k's cell at step t, given dh = dL/dh^k_t: writes dgi and dgh,
     * updates dcRec (LSTM: from dL/dc_t through c_{t+1} to the same through c_t) and, for the GRU,
     * leaves dh z (what h_{t-1} gets besides weight_hh) in dh.
     *
     * @return ||dL/dc^k_t||^2 for the LSTM, 0 otherwise
     */
    private double cellBackward(int k, int t, double[] dh, double[] dcRec, double[] dgi, double[] dgh) {
        final int H = hidden;
        final double[] a = gates[k];
        final int g = t * gh;
        double dcSq = 0;
        for (int j = 0; j < H; j++) {
            switch (cell) {
                case VANILLA -> {
                    final double v = a[g + j];
                    dgi[j] = dh[j] * (1.0 - v * v);
                }
                case LSTM -> {
                    final double i = a[g + j];
                    final double f = a[g + H + j];
                    final double gg = a[g + 2 * H + j];
                    final double o = a[g + 3 * H + j];
                    final double tc = DenseKernels.tanh(c[k][(t + 1) * H + j]);
                    final double dc = dh[j] * o * (1.0 - tc * tc) + dcRec[j];
                    dcSq += dc * dc;
                    dgi[j] = dc * gg * i * (1.0 - i);
                    dgi[H + j] = dc * c[k][t * H + j] * f * (1.0 - f);
                    dgi[2 * H + j] = dc * i * (1.0 - gg * gg);
                    dgi[3 * H + j] = dh[j] * tc * o * (1.0 - o);
                    dcRec[j] = dc * f;
                }
                case GRU -> {
                    final double r = a[g + j];
                    final double z = a[g + H + j];
                    final double n = a[g + 2 * H + j];
                    final double dn = dh[j] * (1.0 - z) * (1.0 - n * n);
                    dgi[j] = dgh[j] = dn * ghn[k][t * H + j] * r * (1.0 - r);                 // dr
                    dgi[H + j] = dgh[H + j] = dh[j] * (h[k][t * H + j] - n) * z * (1.0 - z);  // dz
                    dgi[2 * H + j] = dn;
                    dgh[2 * H + j] = dn * r;
                    dh[j] *= z;
                }
            }
        }
        if (cell != Cell.GRU) {
            System.arraycopy(dgi, 0, dgh, 0, gh);
        }
        return dcSq;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
