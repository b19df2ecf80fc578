package dev.unroll.engine.train;

import java.util.Arrays;

/**
 * The loss of every iteration, in bounded memory: the most recent {@code recentCapacity} iterations
 * at full resolution, older ones folded into buckets (mean, min and max of the window loss, and the
 * smooth loss at the bucket's end) whose width doubles whenever the archive fills. A run of a
 * billion iterations keeps at most {@code recentCapacity + archiveCapacity} points. Validation
 * losses are kept beside them, thinned by half when full. Not thread-safe: the trainer owns it and
 * publishes {@link #view()} copies.
 */
public final class LossHistory {
    private final int recentCapacity;
    private final int archiveCapacity;

    // recent points, a ring
    private final long[] rIter;
    private final double[] rLoss;
    private final double[] rSmooth;
    private int rStart;
    private int rSize;

    // archived buckets, in order
    private final long[] aIter;
    private final double[] aMean;
    private final double[] aMin;
    private final double[] aMax;
    private final double[] aSmooth;
    private final int[] aCount;
    private int aSize;
    private int bucketWidth = 1;

    // the bucket being filled from evicted recent points
    private long pIter;
    private double pSum;
    private double pMin = Double.POSITIVE_INFINITY;
    private double pMax = Double.NEGATIVE_INFINITY;
    private double pSmooth;
    private int pCount;

    private long[] vIter = new long[64];
    private double[] vLoss = new double[64];
    private int vSize;
    private final int valCapacity;

    public LossHistory() {
        this(2048, 2048, 2048);
    }

    public LossHistory(int recentCapacity, int archiveCapacity, int valCapacity) {
        if (recentCapacity < 1 || archiveCapacity < 2 || valCapacity < 2) {
            throw new IllegalArgumentException("capacities too small");
        }
        this.recentCapacity = recentCapacity;
        this.archiveCapacity = archiveCapacity;
        this.valCapacity = valCapacity;
        rIter = new long[recentCapacity];
        rLoss = new double[recentCapacity];
        rSmooth = new double[recentCapacity];
        aIter = new long[archiveCapacity];
        aMean = new double[archiveCapacity];
        aMin = new double[archiveCapacity];
        aMax = new double[archiveCapacity];
        aSmooth = new double[archiveCapacity];
        aCount = new int[archiveCapacity];
    }

    /** Records one iteration's window loss and smooth loss. */
    public void add(long iteration, double loss, double smooth) {
        if (rSize == recentCapacity) {
            evictOldest();
        }
        int i = (rStart + rSize) % recentCapacity;
        rIter[i] = iteration;
        rLoss[i] = loss;
        rSmooth[i] = smooth;
        rSize++;
    }

    /**
     * Records the points of an earlier history up to iteration {@code upTo} (an archived bucket as
     * one point, its mean), into an empty history: a run that continues another one (going back
     * from a blow-up) keeps the curve that led there.
     */
    public void replay(View earlier, long upTo) {
        for (int i = 0; i < earlier.size(); i++) {
            if (earlier.iteration()[i] <= upTo) {
                add(earlier.iteration()[i], earlier.loss()[i], earlier.smooth()[i]);
            }
        }
        for (int i = 0; i < earlier.valIteration().length; i++) {
            if (earlier.valIteration()[i] <= upTo) {
                addValidation(earlier.valIteration()[i], earlier.valLoss()[i]);
            }
        }
    }

    /** Records a validation loss (mean per character). */
    public void addValidation(long iteration, double lossPerChar) {
        if (vSize == valCapacity) {
            int w = 0;
            for (int r = 0; r < vSize; r += 2) {
                vIter[w] = vIter[r];
                vLoss[w] = vLoss[r];
                w++;
            }
            vSize = w;
        }
        if (vSize == vIter.length) {
            vIter = Arrays.copyOf(vIter, Math.min(valCapacity, vSize * 2));
            vLoss = Arrays.copyOf(vLoss, vIter.length);
        }
        vIter[vSize] = iteration;
        vLoss[vSize] = lossPerChar;
        vSize++;
    }

