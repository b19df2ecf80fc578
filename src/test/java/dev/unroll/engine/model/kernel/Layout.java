package dev.unroll.engine.model.kernel;

/**
 * Where a test product's three matrices lie in their arrays: each at an offset, with a leading dimension wider than its
 * rows, and padding after it, so that a kernel that reads or writes outside its matrices shows.
 */
record Layout(Products op, int m, int n, int k, int aOff, int lda, int bOff, int ldb, int cOff, int ldc) {

    /** Offsets 3, 5 and 7; leading dimensions 2, 3 and 1 wider than the rows. */
    static Layout padded(Products op, int m, int n, int k) {
        return new Layout(op, m, n, k, 3, op.aCols(m, k) + 2, 5, op.bCols(n, k) + 3, 7, n + 1);
    }

    /** Tightly packed at offset 0. */
    static Layout dense(Products op, int m, int n, int k) {
        return new Layout(op, m, n, k, 0, op.aCols(m, k), 0, op.bCols(n, k), 0, n);
    }

    int aLength() {
        return aOff + op.aRows(m, k) * lda + 4;
    }

    int bLength() {
        return bOff + op.bRows(n, k) * ldb + 4;
    }

    int cLength() {
        return cOff + m * ldc + 4;
    }

    @Override
    public String toString() {
        return op + " m=" + m + " n=" + n + " k=" + k;
    }
}
