package dev.unroll.engine.inspect;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.WindowTrace;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Backpropagation through time over one window, written to be read beside the math and to keep
 * every intermediate (the trainer's {@code VanillaRnn.trainWindow} computes the same numbers but
 * keeps only norms). Works on a {@link ModelSnapshot}'s tensors, which it only reads, so it is safe
 * on any thread:
 * <pre>
 *   forward   a_t = Wxh x_t + Whh h_{t-1} + bh,  h_t = tanh(a_t),  p_t = softmax(Why h_t + by)
 *   backward  dy_t = p_t - onehot(target_t)
 *             dh_t = Why^T dy_t + Whh^T da_{t+1}     (da_{T+1} = 0)
 *             da_t = (1 - h_t^2) * dh_t
 *             dWhy += dy_t h_t^T, dWhh += da_t h_{t-1}^T, dWxh[:, x_t] += da_t, dbh += da_t, dby += dy_t
 *   clip      every gradient entry to [-clip, clip]
 *   Jacobians dh_T/dh_t = J_T ... J_{t+1},  J_s = diag(1 - h_s^2) Whh
 * </pre>
 */
public final class BpttAnalysis {
    /** Jacobian products cost T * H^3 multiply-adds; above this many they are skipped (NaN). */
    public static final double MAX_JACOBIAN_WORK = 6e8;
    /** The longest window the analysis accepts. */
    public static final int MAX_STEPS = 10_000;

    private BpttAnalysis() {
    }

    /** The window a training snapshot's trace covers, recomputed on {@code model}'s weights. */
    public static BpttTrace ofWindow(ModelSnapshot model, WindowTrace window, double clip) {
        return compute(model, window.inputs(), window.targets(), window.h0(), clip, true);
    }

    /**
     * A typed text from a zero hidden state: step t reads character t and predicts character t+1.
     * Characters outside the vocabulary are left out (see {@link Vocabulary#missingFrom}).
     *
     * @throws BadInputException when fewer than two known characters remain, or more than {@link #MAX_STEPS} + 1
     */
    public static BpttTrace ofText(ModelSnapshot model, String text, double clip) {
        int[] idx = unrollable(model.vocabulary(), text);
        return compute(model, Arrays.copyOf(idx, idx.length - 1), Arrays.copyOfRange(idx, 1, idx.length),
                new double[model.hiddenSize()], clip, true);
    }

    /**
     * A typed text's known characters as vocabulary indices, for a walk-through of text.length - 1 steps
     * (step t reads character t and predicts character t+1); the unknown ones are left out.
     *
     * @throws BadInputException when fewer than two known characters remain (naming the unknown ones), or more than {@link #MAX_STEPS} + 1
     */
    static int[] unrollable(Vocabulary vocab, String text) {
        int[] idx = vocab.encode(vocab.keepKnown(text));
        if (idx.length < 2) {
            Set<Integer> missing = vocab.missingFrom(text);
            throw new BadInputException("type at least two characters the model knows"
                    + (missing.isEmpty() ? "" : " (not in its vocabulary: " + Vocabulary.describe(missing) + ")"));
        }
        if (idx.length - 1 > MAX_STEPS) {
            throw new BadInputException("the text is too long to unroll: " + (idx.length - 1) + " steps, at most " + MAX_STEPS);
        }
        return idx;
    }