    private void evictOldest() {
        int i = rStart;
        rStart = (rStart + 1) % recentCapacity;
        rSize--;
        pIter = rIter[i];
        pSum += rLoss[i];
        pMin = Math.min(pMin, rLoss[i]);
        pMax = Math.max(pMax, rLoss[i]);
        pSmooth = rSmooth[i];
        pCount++;
        if (pCount >= bucketWidth) {
            if (aSize == archiveCapacity) {
                halveArchive();
            }
            aIter[aSize] = pIter;
            aMean[aSize] = pSum / pCount;
            aMin[aSize] = pMin;
            aMax[aSize] = pMax;
            aSmooth[aSize] = pSmooth;
            aCount[aSize] = pCount;
            aSize++;
            pSum = 0;
            pCount = 0;
            pMin = Double.POSITIVE_INFINITY;
            pMax = Double.NEGATIVE_INFINITY;
        }
    }

    private void halveArchive() {
        int w = 0;
        for (int r = 0; r + 1 < aSize; r += 2) {
            int n = aCount[r] + aCount[r + 1];
            aMean[w] = (aMean[r] * aCount[r] + aMean[r + 1] * aCount[r + 1]) / n;
            aMin[w] = Math.min(aMin[r], aMin[r + 1]);
            aMax[w] = Math.max(aMax[r], aMax[r + 1]);
            aIter[w] = aIter[r + 1];
            aSmooth[w] = aSmooth[r + 1];
            aCount[w] = n;
            w++;
        }
        if (aSize % 2 == 1) {
            int r = aSize - 1;
            aMean[w] = aMean[r];
            aMin[w] = aMin[r];
            aMax[w] = aMax[r];
            aIter[w] = aIter[r];
            aSmooth[w] = aSmooth[r];
            aCount[w] = aCount[r];
            w++;
        }
        aSize = w;
        bucketWidth *= 2;
    }

    /** Points held now (archived buckets plus recent iterations), at most the two capacities summed. */
    public int size() {
        return aSize + rSize;
    }

    /** An immutable copy for another thread. */
    public View view() {
        int n = aSize + rSize;
        long[] it = new long[n];
        double[] mean = new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        double[] smooth = new double[n];
        System.arraycopy(aIter, 0, it, 0, aSize);
        System.arraycopy(aMean, 0, mean, 0, aSize);
        System.arraycopy(aMin, 0, min, 0, aSize);
        System.arraycopy(aMax, 0, max, 0, aSize);
        System.arraycopy(aSmooth, 0, smooth, 0, aSize);
        for (int k = 0; k < rSize; k++) {
            int i = (rStart + k) % recentCapacity;
            it[aSize + k] = rIter[i];
            mean[aSize + k] = rLoss[i];
            min[aSize + k] = rLoss[i];
            max[aSize + k] = rLoss[i];
            smooth[aSize + k] = rSmooth[i];
        }
        return new View(it, mean, min, max, smooth, Arrays.copyOf(vIter, vSize), Arrays.copyOf(vLoss, vSize));
    }

    /** The points of {@code v} at iterations up to {@code n} (the same view when it has none after n). */
    public static View upTo(View v, long n) {
        int k = count(v.iteration(), n);
        int kv = count(v.valIteration(), n);
        if (k == v.size() && kv == v.valIteration().length) {
            return v;
        }
        return new View(Arrays.copyOf(v.iteration(), k), Arrays.copyOf(v.loss(), k), Arrays.copyOf(v.lossMin(), k),
                Arrays.copyOf(v.lossMax(), k), Arrays.copyOf(v.smooth(), k), Arrays.copyOf(v.valIteration(), kv),
                Arrays.copyOf(v.valLoss(), kv));
    }

    /** How many of the increasing {@code iterations} are at most n. */
    static int count(long[] iterations, long n) {
        int k = 0;
        while (k < iterations.length && iterations[k] <= n) {
            k++;
        }
        return k;
    }

    /**
     * A frozen copy of the history. Index i runs from the oldest point to the newest; for an
     * archived bucket, {@code iteration} is its last iteration and {@code loss} its mean.
     * Losses are per-window sums, like the trainer's; validation losses are means per character.
     */
    public record View(long[] iteration, double[] loss, double[] lossMin, double[] lossMax, double[] smooth,
                       long[] valIteration, double[] valLoss) {
        public static final View EMPTY = new View(new long[0], new double[0], new double[0], new double[0], new double[0], new long[0], new double[0]);

        public int size() {
            return iteration.length;
        }
    }
}
