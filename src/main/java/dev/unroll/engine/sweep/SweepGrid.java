package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainingConfig;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A grid of training runs: every combination of cell, stacked layers, hidden size, batch size, optimizer,
 * learning rate, sequence length and seed, each over the same base configuration (iterations, sampling,
 * validation split, clip, dropout, precision, the optimizer's other settings). Runs are numbered from 1
 * in that order (the last varies fastest), which for {@link #original} is the order of the talk's table;
 * an axis of one value does not change the numbering, so a grid of one layer, batch 1 and one optimizer
 * numbers its runs as before those axes existed.
 *
 * <p>An empty list or a value given twice is refused with a {@link BadInputException} that says
 * which; so is a grid larger than {@value #MAX_RUNS} runs.
 *
 * @param cells           recurrent cells (a gated cell's hidden sizes are at most {@link TrainingConfig#MAX_GATED_HIDDEN})
 * @param layers          stacked layers L (see {@link Depth})
 * @param hiddenSizes     hidden layer sizes H
 * @param batchSizes      batch sizes B (see {@link Depth})
 * @param optimizers      optimizers
 * @param learningRates   Adagrad learning rates
 * @param sequenceLengths BPTT window lengths T
 * @param seeds           random seeds
 * @param base            every other setting; its own cell, layers, hidden size, batch size, optimizer, rate, length and seed are
 *                        ignored (the first run's are put in it)
 */
public record SweepGrid(List<Cell> cells, List<Integer> layers, List<Integer> hiddenSizes, List<Integer> batchSizes,
                        List<OptimizerKind> optimizers, List<Double> learningRates, List<Integer> sequenceLengths,
                        List<Long> seeds, TrainingConfig base) {

    /** More runs than this in one sweep is refused (a typing slip such as 1..10000 for seeds). */
    public static final int MAX_RUNS = 1000;
    /** The original experiment's number of iterations per run. */
    public static final long ORIGINAL_ITERATIONS = 1_000_000;

    public SweepGrid {
        cells = checked("cells", cells);
        layers = checked("layers", layers);
        hiddenSizes = checked("hidden sizes", hiddenSizes);
        batchSizes = checked("batch sizes", batchSizes);
        optimizers = checked("optimizers", optimizers);
        learningRates = checked("learning rates", learningRates);
        sequenceLengths = checked("sequence lengths", sequenceLengths);
        seeds = checked("seeds", seeds);
        if (base == null) {
            throw new BadInputException("the sweep has no base configuration");
        }
        long n = (long) cells.size() * layers.size() * hiddenSizes.size() * batchSizes.size() * optimizers.size()
                * learningRates.size() * sequenceLengths.size() * seeds.size();
        if (n > MAX_RUNS) {
            throw new BadInputException("the grid has " + n + " runs; at most " + MAX_RUNS + " are allowed in one sweep");
        }
        // the base's own settings of the axes are those of the first run, so equal grids are equal records
        base = at(base, cells.get(0), layers.get(0), hiddenSizes.get(0), batchSizes.get(0), optimizers.get(0))
                .withLearningRate(learningRates.get(0)).withSequenceLength(sequenceLengths.get(0)).withSeed(seeds.get(0));
        // validates every value through TrainingConfig's own checks, naming the bad one
        for (Cell c : cells) {
            for (int h : hiddenSizes) {
                base.withCell(c, h);
            }
        }
        for (int l : layers) {
            for (int b : batchSizes) {
                at(base, base.cell(), l, base.hiddenSize(), b, base.optimization().optimizer());
            }
        }
        for (double lr : learningRates) {
            base.withLearningRate(lr);
        }
        for (int t : sequenceLengths) {
            base.withSequenceLength(t);
        }
    }

    /**
     * A grid whose layers, batch size and optimizer are the base's (one value each): the grid of the
     * axes there were before stacked layers.
     */
    public SweepGrid(List<Cell> cells, List<Integer> hiddenSizes, List<Double> learningRates, List<Integer> sequenceLengths,
                     List<Long> seeds, TrainingConfig base) {
        this(cells, List.of(base == null ? 1 : base.depth().layers()), hiddenSizes, List.of(base == null ? 1 : base.depth().batchSize()),
                List.of(base == null ? OptimizerKind.ADAGRAD : base.optimization().optimizer()), learningRates, sequenceLengths, seeds, base);
    }

    /** {@code base} with these settings of the axes (its dropout and precision kept). */
    private static TrainingConfig at(TrainingConfig base, Cell cell, int layers, int hidden, int batch, OptimizerKind optimizer) {
        Depth d = base.depth();
        return base.withCell(cell, hidden).withDepth(new Depth(layers, batch, d.dropout(), d.precision()))
                .withOptimization(base.optimization().withOptimizer(optimizer));
    }

    /** Whether the grid varies the layers, the batch size or the optimizer (more than one value of any). */
    public boolean variesDepthOrOptimizer() {
        return layers.size() > 1 || batchSizes.size() > 1 || optimizers.size() > 1;
    }

    /** A grid of one cell, the base's. */
    public SweepGrid(List<Integer> hiddenSizes, List<Double> learningRates, List<Integer> sequenceLengths, List<Long> seeds,
                     TrainingConfig base) {
        this(List.of(base == null ? Cell.VANILLA : base.cell()), hiddenSizes, learningRates, sequenceLengths, seeds, base);
    }

    private static <T> List<T> checked(String what, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new BadInputException("the grid is empty: give at least one value for " + what);
        }
        Set<T> seen = new HashSet<>();
        for (T v : values) {
            if (v == null) {
                throw new BadInputException("missing value among the " + what);
            }
            if (!seen.add(v)) {
                throw new BadInputException("duplicate configuration: " + what + " lists " + format(v) + " twice");
            }
        }
        return List.copyOf(values);
    }

    private static String format(Object v) {
        return v instanceof Double d ? formatRate(d) : v instanceof Cell c ? c.cliName() : v instanceof OptimizerKind o ? o.cliName() : String.valueOf(v);
    }

    /**
     * The talk's experiment: hidden 100, 250, 500 times learning rate 0.1, 0.01, 0.001, windows of
     * 25 characters, {@value #ORIGINAL_ITERATIONS} iterations each, over the given base (its seed
     * is the one seed).
     */
    public static SweepGrid original(TrainingConfig base) {
        return new SweepGrid(List.of(100, 250, 500), List.of(0.1, 0.01, 0.001), List.of(25), List.of(base.seed()),
                base.withIterations(ORIGINAL_ITERATIONS));
    }

    /** The runs, numbered from 1. */
    public List<RunSpec> runs() {
        List<RunSpec> runs = new ArrayList<>();
        for (Cell cell : cells) {
            for (int l : layers) {
                for (int h : hiddenSizes) {
                    for (int b : batchSizes) {
                        for (OptimizerKind o : optimizers) {
                            TrainingConfig model = at(base, cell, l, h, b, o);
                            for (double lr : learningRates) {
                                for (int t : sequenceLengths) {
                                    for (long seed : seeds) {
                                        TrainingConfig c = model.withLearningRate(lr).withSequenceLength(t).withSeed(seed);
                                        runs.add(new RunSpec(runs.size() + 1, c));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return runs;
    }

    /** Number of runs. */
    public int size() {
        return cells.size() * layers.size() * hiddenSizes.size() * batchSizes.size() * optimizers.size() * learningRates.size()
                * sequenceLengths.size() * seeds.size();
    }

    // ---- parsing lists and ranges, for the command line and the app ----

    /** Integers: "100,250,500", a range "1..3", a range with a step "10..50:20", or a mix "1..3,10". */
    public static List<Integer> parseInts(String what, String text) {
        List<Integer> out = new ArrayList<>();
        for (long v : parseLongs(what, text)) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new BadInputException(what + ": " + v + " is too large");
            }
            out.add((int) v);
        }
        return out;
    }

    /** Longs (seeds): as {@link #parseInts}. */
    public static List<Long> parseLongs(String what, String text) {
        List<Long> out = new ArrayList<>();
        for (String part : split(what, text)) {
            int dots = part.indexOf("..");
            if (dots < 0) {
                out.add(parseLong(what, part));
                continue;
            }
            String from = part.substring(0, dots);
            String rest = part.substring(dots + 2);
            long step = 1;
            int colon = rest.indexOf(':');
            if (colon >= 0) {
                step = parseLong(what, rest.substring(colon + 1));
                rest = rest.substring(0, colon);
                if (step < 1) {
                    throw new BadInputException(what + ": the step of range '" + part + "' must be positive");
                }
            }
            long a = parseLong(what, from);
            long b = parseLong(what, rest);
            if (b < a) {
                throw new BadInputException(what + ": range '" + part + "' is empty (its end is below its start)");
            }
            if ((b - a) / step + 1 > MAX_RUNS) {
                throw new BadInputException(what + ": range '" + part + "' has more than " + MAX_RUNS + " values");
            }
            for (long v = a; v <= b; v += step) {
                out.add(v);
            }
        }
        return out;
    }

    /** Cells by name, each once: "vanilla,lstm,gru" (case ignored). */
    public static List<Cell> parseCells(String what, String text) {
        List<Cell> out = new ArrayList<>();
        for (String part : split(what, text)) {
            Cell c;
            try {
                c = Cell.parse(part);
            } catch (BadInputException e) {
                throw new BadInputException(what + ": " + e.getMessage());
            }
            if (out.contains(c)) {
                throw new BadInputException(what + " lists " + c.cliName() + " twice");
            }
            out.add(c);
        }
        return out;
    }

    /** Optimizers by name, each once: "adagrad,adam" (case ignored). */
    public static List<OptimizerKind> parseOptimizers(String what, String text) {
        List<OptimizerKind> out = new ArrayList<>();
        for (String part : split(what, text)) {
            try {
                out.add(OptimizerKind.parse(part));
            } catch (BadInputException e) {
                throw new BadInputException(what + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Positive decimals (learning rates): "0.1,0.01,1e-3". Ranges are not accepted (which steps would they take?). */
    public static List<Double> parseDoubles(String what, String text) {
        List<Double> out = new ArrayList<>();
        for (String part : split(what, text)) {
            if (part.contains("..")) {
                throw new BadInputException(what + ": give a list such as 0.1,0.01,0.001; ranges like '" + part + "' are for whole numbers");
            }
            try {
                out.add(Double.parseDouble(part));
            } catch (NumberFormatException e) {
                throw new BadInputException(what + ": '" + part + "' is not a number");
            }
        }
        return out;
    }

    private static List<String> split(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("the grid is empty: give at least one value for " + what);
        }
        List<String> parts = new ArrayList<>();
        for (String p : text.split(",", -1)) {
            String t = p.strip();
            if (t.isEmpty()) {
                throw new BadInputException(what + ": empty value in '" + text.strip() + "'");
            }
            parts.add(t);
        }
        return parts;
    }

    private static long parseLong(String what, String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(what + ": '" + s.strip() + "' is not a whole number");
        }
    }

    /** A learning rate as people write it: 0.1, 0.001, 1.0E-5 becomes "0.00001". */
    public static String formatRate(double rate) {
        return new BigDecimal(Double.toString(rate)).stripTrailingZeros().toPlainString();
    }
}
