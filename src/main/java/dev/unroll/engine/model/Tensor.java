package dev.unroll.engine.model;

import java.util.Arrays;

/**
 * A named, dense, row-major matrix of doubles (a vector is a matrix with one column).
 * The engine's parameters, gradients and optimizer state are tensors; {@code data} is shared
 * on purpose so that hot loops index it directly. Use {@link #copy()} to hand one to another thread.
 */
public final class Tensor {
    public final String name;
    public final int rows;
    public final int cols;
    public final double[] data;

    public Tensor(String name, int rows, int cols) {
        this(name, rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    public Tensor(String name, int rows, int cols, double[] data) {
        if (rows <= 0 || cols <= 0 || data.length != rows * cols) {
            throw new IllegalArgumentException(name + ": shape " + rows + "x" + cols + " does not fit " + data.length + " values");
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public double get(int r, int c) {
        return data[r * cols + c];
    }

    public int size() {
        return data.length;
    }

    public Tensor copy() {
        return new Tensor(name, rows, cols, data.clone());
    }

    /** A zero tensor of this one's shape, named "d" + its name: where its gradient is accumulated (Whh's is dWhh). */
    public Tensor gradient() {
        return new Tensor("d" + name, rows, cols);
    }

    public void fill(double v) {
        Arrays.fill(data, v);
    }

    public void copyFrom(Tensor other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("shape mismatch: " + name + " " + rows + "x" + cols + " vs " + other.rows + "x" + other.cols);
        }
        System.arraycopy(other.data, 0, data, 0, data.length);
    }

    /** Euclidean (Frobenius) norm. */
    public double norm() {
        double s = 0;
        for (double v : data) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    public boolean sameShape(Tensor other) {
        return rows == other.rows && cols == other.cols;
    }

    @Override
    public String toString() {
        return name + "[" + rows + "x" + cols + "]";
    }
}
