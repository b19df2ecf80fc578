package dev.unroll.app.loss;

import org.jfree.data.DomainOrder;
import org.jfree.data.xy.AbstractIntervalXYDataset;

/**
 * A JFreeChart dataset over plain arrays that are swapped whole, never copied point by point into
 * XYSeries: each series has x, y and a y interval (the min/max of a decimated bucket; equal to y
 * at full resolution). One {@link #fireChanged()} per update.
 */
final class LossDataset extends AbstractIntervalXYDataset {
    private static final double[] NONE = new double[0];
    private final String[] keys;
    private final double[][] x;
    private final double[][] y;
    private final double[][] lo;
    private final double[][] hi;
    private final int[] n;

    LossDataset(String... keys) {
        this.keys = keys.clone();
        x = new double[keys.length][];
        y = new double[keys.length][];
        lo = new double[keys.length][];
        hi = new double[keys.length][];
        n = new int[keys.length];
        for (int s = 0; s < keys.length; s++) {
            set(s, NONE, NONE, null, null, 0);
        }
    }

    /** Replaces series {@code s}; the arrays become the dataset's (callers hand over fresh ones). lo/hi null: no interval. */
    void set(int s, double[] xs, double[] ys, double[] los, double[] his, int count) {
        x[s] = xs;
        y[s] = ys;
        lo[s] = los == null ? ys : los;
        hi[s] = his == null ? ys : his;
        n[s] = count;
    }

    void clear() {
        for (int s = 0; s < keys.length; s++) {
            set(s, NONE, NONE, null, null, 0);
        }
    }

    void fireChanged() {
        fireDatasetChanged();
    }

    @Override
    public DomainOrder getDomainOrder() {
        return DomainOrder.ASCENDING;
    }

    @Override
    public int getSeriesCount() {
        return keys.length;
    }

    @Override
    public Comparable<?> getSeriesKey(int series) {
        return keys[series];
    }

    @Override
    public int getItemCount(int series) {
        return n[series];
    }

    @Override
    public Number getX(int series, int item) {
        return x[series][item];
    }

    @Override
    public double getXValue(int series, int item) {
        return x[series][item];
    }

    @Override
    public Number getY(int series, int item) {
        return y[series][item];
    }

    @Override
    public double getYValue(int series, int item) {
        return y[series][item];
    }

    @Override
    public Number getStartX(int series, int item) {
        return x[series][item];
    }

    @Override
    public Number getEndX(int series, int item) {
        return x[series][item];
    }

    @Override
    public Number getStartY(int series, int item) {
        return lo[series][item];
    }

    @Override
    public double getStartYValue(int series, int item) {
        return lo[series][item];
    }

    @Override
    public Number getEndY(int series, int item) {
        return hi[series][item];
    }

    @Override
    public double getEndYValue(int series, int item) {
        return hi[series][item];
    }
}
