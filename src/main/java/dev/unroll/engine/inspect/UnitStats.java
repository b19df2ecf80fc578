package dev.unroll.engine.inspect;

import java.util.Arrays;

/**
 * Per-unit statistics of a probe's hidden states: mean, variance, the fraction of characters where
 * the unit is saturated (|h| &gt; {@value #SATURATED}; for a sigmoid gate, below
 * {@link GateSaturation#LOW} or above {@link GateSaturation#HIGH}, shut or open), and a histogram of
 * all activations.
 *
 * @param mean          per unit (H)
 * @param variance      per unit, population variance (H)
 * @param saturated     per unit, fraction of characters with |h| &gt; {@value #SATURATED} (H)
 * @param histogram     counts of all T x H activations in {@link #BINS} equal bins over [-1, 1] (a value outside,
 *                      as the LSTM's cell state c may take, counts in the end bin on its side)
 * @param saturatedAll  fraction of all activations with |h| &gt; {@value #SATURATED}
 */
public record UnitStats(double[] mean, double[] variance, double[] saturated, long[] histogram, double saturatedAll) {
    /** |h| above this counts as saturated. */
    public static final double SATURATED = 0.9;
    /** Histogram bins over [-1, 1]. */
    public static final int BINS = 40;

    public static UnitStats of(ProbeResult r) {
        int T = r.length();
        int H = r.hiddenSize();
        double[] h = r.hidden();
        double[] mean = new double[H];
        double[] var = new double[H];
        double[] sat = new double[H];
        long[] hist = new long[BINS];
        long satAll = 0;
        boolean sigmoid = r.layer().sigmoid();
        for (int t = 0; t < T; t++) {
            int off = t * H;
            for (int u = 0; u < H; u++) {
                double v = h[off + u];
                mean[u] += v;
                if (sigmoid ? v < GateSaturation.LOW || v > GateSaturation.HIGH : Math.abs(v) > SATURATED) {
                    sat[u]++;
                    satAll++;
                }
                int b = (int) Math.floor((v + 1) / 2 * BINS);
                hist[Math.max(0, Math.min(BINS - 1, b))]++;
            }
        }
        for (int u = 0; u < H; u++) {
            mean[u] = T == 0 ? 0 : mean[u] / T;
        }
        for (int t = 0; t < T; t++) {
            int off = t * H;
            for (int u = 0; u < H; u++) {
                double d = h[off + u] - mean[u];
                var[u] += d * d;
            }
        }
        for (int u = 0; u < H; u++) {
            var[u] = T == 0 ? 0 : var[u] / T;
            sat[u] = T == 0 ? 0 : sat[u] / T;
        }
        double all = T == 0 ? 0 : (double) satAll / ((long) T * H);
        return new UnitStats(mean, var, sat, hist, all);
    }

    /**
     * Pearson's r between every unit and a feature (length T). A unit or a feature that is constant
     * over the probe has no correlation: its entry is NaN.
     */
    public static double[] correlations(ProbeResult r, double[] feature) {
        int T = r.length();
        int H = r.hiddenSize();
        if (feature.length != T) {
            throw new IllegalArgumentException("feature has " + feature.length + " values for " + T + " characters");
        }
        double[] out = new double[H];
        if (T < 2) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        double fm = 0;
        for (double f : feature) {
            fm += f;
        }
        fm /= T;
        double fss = 0;
        for (double f : feature) {
            fss += (f - fm) * (f - fm);
        }
        double[] h = r.hidden();
        double[] mean = new double[H];
        for (int t = 0; t < T; t++) {
            for (int u = 0; u < H; u++) {
                mean[u] += h[t * H + u];
            }
        }
        for (int u = 0; u < H; u++) {
            mean[u] /= T;
        }
        double[] cov = new double[H];
        double[] ss = new double[H];
        for (int t = 0; t < T; t++) {
            double fd = feature[t] - fm;
            int off = t * H;
            for (int u = 0; u < H; u++) {
                double d = h[off + u] - mean[u];
                cov[u] += d * fd;
                ss[u] += d * d;
            }
        }
        for (int u = 0; u < H; u++) {
            double den = Math.sqrt(ss[u] * fss);
            out[u] = den > 1e-12 ? cov[u] / den : Double.NaN;
        }
        return out;
    }

    /** Pearson's r of two series of equal length; NaN when either is constant. */
    public static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double c = 0;
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < n; i++) {
            c += (a[i] - ma) * (b[i] - mb);
            sa += (a[i] - ma) * (a[i] - ma);
            sb += (b[i] - mb) * (b[i] - mb);
        }
        double den = Math.sqrt(sa * sb);
        return den > 1e-12 ? c / den : Double.NaN;
    }
}
