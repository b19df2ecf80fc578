package dev.unroll.cli;

import dev.unroll.architecture.AllowedToStartThreads;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.io.LossCsv;
import dev.unroll.engine.io.ResultsFile;
import dev.unroll.engine.io.RunOutputs;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.sweep.SweepFolder;
import dev.unroll.engine.train.RunHistory;
import dev.unroll.engine.train.RunControl;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code unroll train}: the original experiment's run.py on the command line, with checkpoints,
 * a loss log and a live progress line.
 */
@Command(name = "train",
        description = {"Train a character-level RNN (min-char-rnn's vanilla cell, or an LSTM or GRU with --cell) on a UTF-8 text file.",
                "At the end, writes ni{iterations}-hs{hidden}-is{sequence}-lr{rate}-{yyyy-MM-dd-HHmm}.txt into the output folder:"
                        + " --num-samples samples of --sample-size characters from the final model, separated by blank lines.",
                "Losses are sums over a window of --sequence-length characters, as min-char-rnn prints them;"
                        + " the summary also gives the mean per character and bits per character.",
                "When resuming, the checkpoint's settings are used (--num-samples, --checkpoint-every and --csv-every too);"
                        + " --num-iterations (the total to reach), --learning-rate, --temperature, --sample-frequency, --sample-size,"
                        + " --eval-every, --num-samples, --checkpoint-every, --csv-every, --clip, --clip-value, --threads and the --lr-decay flags"
                        + " may be changed (--optimizer may not: its state is the checkpoint's)."},
        exitCodeList = {UnrollCli.STATUS_OK, UnrollCli.STATUS_ERROR, UnrollCli.STATUS_BAD_INPUT,
                "3:the loss became NaN or infinite (the last healthy checkpoint is kept)",
                "130:interrupted by Ctrl-C (SIGINT), after saving the checkpoint", "143:stopped by SIGTERM, after saving the checkpoint"})
@AllowedToStartThreads("a shutdown hook is a thread: Ctrl+C stops training and saves the checkpoint")
final class TrainCommand extends SubCommand {

    /** Set by {@link UnrollCli}: whether stderr is a terminal. */
    boolean interactive;

    @Mixin
    CorpusFlags.TrainingFile corpusFile = new CorpusFlags.TrainingFile();

    @Option(names = "--num-iterations", paramLabel = "N", description = "Iterations (windows) to train in total (default: 500000).")
    Long numIterations;

    @Option(names = "--num-samples", paramLabel = "N", description = "Samples in the results file (default: 10).")
    Integer numSamples;

    @Option(names = "--cell", paramLabel = "CELL", description = "The recurrent cell: vanilla (min-char-rnn's tanh RNN), lstm or gru,"
            + " as torch.nn.RNN/LSTM/GRU (default: vanilla; when resuming, the checkpoint's).")
    String cell;

    @Option(names = "--hidden-size", paramLabel = "H", description = "Hidden units (default: 100; at most "
            + TrainingConfig.MAX_HIDDEN + ", " + TrainingConfig.MAX_GATED_HIDDEN + " for lstm and gru).")
    Integer hiddenSize;

    @Option(names = "--match-params", paramLabel = "N", description = "Instead of --hidden-size: the hidden size whose model of --cell"
            + " has the parameter count closest to N (to compare cells at the same number of weights); prints both counts.")
    Long matchParams;

    @Option(names = "--sequence-length", paramLabel = "T", description = "Characters per window unrolled in time (default: 25).")
    Integer sequenceLength;

    @Mixin
    LearningRateFlag learningRate = new LearningRateFlag();

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the weights and the sampling; same seed, same run (default: 42).")
    Long seed;

    @Mixin
    SamplingOptions options = new SamplingOptions();

    @Mixin
    SettingsFlags settingsFlags = new SettingsFlags();

    @Mixin
    ThreadsFlag threads = new ThreadsFlag();

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Save the training state to FILE (.npz) every --checkpoint-every iterations, at the end and on Ctrl-C.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Iterations between checkpoints (default: 10000).")
    Long checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue the run saved in FILE, on the same corpus (same vocabulary).")
    Path resume;

