package dev.unroll.engine;

/**
 * The few dense kernels of the training loop, written in the shapes HotSpot's C2 compiler turns
 * into SIMD code: every inner loop is an axpy ({@code c[j] += a * b[j]}) over contiguous memory,
 * never a floating-point dot product (C2 must keep a reduction's order, so it does not vectorize
 * one). Matrices are row-major {@code double[]} with an offset and a row stride, as in EJML's
 * {@code CommonOps_DDRM}: each method states its formula and modifies only its first argument.
 * Nothing here allocates.
 *
 * <p>Sums are re-associated (several rows are combined per pass over the output), so results may
 * differ from a one-term-at-a-time loop in the last bits.
 */
final class DenseKernels {

    private DenseKernels() {
    }

    /**
     * A linear combination of rows:
     * <pre>
     *   c[cOff + j]  =  (add ? c[cOff + j] : 0) + sum_{r < rows} a[aOff + r aStride] * b[bOff + r bStride + j]    for j < n
     * </pre>
     * With {@code b} a row-major matrix this is {@code c += b^T a} (or {@code c = b^T a}): a
     * matrix-transpose-vector product organised as a sum of scaled rows, four rows per pass.
     * The output range must not overlap the rows of {@code b} or the coefficients read.
     *
     * @param c       output, modified in [cOff, cOff + n)
     * @param a       the coefficients, one per row, {@code aStride} apart (not modified)
     * @param b       the rows, each {@code n} long and {@code bStride} apart (not modified)
     * @param rows    how many rows to combine (0 leaves c unchanged, or zero when not adding)
     * @param add     whether to add to c (true) or overwrite it (false)
     */
    static void combineRows(double[] c, int cOff, int n, double[] a, int aOff, int aStride,
                            double[] b, int bOff, int bStride, int rows, boolean add) {
        int r = 0;
        if (!add) {
            final int first = (rows & 3) == 0 ? Math.min(rows, 4) : rows & 3;
            final int o = bOff;
            switch (first) {
                case 0:
                    java.util.Arrays.fill(c, cOff, cOff + n, 0.0);
                    return;
                case 1: {
                    final double a0 = a[aOff];
                    for (int j = 0; j < n; j++) {
                        c[cOff + j] = a0 * b[o + j];
                    }
                    break;
                }
                case 2: {
                    final double a0 = a[aOff];
                    final double a1 = a[aOff + aStride];
                    final int o1 = o + bStride;
                    for (int j = 0; j < n; j++) {
                        c[cOff + j] = a0 * b[o + j] + a1 * b[o1 + j];
                    }
                    break;
                }
                case 3: {
                    final double a0 = a[aOff];
                    final double a1 = a[aOff + aStride];
                    final double a2 = a[aOff + 2 * aStride];
                    final int o1 = o + bStride;
                    final int o2 = o1 + bStride;
                    for (int j = 0; j < n; j++) {
                        c[cOff + j] = (a0 * b[o + j] + a1 * b[o1 + j]) + a2 * b[o2 + j];
                    }
                    break;
                }
                default: {
                    final double a0 = a[aOff];
                    final double a1 = a[aOff + aStride];
                    final double a2 = a[aOff + 2 * aStride];
                    final double a3 = a[aOff + 3 * aStride];
                    final int o1 = o + bStride;
                    final int o2 = o1 + bStride;
                    final int o3 = o2 + bStride;
                    for (int j = 0; j < n; j++) {
                        c[cOff + j] = (a0 * b[o + j] + a1 * b[o1 + j]) + (a2 * b[o2 + j] + a3 * b[o3 + j]);
                    }
                    break;
                }
            }
            r = first;
        }
        for (; r + 3 < rows; r += 4) {
            final double a0 = a[aOff + r * aStride];
            final double a1 = a[aOff + (r + 1) * aStride];
            final double a2 = a[aOff + (r + 2) * aStride];
            final double a3 = a[aOff + (r + 3) * aStride];
            final int o0 = bOff + r * bStride;
            final int o1 = o0 + bStride;
            final int o2 = o1 + bStride;
            final int o3 = o2 + bStride;
            for (int j = 0; j < n; j++) {
                c[cOff + j] += (a0 * b[o0 + j] + a1 * b[o1 + j]) + (a2 * b[o2 + j] + a3 * b[o3 + j]);
            }
        }
        for (; r < rows; r++) {
            final double a0 = a[aOff + r * aStride];
            final int o0 = bOff + r * bStride;
            for (int j = 0; j < n; j++) {
                c[cOff + j] += a0 * b[o0 + j];
            }
        }
    }

    /**
     * Dot product with four independent accumulators (for the few places where one is unavoidable):
     * <pre>
     *   sum_{j < n} a[aOff + j] * b[bOff + j]
     * </pre>
     */
    static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[aOff + j] * b[bOff + j];
            s1 += a[aOff + j + 1] * b[bOff + j + 1];
            s2 += a[aOff + j + 2] * b[bOff + j + 2];
            s3 += a[aOff + j + 3] * b[bOff + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[aOff + j] * b[bOff + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Transpose: {@code dst[j rows + i] = src[i cols + j]} for a {@code rows x cols} row-major
     * {@code src}, in 16 x 16 tiles so that both sides stay in cache. Modifies {@code dst}.
     */
    static void transpose(double[] src, int rows, int cols, double[] dst) {
        final int tile = 16;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            final int i1 = Math.min(rows, i0 + tile);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                final int j1 = Math.min(cols, j0 + tile);
                for (int i = i0; i < i1; i++) {
                    final int srcRow = i * cols;
                    for (int j = j0; j < j1; j++) {
                        dst[j * rows + i] = src[srcRow + j];
                    }
                }
            }
        }
    }

    /**
     * Largest absolute value, {@code max_i |x[i]|} (NaN if any entry is NaN). A max reduction has
     * no rounding, so C2 is free to vectorize it.
     */
    static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
