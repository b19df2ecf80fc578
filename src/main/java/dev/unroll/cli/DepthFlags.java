package dev.unroll.cli;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.Precision;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.TrainingConfig;

import picocli.CommandLine.Option;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line's layer and batch flags, shared by {@code train}, {@code bench}, {@code compare-cells} and
 * {@code sweep}: stacked layers, the batch size, dropout between layers and the precision. A null field was not
 * given; the run keeps its base's value (one layer, batch 1, no dropout: the seed's path; or a resumed checkpoint's).
 * In a sweep ({@link #DepthFlags(boolean) with lists}) {@code --layers} and {@code --batch-size} take lists, axes of
 * its grid ({@link #layerAxis}, {@link #batchAxis}); elsewhere a list is refused with one line.
 */
final class DepthFlags {

    @Option(names = "--layers", paramLabel = "L", split = ",", description = "Stacked layers of the cell, 1 to " + DeepRnn.MAX_LAYERS
            + ", as torch.nn.RNN/LSTM/GRU(num_layers=L) (default: 1).")
    List<Integer> layers;

    @Option(names = "--batch-size", paramLabel = "B", split = ",", description = "Streams trained together, 1 to " + Depth.MAX_BATCH
            + ": the training text is cut into B stretches, each read by one stream with its own state (char-rnn's batching);"
            + " the gradient is that of the mean loss over the B x T characters (default: 1).")
    List<Integer> batchSize;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout between stacked layers, at least 0 and below 1, in training"
            + " only (inverted dropout, as torch's dropout=P); needs --layers 2 or more (default: 0).")
    Double dropout;

    @Option(names = "--precision", paramLabel = "P", description = "f64 (the default) or f32: the training pass's buffers and matrix"
            + " products in float (half the bytes), the weights and the optimizer kept in double; f32 always trains the stacked model.")
    String precision;

    /** Whether --layers and --batch-size may list several values (a sweep's axes). */
    private final boolean lists;

    /** Flags that take one value each. */
    DepthFlags() {
        this(false);
    }

    /** With {@code lists}, --layers and --batch-size may list several values, each checked (a sweep's axes). */
    DepthFlags(boolean lists) {
        this.lists = lists;
    }

    /** The --layers value given (null: not given); refused with one line when several are given to a command that takes one. */
    Integer layers() {
        return first("--layers", layers);
    }

    /** The --batch-size value given, as {@link #layers()}. */
    Integer batchSize() {
        return first("--batch-size", batchSize);
    }

    private Integer first(String flag, List<Integer> values) {
        if (values == null) {
            return null;
        }
        if (values.size() > 1 && !lists) {
            throw CliExit.badInput(flag + " takes one value here (got " + values.stream().map(String::valueOf).collect(Collectors.joining(","))
                    + "); lists are for unroll sweep");
        }
        return values.get(0);
    }

    /** The sweep's layers axis: every --layers value (each checked), or the base's alone when not given. */
    List<Integer> layerAxis(TrainingConfig base) {
        return axis("--layers", layers, 1, DeepRnn.MAX_LAYERS, base.depth().layers());
    }

    /** The sweep's batch-size axis, as {@link #layerAxis}. */
    List<Integer> batchAxis(TrainingConfig base) {
        return axis("--batch-size", batchSize, 1, Depth.MAX_BATCH, base.depth().batchSize());
    }

    private static List<Integer> axis(String flag, List<Integer> values, int min, int max, int dflt) {
        if (values == null) {
            return List.of(dflt);
        }
        for (Integer v : values) {
            FlagChecks.between(flag, v, min, max);
        }
        return List.copyOf(values);
    }

    /** Whether any of these flags was given. */
    boolean any() {
        return layers != null || batchSize != null || dropout != null || precision != null;
    }

    /**
     * {@code base} with the flags given, each checked and refused with one line naming its flag (status 2); in a
     * sweep, with the first value of each list (the first run's).
     */
    TrainingConfig apply(TrainingConfig base) {
        Depth d = base.depth();
        Integer layers = layers();
        Integer batchSize = batchSize();
        if (lists) {
            layerAxis(base);
            batchAxis(base);
        }
        FlagChecks.between("--layers", layers, 1, DeepRnn.MAX_LAYERS);
        FlagChecks.between("--batch-size", batchSize, 1, Depth.MAX_BATCH);
        if (dropout != null && !(dropout >= 0 && dropout < 1)) {
            throw CliExit.badInput("--dropout must be at least 0 and below 1 (got " + dropout + ")");
        }
        int l = layers != null ? layers : d.layers();
        double p = dropout != null ? dropout : d.dropout();
        if (l == 1 && p > 0) {
            throw CliExit.badInput("--dropout acts between stacked layers: give --layers 2 or more (got --dropout " + p + " with one layer)");
        }
        Precision pr = precision != null ? FlagChecks.parsed("--precision", precision, Precision::parse) : d.precision();
        try {
            return base.withDepth(new Depth(l, batchSize != null ? batchSize : d.batchSize(), p, pr));
        } catch (BadInputException e) {
            throw CliExit.badInput(e.getMessage());
        }
    }
}
