package dev.unroll.engine.inspect;

import dev.unroll.engine.ModelSnapshot;
import dev.unroll.engine.RecurrentModel;
import dev.unroll.engine.Vocabulary;

/**
 * What the network did while reading a probe text: h_t for every character (after reading it), the
 * distribution p_t over the next character, and the loss where the next character is known. Arrays
 * are row-major and owned by this record; nobody writes them after {@link #run}.
 *
 * @param iteration  the iteration of the weights (from the snapshot)
 * @param vocabulary the model's characters
 * @param probe      the probe that was read
 * @param hidden     h_t, T x H (after reading character t)
 * @param probs      p_t, T x V (the prediction of character t+1)
 * @param loss       -log p_t(next character), NaN where the next character is unknown (T)
 * @param hiddenSize H
 */
public record ProbeResult(long iteration, Vocabulary vocabulary, ProbeText probe, double[] hidden,
                          double[] probs, double[] loss, int hiddenSize) {

    /**
     * Runs a copy of the snapshot's weights over the warm-up (from a zero state) and then over the
     * passage, recording the passage's hidden states and predictions. Safe on any thread: the
     * snapshot is only read.
     */
    public static ProbeResult run(ModelSnapshot model, ProbeText probe) {
        RecurrentModel rnn = model.newModel();
        int H = rnn.hiddenSize();
        int V = rnn.vocabSize();
        double[] h = new double[rnn.stateSize()];
        if (probe.warmup().length > 0) {
            rnn.forward(probe.warmup(), null, h, null, null, null);
        }
        int T = probe.length();
        int[] targets = new int[T];
        for (int t = 0; t < T; t++) {
            targets[t] = t + 1 < T ? probe.inputs()[t + 1] : probe.next();
        }
        int withTarget = probe.next() >= 0 ? T : Math.max(0, T - 1);
        int[] tg = java.util.Arrays.copyOf(targets, withTarget);
        double[] hs = new double[T * H];
        double[] ps = new double[T * V];
        double[] loss = new double[T];
        rnn.forward(probe.inputs(), tg, h, hs, ps, loss);
        for (int t = withTarget; t < T; t++) {
            loss[t] = Double.NaN;
        }
        return new ProbeResult(model.iteration(), model.vocabulary(), probe, hs, ps, loss, H);
    }

    public int length() {
        return probe.length();
    }

    public int vocabSize() {
        return vocabulary.size();
    }

    public double activation(int t, int unit) {
        return hidden[t * hiddenSize + unit];
    }

    public double prob(int t, int symbol) {
        return probs[t * vocabulary.size() + symbol];
    }

    /** The vocabulary index of the character after position t, or -1 when unknown. */
    public int target(int t) {
        return t + 1 < length() ? probe.inputs()[t + 1] : probe.next();
    }

    /** The k most likely next characters after position t, most likely first (ties: lower index first). */
    public int[] topK(int t, int k) {
        int V = vocabulary.size();
        k = Math.min(k, V);
        int[] best = new int[k];
        double[] bestP = new double[k];
        java.util.Arrays.fill(best, -1);
        java.util.Arrays.fill(bestP, -1);
        int off = t * V;
        for (int s = 0; s < V; s++) {
            double p = probs[off + s];
            if (p > bestP[k - 1]) {
                int i = k - 1;
                while (i > 0 && p > bestP[i - 1]) {
                    best[i] = best[i - 1];
                    bestP[i] = bestP[i - 1];
                    i--;
                }
                best[i] = s;
                bestP[i] = p;
            }
        }
        return best;
    }

    /** The activations of one unit over the passage (a copy, length T). */
    public double[] unit(int unit) {
        int T = length();
        double[] out = new double[T];
        for (int t = 0; t < T; t++) {
            out[t] = hidden[t * hiddenSize + unit];
        }
        return out;
    }

    /** Mean loss per character over the positions that have a target, NaN if none. */
    public double meanLoss() {
        double s = 0;
        int n = 0;
        for (double l : loss) {
            if (!Double.isNaN(l)) {
                s += l;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
