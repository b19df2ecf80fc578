package dev.unroll.engine.inspect;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.GateTrace;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the network did while reading a probe text: h_t for every character (after reading it), the
 * distribution p_t over the next character, and the loss where the next character is known. Arrays
 * are row-major and owned by this record; nobody writes them after {@link #run}.
 *
 * <p>A result may also be read through another {@link ProbeLayer} of a gated cell ({@link #runLayers}):
 * the LSTM's cell state c_t or a gate's activations per character, in place of h_t in {@code hidden},
 * with the same predictions and losses. Every analysis of a result (statistics, correlations, the unit
 * and span finders) then works on that layer.
 *
 * @param iteration  the iteration of the weights (from the snapshot)
 * @param vocabulary the model's characters
 * @param probe      the probe that was read
 * @param hidden     the layer's activations after reading character t, T x H: h_t for {@link ProbeLayer#H}
 * @param probs      p_t, T x V (the prediction of character t+1)
 * @param loss       -log p_t(next character), NaN where the next character is unknown (T)
 * @param hiddenSize H
 * @param layer      which activations {@code hidden} holds
 */
public record ProbeResult(long iteration, Vocabulary vocabulary, ProbeText probe, double[] hidden,
                          double[] probs, double[] loss, int hiddenSize, ProbeLayer layer) {

    /** A result of the hidden state h ({@link ProbeLayer#H}). */
    public ProbeResult(long iteration, Vocabulary vocabulary, ProbeText probe, double[] hidden, double[] probs, double[] loss,
                       int hiddenSize) {
        this(iteration, vocabulary, probe, hidden, probs, loss, hiddenSize, ProbeLayer.H);
    }

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
        int[] tg = Arrays.copyOf(targets, withTarget);
        double[] hs = new double[T * H];
        double[] ps = new double[T * V];
        double[] loss = new double[T];
        rnn.forward(probe.inputs(), tg, h, hs, ps, loss);
        for (int t = withTarget; t < T; t++) {
            loss[t] = Double.NaN;
        }
        return new ProbeResult(model.iteration(), model.vocabulary(), probe, hs, ps, loss, H);
    }

    /**
     * The probe read through each of {@code layers}, in their order: {@link #run} for the predictions
     * and losses (and h), then one more pass of a copy of the weights over the warm-up and the passage
     * ({@link RecurrentModel#forwardGates}) for c and the gates. Every result shares the predictions and
     * losses. Safe on any thread: the snapshot is only read.
     *
     * @throws BadInputException when a layer is not one of the model's ({@link ProbeLayer#belongsTo}):
     *                           c of a cell other than the LSTM, a gate of another cell
     */
    public static List<ProbeResult> runLayers(ModelSnapshot model, ProbeText probe, List<ProbeLayer> layers) {
        for (ProbeLayer l : layers) {
            if (!l.belongsTo(model.cell())) {
                throw new BadInputException("the " + model.cell().cliName() + " cell has no layer '" + l.name()
                        + "'; it has " + ProbeLayer.of(model.cell()));
            }
        }
        ProbeResult h = run(model, probe);
        GateTrace trace = null;
        if (layers.stream().anyMatch(l -> l.kind() != ProbeLayer.Kind.HIDDEN)) {
            RecurrentModel rnn = model.newModel();
            double[] state = new double[rnn.stateSize()];
            if (probe.warmup().length > 0) {
                rnn.forward(probe.warmup(), null, state, null, null, null);
            }
            trace = rnn.forwardGates(probe.inputs(), state);
        }
        List<ProbeResult> out = new ArrayList<>();
        for (ProbeLayer l : layers) {
            out.add(l.kind() == ProbeLayer.Kind.HIDDEN ? h : h.through(l, trace));
        }
        return List.copyOf(out);
    }

    /** This result with {@code hidden} replaced by the layer's activations from the trace (T x H). */
    private ProbeResult through(ProbeLayer l, GateTrace trace) {
        int T = length();
        int H = hiddenSize;
        double[] a = new double[T * H];
        for (int t = 0; t < T; t++) {
            for (int u = 0; u < H; u++) {
                a[t * H + u] = l.kind() == ProbeLayer.Kind.CELL_STATE ? trace.cell(t, u) : trace.gate(t, l.gate(), u);
            }
        }
        return new ProbeResult(iteration, vocabulary, probe, a, probs, loss, H, l);
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
        Arrays.fill(best, -1);
        Arrays.fill(bestP, -1);
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
