package dev.unroll.engine.sweep;

import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainingConfig;

/**
 * One run of a sweep: its place in the grid and its full configuration.
 *
 * @param number the run's number in the sweep, from 1 (the original experiment's "run id")
 * @param config everything that defines the run
 */
public record RunSpec(int number, TrainingConfig config) {

    public RunSpec {
        if (number < 1) {
            throw new IllegalArgumentException("run numbers start at 1");
        }
    }

    /** The run id shown in tables: its number, two digits ("01"). */
    public String id() {
        return String.format("%02d", number);
    }

    /**
     * The run's folder under the sweep's {@code runs/} folder, e.g. {@code 01-hs100-lr0.1-is25-seed42},
     * or {@code 01-lstm-hs100-lr0.1-is25-seed42} for a gated cell; with layers, a batch size or an
     * optimizer other than the seed's (1, 1, adagrad) those are named too, as char-rnn's flags
     * ({@code -nl2} num_layers, {@code -bs8} batch_size): {@code 01-lstm-nl2-hs100-bs8-adam-lr0.1-is25-seed42}.
     */
    public String folderName() {
        OptimizerKind o = config.optimization().optimizer();
        return id() + cellPart("-") + config.depth().nameParts("-hs" + config.hiddenSize()) + (o == OptimizerKind.ADAGRAD ? "" : "-" + o.cliName())
                + "-lr" + SweepGrid.formatRate(config.learningRate()) + "-is" + config.sequenceLength() + "-seed" + config.seed();
    }

    /** A short label for legends: "01 h100 lr0.1" plus the sequence length and seed; a gated cell's name after the id. */
    public String label() {
        return id() + cellPart(" ") + rest();
    }

    /**
     * {@link #label()} with the cell named whatever it is ("01 vanilla  h100 lr0.1 T25 s42"), for a
     * legend of runs of several cells, where the vanilla runs must say so too.
     */
    public String labelWithCell() {
        return id() + " " + config.cell().cliName() + rest();
    }

    /** "  h100 lr0.1 T25 s42", with " L2", " B8" and the optimizer after h when they are not the seed's. */
    private String rest() {
        Depth d = config.depth();
        OptimizerKind o = config.optimization().optimizer();
        return "  h" + config.hiddenSize() + (d.layers() == 1 ? "" : " L" + d.layers()) + (d.batchSize() == 1 ? "" : " B" + d.batchSize())
                + (o == OptimizerKind.ADAGRAD ? "" : " " + o.cliName()) + " lr" + SweepGrid.formatRate(config.learningRate())
                + " T" + config.sequenceLength() + " s" + config.seed();
    }

    /** The cell's name after a separator, or nothing for the vanilla cell (whose names read as before cells existed). */
    private String cellPart(String separator) {
        return config.cell() == Cell.VANILLA ? "" : separator + config.cell().cliName();
    }

    /** Whether two runs train the same thing (same configuration). */
    public boolean sameRunAs(RunSpec other) {
        return config.equals(other.config);
    }
}
