package dev.unroll.engine.model.kernel;

/** The three products' shapes and the argument checks the public methods share. */
final class Shapes {
    /** C = A B^T, A [m x k], B [n x k]. */
    static final int NT = 0;
    /** C = A B, A [m x k], B [k x n]. */
    static final int NN = 1;
    /** C = A^T B, A [k x m], B [k x n]. */
    static final int TN = 2;

    private Shapes() {
    }

    static String name(int op) {
        return op == NT ? "nt" : op == NN ? "nn" : "tn";
    }

    /**
     * Checks the sizes, leading dimensions and that every matrix lies inside its array.
     *
     * @throws IllegalArgumentException for a negative size or a leading dimension shorter than a row
     * @throws IndexOutOfBoundsException when a matrix reaches outside its array
     */
    static void check(int op, int m, int n, int k, int aLength, int aOff, int lda, int bLength, int bOff, int ldb,
            int cLength, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(name(op) + ": negative size m=" + m + " n=" + n + " k=" + k);
        }
        int aRows = op == TN ? k : m;
        int aCols = op == TN ? m : k;
        int bRows = op == NT ? n : k;
        int bCols = op == NT ? k : n;
        inside(name(op), "A", aRows, aCols, aLength, aOff, lda);
        inside(name(op), "B", bRows, bCols, bLength, bOff, ldb);
        inside(name(op), "C", m, n, cLength, cOff, ldc);
    }

    /**
     * Checks that a matrix of {@code rows x cols} at {@code off} with leading dimension {@code ld} lies inside an
     * array of {@code length}, its rows not overlapping ({@code ld >= cols}, and at least 1).
     */
    static void inside(String method, String which, int rows, int cols, int length, int off, int ld) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(method + ": negative size of " + which + ": " + rows + " x " + cols);
        }
        if (ld < cols || ld < 1) {
            throw new IllegalArgumentException(method + ": leading dimension of " + which + " is " + ld + ", its rows have " + cols + " entries");
        }
        if (off < 0) {
            throw new IndexOutOfBoundsException(method + ": offset of " + which + " is " + off);
        }
        if (rows > 0 && cols > 0 && (long) off + (long) (rows - 1) * ld + cols > length) {
            throw new IndexOutOfBoundsException(method + ": " + which + " [" + rows + " x " + cols + "] at offset " + off
                    + " with leading dimension " + ld + " reaches past its array of " + length);
        }
    }
}
