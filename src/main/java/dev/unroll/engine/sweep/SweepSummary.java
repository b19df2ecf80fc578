package dev.unroll.engine.sweep;

import dev.unroll.engine.train.OptimizerKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison table of a sweep, as Markdown (for reading and for a talk's slides) and CSV (for
 * a spreadsheet). Its columns are the original experiment's (run id, hidden size, learning rate,
 * loss) followed by the cell, sequence length, seed, validation loss, bits per character, iterations per
 * second, training time, status and the results file's name; when a run has stacked layers, a batch or an
 * optimizer other than the seed's, also its layers, batch size and optimizer ({@link #DEPTH_COLUMNS}). A diverged
 * run has "N/A" as its loss and the iteration where it diverged.
 */
public final class SweepSummary {
    private SweepSummary() {
    }

    public static final List<String> CSV_COLUMNS = List.of("run_id", "hidden_size", "learning_rate", "loss", "cell",
            "sequence_length", "seed", "val_loss", "bits_per_char", "iters_per_second", "wall_time_s", "status",
            "diverged_at", "iterations", "results_file");
    /**
     * Columns added after {@link #CSV_COLUMNS} (and after the cell in Markdown) when a run has layers, a batch size or
     * an optimizer other than the seed's (1, 1, adagrad), so a sweep of the seed's settings reads as before.
     */
    public static final List<String> DEPTH_COLUMNS = List.of("layers", "batch_size", "optimizer");

    /** Whether any run has layers, a batch size or an optimizer other than the seed's: then the tables show them. */
    static boolean showsDepth(List<RunResult> results) {
        return results.stream().map(r -> r.spec().config()).anyMatch(c -> c.depth().layers() != 1 || c.depth().batchSize() != 1
                || c.optimization().optimizer() != OptimizerKind.ADAGRAD);
    }

    /** The summary's title: the sweep's name ("Sweep" when it has none) on its corpus's name. */
    public static String title(SweepManifest manifest) {
        return (manifest.name().isBlank() ? "Sweep" : manifest.name()) + " on " + manifest.corpus().name();
    }

    /** The table in Markdown, runs in the order given, with a note on the units. */
    public static String markdown(String title, List<RunResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        boolean depth = showsDepth(results);
        sb.append("| run id | hidden size | learning rate | loss | cell" + (depth ? " | layers | batch | optimizer" : "")
                + " | seq. length | seed | val. loss | bits/char | iter/s | wall time | status | results file |\n");
        sb.append("|---:|---:|---:|---:|:---" + (depth ? "|---:|---:|:---" : "") + "|---:|---:|---:|---:|---:|---:|:---|:---|\n");
        for (RunResult r : results) {
            var c = r.spec().config();
            sb.append("| ").append(r.spec().id())
                    .append(" | ").append(c.hiddenSize())
                    .append(" | ").append(SweepGrid.formatRate(c.learningRate()))
                    .append(" | ").append(lossCell(r))
                    .append(" | ").append(c.cell().cliName());
            if (depth) {
                sb.append(" | ").append(c.depth().layers()).append(" | ").append(c.depth().batchSize())
                        .append(" | ").append(c.optimization().optimizer().cliName());
            }
            sb.append(" | ").append(c.sequenceLength())
                    .append(" | ").append(c.seed())
                    .append(" | ").append(dash(RunResult.number(r.valLoss(), 4)))
                    .append(" | ").append(dash(RunResult.number(r.bitsPerChar(), 3)))
                    .append(" | ").append(dash(RunResult.number(r.itersPerSecond(), 0)))
                    .append(" | ").append(r.trainingNanos() > 0 ? r.trainingTimeText() : "-")
                    .append(" | ").append(statusCell(r))
                    .append(" | ").append(r.resultsFile().isEmpty() ? "-" : "`" + r.resultsFile() + "`")
                    .append(" |\n");
        }
        sb.append("\nLoss: the final smooth loss summed over a window of sequence-length characters (as min-char-rnn prints it). ")
                .append("Validation loss: mean per character on the held-out tail. ")
                .append("Bits per character: the validation loss per character / ln 2 when there is a validation split, else the smooth loss's. ")
                .append("Wall time: training time of the run (pauses excluded).\n");
        return sb.toString();
    }

    private static String lossCell(RunResult r) {
        if (r.status() == RunStatus.DIVERGED) {
            return "N/A (diverged at " + r.divergedAt() + ")";
        }
        return dash(r.lossText());
    }

    private static String statusCell(RunResult r) {
        if (r.status() == RunStatus.FINISHED || r.status() == RunStatus.DIVERGED) {
            return r.status().label();
        }
        String s = r.status().label() + " at " + r.iteration() + "/" + r.spec().config().iterations();
        return r.message().isEmpty() ? s : s + ": " + r.message().replace("|", "/");
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    /** The table as CSV (RFC 4180 quoting), a header row then one row per run. */
    public static String csv(List<RunResult> results) {
        boolean depth = showsDepth(results);
        StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append(depth ? "," + String.join(",", DEPTH_COLUMNS) : "").append('\n');
        for (RunResult r : results) {
            var c = r.spec().config();
            List<String> cells = new ArrayList<>(List.of(r.spec().id(), String.valueOf(c.hiddenSize()), SweepGrid.formatRate(c.learningRate()),
                    r.status() == RunStatus.DIVERGED ? "N/A" : RunResult.number(r.loss(), 6), c.cell().cliName(),
                    String.valueOf(c.sequenceLength()), String.valueOf(c.seed()), RunResult.number(r.valLoss(), 6),
                    RunResult.number(r.bitsPerChar(), 6), RunResult.number(r.itersPerSecond(), 1),
                    String.format(Locale.ROOT, "%.3f", r.trainingSeconds()), r.status().label(),
                    r.status() == RunStatus.DIVERGED ? String.valueOf(r.divergedAt()) : "",
                    String.valueOf(r.iteration()), r.resultsFile()));
            if (depth) {
                cells.addAll(List.of(String.valueOf(c.depth().layers()), String.valueOf(c.depth().batchSize()),
                        c.optimization().optimizer().cliName()));
            }
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(quote(cells.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
