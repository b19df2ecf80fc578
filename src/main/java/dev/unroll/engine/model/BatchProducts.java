package dev.unroll.engine.model;

/**
 * The three matrix products {@link DeepRnn} needs, on row-major flat arrays given as (array,
 * offset, leading dimension), in float64:
 * <pre>
 *   nt:  C[m x n] (+)= A[m x k] B[n x k]^T
 *   nn:  C[m x n] (+)= A[m x k] B[k x n]
 *   tn:  C[m x n] (+)= A[k x m]^T B[k x n]
 * </pre>
 * With {@code accumulate} false C is overwritten, otherwise added to. The one place the stacked
 * model's products go through, so that faster kernels replace these loops in one edit. Allocates
 * nothing; C must not overlap A or B.
 */
final class BatchProducts {

    private BatchProducts() {
    }

    static void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            final int ai = aOff + i * lda;
            final int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                final double s = DenseKernels.dot(a, ai, b, bOff + j * ldb, k);
                c[ci + j] = accumulate ? c[ci + j] + s : s;
            }
        }
    }

    static void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            final int ci = cOff + i * ldc;
            if (!accumulate) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = 0.0;
                }
            }
            final int ai = aOff + i * lda;
            for (int p = 0; p < k; p++) {
                final double s = a[ai + p];
                if (s == 0.0) {
                    continue;
                }
                final int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += s * b[bp + j];
                }
            }
        }
    }

    static void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                final int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = 0.0;
                }
            }
        }
        for (int p = 0; p < k; p++) {
            final int ap = aOff + p * lda;
            final int bp = bOff + p * ldb;
            for (int i = 0; i < m; i++) {
                final double s = a[ap + i];
                if (s == 0.0) {
                    continue;
                }
                final int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += s * b[bp + j];
                }
            }
        }
    }
}
