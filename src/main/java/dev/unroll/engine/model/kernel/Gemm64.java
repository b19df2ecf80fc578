package dev.unroll.engine.model.kernel;

import java.util.Arrays;

/**
 * Matrix products in double precision for the batched models, BLAS's {@code dgemm} in the three shapes a recurrent
 * network needs:
 * <pre>
 *   nt:  C[m x n]  (+)=  A[m x k] · B[n x k]^T      forward,  Z = X · W^T  (W shaped as PyTorch's [G·H x In])
 *   nn:  C[m x n]  (+)=  A[m x k] · B[k x n]        backward, dX = dZ · W
 *   tn:  C[m x n]  (+)=  A[k x m]^T · B[k x n]      weights,  dW += dZ^T · X
 * </pre>
 * Each matrix is row-major in a flat array: element (r, s) of A is {@code a[aOff + r * lda + s]}, and likewise for B
 * and C, with each leading dimension at least the width of its matrix's rows. {@code accumulate = false} overwrites C,
 * {@code true} adds to it. Only C is modified; C must not overlap A or B.
 *
 * <p><b>Summation order.</b> Every element of C is one chain of {@link Math#fma} in increasing order of the summation
 * index p, starting from the element's old value (accumulating) or from +0.0:
 * {@code c = fma(a(i,p), b(p,j), c)} for p = 0, 1, ..., k-1. The result is therefore exactly the naive triple loop
 * written that way, whatever the cache blocking, the thread count or the split of C between threads.
 *
 * <p><b>Threads.</b> The overloads taking a {@link KernelPool} give bit for bit the serial result: the pool splits C
 * into blocks of rows or of columns, never the sum over p. The serial methods use the calling thread only, with a
 * scratch workspace per thread (allocated on a thread's first call), and may run on several threads at once.
 * Nothing here allocates per call.
 */
public final class Gemm64 {

    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    private Gemm64() {
    }

