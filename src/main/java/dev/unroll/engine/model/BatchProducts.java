package dev.unroll.engine.model;

import dev.unroll.engine.model.kernel.Gemm64;
import dev.unroll.engine.model.kernel.KernelPool;

/**
 * The three matrix products {@link DeepRnn} needs, on row-major flat arrays given as (array,
 * offset, leading dimension), in float64:
 * <pre>
 *   nt:  C[m x n] (+)= A[m x k] B[n x k]^T
 *   nn:  C[m x n] (+)= A[m x k] B[k x n]
 *   tn:  C[m x n] (+)= A[k x m]^T B[k x n]
 * </pre>
 * {@code pool} null: on the calling thread. With {@code accumulate} false C is overwritten, otherwise added to. The one place the stacked
 * model's products go through: {@link Gemm64}'s kernels, on the calling thread or, given a
 * {@link KernelPool}, on its threads (each element one fma chain in the order of the sum, so the
 * result does not depend on the blocking or the thread count: bit for bit the same). Allocates
 * nothing; C must not overlap A or B.
 */
final class BatchProducts {

    private BatchProducts() {
    }

    static void nt(KernelPool pool, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        Gemm64.nt(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    static void nn(KernelPool pool, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        Gemm64.nn(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    static void tn(KernelPool pool, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
        Gemm64.tn(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
}
