package dev.unroll.engine.baseline;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.Trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The counting baseline a network should beat: {@link NGramModel}s fitted on the training part of a
 * corpus and scored on its validation tail, split exactly as the {@link Trainer} splits it for the
 * same validation fraction, and scored on the same characters its validation loss reads (the first
 * {@code maxScored} + 1 characters of the tail, the first one as context only; no context from
 * before the tail, as the network starts the tail from a zero state).
 *
 * @param corpusName    the corpus's name
 * @param trainingChars characters the models were fitted on
 * @param scoredChars   characters predicted and scored
 * @param rows          one per requested order, in increasing order
 * @param fitNanos      time to fit all orders up to the highest requested one
 * @param scoreNanos    time to score all orders
 */
public record NGramBaseline(String corpusName, int trainingChars, int scoredChars, List<Row> rows, long fitNanos, long scoreNanos) {

    /**
     * One order's result.
     *
     * @param order       n: the model predicts from the n-1 characters before
     * @param distinct    distinct n-grams in the training text
     * @param discount    the Kneser-Ney discount of the order's own counts
     * @param natsPerChar mean negative log-likelihood per validation character, in nats
     */
    public record Row(int order, int distinct, double discount, double natsPerChar) {
        /** The same loss in bits per character. */
        public double bitsPerChar() {
            return natsPerChar / Math.log(2);
        }
    }

    public NGramBaseline {
        rows = List.copyOf(rows);
    }

    /**
     * Fits and scores the given orders.
     *
     * @param valFraction the held-out fraction of the corpus end, in (0, 0.5], as for training
     * @param orders      orders in 1..{@value NGramModel#MAX_ORDER}; duplicates are scored once
     * @param maxScored   at most this many validation characters are scored (the trainer's is {@value Trainer#MAX_VALIDATION_CHARS})
     * @throws BadInputException for a fraction, order or limit out of range, or a tail too short to score
     */
    public static NGramBaseline measure(Corpus corpus, double valFraction, List<Integer> orders, int maxScored) {
        if (!(valFraction > 0 && valFraction <= 0.5)) {
            throw new BadInputException("the validation fraction must be above 0 and at most 0.5 (got " + valFraction + ")");
        }
        if (orders.isEmpty()) {
            throw new BadInputException("give at least one n-gram order");
        }
        for (int n : orders) {
            if (n < 1 || n > NGramModel.MAX_ORDER) {
                throw new BadInputException("the n-gram order must be between 1 and " + NGramModel.MAX_ORDER + " (got " + n + ")");
            }
        }
        if (maxScored < 1) {
            throw new BadInputException("the number of validation characters to score must be positive (got " + maxScored + ")");
        }
        int[] data = corpus.encoded();
        int train = Trainer.trainingLength(data.length, valFraction);
        int span = Math.min(data.length - train, maxScored + 1);
        if (span < 2) {
            throw new BadInputException(corpus.name() + " is too short: a validation fraction of " + valFraction
                    + " holds out " + (data.length - train) + " character(s), at least 2 are needed");
        }
        TreeSet<Integer> sorted = new TreeSet<>(orders);
        long t0 = System.nanoTime();
        NGramModel model = NGramModel.fit(data, 0, train, corpus.vocabulary().size(), sorted.last());
        long t1 = System.nanoTime();
        double[] nats = model.crossEntropy(data, train, train + span);
        long t2 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        for (int n : sorted) {
            rows.add(new Row(n, model.distinct(n), model.discount(n), nats[n - 1]));
        }
        return new NGramBaseline(corpus.name(), train, span - 1, rows, t1 - t0, t2 - t1);
    }

    /** The row with the lowest loss. */
    public Row best() {
        Row best = rows.get(0);
        for (Row r : rows) {
            if (r.natsPerChar() < best.natsPerChar()) {
                best = r;
            }
        }
        return best;
    }
}
