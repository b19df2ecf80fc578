package dev.unroll.engine.model;

import java.util.Arrays;

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
     *   c[j]  =  (add ? c[j] : 0) + sum_{r < rows} a[r] * b[first + r][j]        for j < n
     * </pre>
     * With {@code b} a matrix stored as rows this is {@code c += b^T a} (or {@code c = b^T a}): a
     * transpose-matrix-vector product organised as a sum of scaled rows, four rows per pass over
     * {@code c}. Every array is indexed from 0 by the loop counter, the one shape in which Java
     * 17's C2 compiler emits SIMD code for it (offsets into a flat array defeat it).
     *
     * @param c     output, modified in [0, n); must not be one of the rows read
     * @param n     output length; each row read has at least n entries
     * @param a     the coefficients a[0 .. rows) (not modified)
     * @param b     the rows (not modified)
     * @param first index in b of the row that a[0] scales
     * @param rows  how many rows to combine (0 leaves c unchanged, or zero when not adding)
     * @param add   whether to add to c (true) or overwrite it (false)
     */
    static void combineRows(double[] c, int n, double[] a, double[][] b, int first, int rows, boolean add) {
        int r = 0;
        if (!add) {
            final int head = (rows & 3) == 0 ? Math.min(rows, 4) : rows & 3;
            switch (head) {
                case 0:
                    Arrays.fill(c, 0, n, 0.0);
                    return;
                case 1: {
                    final double a0 = a[0];
                    final double[] b0 = b[first];
                    for (int j = 0; j < n; j++) {
                        c[j] = a0 * b0[j];
                    }
                    break;
                }
                case 2: {
                    final double a0 = a[0];
                    final double a1 = a[1];
                    final double[] b0 = b[first];
                    final double[] b1 = b[first + 1];
                    for (int j = 0; j < n; j++) {
                        c[j] = a0 * b0[j] + a1 * b1[j];
                    }
                    break;
                }
                case 3: {
                    final double a0 = a[0];
                    final double a1 = a[1];
                    final double a2 = a[2];
                    final double[] b0 = b[first];
                    final double[] b1 = b[first + 1];
                    final double[] b2 = b[first + 2];
                    for (int j = 0; j < n; j++) {
                        c[j] = (a0 * b0[j] + a1 * b1[j]) + a2 * b2[j];
                    }
                    break;
                }
                default: {
                    final double a0 = a[0];
                    final double a1 = a[1];
                    final double a2 = a[2];
                    final double a3 = a[3];
                    final double[] b0 = b[first];
                    final double[] b1 = b[first + 1];
                    final double[] b2 = b[first + 2];
                    final double[] b3 = b[first + 3];
                    for (int j = 0; j < n; j++) {
                        c[j] = (a0 * b0[j] + a1 * b1[j]) + (a2 * b2[j] + a3 * b3[j]);
                    }
                    break;
                }
            }
            r = head;
        }
        for (; r + 3 < rows; r += 4) {
            final double a0 = a[r];
            final double a1 = a[r + 1];
            final double a2 = a[r + 2];
            final double a3 = a[r + 3];
            final double[] b0 = b[first + r];
            final double[] b1 = b[first + r + 1];
            final double[] b2 = b[first + r + 2];
            final double[] b3 = b[first + r + 3];
            for (int j = 0; j < n; j++) {
                c[j] += (a0 * b0[j] + a1 * b1[j]) + (a2 * b2[j] + a3 * b3[j]);
            }
        }
        for (; r < rows; r++) {
            final double a0 = a[r];
            final double[] b0 = b[first + r];
            for (int j = 0; j < n; j++) {
                c[j] += a0 * b0[j];
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
     * Transpose into rows: {@code dst[j][i] = src[i cols + j]} for a {@code rows x cols} row-major
     * {@code src}, eight destination rows per pass so that every source cache line is read once.
     * Modifies {@code dst} (cols rows of at least {@code rows} entries).
     */
    static void transpose(double[] src, int rows, int cols, double[][] dst) {
        int j0 = 0;
        for (; j0 + 7 < cols; j0 += 8) {
            // eight destination rows at a time: one 64-byte run of each source row per pass
            final double[] d0 = dst[j0];
            final double[] d1 = dst[j0 + 1];
            final double[] d2 = dst[j0 + 2];
            final double[] d3 = dst[j0 + 3];
            final double[] d4 = dst[j0 + 4];
            final double[] d5 = dst[j0 + 5];
            final double[] d6 = dst[j0 + 6];
            final double[] d7 = dst[j0 + 7];
            for (int i = 0, s = j0; i < rows; i++, s += cols) {
                d0[i] = src[s];
                d1[i] = src[s + 1];
                d2[i] = src[s + 2];
                d3[i] = src[s + 3];
                d4[i] = src[s + 4];
                d5[i] = src[s + 5];
                d6[i] = src[s + 6];
                d7[i] = src[s + 7];
            }
        }
        for (int j = j0; j < cols; j++) {
            final double[] d = dst[j];
            for (int i = 0, s = j; i < rows; i++, s += cols) {
                d[i] = src[s];
            }
        }
    }

    /** Copies a row-major {@code rows x cols} matrix into rows: {@code dst[i][j] = src[i cols + j]}. Modifies {@code dst}. */
    static void toRows(double[] src, int rows, int cols, double[][] dst) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(src, i * cols, dst[i], 0, cols);
        }
    }

    /**
     * tanh(x) to within 5e-15 relative (about 30 ulps at worst, near |x| = 1/16; a few elsewhere), several times faster than {@link Math#tanh} on Java 17 (which
     * is not an intrinsic there). For |x| &lt; 1/16 the odd Taylor series to x^13 (truncation below
     * 1e-19 relative); up to 22 the identity tanh|x| = 1 - 2/(e^{2|x|} + 1) with the
     * {@link Math#exp} intrinsic (relative error below 5e-15, the worst case at |x| = 1/16); beyond
     * that +-1 (as fdlibm). NaN gives NaN.
     */
    static double tanh(double x) {
        final double ax = Math.abs(x);
        if (ax < 0.0625) {
            if (ax < 1e-9) {
                return x; // x^3/3 is below half an ulp of x; keeps -0.0
            }
            final double z = x * x;
            final double p = -1.0 / 3 + z * (2.0 / 15 + z * (-17.0 / 315 + z * (62.0 / 2835
                    + z * (-1382.0 / 155925 + z * (21844.0 / 6081075)))));
            return x + x * z * p;
        }
        if (ax < 22) {
            final double t = 1.0 - 2.0 / (Math.exp(2.0 * ax) + 1.0);
            return x < 0 ? -t : t;
        }
        return x < 0 ? -1.0 : (x > 0 ? 1.0 : x);
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
