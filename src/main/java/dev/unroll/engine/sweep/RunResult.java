package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one run of a sweep: one row of the summary table.
 *
 * @param spec           the run
 * @param status         how it ended (or that it has not)
 * @param iteration      iterations done
 * @param divergedAt     the iteration whose loss was not finite (0 unless diverged)
 * @param loss           the final smooth loss, summed over a window as min-char-rnn printed it (NaN if none)
 * @param valLoss        the last validation loss, mean per character (NaN without a validation split)
 * @param bitsPerChar    {@code valLoss / ln 2} with a validation split, else the smooth loss per character / ln 2
 * @param itersPerSecond iterations per second of training time
 * @param trainingNanos  training time (pauses excluded, summed over resumed sessions)
 * @param resultsFile    the name of the run's results file in its folder, or "" when not written
 * @param message        why it diverged, stopped or failed; "" when finished
 */
public record RunResult(RunSpec spec, RunStatus status, long iteration, long divergedAt, double loss, double valLoss,
                        double bitsPerChar, double itersPerSecond, long trainingNanos, String resultsFile, String message) {

    public RunResult {
        resultsFile = resultsFile == null ? "" : resultsFile;
        message = message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }

    /** A run that has not started. */
    public static RunResult pending(RunSpec spec) {
        return new RunResult(spec, RunStatus.PENDING, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, "", "");
    }

    /** The same result with another status and message. */
    public RunResult with(RunStatus s, String why) {
        return new RunResult(spec, s, iteration, divergedAt, loss, valLoss, bitsPerChar, itersPerSecond, trainingNanos, resultsFile, why);
    }

    /** The loss column as the original's table had it: "N/A" for a diverged run, blank when not known. */
    public String lossText() {
        if (status == RunStatus.DIVERGED) {
            return "N/A";
        }
        return number(loss, 4);
    }

    /** The loss to rank runs by: diverged and lossless runs rank last. */
    public double rankLoss() {
        return status == RunStatus.DIVERGED || !Double.isFinite(loss) ? Double.POSITIVE_INFINITY : loss;
    }

    /** Training time in seconds. */
    public double trainingSeconds() {
        return trainingNanos / 1e9;
    }

    /** "1h 02m 03s", "4m 05s", "6.1s". */
    public String trainingTimeText() {
        return duration(trainingNanos);
    }

    /** A duration as people read it. */
    public static String duration(long nanos) {
        double s = nanos / 1e9;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        long t = Math.round(s);
        if (t < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", t / 60, t % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm %02ds", t / 3600, t / 60 % 60, t % 60);
    }

    /** A number with {@code digits} decimals, or "" when NaN. */
    public static String number(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "";
    }

    // ---- run.properties ----

    /** The run's record file, {@code run.properties}. */
    public String toText() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("run", spec.id());
        m.put("folder", spec.folderName());
        m.put("hidden_size", String.valueOf(spec.config().hiddenSize()));
        m.put("learning_rate", String.valueOf(spec.config().learningRate()));
        m.put("sequence_length", String.valueOf(spec.config().sequenceLength()));
        m.put("seed", String.valueOf(spec.config().seed()));
        m.put("status", status.label());
        m.put("iteration", String.valueOf(iteration));
        m.put("diverged_at", String.valueOf(divergedAt));
        m.put("loss", String.valueOf(loss));
        m.put("val_loss", String.valueOf(valLoss));
        m.put("bits_per_char", String.valueOf(bitsPerChar));
        m.put("iters_per_second", String.valueOf(itersPerSecond));
        m.put("training_nanos", String.valueOf(trainingNanos));
        m.put("results_file", resultsFile);
        m.put("message", message);
        return PropertiesText.write(" Unroll sweep run " + spec.id(), m);
    }

    /** Reads a run record written by {@link #toText()} for this run; {@code what} names the file in messages. */
    public static RunResult parse(RunSpec spec, String what, String text) {
        Map<String, String> m = PropertiesText.read(what, text);
        RunStatus status;
        try {
            status = RunStatus.valueOf(PropertiesText.require(m, what, "status").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(what + ": unknown status " + m.get("status"));
        }
        if (status == RunStatus.RUNNING || status == RunStatus.PAUSED) {
            status = RunStatus.STOPPED; // the process that ran it is gone
        }
        return new RunResult(spec, status, PropertiesText.requireLong(m, what, "iteration"),
                PropertiesText.requireLong(m, what, "diverged_at"), PropertiesText.requireDouble(m, what, "loss"),
                PropertiesText.requireDouble(m, what, "val_loss"), PropertiesText.requireDouble(m, what, "bits_per_char"),
                PropertiesText.requireDouble(m, what, "iters_per_second"), PropertiesText.requireLong(m, what, "training_nanos"),
                m.getOrDefault("results_file", ""), m.getOrDefault("message", ""));
    }
}