    /**
     * Forward and backward over {@code inputs} with {@code targets} from {@code h0}.
     *
     * @param jacobians whether to compute the Jacobian products (skipped anyway above {@link #MAX_JACOBIAN_WORK})
     * @throws BadInputException when the model is not a vanilla RNN (the gated cells have their own traces)
     */
    public static BpttTrace compute(ModelSnapshot model, int[] inputs, int[] targets, double[] h0, double clip,
                                    boolean jacobians) {
        if (model.cell() != Cell.VANILLA) {
            throw new BadInputException("this analysis follows the vanilla cell's equations; the model is an "
                    + model.cell().cliName().toUpperCase(Locale.ROOT));
        }
        final int T = inputs.length;
        final int H = model.hiddenSize();
        final int V = model.vocabSize();
        if (T < 1 || targets.length != T || h0.length != H) {
            throw new IllegalArgumentException("need T >= 1 inputs, as many targets and an h0 of " + H);
        }
        if (T > MAX_STEPS) {
            throw new BadInputException("the window is too long to unroll: " + T + " steps, at most " + MAX_STEPS);
        }
        for (int t = 0; t < T; t++) {
            if (inputs[t] < 0 || inputs[t] >= V || targets[t] < 0 || targets[t] >= V) {
                throw new BadInputException("character index outside the vocabulary at step " + (t + 1));
            }
        }
        final double[] wxh = model.parameter("Wxh").data;
        final double[] whh = model.parameter("Whh").data;
        final double[] why = model.parameter("Why").data;
        final double[] bh = model.parameter("bh").data;
        final double[] by = model.parameter("by").data;

        // ---- forward ----
        double[] hs = new double[T * H];
        double[] ps = new double[T * V];
        double[] loss = new double[T];
        int[] predicted = new int[T];
        for (int t = 0; t < T; t++) {
            double[] prev = t == 0 ? h0 : hs;
            int prevOff = t == 0 ? 0 : (t - 1) * H;
            for (int i = 0; i < H; i++) {
                double a = wxh[i * V + inputs[t]] + bh[i];
                for (int j = 0; j < H; j++) {
                    a += whh[i * H + j] * prev[prevOff + j];
                }
                hs[t * H + i] = Math.tanh(a);
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < V; k++) {
                double y = by[k];
                for (int j = 0; j < H; j++) {
                    y += why[k * H + j] * hs[t * H + j];
                }
                ps[t * V + k] = y;
                max = Math.max(max, y);
            }
            double sum = 0;
            for (int k = 0; k < V; k++) {
                double e = Math.exp(ps[t * V + k] - max);
                ps[t * V + k] = e;
                sum += e;
            }
            int best = 0;
            for (int k = 0; k < V; k++) {
                ps[t * V + k] /= sum;
                if (ps[t * V + k] > ps[t * V + best]) {
                    best = k;
                }
            }
            predicted[t] = best;
            loss[t] = -Math.log(ps[t * V + targets[t]]);
        }

        // ---- backward ----
        Tensor dWxh = new Tensor("dWxh", H, V);
        Tensor dWhh = new Tensor("dWhh", H, H);
        Tensor dWhy = new Tensor("dWhy", V, H);
        Tensor dbh = new Tensor("dbh", H, 1);
        Tensor dby = new Tensor("dby", V, 1);
        double[] dh = new double[T * H];
        double[] dhNorm = new double[T];
        double[] daNorm = new double[T];
        double[] fromOut = new double[T];
        double[] fromNext = new double[T];
        double[] dy = new double[V];
        double[] da = new double[H];
        double[] dhNext = new double[H];
        for (int t = T - 1; t >= 0; t--) {
            for (int k = 0; k < V; k++) {
                dy[k] = ps[t * V + k];
            }
            dy[targets[t]] -= 1.0;
            double out2 = 0;
            double next2 = 0;
            for (int j = 0; j < H; j++) {
                double fromY = 0;
                for (int k = 0; k < V; k++) {
                    fromY += why[k * H + j] * dy[k];
                }
                out2 += fromY * fromY;
                next2 += dhNext[j] * dhNext[j];
                dh[t * H + j] = fromY + dhNext[j];
            }
            fromOut[t] = Math.sqrt(out2);
            fromNext[t] = Math.sqrt(next2);
            for (int k = 0; k < V; k++) {
                dby.data[k] += dy[k];
                for (int j = 0; j < H; j++) {
                    dWhy.data[k * H + j] += dy[k] * hs[t * H + j];
                }
            }
            double h2 = 0;
            double a2 = 0;
            for (int i = 0; i < H; i++) {
                double hv = hs[t * H + i];
                da[i] = (1 - hv * hv) * dh[t * H + i];
                h2 += dh[t * H + i] * dh[t * H + i];
                a2 += da[i] * da[i];
            }
            dhNorm[t] = Math.sqrt(h2);
            daNorm[t] = Math.sqrt(a2);
            double[] prev = t == 0 ? h0 : hs;
            int prevOff = t == 0 ? 0 : (t - 1) * H;
            Arrays.fill(dhNext, 0);
            for (int i = 0; i < H; i++) {
                dbh.data[i] += da[i];
                dWxh.data[i * V + inputs[t]] += da[i];
                for (int j = 0; j < H; j++) {
                    dWhh.data[i * H + j] += da[i] * prev[prevOff + j];
                    dhNext[j] += whh[i * H + j] * da[i];
                }
            }
        }

        // ---- clipping ----
        List<Tensor> grads = List.of(dWxh, dWhh, dWhy, dbh, dby);
        double[] rawNorms = new double[grads.size()];
        double[] clippedFractions = new double[grads.size()];
        long clipped = 0;
        long total = 0;
        for (int g = 0; g < grads.size(); g++) {
            double[] d = grads.get(g).data;
            rawNorms[g] = grads.get(g).norm();
            long c = 0;
            for (int i = 0; i < d.length; i++) {
                if (d[i] > clip) {
                    d[i] = clip;
                    c++;
                } else if (d[i] < -clip) {
                    d[i] = -clip;
                    c++;
                }
            }
            clippedFractions[g] = (double) c / d.length;
            clipped += c;
            total += d.length;
        }

        double[] jac = new double[T];
        if (jacobians && (double) T * H * H * H <= MAX_JACOBIAN_WORK) {
            jacobianNorms(whh, hs, T, H, jac);
        } else {
            Arrays.fill(jac, Double.NaN);
        }
        return new BpttTrace(model.iteration(), model.vocabulary(), inputs.clone(), targets.clone(), h0.clone(), hs, ps,
                predicted, loss, dh, dhNorm, daNorm, fromOut, fromNext, jac, grads, rawNorms, clippedFractions,
                total == 0 ? 0 : (double) clipped / total, clip, lastLossNorms(whh, why, hs, ps, targets, T, H, V));
    }

