package dev.unroll.engine.train;

import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;

import java.util.List;

/**
 * One point of a run's {@link RunHistory}: the weights as they were after {@code iteration} updates,
 * with the losses at that point and the sample written from those weights. The tensors are copies
 * that nobody writes; treat them as read-only.
 *
 * @param iteration  the updates applied to these weights
 * @param parameters the model's parameters in its order (as {@link ModelSnapshot#parameters()})
 * @param smoothLoss the smooth loss after that iteration (sum over a window)
 * @param valLoss    the latest validation loss per character at that iteration, NaN if none yet
 * @param sample     the sample drawn from these weights (the trainer samples at the start of the next
 *                   iteration, before updating), or null when none was written
 */
public record HistoryEntry(long iteration, List<Tensor> parameters, double smoothLoss, double valLoss, Sample sample) {

    public HistoryEntry {
        parameters = List.copyOf(parameters);
    }

    /** This entry with the sample written from its weights. */
    public HistoryEntry withSample(Sample s) {
        return new HistoryEntry(iteration, parameters, smoothLoss, valLoss, s);
    }

    /**
     * The memory the entry holds, in bytes: 8 per number of the weights and 2 per character of the
     * sample (the objects' headers are left out).
     */
    public long bytes() {
        long n = 0;
        for (Tensor t : parameters) {
            n += 8L * t.data.length;
        }
        return n + (sample == null ? 0 : 2L * sample.text().length());
    }

    /** The weights as a snapshot at this entry's iteration (no gradients: zeros; no optimizer memory), for the views and pictures. */
    public ModelSnapshot model(Vocabulary vocabulary) {
        List<Tensor> zeros = parameters.stream().map(p -> new Tensor("d" + p.name, p.rows, p.cols)).toList();
        return new ModelSnapshot(iteration, vocabulary, parameters, zeros, List.of());
    }
}
