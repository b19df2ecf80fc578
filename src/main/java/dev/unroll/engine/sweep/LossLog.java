package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.io.LossCsv;
import dev.unroll.engine.train.LossHistory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A run's loss curve as the sweep keeps it: one row every log interval (iteration, window loss,
 * smooth loss, both summed over a window, the latest validation loss per character, and the
 * training speed since the previous row). It is written as {@code loss.csv}, in the one loss-CSV
 * format ({@link LossCsv}, as {@code unroll train --loss-csv} writes it); a resumed run reads it back up to its checkpoint's iteration, so
 * the curve of an interrupted and resumed run is the curve of an uninterrupted one.
 * Not thread-safe: one run's thread owns it.
 */
public final class LossLog {
    private long[] iteration = new long[256];
    private double[] loss = new double[256];
    private double[] smooth = new double[256];
    private double[] val = new double[256];
    private double[] rate = new double[256];
    private int size;

    /** Adds a row; {@code r} is the iterations per second since the previous row (NaN if unknown). */
    public void add(long it, double l, double s, double v, double r) {
        if (size == iteration.length) {
            int n = size * 2;
            iteration = Arrays.copyOf(iteration, n);
            loss = Arrays.copyOf(loss, n);
            smooth = Arrays.copyOf(smooth, n);
            val = Arrays.copyOf(val, n);
            rate = Arrays.copyOf(rate, n);
        }
        iteration[size] = it;
        loss[size] = l;
        smooth[size] = s;
        val[size] = v;
        rate[size] = r;
        size++;
    }

    public int size() {
        return size;
    }

    public long[] iterations() {
        return Arrays.copyOf(iteration, size);
    }

    public double[] losses() {
        return Arrays.copyOf(loss, size);
    }

    public double[] smoothLosses() {
        return Arrays.copyOf(smooth, size);
    }

    public double[] valLosses() {
        return Arrays.copyOf(val, size);
    }

    /** The log as the text of a loss CSV ({@link LossCsv}), header included. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(LossCsv.HEADER.length() + 1 + size * 64).append(LossCsv.HEADER).append('\n');
        for (int i = 0; i < size; i++) {
            LossCsv.appendRow(sb, iteration[i], loss[i], smooth[i], val[i], rate[i]);
        }
        return sb.toString();
    }

    /**
     * The log as a loss history ({@link dev.unroll.engine.train.LossHistory.View}): one point per row (its
     * range the loss itself), and a validation point where the validation loss changes.
     */
    public LossHistory.View toHistory() {
        long[] it = Arrays.copyOf(iteration, size);
        double[] l = Arrays.copyOf(loss, size);
        List<long[]> valIt = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        double last = Double.NaN;
        for (int i = 0; i < size; i++) {
            if (!Double.isNaN(val[i]) && Double.compare(val[i], last) != 0) {
                valIt.add(new long[] {iteration[i]});
                valLoss.add(val[i]);
                last = val[i];
            }
        }
        return new LossHistory.View(it, l, l.clone(), l.clone(), Arrays.copyOf(smooth, size),
                valIt.stream().mapToLong(a -> a[0]).toArray(), valLoss.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Reads a loss CSV, keeping the rows up to {@code maxIteration}; {@code what} names the file in messages. */
    public static LossLog parse(String what, String csv, long maxIteration) {
        LossLog log = new LossLog();
        String[] lines = csv.split("\\R");
        if (lines.length == 0 || !lines[0].strip().equals(LossCsv.HEADER)) {
            throw new BadInputException(what + " is not a loss log (its first line should be '" + LossCsv.HEADER + "')");
        }
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] c = line.split(",", -1);
            if (c.length != 5) {
                throw new BadInputException(what + ", line " + (i + 1) + ": expected 5 cells, found " + c.length);
            }
            try {
                long it = Long.parseLong(c[0]);
                if (it > maxIteration) {
                    break;
                }
                log.add(it, num(c[1]), num(c[2]), num(c[3]), num(c[4]));
            } catch (NumberFormatException e) {
                throw new BadInputException(what + ", line " + (i + 1) + ": not a number: " + line);
            }
        }
        return log;
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LossLog(%d rows)", size);
    }
}