    /**
     * ||d loss_T / dh_t|| for every t: e_T = Why^T (p_T - onehot), e_t = Whh^T ((1 - h_{t+1}^2) * e_{t+1}).
     */
    static double[] lastLossNorms(double[] whh, double[] why, double[] hs, double[] ps, int[] targets, int T, int H, int V) {
        double[] out = new double[T];
        double[] e = new double[H];
        double[] next = new double[H];
        int last = T - 1;
        for (int j = 0; j < H; j++) {
            double v = 0;
            for (int k = 0; k < V; k++) {
                v += why[k * H + j] * (ps[last * V + k] - (k == targets[last] ? 1 : 0));
            }
            e[j] = v;
        }
        for (int t = last; t >= 0; t--) {
            double n = 0;
            for (double v : e) {
                n += v * v;
            }
            out[t] = Math.sqrt(n);
            if (t == 0) {
                break;
            }
            Arrays.fill(next, 0);
            for (int i = 0; i < H; i++) {
                double hv = hs[t * H + i];
                double d = (1 - hv * hv) * e[i];
                for (int j = 0; j < H; j++) {
                    next[j] += whh[i * H + j] * d;
                }
            }
            double[] tmp = e;
            e = next;
            next = tmp;
        }
        return out;
    }

    /**
     * out[t] = ||dh_T/dh_t||_2 with dh_T/dh_t = J_{T-1} ... J_{t+1} (0-based steps), J_s = diag(1 - h_s^2) Whh.
     * Builds the product from the last step backwards, P_{t} = P_{t+1} J_{t+1}, and takes each
     * product's largest singular value by power iteration on P^T P.
     */
    static void jacobianNorms(double[] whh, double[] hs, int T, int H, double[] out) {
        double[] p = new double[H * H];
        for (int i = 0; i < H; i++) {
            p[i * H + i] = 1;
        }
        out[T - 1] = 1;
        double[] next = new double[H * H];
        double[] scaled = new double[H * H];
        for (int t = T - 2; t >= 0; t--) {
            // J = diag(1 - h_{t+1}^2) Whh ; next = p * J
            for (int i = 0; i < H; i++) {
                double hv = hs[(t + 1) * H + i];
                double d = 1 - hv * hv;
                for (int j = 0; j < H; j++) {
                    scaled[i * H + j] = d * whh[i * H + j];
                }
            }
            Arrays.fill(next, 0);
            for (int i = 0; i < H; i++) {
                for (int k = 0; k < H; k++) {
                    double a = p[i * H + k];
                    if (a == 0) {
                        continue;
                    }
                    int rowK = k * H;
                    int rowI = i * H;
                    for (int j = 0; j < H; j++) {
                        next[rowI + j] += a * scaled[rowK + j];
                    }
                }
            }
            double[] tmp = p;
            p = next;
            next = tmp;
            out[t] = SpectralAnalysis.spectralNorm(p, H, H);
        }
    }
}
