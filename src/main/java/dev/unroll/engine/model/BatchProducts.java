package dev.unroll.engine.model;

import dev.unroll.engine.model.kernel.Gemm64;

/**
 * The three matrix products {@link DeepRnn} needs, on row-major flat arrays given as (array,
 * offset, leading dimension), in float64:
 * <pre>
 *   nt:  C[m x n] (+)= A[m x k] B[n x k]^T
 *   nn:  C[m x n] (+)= A[m x k] B[k x n]
 *   tn:  C[m x n] (+)= A[k x m]^T B[k x n]
 * </pre>
 * With {@code accumulate} false C is overwritten, otherwise added to. The one place the stacked
 * model's products go through: {@link Gemm64}'s kernels on the calling thread (each element one
 * fma chain in the order of the sum, so the result does not depend on the blocking). Allocates
 * nothing; C must not overlap A or B.
 */
final class BatchProducts {

    private BatchProducts() {
    }

    static void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        Gemm64.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    static void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        Gemm64.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    static void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        Gemm64.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
}
