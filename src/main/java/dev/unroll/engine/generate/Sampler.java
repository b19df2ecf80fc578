package dev.unroll.engine.generate;

import dev.unroll.engine.Rng;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;

import java.util.Arrays;

/**
 * Draws text from a model, one character at a time: softmax(y / temperature) sampling, argmax, or
 * sampling among the k most likely characters. Works on whatever model it is given; the trainer
 * gives it its own model between iterations, the views give it a copy from a {@link ModelSnapshot}.
 */
public final class Sampler {

    /** How the next character is chosen from the output distribution. */
    public enum Mode { SAMPLE, ARGMAX, TOP_K }

    private Sampler() {
    }

    /**
     * Generates {@code length} characters after a seed character, continuing from {@code hidden}
     * (updated in place). The seed itself is not part of the result (as in min-char-rnn's sample()).
     */
    public static int[] generate(RecurrentModel model, double[] hidden, int seedIndex, int length,
                                 double temperature, Mode mode, int topK, Rng rng) {
        int V = model.vocabSize();
        double[] logits = new double[V];
        double[] probs = new double[V];
        int[] out = new int[length];
        int x = seedIndex;
        RecurrentModel.Stepper stepper = model.stepper();
        for (int n = 0; n < length; n++) {
            stepper.step(x, hidden, logits);
            x = choose(logits, probs, temperature, mode, topK, rng);
            out[n] = x;
        }
        return out;
    }

    /**
     * Picks the next index from logits: argmax, or a draw from softmax(logits / temperature),
     * restricted to the {@code topK} most likely in {@link Mode#TOP_K}. {@code probs} is scratch of size V
     * and holds the distribution drawn from afterwards.
     */
    public static int choose(double[] logits, double[] probs, double temperature, Mode mode, int topK, Rng rng) {
        int V = logits.length;
        if (mode == Mode.ARGMAX) {
            softmax(logits, 1.0, probs);
            return argmax(logits);
        }
        softmax(logits, temperature, probs);
        if (mode == Mode.TOP_K && topK < V) {
            keepTopK(probs, Math.max(1, topK));
        }
        double u = rng.nextDouble();
        double acc = 0;
        int last = 0;
        for (int i = 0; i < V; i++) {
            if (probs[i] > 0) {
                acc += probs[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last; // rounding left u just above the total
    }

    /** Zeroes all but the k largest entries (ties broken by lower index) and renormalises. */
    static void keepTopK(double[] probs, int k) {
        int V = probs.length;
        Integer[] order = new Integer[V];
        for (int i = 0; i < V; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
        double sum = 0;
        for (int r = 0; r < k; r++) {
            sum += probs[order[r]];
        }
        for (int r = k; r < V; r++) {
            probs[order[r]] = 0;
        }
        for (int i = 0; i < V; i++) {
            probs[i] /= sum;
        }
    }

    /** probs = softmax(logits / temperature), computed stably (the maximum subtracted first). */
    public static void softmax(double[] logits, double temperature, double[] probs) {
        double max = Double.NEGATIVE_INFINITY;
        for (double y : logits) {
            max = Math.max(max, y);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double e = Math.exp((logits[i] - max) / temperature);
            probs[i] = e;
            sum += e;
        }
        for (int i = 0; i < logits.length; i++) {
            probs[i] /= sum;
        }
    }

    public static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