    @Option(names = "--loss-csv", paramLabel = "FILE", description = "Write iteration,loss,smooth_loss,val_loss,iterations_per_second to FILE,"
            + " a row every --csv-every iterations and one at the end (losses per window; val_loss per character, empty if none).")
    Path lossCsv;

    @Option(names = "--csv-every", paramLabel = "N", description = "Iterations between CSV rows (default: 100).")
    Long csvEvery;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = ".", description = "Where the results file goes (default: the current folder).")
    Path outputDir;

    @Option(names = "--history-mb", paramLabel = "MB", description = "Megabytes of weights kept from iterations 100, 200, 500, 1,000, ..."
            + " (the run's history, saved with the checkpoint; 'unroll export --at N' draws from it); when full, the densest"
            + " are thinned (the first and newest stay while two fit); 0 keeps none (default: 64; when resuming, 64 unless given).")
    Long historyMb;

    @Option(names = "--quiet", description = "No progress line and no samples while training; only the summary.")
    boolean quiet;

    private static final long PROGRESS_NANOS = 250_000_000L;
    private static final long LOG_LINE_NANOS = 10_000_000_000L;
    private static final long SAMPLE_NANOS = 10_000_000_000L;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        checkFlags();
        // a resumed run saves to the file it resumed from unless --checkpoint says otherwise
        Path saveTo = checkpoint != null ? checkpoint : resume;
        checkOutputs(saveTo);
        // held from before a resumed checkpoint is read until the run ends: no other run writes them meanwhile
        List<OutputLock> locks = new ArrayList<>();
        try {
            if (saveTo != null) {
                locks.add(OutputLock.acquire(saveTo, false, (checkpoint != null ? "--checkpoint " : "the resumed checkpoint ") + saveTo));
            }
            if (lossCsv != null) {
                locks.add(OutputLock.acquire(lossCsv, false, "--loss-csv " + lossCsv));
            }
            return train(out, err, saveTo);
        } finally {
            OutputLock.closeAll(locks);
        }
    }

    private int train(PrintWriter out, PrintWriter err, Path saveTo) {
        Corpus corpus = corpusFile.load();
        Checkpoint.CorpusInfo corpusInfo = Checkpoint.CorpusInfo.of(corpus);
        Checkpoint resumedFrom = resume != null ? Checkpoint.load(resume) : null;
        Trainer trainer = resumedFrom != null ? resumed(resumedFrom, corpus, err) : new Trainer(corpus, newConfig(corpus, out));
        RunOutputs outputs = outputs(resumedFrom != null && resumedFrom.outputs() != null ? resumedFrom.outputs() : RunOutputs.defaults());
        long csvEvery = outputs.logEvery();
        long checkpointEvery = outputs.checkpointEvery();
        TrainingConfig config = trainer.config();
        trainer.setTraceEnabled(false);
        trainer.setStatsEnabled(false); // no view reads them here
        trainer.setPublishInterval(PROGRESS_NANOS / 2);
        trainer.setHistoryBudget(historyMb == null ? RunHistory.DEFAULT_BUDGET_BYTES : historyMb << 20);
        long startIteration = trainer.iteration();

        if (saveTo != null) {
            Checkpoint.Removed stale = Checkpoint.removeStaleTemporaries(saveTo);
            if (!stale.files().isEmpty() && !quiet) {
                err.println("unroll: note: removed " + stale.files().size() + " temporary file" + (stale.files().size() == 1 ? "" : "s")
                        + " (" + Text.count(stale.bytes()) + " bytes) that interrupted saves of " + saveTo + " left behind");
            }
        }
        CheckpointKeeper keeper = saveTo == null ? null
                : new CheckpointKeeper(saveTo, rescueDir(), corpusInfo, outputs, err, trainer.exportState(),
                        resume != null && Outputs.sameFile(saveTo, resume));
        CsvLog csv = lossCsv == null ? null : CsvLog.open(lossCsv, resume != null, startIteration, trainer.elapsedNanos(), err);
        trainer.setIterationListener((iteration, loss, smooth, val, elapsed) -> {
            if (csv != null) {
                if (iteration % csvEvery == 0) {
                    csv.row(iteration, loss, smooth, val, elapsed);
                } else {
                    csv.track(iteration, loss, smooth, val, elapsed);
                }
            }
            if (keeper != null) {
                keeper.onLoss(loss, smooth);
                if (iteration % checkpointEvery == 0) {
                    keeper.save(trainer.exportState());
                }
            }
        });
        Progress progress = new Progress(out, err, interactive, quiet);
        if (!quiet) {
            err.println((resume != null ? "resuming at iteration " + Text.count(startIteration) + " of " : "training ")
                    + corpus.name() + " (" + Text.count(corpus.length()) + " characters, vocabulary " + corpus.vocabulary().size()
                    + "): " + cellText(config) + "hidden " + config.hiddenSize() + ", sequence " + config.sequenceLength() + ", learning rate "
                    + trainer.learningRate() + OptimizerFlags.describe(config) + config.depth().describe() + ", " + Text.count(config.iterations()) + " iterations"
                    + (saveTo != null ? "; checkpoints to " + saveTo : ""));
            err.flush();
        }

        RunControl control = new RunControl();
        CountDownLatch done = new CountDownLatch(1);
        trainer.setThreads(threads.count());
        Thread hook = new Thread(() -> {
            control.stop();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "unroll-ctrl-c");
        boolean hooked = SweepCommand.addHook(hook);
        try {
            RunState state;
            try {
                state = trainer.run(control, progress::onSnapshot);
            } finally {
                progress.finish();
                if (csv != null) {
                    csv.close();
                }
            }
            if (state == RunState.DIVERGED) {
                String kept = keeper == null ? "" : keeper.keepHealthy(trainer.learningRate(), corpus);
                throw new CliExit(UnrollCli.EXIT_DIVERGED, trainer.message() + kept);
            }
            if (keeper != null && keeper.lastSaved() != trainer.iteration()) {
                keeper.save(trainer.exportState());
            }
            if (state == RunState.STOPPED) {
                // printed here, before the finally block releases a waiting shutdown hook: once the
                // hook returns, the JVM halts and a line printed later by the caller would be lost
                err.println("unroll: stopped at iteration " + Text.count(trainer.iteration())
                        + (keeper != null ? "; saved the checkpoint " + keeper.target() + " (continue with --resume " + keeper.target() + ")"
                        : "; no --checkpoint was given, so nothing was saved"));
                err.flush();
                throw CliExit.silent(UnrollCli.EXIT_INTERRUPTED);
            }
            Path results = writeResults(trainer, outputs, corpusInfo, keeper);
            summary(out, trainer, corpus, startIteration, results, outputs, keeper, csv);
            return UnrollCli.EXIT_OK;
        } finally {
            trainer.close();
            done.countDown();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for done, counted down above
                }
            }
        }
    }

    /** Where a checkpoint goes when its own location cannot be written: the workspace's checkpoints folder. */
    static Path rescueDir() {
        return SweepFolder.defaultWorkspace().resolveSibling("checkpoints");
    }

    /**
     * Items that would be found late otherwise: no output may be an input (the corpus, the resumed
     * checkpoint), and every output location can be written. Status 2 and one line.
     */
    private void checkOutputs(Path saveTo) {
        Outputs.notAnInput(saveTo, checkpoint != null ? "--checkpoint" : "the resumed checkpoint", corpusFile.file, "--corpus-file");
        Outputs.notAnInput(lossCsv, "--loss-csv", corpusFile.file, "--corpus-file");
        Outputs.notAnInput(lossCsv, "--loss-csv", resume, "--resume");
        Outputs.notAnInput(lossCsv, "--loss-csv", saveTo, "--checkpoint");
        Outputs.notAnInput(outputDir, "--output-dir", corpusFile.file, "--corpus-file");
        if (saveTo != null) {
            Outputs.writableFile(saveTo, checkpoint != null ? "--checkpoint" : "the resumed checkpoint");
        }
        if (lossCsv != null) {
            Outputs.writableFile(lossCsv, "--loss-csv");
        }
        Outputs.writableFolder(outputDir, "--output-dir");
    }

    private void checkFlags() {
        options.check();
        FlagChecks.positive("--hidden-size", hiddenSize);
        FlagChecks.positive("--match-params", matchParams);
        if (matchParams != null && hiddenSize != null) {
            throw CliExit.badInput("give either --hidden-size or --match-params, not both");
        }
        if (matchParams != null && resume != null) {
            throw CliExit.badInput("--match-params chooses a new run's hidden size; leave it out when resuming");
        }
        CellFlags.parse(cell);
        FlagChecks.positive("--sequence-length", sequenceLength);
        FlagChecks.positive("--num-iterations", numIterations);
        FlagChecks.positive("--checkpoint-every", checkpointEvery);
        FlagChecks.positive("--csv-every", csvEvery);
        threads.check();
        learningRate.check();
        FlagChecks.between("--num-samples", numSamples, 0, RunOutputs.MAX_RESULT_SAMPLES);
        FlagChecks.between("--history-mb", historyMb, 0, MAX_HISTORY_MB);
    }

    /** The largest --history-mb: a terabyte, far above any heap; the heap itself is the practical bound. */
    static final long MAX_HISTORY_MB = 1L << 20;

    private static <T> T or(T value, T dflt) {
        return value != null ? value : dflt;
    }

    private TrainingConfig newConfig(Corpus corpus, PrintWriter out) {
        Cell c = CellFlags.parse(cell);
        TrainingConfig d = TrainingConfig.defaults().withCell(c);
        int hidden = or(hiddenSize, d.hiddenSize());
        if (matchParams != null) {
            int v = corpus.vocabulary().size();
            hidden = CellFlags.matchHidden(c, v, matchParams);
            out.println(CellFlags.matchLine(c, v, matchParams, hidden));
            out.flush();
        }
        return options.config(hidden, or(sequenceLength, d.sequenceLength()),
                learningRate.or(d.learningRate()), or(numIterations, d.iterations()), or(seed, d.seed()), settingsFlags.apply(d));
    }

    /** The output settings: the flags given over {@code saved} (the checkpoint's when resuming, else the defaults). */
    private RunOutputs outputs(RunOutputs saved) {
        return new RunOutputs(or(csvEvery, saved.logEvery()), or(checkpointEvery, saved.checkpointEvery()),
                or(numSamples, saved.resultSamples()));
    }

    /** "lstm, " for a gated cell; nothing for the vanilla one (the lines read as they did before cells). */
    private static String cellText(TrainingConfig c) {
        return c.cell() == Cell.VANILLA ? "" : c.cell().cliName() + ", ";
    }

    private Trainer resumed(Checkpoint cp, Corpus corpus, PrintWriter err) {
        cp.requireVocabularyOf(corpus, "checkpoint " + resume);
        TrainerState s = cp.state();
        TrainingConfig c = s.config();
        differs("--cell", cell == null ? null : CellFlags.parse(cell).cliName(), c.cell().cliName());
        differs("--hidden-size", hiddenSize, c.hiddenSize());
        differs("--sequence-length", sequenceLength, c.sequenceLength());
        differs("--seed", seed, c.seed());
        differs("--val-fraction", options.valFraction, c.valFraction());
        DepthFlags depth = settingsFlags.depth;
        OptimizerFlags optimization = settingsFlags.optimization;
        differs("--layers", depth.layers(), c.depth().layers());
        differs("--batch-size", depth.batchSize(), c.depth().batchSize());
        differs("--dropout", depth.dropout, c.depth().dropout());
        differs("--precision", depth.precision == null ? null : depth.precision.strip(), c.depth().precision().cliName());
        differs("--optimizer", optimization.optimizerGiven() ? optimization.optimizer(null).cliName() : null,
                c.optimization().optimizer().cliName());
        // the validation fraction is the checkpoint's: differs() refused any other
        TrainingConfig config = options.config(c.hiddenSize(), c.sequenceLength(), learningRate.or(c.learningRate()),
                or(numIterations, c.iterations()), c.seed(), optimization.apply(c));
        TrainerState state = new TrainerState(config, s.vocabulary(), s.optimizer(), s.parameters(), s.memory(), s.hidden(),
                s.pointer(), s.iteration(), s.smoothLoss(), s.lastLoss(), s.valLoss(), s.rngState(),
                learningRate.or(s.learningRate()), or(options.temperature, s.temperature()), s.elapsedNanos(), s.samples(), s.history());
        Trainer trainer;
        try {
            trainer = Trainer.resume(corpus, state);
        } catch (BadInputException e) {
            throw new BadInputException("cannot resume from checkpoint " + resume + ": " + e.getMessage());
        }
        // said once the run can go on: a refusal is one line, without a warning before it
        if (!cp.sameCorpus(corpus)) {
            err.println("unroll: warning: " + corpus.name() + " is not the text checkpoint " + resume
                    + " was trained on (" + cp.corpus().name() + "), though it has the same characters");
        }
        if (s.iteration() >= config.iterations()) {
            err.println("unroll: note: checkpoint " + resume + " has already done " + Text.count(s.iteration())
                    + " iterations; raise --num-iterations to train further");
        }
        return trainer;
    }

    /** Refuses a number given when resuming that is not the checkpoint's (status 2, one line). */
    private static void differs(String flag, Number given, Number saved) {
        if (given != null && given.doubleValue() != saved.doubleValue()) {
            refuseChange(flag, given, saved);
        }
    }

    /** Refuses a name given when resuming that is not the checkpoint's, case ignored (status 2, one line). */
    private static void differs(String flag, String given, String saved) {
        if (given != null && !given.equalsIgnoreCase(saved)) {
            refuseChange(flag, given, saved);
        }
    }

    private static void refuseChange(String flag, Object given, Object saved) {
        throw CliExit.badInput(flag + " " + given + " differs from the resumed checkpoint's " + saved + "; leave it out when resuming");
    }

    // ---- results ----

    /**
     * Writes the results file (atomically: a full disk leaves none, not half of one). When that fails
     * the trained run must not be lost: it is in its checkpoint, or saved in the workspace now, and
     * the one line says where.
     */
    private Path writeResults(Trainer trainer, RunOutputs outputs, Checkpoint.CorpusInfo corpusInfo, CheckpointKeeper keeper) {
        String base = ResultsFile.baseName(trainer.config(), trainer.iteration(), LocalDateTime.now());
        try {
            return ResultsFile.writeNew(outputDir, base, ResultsFile.content(trainer, outputs.resultSamples()));
        } catch (UncheckedIOException e) {
            String kept;
            if (keeper != null) {
                kept = "the run is saved in the checkpoint " + keeper.target();
            } else {
                Path rescue = rescueDir().resolve(base + ".npz");
                try {
                    Checkpoint.save(rescue, trainer.exportState(), corpusInfo, outputs);
                    kept = "the run is saved in the checkpoint " + rescue;
                } catch (UncheckedIOException again) {
                    kept = "the run could not be saved in " + rescue + " either (" + Outputs.reason(again.getCause()) + ")";
                }
            }
            throw new UncheckedIOException(e.getMessage() + "; " + kept, e.getCause());
        }
    }

    private void summary(PrintWriter out, Trainer trainer, Corpus corpus, long startIteration, Path results, RunOutputs outputs,
                         CheckpointKeeper keeper, CsvLog csv) {
        TrainingConfig c = trainer.config();
        double seconds = trainer.elapsedNanos() / 1e9;
        long done = trainer.iteration();
        double smooth = trainer.smoothLoss();
        int T = c.sequenceLength();
        double perChar = smooth / T;
        out.println("trained " + Text.count(done) + " iterations" + (startIteration > 0 ? " (" + Text.count(done - startIteration)
                + " in this session)" : "") + " on " + corpus.name() + ", " + cellText(c) + "hidden " + c.hiddenSize() + ", sequence " + T
                + ", learning rate " + trainer.learningRate() + ", in " + Text.duration(seconds)
                + (seconds > 0 ? " (" + Text.count(Math.round(done / seconds)) + " iterations/s)" : ""));
        out.println("smooth loss, sum over a " + T + "-character window: " + Text.fixed(smooth, 4));
        out.println("smooth loss, mean per character:          " + Text.fixed(perChar, 4) + " nats");
        out.println("smooth loss, bits per character:          " + Text.fixed(perChar / Math.log(2), 4));
        double val = trainer.valLoss();
        if (Double.isFinite(val)) {
            out.println("validation loss, mean per character:      " + Text.fixed(val, 4) + " nats ("
                    + Text.fixed(val / Math.log(2), 4) + " bits)");
        }
        out.println("samples: " + results + " (" + outputs.resultSamples() + " of " + c.sampleLength() + " characters)");
        if (keeper != null) {
            out.println("checkpoint: " + keeper.target());
        }
        out.println(historyLine(trainer, keeper != null));
        if (csv != null) {
            out.println("loss log: " + lossCsv + (csv.failure() == null ? " (a row every " + Text.count(outputs.logEvery()) + " iterations)"
                    : " NOT complete: " + csv.failure()));
        }
        out.flush();
    }

    /**
     * The summary's line on the history: "history: 4 entries kept (iterations 100 to 1,000), 0.74 MB of 64 MB, in the
     * checkpoint", or that it was off.
     */
    static String historyLine(Trainer trainer, boolean saved) {
        RunHistory.Usage u = trainer.historyUsage();
        if (u.entries() == 0) {
            return u.budget() == 0 ? "history: off (--history-mb 0)"
                    : "history: none kept yet (the first is kept after iteration " + Text.count(RunHistory.FIRST) + ")";
        }
        return "history: " + u.entries() + (u.entries() == 1 ? " entry" : " entries") + " kept (iteration" + (u.entries() == 1 ? " " : "s ")
                + Text.count(u.first()) + (u.entries() == 1 ? "" : " to " + Text.count(u.last())) + "), "
                + Text.fixed(u.bytes() / (double) (1 << 20), 2) + " MB of " + Text.count(u.budget() >> 20) + " MB"
                + (saved ? ", in the checkpoint" : ", not saved (no --checkpoint)");
    }

    // ---- the loss log ----

    /** The loss log ({@link LossCsv}); rows are written on the training thread, a few per second at most. */
    static final class CsvLog {
        private final Path file;
        private final BufferedWriter w;
        private long lastIteration = -1;
        private long lastElapsed;
        private long lastRowIteration = -1;
        private double loss;
        private double smooth;
        private double val;
        private long elapsed;

        private final PrintWriter err;
        private String failure;

        private CsvLog(Path file, BufferedWriter w, long lastIteration, long lastElapsed, PrintWriter err) {
            this.file = file;
            this.err = err;
            this.w = w;
            this.lastIteration = lastIteration;
            this.lastElapsed = lastElapsed;
        }

        /**
         * Opens the log. When resuming at {@code resumeAt} an existing log is continued: its
         * rows after that iteration (from a run that went on past its last checkpoint) are dropped.
         */
        static CsvLog open(Path file, boolean resuming, long resumeAt, long elapsedNanos, PrintWriter err) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                List<String> keep = new ArrayList<>();
                if (resuming && Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    if (!lines.isEmpty() && lines.get(0).equals(LossCsv.HEADER)) {
                        for (String line : lines.subList(1, lines.size())) {
                            int comma = line.indexOf(',');
                            try {
                                if (comma > 0 && Long.parseLong(line.substring(0, comma)) <= resumeAt) {
                                    keep.add(line);
                                }
                            } catch (NumberFormatException ignored) {
                                // not a row of ours
                            }
                        }
                    }
                }
                BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                w.write(LossCsv.HEADER);
                w.write('\n');
                for (String line : keep) {
                    w.write(line);
                    w.write('\n');
                }
                return new CsvLog(file, w, resumeAt, elapsedNanos, err);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the loss log " + file + ": " + e.getMessage(), e);
            }
        }

        void row(long iteration, double loss, double smooth, double val, long elapsedNanos) {
            this.loss = loss;
            this.smooth = smooth;
            this.val = val;
            this.elapsed = elapsedNanos;
            write(iteration);
        }

        private void write(long iteration) {
            double rate = Double.NaN;
            if (elapsed > lastElapsed && iteration > lastIteration) {
                rate = (iteration - lastIteration) * 1e9 / (elapsed - lastElapsed);
            }
            if (failure != null) {
                return;
            }
            try {
                w.write(LossCsv.appendRow(new StringBuilder(96), iteration, loss, smooth, val, rate).toString());
            } catch (IOException e) {
                failed(e);
            }
            lastIteration = iteration;
            lastElapsed = elapsed;
            lastRowIteration = iteration;
        }

        /** Remembers the latest numbers without writing (for the final row). */
        void track(long iteration, double loss, double smooth, double val, long elapsedNanos) {
            this.loss = loss;
            this.smooth = smooth;
            this.val = val;
            this.elapsed = elapsedNanos;
            this.pending = iteration;
        }

        private long pending = -1;

        void close() {
            if (pending > lastRowIteration) {
                write(pending);
            }
            try {
                w.close();
            } catch (IOException e) {
                failed(e);
            }
        }

        /**
         * A row could not be written (a full disk): training goes on without the log, which is said
         * once now and again in the summary; the rows written before stay.
         */
        private void failed(IOException e) {
            failure = "could not write the loss log " + file + " after iteration " + Text.count(lastRowIteration) + " ("
                    + Outputs.reason(e) + ")";
            err.println("unroll: warning: " + failure + "; training goes on without it");
            err.flush();
        }

        /** Why the log stopped, or null when it is complete. */
        String failure() {
            return failure;
        }
    }

    // ---- progress on the terminal ----

    /** The progress line on stderr and, now and then, the newest sample on stdout. */
    static final class Progress {
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean interactive;
        private final boolean quiet;
        private long lastLine;
        private long lastSampleShown;
        private Sample shown;
        private int width;
        private boolean started;

        Progress(PrintWriter out, PrintWriter err, boolean interactive, boolean quiet) {
            this.out = out;
            this.err = err;
            this.interactive = interactive;
            this.quiet = quiet;
            this.lastSampleShown = System.nanoTime();
        }

        void onSnapshot(TrainingSnapshot s) {
            if (quiet) {
                return;
            }
            long now = System.nanoTime();
            boolean terminal = s.state().isTerminal();
            if (!started) {
                started = true;
                lastLine = now - (interactive ? PROGRESS_NANOS : 0);
            }
            Sample latest = s.latestSample();
            if (latest != null && latest != shown && now - lastSampleShown >= SAMPLE_NANOS) {
                shown = latest;
                lastSampleShown = now;
                clear();
                out.println("---- sample at iteration " + Text.count(latest.iteration()) + " (smooth loss "
                        + Text.fixed(latest.smoothLoss(), 2) + ") ----");
                out.println(latest.text());
                out.println("----");
                out.flush();
                lastLine = now - PROGRESS_NANOS;
            }
            if (now - lastLine >= (interactive ? PROGRESS_NANOS : LOG_LINE_NANOS) || (terminal && interactive)) {
                lastLine = now;
                String line = line(s);
                if (interactive) {
                    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                    width = line.length();
                } else {
                    err.println(line);
                }
                err.flush();
            }
        }

        private void clear() {
            if (interactive && width > 0) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
                width = 0;
            }
        }

        static String line(TrainingSnapshot s) {
            double pct = 100.0 * s.progress();
            String eta = Double.isFinite(s.etaSeconds()) ? "  ETA " + Text.duration(s.etaSeconds()) : "";
            return "iter " + Text.count(s.iteration()) + "/" + Text.count(s.totalIterations()) + " (" + Text.fixed(pct, 1)
                    + "%)  smooth loss " + Text.fixed(s.smoothLoss(), 3) + " (" + Text.fixed(s.smoothBitsPerChar(), 3)
                    + " bits/char)  " + Text.count(Math.round(s.itersPerSecond())) + " it/s" + eta;
        }

        void finish() {
            if (interactive && width > 0) {
                err.println();
                err.flush();
            }
        }
    }
}
