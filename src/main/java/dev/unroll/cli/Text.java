package dev.unroll.cli;

import dev.unroll.engine.io.ResultsFile;

import java.util.Locale;

/** Number and duration formatting for the command line's output. */
final class Text {
    private Text() {
    }

    /** 1234567 as "1,234,567". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A duration as "1h02m03s", "4m05s" or "6.7 s". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        if (seconds < 60) {
            return fixed(seconds, 1) + " s";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = s % 3600 / 60;
        long r = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%dh%02dm%02ds", h, m, r) : String.format(Locale.ROOT, "%dm%02ds", m, r);
    }

    /** A rate as Python's str() prints it in the original file names: 0.1, 0.01, 0.001, 1.0. */
    static String rate(double v) {
        return ResultsFile.rate(v);
    }
}
