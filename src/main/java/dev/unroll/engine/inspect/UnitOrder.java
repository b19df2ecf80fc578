package dev.unroll.engine.inspect;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Orders of the hidden units for the heatmap's rows: by index, by variance, by correlation with a
 * feature, or by a hierarchical clustering of their activation patterns so that units that move
 * together sit together. Each order is a permutation of 0..H-1 (row -&gt; unit).
 */
public final class UnitOrder {
    private UnitOrder() {
    }

    public static int[] byIndex(int H) {
        return IntStream.range(0, H).toArray();
    }

    /** Most variable first (ties: lower index first). */
    public static int[] byVariance(double[] variance) {
        return descending(variance);
    }

    /** Strongest |r| first; units without a correlation (NaN) last. */
    public static int[] byCorrelation(double[] r) {
        double[] key = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            key[i] = Double.isNaN(r[i]) ? -1 : Math.abs(r[i]);
        }
        return descending(key);
    }

    private static int[] descending(double[] key) {
        return IntStream.range(0, key.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -key[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * Average-linkage agglomerative clustering on correlation distance 1 - r (constant units are at
     * distance 1 from all others), by the nearest-neighbour chain algorithm: O(H^2) time after the
     * O(H^2 T) correlation matrix, about 50 ms for 512 units over 300 characters. The leaves are
     * read off the dendrogram left to right, so each cluster's units are contiguous rows.
     */
    public static int[] byClustering(ProbeResult r) {
        int H = r.hiddenSize();
        int T = r.length();
        if (H == 1 || T < 2) {
            return byIndex(H);
        }
        double[] h = r.hidden();
        // standardised rows z[u][t]
        double[][] z = new double[H][T];
        for (int u = 0; u < H; u++) {
            double m = 0;
            for (int t = 0; t < T; t++) {
                m += h[t * H + u];
            }
            m /= T;
            double ss = 0;
            for (int t = 0; t < T; t++) {
                double d = h[t * H + u] - m;
                z[u][t] = d;
                ss += d * d;
            }
            double s = Math.sqrt(ss);
            for (int t = 0; t < T; t++) {
                z[u][t] = s > 1e-12 ? z[u][t] / s : 0;
            }
        }
        // distance matrix of the active clusters (indices 0..H-1 reused for merged clusters)
        double[][] d = new double[H][H];
        for (int a = 0; a < H; a++) {
            double[] za = z[a];
            for (int b = a + 1; b < H; b++) {
                double[] zb = z[b];
                double c = 0;
                for (int t = 0; t < T; t++) {
                    c += za[t] * zb[t];
                }
                d[a][b] = d[b][a] = 1 - c;
            }
        }
        int[] size = new int[H];
        Arrays.fill(size, 1);
        boolean[] active = new boolean[H];
        Arrays.fill(active, true);
        // dendrogram: node ids 0..H-1 leaves, H.. merges; slot holds the node id now living at a slot
        int[] node = IntStream.range(0, H).toArray();
        int[] left = new int[H - 1];
        int[] right = new int[H - 1];
        int[] chain = new int[H];
        int chainLen = 0;
        int merges = 0;
        while (merges < H - 1) {
            if (chainLen == 0) {
                for (int i = 0; i < H; i++) {
                    if (active[i]) {
                        chain[chainLen++] = i;
                        break;
                    }
                }
            }
            int a = chain[chainLen - 1];
            int prev = chainLen > 1 ? chain[chainLen - 2] : -1;
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            if (prev >= 0) {
                best = prev;
                bd = d[a][prev];
            }
            for (int b = 0; b < H; b++) {
                if (b != a && active[b] && d[a][b] < bd) {
                    bd = d[a][b];
                    best = b;
                }
            }
            if (best == prev) {
                // a and prev are reciprocal nearest neighbours: merge into slot min(a, prev)
                chainLen -= 2;
                int keep = Math.min(a, prev);
                int drop = Math.max(a, prev);
                int na = size[keep];
                int nb = size[drop];
                for (int k = 0; k < H; k++) {
                    if (active[k] && k != keep && k != drop) {
                        double v = (na * d[keep][k] + nb * d[drop][k]) / (na + nb);
                        d[keep][k] = d[k][keep] = v;
                    }
                }
                left[merges] = node[keep];
                right[merges] = node[drop];
                node[keep] = H + merges;
                size[keep] = na + nb;
                active[drop] = false;
                merges++;
            } else {
                chain[chainLen++] = best;
            }
        }
        // leaves of the root, left to right, without recursion
        int[] order = new int[H];
        int n = 0;
        int[] stack = new int[2 * H];
        int sp = 0;
        stack[sp++] = H + H - 2;
        while (sp > 0) {
            int id = stack[--sp];
            if (id < H) {
                order[n++] = id;
            } else {
                stack[sp++] = right[id - H];
                stack[sp++] = left[id - H];
            }
        }
        return order;
    }
}
