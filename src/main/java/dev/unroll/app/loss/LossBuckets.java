package dev.unroll.app.loss;

import org.jfree.data.Range;

/**
 * Thins a loss history to about one point per pixel column before drawing: the points inside a
 * domain window (all when none) fall into equal-width buckets along the iteration axis; each bucket
 * keeps its mean, min and max (so the band of the noisy per-iteration loss stays visible) and its
 * last value (for the smooth curve, which must not be averaged away). Drawing 4,000 segments with
 * transparency costs far more than this pass over the arrays.
 */
final class LossBuckets {
    private LossBuckets() {
    }

    /** Thinned arrays; {@code size()} entries of each are valid. */
    record Series(double[] x, double[] mean, double[] min, double[] max, double[] last, int size) {
    }

    /**
     * @param iter    iterations, ascending
     * @param mean    value per point (a bucket's mean for decimated history)
     * @param lo      minimum per point
     * @param hi      maximum per point
     * @param last    the value to keep at a bucket's end (the smooth loss)
     * @param factor  unit conversion applied to every value
     * @param window  the iterations to keep (plus one point either side, so lines reach the edges); null: all
     * @param buckets at most this many points out
     */
    static Series of(long[] iter, double[] mean, double[] lo, double[] hi, double[] last, double factor, Range window,
                     int buckets) {
        int n = iter.length;
        int from = 0;
        int to = n;
        if (window != null) {
            while (from < n && iter[from] < window.getLowerBound()) {
                from++;
            }
            from = Math.max(0, from - 1);
            to = from;
            while (to < n && iter[to] <= window.getUpperBound()) {
                to++;
            }
            to = Math.min(n, to + 1);
        }
        int count = to - from;
        if (count <= buckets) {
            double[] x = new double[count];
            double[] m = new double[count];
            double[] mn = new double[count];
            double[] mx = new double[count];
            double[] ls = new double[count];
            for (int i = 0; i < count; i++) {
                x[i] = iter[from + i];
                m[i] = drawable(mean[from + i] * factor);
                mn[i] = drawable(lo[from + i] * factor);
                mx[i] = drawable(hi[from + i] * factor);
                ls[i] = drawable(last[from + i] * factor);
            }
            return new Series(x, m, mn, mx, ls, count);
        }
        double x0 = iter[from];
        double span = Math.max(1, iter[to - 1] - x0);
        double[] x = new double[buckets];
        double[] m = new double[buckets];
        double[] mn = new double[buckets];
        double[] mx = new double[buckets];
        double[] ls = new double[buckets];
        int k = -1;
        int current = -1;
        int inBucket = 0;
        for (int i = from; i < to; i++) {
            int b = (int) Math.min(buckets - 1, (long) ((iter[i] - x0) / span * buckets));
            if (b != current) {
                if (k >= 0) {
                    m[k] /= inBucket;
                }
                current = b;
                k++;
                inBucket = 0;
                m[k] = 0;
                mn[k] = Double.POSITIVE_INFINITY;
                mx[k] = Double.NEGATIVE_INFINITY;
            }
            inBucket++;
            m[k] += mean[i];
            mn[k] = Math.min(mn[k], lo[i]);
            mx[k] = Math.max(mx[k], hi[i]);
            x[k] = iter[i];
            ls[k] = last[i];
        }
        if (k >= 0) {
            m[k] /= inBucket;
        }
        int size = k + 1;
        for (int i = 0; i < size; i++) {
            m[i] = drawable(m[i] * factor);
            mn[i] = drawable(mn[i] * factor);
            mx[i] = drawable(mx[i] * factor);
            ls[i] = drawable(ls[i] * factor);
        }
        return new Series(x, m, mn, mx, ls, size);
    }

    /**
     * A value as the chart takes it: an infinite loss (a run that blew up) becomes NaN, a gap the chart
     * skips. Left infinite it made the axis's auto range infinite, and JFreeChart threw "Must be finite"
     * on the JavaFX thread while drawing (the view marks the explosion instead).
     */
    static double drawable(double v) {
        return Double.isInfinite(v) ? Double.NaN : v;
    }
}
