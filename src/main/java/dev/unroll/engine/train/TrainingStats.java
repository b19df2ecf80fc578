package dev.unroll.engine.train;

import dev.unroll.engine.model.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Per-iteration statistics of the three weight matrices (Wxh, Whh, Why), in bounded memory, for
 * the charts "over iterations": for each matrix
 * <pre>
 *   paramNorm   ||W||                              (after the update)
 *   gradNorm    ||dW||                             (the clipped gradient that was applied)
 *   updateRatio ||step|| / ||W||                       (the optimizer's step relative to the weights;
 *                                                      Adagrad's is lr * dW / sqrt(mem + eps))
 *   clipped     fraction of dW's entries at the clip bound (|g| >= clip after clipping)
 * </pre>
 * and the fraction of all gradient entries (biases included) that were clipped.
 *
 * <p>Cost: one pass over the parameters, gradients and Adagrad memory with a square root per
 * entry, about as much as the optimizer step itself. So the trainer records only every
 * {@link #stride()} iterations (starting at {@link #DEFAULT_STRIDE}); when the history holds
 * {@code capacity} records it keeps every other one and the stride doubles, so a run of any
 * length keeps at most {@code capacity} points spread over the whole run. Not thread-safe: the
 * trainer owns it and publishes {@link #view()} copies.
 */
public final class TrainingStats {
    /** The matrices tracked, in this order in every per-matrix array. */
    public static final List<String> MATRICES = List.of("Wxh", "Whh", "Why");
    /** Iterations between two records at the start of a run. */
    public static final int DEFAULT_STRIDE = 20;

    private static final int M = 3;
    private final int capacity;
    private long stride;
    private int size;
    private final long[] iter;
    private final double[][] paramNorm = new double[M][];
    private final double[][] gradNorm = new double[M][];
    private final double[][] updateRatio = new double[M][];
    private final double[][] clipped = new double[M][];
    private final double[] clippedAll;
    private View cached;

    public TrainingStats() {
        this(2048, DEFAULT_STRIDE);
    }

    public TrainingStats(int capacity, int stride) {
        if (capacity < 2 || stride < 1) {
            throw new IllegalArgumentException("capacity must be at least 2 and stride at least 1");
        }
        this.capacity = capacity;
        this.stride = stride;
        iter = new long[capacity];
        for (int m = 0; m < M; m++) {
            paramNorm[m] = new double[capacity];
            gradNorm[m] = new double[capacity];
            updateRatio[m] = new double[capacity];
            clipped[m] = new double[capacity];
        }
        clippedAll = new double[capacity];
    }

    /** Iterations between two records now. */
    public long stride() {
        return stride;
    }

    /** Whether the iteration just done (counted from 1) should be recorded. */
    public boolean due(long iteration) {
        return iteration % stride == 0;
    }

    /**
     * Records one iteration from the live tensors, right after the optimizer step.
     *
     * @param parameters   Wxh, Whh, Why, bh, by (already updated)
     * @param gradients    their clipped gradients, same order
     * @param memory       Adagrad's memory, same order (already including this step's g*g); may be empty
     * @param learningRate the step size used
     * @param clip         the clip bound used
     */
    public void record(long iteration, List<Tensor> parameters, List<Tensor> gradients, List<Tensor> memory,
                       double learningRate, double clip) {
        record(iteration, parameters, gradients, memory, learningRate, null, clip);
    }

    /**
     * Records one iteration as {@link #record(long, List, List, List, double, double)} does, with the
     * norms of the optimizer's steps given ({@link Optimizer#updateNorm}), for any optimizer.
     *
     * @param updateNorms the 2-norm of the step each of the three matrices took, in {@link #MATRICES}' order
     */
    public void record(long iteration, List<Tensor> parameters, List<Tensor> gradients, double[] updateNorms, double clip) {
        record(iteration, parameters, gradients, List.of(), Double.NaN, updateNorms, clip);
    }

    private void record(long iteration, List<Tensor> parameters, List<Tensor> gradients, List<Tensor> memory,
                        double learningRate, double[] updateNorms, double clip) {
        if (size == capacity) {
            thin();
        }
        int k = size;
        iter[k] = iteration;
        long clippedCount = 0;
        long total = 0;
        for (int p = 0; p < gradients.size(); p++) {
            double[] g = gradients.get(p).data;
            double[] w = parameters.get(p).data;
            double[] mem = memory.size() > p ? memory.get(p).data : null;
            double w2 = 0;
            double g2 = 0;
            double u2 = 0;
            long c = 0;
            for (int i = 0; i < g.length; i++) {
                final double gi = g[i];
                w2 += w[i] * w[i];
                g2 += gi * gi;
                if (mem != null) {
                    final double u = gi / Math.sqrt(mem[i] + Adagrad.EPSILON);
                    u2 += u * u;
                }
                if (Math.abs(gi) >= clip) {
                    c++;
                }
            }
            clippedCount += c;
            total += g.length;
            if (p < M) {
                double wn = Math.sqrt(w2);
                paramNorm[p][k] = wn;
                gradNorm[p][k] = Math.sqrt(g2);
                double step = updateNorms != null ? updateNorms[p] : mem == null ? Double.NaN : learningRate * Math.sqrt(u2);
                updateRatio[p][k] = step / Math.max(wn, 1e-300);
                clipped[p][k] = (double) c / g.length;
            }
        }
        clippedAll[k] = total == 0 ? 0 : (double) clippedCount / total;
        size++;
        cached = null;
    }

    private void thin() {
        int w = 0;
        for (int r = 1; r < size; r += 2) {
            iter[w] = iter[r];
            for (int m = 0; m < M; m++) {
                paramNorm[m][w] = paramNorm[m][r];
                gradNorm[m][w] = gradNorm[m][r];
                updateRatio[m][w] = updateRatio[m][r];
                clipped[m][w] = clipped[m][r];
            }
            clippedAll[w] = clippedAll[r];
            w++;
        }
        size = w;
        stride *= 2;
    }

    /** Records held now (at most the capacity). */
    public int size() {
        return size;
    }

    /** An immutable copy for another thread (the same object until the next record). */
    public View view() {
        if (cached == null) {
            double[][] pn = new double[M][];
            double[][] gn = new double[M][];
            double[][] ur = new double[M][];
            double[][] cl = new double[M][];
            for (int m = 0; m < M; m++) {
                pn[m] = Arrays.copyOf(paramNorm[m], size);
                gn[m] = Arrays.copyOf(gradNorm[m], size);
                ur[m] = Arrays.copyOf(updateRatio[m], size);
                cl[m] = Arrays.copyOf(clipped[m], size);
            }
            cached = new View(Arrays.copyOf(iter, size), pn, gn, ur, cl, Arrays.copyOf(clippedAll, size), stride);
        }
        return cached;
    }

    /** The points of {@code v} at iterations up to {@code n} (the same view when it has none after n). */
    public static View upTo(View v, long n) {
        int k = LossHistory.count(v.iteration(), n);
        if (k == v.size()) {
            return v;
        }
        return new View(Arrays.copyOf(v.iteration(), k), cut(v.paramNorm(), k), cut(v.gradNorm(), k), cut(v.updateRatio(), k),
                cut(v.clippedFraction(), k), Arrays.copyOf(v.clippedAll(), k), v.stride());
    }

    private static double[][] cut(double[][] rows, int k) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = Arrays.copyOf(rows[i], k);
        }
        return out;
    }

    /**
     * A frozen copy of the history, oldest first. Per-matrix arrays are indexed
     * {@code [matrix][point]} with matrices in {@link #MATRICES} order. Nobody writes the arrays.
     *
     * @param iteration       the iteration of each point
     * @param paramNorm       ||W|| after the update
     * @param gradNorm        ||dW|| (clipped)
     * @param updateRatio     ||update|| / ||W||
     * @param clippedFraction fraction of dW's entries at the clip bound
     * @param clippedAll      fraction of all gradient entries (biases included) at the clip bound
     * @param stride          iterations between points at the newest end
     */
    public record View(long[] iteration, double[][] paramNorm, double[][] gradNorm, double[][] updateRatio,
                       double[][] clippedFraction, double[] clippedAll, long stride) {
        public static final View EMPTY = new View(new long[0], new double[M][0], new double[M][0], new double[M][0],
                new double[M][0], new double[0], DEFAULT_STRIDE);

        public int size() {
            return iteration.length;
        }

        /** The index of a matrix name in the per-matrix arrays. */
        public static int indexOf(String matrix) {
            int i = MATRICES.indexOf(matrix);
            if (i < 0) {
                throw new IllegalArgumentException("no statistics for " + matrix);
            }
            return i;
        }
    }
}