    /**
     * {@code C[m x n] (+)= A[m x k] · B[n x k]^T} on the calling thread.
     *
     * @param m          rows of C and of A
     * @param n          columns of C, rows of B
     * @param k          columns of A and of B (terms of each sum)
     * @param a          A, not modified; {@code lda >= k}
     * @param b          B, not modified; {@code ldb >= k}
     * @param c          C, modified; {@code ldc >= n}
     * @param accumulate add to C (true) or overwrite it (false)
     * @throws IllegalArgumentException  for a negative size or a short leading dimension
     * @throws IndexOutOfBoundsException when a matrix reaches outside its array
     */
    public static void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double[] c, int cOff, int ldc, boolean accumulate) {
        product(null, Shapes.NT, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** {@link #nt(int, int, int, double[], int, int, double[], int, int, double[], int, int, boolean)} on the pool's threads (on the calling thread when {@code pool} is null): the same result, bit for bit. */
    public static void nt(KernelPool pool, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff,
            int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        product(pool, Shapes.NT, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * {@code C[m x n] (+)= A[m x k] · B[k x n]} on the calling thread.
     *
     * @param a A, not modified; {@code lda >= k}
     * @param b B, not modified; {@code ldb >= n}
     * @param c C, modified; {@code ldc >= n}
     * @see #nt(int, int, int, double[], int, int, double[], int, int, double[], int, int, boolean)
     */
    public static void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double[] c, int cOff, int ldc, boolean accumulate) {
        product(null, Shapes.NN, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** {@link #nn(int, int, int, double[], int, int, double[], int, int, double[], int, int, boolean)} on the pool's threads (on the calling thread when {@code pool} is null): the same result, bit for bit. */
    public static void nn(KernelPool pool, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff,
            int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        product(pool, Shapes.NN, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * {@code C[m x n] (+)= A[k x m]^T · B[k x n]} on the calling thread.
     *
     * @param a A, stored as k rows of m, not modified; {@code lda >= m}
     * @param b B, not modified; {@code ldb >= n}
     * @param c C, modified; {@code ldc >= n}
     * @see #nt(int, int, int, double[], int, int, double[], int, int, double[], int, int, boolean)
     */
    public static void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double[] c, int cOff, int ldc, boolean accumulate) {
        product(null, Shapes.TN, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** {@link #tn(int, int, int, double[], int, int, double[], int, int, double[], int, int, boolean)} on the pool's threads (on the calling thread when {@code pool} is null): the same result, bit for bit. */
    public static void tn(KernelPool pool, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff,
            int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        product(pool, Shapes.TN, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** Checks the arguments of the product {@code op}, then computes it on the calling thread or on the pool's threads. */
    private static void product(KernelPool pool, int op, int m, int n, int k, double[] a, int aOff, int lda, double[] b,
            int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        Shapes.check(op, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (pool == null) {
            block(op, 0, m, 0, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, LOCAL.get());
        } else {
            pool.run(op, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /**
     * {@code D[cols x rows] = S[rows x cols]^T}: for a weight used in many products, transposing it once lets
     * {@code nn} with the transpose replace {@code nt}, which packs B transposed on every call.
     *
     * @param d the transpose, modified; {@code ldd >= rows}; must not overlap S
     */
    public static void transpose(int rows, int cols, double[] s, int sOff, int lds, double[] d, int dOff, int ldd) {
        Shapes.inside("transpose", "S", rows, cols, s.length, sOff, lds);
        Shapes.inside("transpose", "D", cols, rows, d.length, dOff, ldd);
        for (int r = 0; r < rows; r++) {
            int from = sOff + r * lds;
            for (int q = 0; q < cols; q++) {
                d[dOff + q * ldd + r] = s[from + q];
            }
        }
    }

    /**
     * Rows [i0, i1) and columns [j0, j1) of C for the product {@code op}, arguments already checked. A narrow, tall block
     * (at most {@link Workspace#NARROW} columns, at least twice as many rows) is computed transposed, so that the
     * micro-kernels run along C's columns rather than along its short rows; the others along C's rows. Either way each
     * element is the same chain of fused multiply-adds.
     */
    static void block(int op, int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda, double[] b,
            int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate, Workspace ws) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = i0; i < i1; i++) {
                    Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0.0);
                }
            }
            return;
        }
        if (j1 - j0 <= Workspace.NARROW && i1 - i0 >= 2 * (j1 - j0)) {
            alongColumns(op, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, ws);
        } else {
            alongRows(op, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, ws);
        }
    }

    /**
     * Blocks of {@link Workspace#NC} columns and {@link Workspace#KC} terms; per block, B's rows (or B^T's, for nt)
     * are packed into the workspace's panel, and C's rows are updated four at a time in the workspace's rows (see
     * Rows64): {@code c(i, .) += a(i, p) b(p, .)}.
     */
    private static void alongRows(int op, int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate, Workspace ws) {
        final double[][] panel = ws.scratch64.panel();
        final double[][] rows = ws.scratch64.rows();
        final int ps = op == Shapes.TN ? lda : 1;
        final int rs = op == Shapes.TN ? 1 : lda;
        for (int jc = j0; jc < j1; jc += Workspace.NC) {
            final int nc = Math.min(Workspace.NC, j1 - jc);
            for (int pc = 0; pc < k; pc += Workspace.KC) {
                final int kc = Math.min(Workspace.KC, k - pc);
                if (op == Shapes.NT) {
                    packTransposed(b, bOff, ldb, pc, kc, jc, nc, panel);
                } else {
                    packRows(b, bOff, ldb, pc, kc, jc, nc, panel);
                }
                final boolean add = accumulate || pc > 0;
                for (int i = i0; i < i1; i += Workspace.ROWS) {
                    final int r = Math.min(Workspace.ROWS, i1 - i);
                    for (int q = 0; q < r; q++) {
                        if (add) {
                            System.arraycopy(c, cOff + (i + q) * ldc + jc, rows[q], 0, nc);
                        } else {
                            Arrays.fill(rows[q], 0, nc, 0.0);
                        }
                    }
                    Rows64.update(r, nc, kc, a, aOff + i * rs + pc * ps, rs, ps, panel, rows[0], rows[1], rows[2], rows[3]);
                    for (int q = 0; q < r; q++) {
                        System.arraycopy(rows[q], 0, c, cOff + (i + q) * ldc + jc, nc);
                    }
                }
            }
        }
    }

    /**
     * The same product computed transposed, {@code c(., j) += b(p, j) a(., p)}: per block of {@link Workspace#NC} rows
     * of C, its columns are copied into the workspace's tile (C^T, one array per column), A^T's rows into the panel for
     * each block of terms, and the tile is copied back once at the end.
     */
    private static void alongColumns(int op, int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate, Workspace ws) {
        final double[][] panel = ws.scratch64.panel();
        final double[][] tile = ws.scratch64.tile();
        final int w = j1 - j0;
        final int ps = op == Shapes.NT ? 1 : ldb;
        final int rs = op == Shapes.NT ? ldb : 1;
        for (int ic = i0; ic < i1; ic += Workspace.NC) {
            final int nr = Math.min(Workspace.NC, i1 - ic);
            if (accumulate) {
                packTransposed(c, cOff, ldc, j0, w, ic, nr, tile);
            } else {
                for (int q = 0; q < w; q++) {
                    Arrays.fill(tile[q], 0, nr, 0.0);
                }
            }
            for (int pc = 0; pc < k; pc += Workspace.KC) {
                final int kc = Math.min(Workspace.KC, k - pc);
                if (op == Shapes.TN) {
                    packRows(a, aOff, lda, pc, kc, ic, nr, panel);
                } else {
                    packTransposed(a, aOff, lda, pc, kc, ic, nr, panel);
                }
                for (int q = 0; q < w; q += Workspace.ROWS) {
                    final int r = Math.min(Workspace.ROWS, w - q);
                    Rows64.update(r, nr, kc, b, bOff + (j0 + q) * rs + pc * ps, rs, ps, panel, tile[q],
                            tile[q + Math.min(1, r - 1)], tile[q + Math.min(2, r - 1)], tile[q + Math.min(3, r - 1)]);
                }
            }
            unpackTransposed(tile, w, nr, c, cOff, ldc, j0, ic);
        }
    }

    /** Rows [pc, pc + kc), columns [jc, jc + nc) of the row-major matrix s into panel[0 .. kc)[0 .. nc). */
    private static void packRows(double[] s, int sOff, int lds, int pc, int kc, int jc, int nc, double[][] panel) {
        for (int p = 0; p < kc; p++) {
            System.arraycopy(s, sOff + (pc + p) * lds + jc, panel[p], 0, nc);
        }
    }

    /**
     * The transpose: {@code panel[p][j] = s(jc + j, pc + p)} for p < kc, j < nc. The rows of s are read along their
     * length, eight at a time, and written down eight adjacent columns of the panel.
     */
    private static void packTransposed(double[] s, int sOff, int lds, int pc, int kc, int jc, int nc, double[][] panel) {
        int j = 0;
        for (; j + 8 <= nc; j += 8) {
            final int r0 = sOff + (jc + j) * lds + pc;
            final int r1 = r0 + lds;
            final int r2 = r1 + lds;
            final int r3 = r2 + lds;
            final int r4 = r3 + lds;
            final int r5 = r4 + lds;
            final int r6 = r5 + lds;
            final int r7 = r6 + lds;
            for (int p = 0; p < kc; p++) {
                final double[] dst = panel[p];
                dst[j] = s[r0 + p];
                dst[j + 1] = s[r1 + p];
                dst[j + 2] = s[r2 + p];
                dst[j + 3] = s[r3 + p];
                dst[j + 4] = s[r4 + p];
                dst[j + 5] = s[r5 + p];
                dst[j + 6] = s[r6 + p];
                dst[j + 7] = s[r7 + p];
            }
        }
        for (; j < nc; j++) {
            final int r0 = sOff + (jc + j) * lds + pc;
            for (int p = 0; p < kc; p++) {
                panel[p][j] = s[r0 + p];
            }
        }
    }

    /** The inverse of packTransposed: {@code c(ic + i, j0 + q) = tile[q][i]} for q < w, i < nr. */
    private static void unpackTransposed(double[][] tile, int w, int nr, double[] c, int cOff, int ldc, int j0, int ic) {
        int i = 0;
        for (; i + 4 <= nr; i += 4) {
            final int r0 = cOff + (ic + i) * ldc + j0;
            final int r1 = r0 + ldc;
            final int r2 = r1 + ldc;
            final int r3 = r2 + ldc;
            for (int q = 0; q < w; q++) {
                final double[] src = tile[q];
                c[r0 + q] = src[i];
                c[r1 + q] = src[i + 1];
                c[r2 + q] = src[i + 2];
                c[r3 + q] = src[i + 3];
            }
        }
        for (; i < nr; i++) {
            final int r0 = cOff + (ic + i) * ldc + j0;
            for (int q = 0; q < w; q++) {
                c[r0 + q] = tile[q][i];
            }
        }
    }
}
