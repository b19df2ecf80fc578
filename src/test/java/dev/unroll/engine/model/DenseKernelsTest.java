package dev.unroll.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.Rng;

import org.junit.jupiter.api.Test;

/** The kernels against plain loops. */
class DenseKernelsTest {

    @Test
    void tanhIsWithin5e15RelativeOfMathTanh() {
        Rng rng = new Rng(31);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            // magnitudes from 1e-12 to 30, both signs, and the regions' edges
            double x = Math.exp(rng.nextDouble() * 31 - 27.6) * (rng.nextDouble() < 0.5 ? -1 : 1);
            worst = Math.max(worst, relativeError(x));
        }
        for (double x : new double[] {0.0625, Math.nextDown(0.0625), 22, Math.nextDown(22.0), 1e-300, Double.MIN_VALUE, 0.5, 1, 3}) {
            worst = Math.max(worst, Math.max(relativeError(x), relativeError(-x)));
        }
        assertTrue(worst <= 5e-15, "worst relative error " + worst);
        assertEquals(0.0, DenseKernels.tanh(0.0));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(DenseKernels.tanh(-0.0)));
        assertEquals(1.0, DenseKernels.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, DenseKernels.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(DenseKernels.tanh(Double.NaN)));
    }

    private static double relativeError(double x) {
        double e = Math.tanh(x);
        return e == 0 ? Math.abs(DenseKernels.tanh(x)) : Math.abs(DenseKernels.tanh(x) - e) / Math.abs(e);
    }

    @Test
    void combineRowsIsATransposeMatrixVectorProduct() {
        Rng rng = new Rng(8);
        for (int rows = 0; rows <= 9; rows++) {
            for (int n : new int[] {1, 3, 8, 17}) {
                for (boolean add : new boolean[] {false, true}) {
                    double[][] b = new double[rows + 2][n + 1];
                    for (double[] r : b) {
                        for (int j = 0; j < r.length; j++) {
                            r[j] = rng.nextGaussian();
                        }
                    }
                    double[] a = new double[rows];
                    for (int r = 0; r < rows; r++) {
                        a[r] = rng.nextGaussian();
                    }
                    double[] c = new double[n + 1];
                    for (int j = 0; j < c.length; j++) {
                        c[j] = rng.nextGaussian();
                    }
                    double[] expected = c.clone();
                    for (int j = 0; j < n; j++) {
                        double s = add ? c[j] : 0;
                        for (int r = 0; r < rows; r++) {
                            s += a[r] * b[1 + r][j];
                        }
                        expected[j] = s;
                    }
                    DenseKernels.combineRows(c, n, a, b, 1, rows, add);
                    for (int j = 0; j <= n; j++) {
                        assertEquals(expected[j], c[j], 1e-13, "rows " + rows + " n " + n + " add " + add + " j " + j);
                    }
                }
            }
        }
    }

    @Test
    void transposeAndRows() {
        Rng rng = new Rng(3);
        for (int[] shape : new int[][] {{1, 1}, {3, 7}, {17, 9}, {20, 20}}) {
            int rows = shape[0];
            int cols = shape[1];
            double[] src = new double[rows * cols];
            for (int i = 0; i < src.length; i++) {
                src[i] = rng.nextGaussian();
            }
            double[][] t = new double[cols][rows];
            double[][] r = new double[rows][cols];
            DenseKernels.transpose(src, rows, cols, t);
            DenseKernels.toRows(src, rows, cols, r);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(src[i * cols + j], t[j][i]);
                    assertEquals(src[i * cols + j], r[i][j]);
                }
            }
        }
    }

    @Test
    void maxAbsAndDot() {
        assertEquals(3.0, DenseKernels.maxAbs(new double[] {1, -3, 2}));
        assertTrue(Double.isNaN(DenseKernels.maxAbs(new double[] {1, Double.NaN, 2})));
        double[] a = {1, 2, 3, 4, 5, 6, 7};
        assertEquals(1 + 4 + 9 + 16 + 25 + 36 + 49, DenseKernels.dot(a, 0, a, 0, 7));
        assertEquals(4 * 5 + 5 * 6, DenseKernels.dot(a, 3, a, 4, 2));
    }
}
