package dev.unroll.engine.inspect;

import dev.unroll.engine.model.Tensor;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;

/**
 * Eigenvalues of the recurrent matrix Whh and the spectral radius max |lambda|: below 1 the
 * error signal tends to shrink at each step back through time (vanishing gradients), above 1 it
 * can grow (exploding), the tanh derivative only shrinking it further. Pure functions; any thread.
 */
public final class SpectralAnalysis {
    private SpectralAnalysis() {
    }

    /**
     * All eigenvalues of a square matrix (EJML's general eigen decomposition, no eigenvectors).
     *
     * @throws IllegalArgumentException if the matrix is not square or the decomposition fails (e.g. NaN entries)
     */
    public static SpectralResult eigenvalues(Tensor square, long iteration) {
        if (square.rows != square.cols) {
            throw new IllegalArgumentException(square + " is not square");
        }
        int n = square.rows;
        DMatrixRMaj m = new DMatrixRMaj(n, n, true, square.data);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(m)) {
            throw new IllegalArgumentException("the eigen decomposition of " + square + " failed");
        }
        int k = eig.getNumberOfEigenvalues();
        double[] re = new double[k];
        double[] im = new double[k];
        double radius = 0;
        for (int i = 0; i < k; i++) {
            Complex_F64 c = eig.getEigenvalue(i);
            re[i] = c.real;
            im[i] = c.imaginary;
            radius = Math.max(radius, Math.hypot(c.real, c.imaginary));
        }
        return new SpectralResult(iteration, radius, re, im, spectralNorm(square.data, n, n));
    }

    /** The spectral radius max |lambda_i| of a square matrix. */
    public static double spectralRadius(Tensor square) {
        return eigenvalues(square, -1).radius();
    }

    /**
     * The largest singular value ||A||_2 of a row-major rows x cols matrix, by power iteration on
     * A^T A from a fixed start (deterministic), to a relative change below 1e-10 or 500 rounds.
     */
    public static double spectralNorm(double[] a, int rows, int cols) {
        double[] v = new double[cols];
        for (int j = 0; j < cols; j++) {
            v[j] = 1.0 / Math.sqrt(cols) * (1 + 0.01 * ((j * 7919) % 13));
        }
        double[] u = new double[rows];
        double sigma = 0;
        for (int round = 0; round < 500; round++) {
            // u = A v
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += a[i * cols + j] * v[j];
                }
                u[i] = s;
            }
            // v = A^T u
            Arrays.fill(v, 0);
            for (int i = 0; i < rows; i++) {
                double ui = u[i];
                for (int j = 0; j < cols; j++) {
                    v[j] += a[i * cols + j] * ui;
                }
            }
            double n = 0;
            for (double x : v) {
                n += x * x;
            }
            n = Math.sqrt(n);
            if (n == 0 || !Double.isFinite(n)) {
                return n == 0 ? 0 : Double.NaN;
            }
            for (int j = 0; j < cols; j++) {
                v[j] /= n;
            }
            double next = Math.sqrt(n);
            if (Math.abs(next - sigma) <= 1e-10 * next) {
                return next;
            }
            sigma = next;
        }
        return sigma;
    }
}
