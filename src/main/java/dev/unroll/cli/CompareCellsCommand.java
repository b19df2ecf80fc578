package dev.unroll.cli;

import dev.unroll.architecture.AllowedToStartThreads;
import dev.unroll.engine.RunMemory;
import dev.unroll.engine.baseline.NGramBaseline;
import dev.unroll.engine.compare.CellComparison;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.LayerMeasures;
import dev.unroll.engine.inspect.LongRangeMeasures;
import dev.unroll.engine.inspect.TextFeature;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code unroll compare-cells}: trains each cell on one corpus at the same number of weights for the
 * same iterations and seed, then measures each on the validation tail ({@link LongRangeMeasures}: the
 * validation loss, the vanishing-gradient ratio between k = 1 and k = T, the best unit for quotes and
 * bracket depth) beside the n-gram baseline, and prints one Markdown table; then the same per layer
 * ({@link LayerMeasures}: each layer's gradient ratios, gate saturation and best units), at any depth
 * ({@code --layers}, with the other {@link DepthFlags}).
 */
@Command(name = "compare-cells",
        description = {"Train each cell on the same text at the same number of weights (--match-params), the same iterations and"
                + " seed, and compare them on the validation tail: bits per character (beside the best n-gram model's), how much"
                + " of the gradient reaching the state 1 step back is left T steps back (||dL/dh_{T-k}||, geometric mean over"
                + " the tail's windows), and the unit of h (and of the LSTM's c) most correlated with 'inside quotes' and"
                + " 'bracket depth'. Prints a Markdown table, then one row per cell and layer: the same ratios and units for the"
                + " layer, and how often each sigmoid gate is saturated (below 0.1, above 0.9; Karpathy et al. 2015, Fig. 4)."
                + " --layers L compares stacked models of L layers (the parameters matched over the whole stack).",
                "Example: unroll compare-cells --corpus structured --num-iterations 20000 --seed 42"},
        exitCodeList = {UnrollCli.STATUS_OK, UnrollCli.STATUS_ERROR, UnrollCli.STATUS_BAD_INPUT,
                "3:a cell's loss became NaN or infinite (its row says where; the others are measured)",
                UnrollCli.STATUS_SIGINT, UnrollCli.STATUS_SIGTERM})
@AllowedToStartThreads("the command line has no app.fx: it runs the cells on a pool of its own")
final class CompareCellsCommand extends SubCommand {

    @Mixin
    CorpusFlags corpusFlags = new CorpusFlags();

    @Option(names = "--cells", paramLabel = "LIST", defaultValue = "vanilla,lstm,gru",
            description = "Cells to compare (default: ${DEFAULT-VALUE}).")
    String cells;

    @Option(names = "--match-params", paramLabel = "N", defaultValue = "25000",
            description = "Each cell's hidden size is the one whose parameter count is closest to N (default: ${DEFAULT-VALUE}).")
    long matchParams;

    @Option(names = "--num-iterations", paramLabel = "N", defaultValue = "20000", description = "Iterations per cell (default: ${DEFAULT-VALUE}).")
    long iterations;

    @Option(names = "--learning-rate", paramLabel = "RATE", defaultValue = "0.1", description = "The optimizer's learning rate, for every cell (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--sequence-length", paramLabel = "T", defaultValue = "25",
            description = "Characters per window, and the k of the gradient ratio (default: ${DEFAULT-VALUE}).")
    int sequenceLength;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of every cell's initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Fraction of the text's end held out and measured on, above 0 and at most 0.5 (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--max-order", paramLabel = "N", defaultValue = "20",
            description = "The n-gram baseline is the best of orders 1..N (default: ${DEFAULT-VALUE}).")
    int maxOrder;

    @Option(names = "--parallel", paramLabel = "N", description = "Cells trained at once (default: the number of cores).")
    Integer parallel;

    @Mixin
    SettingsFlags settingsFlags = new SettingsFlags();

    /** A cell's run: what was trained and what it measured (null measures when it diverged), the top layer's and each layer's. */
    private record Row(Cell cell, int hidden, long parameters, long iterations, double seconds, double smoothNats, double valNats,
                       LongRangeMeasures measures, List<LayerMeasures> layers, String diverged) {
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = out();
        List<Cell> cellList = SweepGrid.parseCells("--cells", cells);
        if (iterations < 1 || iterations > TrainingConfig.MAX_ITERATIONS) {
            throw CliExit.badInput("--num-iterations must be between 1 and " + Text.count(TrainingConfig.MAX_ITERATIONS) + " (got " + iterations + ")");
        }
        if (!(Double.isFinite(learningRate) && learningRate > 0)) {
            throw CliExit.badInput("--learning-rate must be a positive number (got " + learningRate + ")");
        }
        FlagChecks.between("--sequence-length", sequenceLength, 1, TrainingConfig.MAX_SEQUENCE);
        FlagChecks.aboveZeroAtMost("--val-fraction", valFraction, 0.5);
        FlagChecks.ngramOrder("--max-order", maxOrder);
        int atOnce = Math.min(FlagChecks.atLeastOne("--parallel", parallel, Runtime.getRuntime().availableProcessors()), cellList.size());
        TrainingConfig settings = settingsFlags.apply(TrainingConfig.defaults().withLearningRate(learningRate));
        Depth d = settings.depth();
        Corpus corpus = corpusFlags.load();
        int vocab = corpus.vocabulary().size();
        List<TrainingConfig> configs = new ArrayList<>();
        long largest = 0;
        for (Cell c : cellList) {
            int hidden = CellFlags.matchHidden(c, vocab, matchParams, d.layers());
            configs.add(settings.withCell(c, hidden).withIterations(iterations).withLearningRate(learningRate)
                    .withSequenceLength(sequenceLength).withSeed(seed).withValFraction(valFraction).withSampleEvery(0)
                    .withEvalEvery(Integer.MAX_VALUE));
            largest = Math.max(largest, d.isSingle() ? c.trainingBytes(hidden, vocab, sequenceLength)
                    : DeepRnn.trainingBytes(c, vocab, hidden, d.layers(), d.batchSize(), sequenceLength));
        }
        RunMemory.requireFits(atOnce * largest + corpus.memoryBytes(), "this comparison (" + atOnce + " cells at once)");
        // the trainer's own checks (a corpus too short for a window after the held-out tail) before any training
        List<Trainer> trainers = new ArrayList<>();
        for (TrainingConfig cfg : configs) {
            trainers.add(new Trainer(corpus, cfg));
        }
        NGramBaseline baseline = NGramBaseline.measure(corpus, valFraction, orders(maxOrder), Trainer.MAX_VALIDATION_CHARS);

        out.println("machine: " + BenchCommand.machine());
        out.println("corpus:  " + corpus.name() + " (" + Text.count(corpus.length()) + " characters, vocabulary " + vocab
                + "), validation tail " + Text.count(corpus.length() - Trainer.trainingLength(corpus.length(), valFraction))
                + " characters (--val-fraction " + valFraction + ")");
        out.println("run:     " + Text.count(iterations) + " iterations per cell, sequence length " + sequenceLength + ", learning rate "
                + learningRate + OptimizerFlags.describe(settings) + d.describe() + ", seed " + seed + ", --match-params " + Text.count(matchParams) + ", " + atOnce + " at a time; started "
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)));
        out.flush();

        List<Row> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(atOnce, r -> {
            Thread t = new Thread(r, "compare-cells");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Row>> futures = new ArrayList<>();
            for (Trainer t : trainers) {
                futures.add(pool.submit(() -> trainAndMeasure(t, out)));
            }
            for (Future<Row> f : futures) {
                rows.add(f.get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        out.println();
        printTable(out, rows, baseline);
        List<String> diverged = rows.stream().filter(r -> r.diverged() != null).map(r -> r.cell().cliName()).toList();
        if (!diverged.isEmpty()) {
            out.flush();
            throw new CliExit(UnrollCli.EXIT_DIVERGED, "the loss of the " + String.join(", ", diverged) + " cell" + (diverged.size() > 1 ? "s" : "")
                    + " became NaN or infinite at learning rate " + learningRate + " (see the table); try a lower learning rate");
        }
        return UnrollCli.EXIT_OK;
    }

    private static List<Integer> orders(int max) {
        List<Integer> out = new ArrayList<>();
        for (int n = 1; n <= max; n++) {
            out.add(n);
        }
        return out;
    }

    private Row trainAndMeasure(Trainer trainer, PrintWriter out) {
        TrainingConfig cfg = trainer.config();
        Cell cell = cfg.cell();
        int vocab = trainer.corpus().vocabulary().size();
        long params = cfg.parameterCount(vocab);
        long t0 = System.nanoTime();
        String diverged = null;
        while (trainer.iteration() < cfg.iterations()) {
            if (!Double.isFinite(trainer.iterate())) {
                diverged = "diverged at iteration " + Text.count(trainer.iteration() + 1);
                break;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (diverged != null) {
            synchronized (out) {
                out.println(cell.cliName() + ": " + diverged);
                out.flush();
            }
            return new Row(cell, cfg.hiddenSize(), params, trainer.iteration(), seconds, Double.NaN, Double.NaN, null, List.of(), diverged);
        }
        double val = trainer.validationLoss();
        ModelSnapshot model = trainer.modelSnapshot();
        LongRangeMeasures m = LongRangeMeasures.of(model, trainer.corpus(), cfg.valFraction(), cfg.sequenceLength(), Trainer.MAX_VALIDATION_CHARS);
        List<LayerMeasures> layers = LayerMeasures.of(model, trainer.corpus(), cfg.valFraction(), cfg.sequenceLength(),
                Trainer.MAX_VALIDATION_CHARS, CellComparison.SATURATION_CHARS);
        synchronized (out) {
            out.println(cell.cliName() + ": hidden " + cfg.hiddenSize() + " (" + Text.count(params) + " parameters), "
                    + Text.count(trainer.iteration()) + " iterations in " + Text.duration(seconds) + ", measured on "
                    + Text.count(m.probeLength()) + " validation characters");
            out.flush();
        }
        return new Row(cell, cfg.hiddenSize(), params, trainer.iteration(), seconds, trainer.smoothLoss() / cfg.sequenceLength(), val, m,
                layers, null);
    }

    private void printTable(PrintWriter out, List<Row> rows, NGramBaseline baseline) {
        int T = sequenceLength;
        out.println("| cell | hidden | parameters | training bits/char (smooth) | validation bits/char | \u2016dL/dh\u2016 k=" + T + " / k=1 | \u2016dL/dc\u2016 k=" + T
                + " / k=1 | best unit: inside quotes | best unit: bracket depth | training time |");
        out.println("|:--|--:|--:|--:|--:|--:|--:|:--|:--|--:|");
        boolean noRatio = false;
        for (Row r : rows) {
            if (r.measures() == null) {
                out.println("| " + r.cell().cliName() + " | " + r.hidden() + " | " + Text.count(r.parameters()) + " | " + r.diverged()
                        + " | | | | | | " + Text.duration(r.seconds()) + " |");
                continue;
            }
            LongRangeMeasures m = r.measures();
            double dh = m.gradient().ratio(1, T);
            double dc = m.gradient().cellRatio(1, T);
            noRatio |= !Double.isFinite(dh) || r.cell() == Cell.LSTM && !Double.isFinite(dc);
            out.println("| " + r.cell().cliName() + " | " + r.hidden() + " | " + Text.count(r.parameters()) + " | "
                    + Text.fixed(r.smoothNats() / Math.log(2), 4) + " | " + Text.fixed(r.valNats() / Math.log(2), 4) + " | " + ratio(dh) + " | "
                    + (r.cell() != Cell.LSTM ? "-" : ratio(dc)) + " | " + m.unitText(TextFeature.IN_QUOTES) + " | "
                    + m.unitText(TextFeature.BRACKET_DEPTH) + " | " + Text.duration(r.seconds()) + " |");
        }
        NGramBaseline.Row best = baseline.best();
        out.println("| n-gram, order " + best.order() + " (best of 1.." + maxOrder + ") | | | | " + Text.fixed(best.bitsPerChar(), 4)
                + " | | | | | |");
        out.println();
        out.println("Training bits/char: the trainer's smooth loss (a moving average over about the last 1,000 windows) per character."
                + " Validation bits/char: the first " + Text.count(baseline.scoredChars()) + " characters of the tail, from a zero state."
                + " Gradient ratios: geometric means over the tail's windows of " + T + " characters (the state carried on),"
                + " of the last prediction's gradient " + T + " steps back over 1 step back. Best unit: the largest |r| (Pearson)"
                + " over the units of h and, for the LSTM, of c (layer and unit named)."
                + (layersTotal(rows) > rows.size() ? " With stacked layers the figures above are the top layer's (the one feeding the output)." : "")
                + (noRatio ? " " + NO_RATIO_NOTE : ""));
        out.println();
        printLayers(out, rows);
    }

    private static int layersTotal(List<Row> rows) {
        return rows.stream().mapToInt(r -> r.layers().size()).sum();
    }

    /** One row per cell and layer: the layer's gradient ratios, gate saturation and best units. */
    private void printLayers(PrintWriter out, List<Row> rows) {
        int T = sequenceLength;
        out.println("| cell | layer | \u2016dL/dh\u2016 k=" + T + " / k=1 | \u2016dL/dc\u2016 k=" + T + " / k=1 | gates saturated left / right"
                + " (mean over units) | best unit: inside quotes | best unit: bracket depth |");
        out.println("|:--|--:|--:|--:|:--|:--|:--|");
        for (Row r : rows) {
            for (LayerMeasures l : r.layers()) {
                out.println("| " + r.cell().cliName() + " | " + l.layer() + " | " + ratio(l.gradient().ratio(1, T)) + " | "
                        + (r.cell() != Cell.LSTM ? "-" : ratio(l.gradient().cellRatio(1, T))) + " | " + saturation(l) + " | "
                        + l.unitText(TextFeature.IN_QUOTES) + " | " + l.unitText(TextFeature.BRACKET_DEPTH) + " |");
            }
        }
        out.println();
        out.println("Layer 0 reads the characters; the last layer feeds the output. Gradient ratios as above, of the gradient reaching the layer"
                + " (through the layers above it and through time). Gates saturated: per sigmoid gate, the fraction of steps a unit's gate is"
                + " below 0.1 (left) and above 0.9 (right), averaged over the layer's units, on the first "
                + Text.count(CellComparison.SATURATION_CHARS) + " characters of the tail read from a zero state (Karpathy, Johnson and"
                + " Fei-Fei 2015, Fig. 4); the vanilla cell has no gates.");
    }

    /** "input 3% / 12%, forget 0% / 41%, ..." for a layer's sigmoid gates; "-" when it has none. */
    private static String saturation(LayerMeasures l) {
        List<String> gates = l.saturation().gates();
        if (gates.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (int g = 0; g < gates.size(); g++) {
            parts.add(String.format(Locale.ROOT, "%s %.0f%% / %.0f%%", gates.get(g), 100 * l.meanLeft(g), 100 * l.meanRight(g)));
        }
        return String.join(", ", parts);
    }

    /** Said under the table when a ratio is "n/a". */
    static final String NO_RATIO_NOTE = "n/a: the gradient was already 0 one step back (every unit saturated at ±1,"
            + " as after too high a learning rate), so the ratio is 0/0 and says nothing.";

    /** A gradient ratio, or "n/a" when it is 0/0 or x/0 (no gradient one step back). */
    static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "n/a";
    }
}
