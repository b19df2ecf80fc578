package dev.unroll.engine.io;

import dev.unroll.engine.train.LossHistory;

import java.util.Locale;

/**
 * The one loss-CSV format of Unroll and its writer, used by {@code unroll train --loss-csv}, by each
 * sweep run's {@code loss.csv} and by the app's CSV export. A header line {@value #HEADER}, then a
 * row per logged iteration, lines ending in {@code \n}:
 * <ul>
 *   <li>{@code iteration}: iterations done;</li>
 *   <li>{@code loss}: that iteration's window loss, summed over a window of sequence-length
 *       characters (in the app's export, a point that stands for a bucket of older iterations holds
 *       the bucket's mean);</li>
 *   <li>{@code smooth_loss}: the smooth loss, summed over a window;</li>
 *   <li>{@code val_loss}: the latest validation loss per character at that iteration;</li>
 *   <li>{@code iterations_per_second}: the training speed since the previous row, one decimal.</li>
 * </ul>
 * Losses are written with {@link Double#toString(double)}, so they read back to the same bits; an
 * unknown value (NaN; for the speed anything not finite) is an empty cell. Files written by earlier
 * versions are in this format and are kept by users: it only ever grows by columns at the end.
 * {@code LossLog.parse} (in the sweep package) reads it back.
 */
public final class LossCsv {
    /** The header line (without its line end). */
    public static final String HEADER = "iteration,loss,smooth_loss,val_loss,iterations_per_second";

    private LossCsv() {
    }

    /**
     * Appends one row, with its line end, to {@code out} and returns {@code out}.
     *
     * @param valLoss           the latest validation loss per character, NaN if none
     * @param iterationsPerSecond the speed since the previous row, NaN if unknown
     */
    public static StringBuilder appendRow(StringBuilder out, long iteration, double loss, double smoothLoss, double valLoss,
                                          double iterationsPerSecond) {
        out.append(iteration).append(',');
        cell(out, loss).append(',');
        cell(out, smoothLoss).append(',');
        cell(out, valLoss).append(',');
        if (Double.isFinite(iterationsPerSecond)) {
            out.append(String.format(Locale.ROOT, "%.1f", iterationsPerSecond));
        }
        return out.append('\n');
    }

    /**
     * A run's loss history (what the app keeps of it) as the text of a loss CSV, header included:
     * one row per point of the history, the validation loss of each row the latest one measured at
     * or before its iteration, the speed column empty (the history keeps no times).
     */
    public static String of(LossHistory.View v) {
        StringBuilder sb = new StringBuilder(HEADER.length() + 1 + v.size() * 64).append(HEADER).append('\n');
        long[] valIteration = v.valIteration();
        int j = 0;
        double val = Double.NaN;
        for (int i = 0; i < v.size(); i++) {
            long it = v.iteration()[i];
            while (j < valIteration.length && valIteration[j] <= it) {
                val = v.valLoss()[j++];
            }
            appendRow(sb, it, v.loss()[i], v.smooth()[i], val, Double.NaN);
        }
        return sb.toString();
    }

    private static StringBuilder cell(StringBuilder out, double v) {
        return Double.isNaN(v) ? out : out.append(v);
    }
}
