package dev.unroll.engine.model.kernel;

import java.util.Random;

/**
 * The three products as the tests call them (serial or on a pool, either precision), the naive triple loop they are
 * checked against, and seeded random matrices with padding around them.
 */
enum Products {
    NT, NN, TN;

    /** Rows and columns of A for C [m x n] with k terms. */
    int aRows(int m, int k) {
        return this == TN ? k : m;
    }

    int aCols(int m, int k) {
        return this == TN ? m : k;
    }

    int bRows(int n, int k) {
        return this == NT ? n : k;
    }

    int bCols(int n, int k) {
        return this == NT ? k : n;
    }

    void run64(KernelPool pool, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double[] c, int cOff, int ldc, boolean accumulate) {
        switch (this) {
            case NT:
                if (pool == null) {
                    Gemm64.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    Gemm64.nt(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
                break;
            case NN:
                if (pool == null) {
                    Gemm64.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    Gemm64.nn(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
                break;
            default:
                if (pool == null) {
                    Gemm64.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    Gemm64.tn(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
        }
    }

    void run32(KernelPool pool, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc, boolean accumulate) {
        switch (this) {
            case NT:
                if (pool == null) {
                    Gemm32.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    Gemm32.nt(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
                break;
            case NN:
                if (pool == null) {
                    Gemm32.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    Gemm32.nn(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
                break;
            default:
                if (pool == null) {
                    Gemm32.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    Gemm32.tn(pool, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
        }
    }

    /** The definition: c(i,j) = fma(a(i,p), b(p,j), c) for p = 0 .. k-1, from c(i,j) or from 0. */
    void naive64(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c,
            int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * ldc + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    double x = this == TN ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = this == NT ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s = Math.fma(x, y, s);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    void naive32(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float x = this == TN ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float y = this == NT ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s = Math.fma(x, y, s);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    /** Gaussian entries (the padding too), so that any other summation order shows in the last bits. */
    static double[] random64(Random random, int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    static float[] random32(Random random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
