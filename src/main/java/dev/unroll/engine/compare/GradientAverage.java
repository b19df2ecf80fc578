package dev.unroll.engine.compare;

import dev.unroll.engine.inspect.VanishingGradient;
import dev.unroll.engine.model.GradientFlow;

/**
 * One cell's vanishing-gradient curve averaged over the training windows analysed so far, so that
 * the curve drawn does not hang on the one window that happened to be analysed last. Two averages,
 * both geometric (the norms span orders of magnitude, so the logarithms are averaged, and the ratio
 * of two averaged points is the average of the windows' ratios, as {@link VanishingGradient.Mean#ratio} says):
 * <ul>
 *   <li>{@link #recent()}: an exponential average of log ||dL_T/dh_{T-k}|| with weight
 *       {@value #RECENT_WEIGHT} for the newest window (about the last {@code 1 / RECENT_WEIGHT} windows
 *       count), the plain mean while fewer windows than that were seen;</li>
 *   <li>{@link #start()}: the plain mean of the first {@value #START_WINDOWS} windows, kept from then on:
 *       the curve before training had shaped the weights.</li>
 * </ul>
 * Not thread-safe: one trainer's thread adds; what it returns is immutable and may be published.
 * Adding costs T + 1 logarithms and no allocation besides the returned arrays.
 */
final class GradientAverage {
    /** Weight of the newest window in the recent average. */
    static final double RECENT_WEIGHT = 0.05;
    /** Windows the start curve averages. */
    static final int START_WINDOWS = 10;

    private double[] logDh;
    private double[] logDc;
    private double[] startDh;
    private double[] startDc;
    private int windows;
    private VanishingGradient.Mean recent;
    private VanishingGradient.Mean start;

    /** Takes in one window's curve; a curve with a zero or non-finite norm (a blown-up run) is left out. */
    void add(GradientFlow f) {
        if (!usable(f.dh()) || (f.dc() != null && !usable(f.dc()))) {
            return;
        }
        if (logDh == null) {
            logDh = new double[f.dh().length];
            startDh = new double[f.dh().length];
            if (f.dc() != null) {
                logDc = new double[f.dc().length];
                startDc = new double[f.dc().length];
            }
        }
        windows++;
        double w = Math.max(RECENT_WEIGHT, 1.0 / windows);
        mix(logDh, f.dh(), w);
        if (logDc != null) {
            mix(logDc, f.dc(), w);
        }
        recent = new VanishingGradient.Mean(exp(logDh), logDc == null ? null : exp(logDc), windows);
        if (windows <= START_WINDOWS) {
            mix(startDh, f.dh(), 1.0 / windows);
            if (startDc != null) {
                mix(startDc, f.dc(), 1.0 / windows);
            }
            start = new VanishingGradient.Mean(exp(startDh), startDc == null ? null : exp(startDc), windows);
        }
    }

    /** The average of the recent windows, or null before the first. */
    VanishingGradient.Mean recent() {
        return recent;
    }

    /** The average of the first {@value #START_WINDOWS} windows (of those seen, while fewer), or null before the first. */
    VanishingGradient.Mean start() {
        return start;
    }

    private static boolean usable(double[] norms) {
        for (double v : norms) {
            if (!(v > 0 && Double.isFinite(v))) {
                return false;
            }
        }
        return true;
    }

    /** logs[k] += w * (log(values[k]) - logs[k]). */
    private static void mix(double[] logs, double[] values, double w) {
        for (int k = 0; k < logs.length; k++) {
            logs[k] += w * (Math.log(values[k]) - logs[k]);
        }
    }

    private static double[] exp(double[] logs) {
        double[] out = new double[logs.length];
        for (int k = 0; k < logs.length; k++) {
            out[k] = Math.exp(logs[k]);
        }
        return out;
    }
}
