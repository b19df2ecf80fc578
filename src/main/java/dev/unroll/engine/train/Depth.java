package dev.unroll.engine.train;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.Precision;

import java.util.Locale;

/**
 * How deep and how wide a run's model steps: stacked layers, parallel streams (the minibatch) and
 * dropout between the layers. {@link #single()} (1 layer, batch 1, no dropout) is the seed's run and
 * trains on the seed-exact cells ({@code VanillaRnn}, {@code Lstm}, {@code Gru}) bit for bit as before;
 * any other setting trains a {@link DeepRnn}, see {@link Trainer}.
 *
 * @param layers    L, stacked layers of the cell, 1 to {@value DeepRnn#MAX_LAYERS}
 * @param batchSize B, streams trained together, 1 to {@value #MAX_BATCH}: the training text is cut into B
 *                  contiguous stretches, each read by one stream with its own carried state (char-rnn's batching)
 * @param dropout   p, 0 &lt;= p &lt; 1: inverted dropout on each layer's input from the layer below, in
 *                  training only; nothing to act on with one layer, where it must be 0
 * @param precision the training pass's precision: {@link Precision#F64} (the default) or {@link Precision#F32}
 *                  (float buffers and products, double parameters); f32 always trains the stacked model
 */
public record Depth(int layers, int batchSize, double dropout, Precision precision) {
    /** The largest batch size. */
    public static final int MAX_BATCH = 1024;

    public Depth {
        if (layers < 1 || layers > DeepRnn.MAX_LAYERS) {
            throw new BadInputException("layers must be between 1 and " + DeepRnn.MAX_LAYERS + " (got " + layers + ")");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new BadInputException("batch size must be between 1 and " + MAX_BATCH + " (got " + batchSize + ")");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new BadInputException("dropout must be at least 0 and below 1 (got " + dropout + ")");
        }
        if (precision == null) {
            throw new BadInputException("the precision is missing");
        }
        if (layers == 1 && dropout > 0) {
            throw new BadInputException("dropout acts between layers: it needs 2 or more layers (got dropout " + dropout + " with 1 layer)");
        }
    }

    /** In float64. */
    public Depth(int layers, int batchSize, double dropout) {
        this(layers, batchSize, dropout, Precision.F64);
    }

    /** The seed's: one layer, batch 1, no dropout, float64. */
    public static Depth single() {
        return new Depth(1, 1, 0.0);
    }

    /** Whether this is {@link #single()}: the seed-exact path. */
    public boolean isSingle() {
        return layers == 1 && batchSize == 1 && precision == Precision.F64;
    }

    public Depth withPrecision(Precision p) {
        return new Depth(layers, batchSize, dropout, p);
    }

    /**
     * The depth in a file or folder name, as char-rnn's flags name it: {@code -nl}L when there are stacked
     * layers, then {@code between}, then {@code -bs}B when the batch is larger than 1; the seed's depth adds
     * nothing around {@code between}. The results file puts it after the hidden size
     * ({@code "-hs128" + nameParts("")}: {@code -hs128-nl2-bs50}), a sweep's run folder around it
     * ({@code nameParts("-hs128")}: {@code -nl2-hs128-bs50}).
     */
    public String nameParts(String between) {
        return (layers == 1 ? "" : "-nl" + layers) + between + (batchSize == 1 ? "" : "-bs" + batchSize);
    }

    /** ", 2 layers, batch 50, dropout 0.25" as the command line describes a run; "" for {@link #single()}. */
    public String describe() {
        if (isSingle()) {
            return "";
        }
        return String.format(Locale.ROOT, ", %d layer%s, batch %d%s%s", layers, layers == 1 ? "" : "s", batchSize,
                dropout > 0 ? ", dropout " + dropout : "", precision == Precision.F64 ? "" : ", " + precision.cliName());
    }
}
