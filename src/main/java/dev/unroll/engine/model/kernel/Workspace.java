package dev.unroll.engine.model.kernel;

/**
 * The scratch memory of one thread's share of a product: a panel of B packed as rows that each start at index 0 (the
 * one shape in which Java 17's C2 compiler vectorizes an axpy: two arrays read at different offsets defeat it), and
 * four rows of C copied out of and back into the caller's matrix (or, for a narrow block of C, its columns). Created once per thread, grown on first use, then reused.
 */
final class Workspace {
    /** Columns of C (and of the packed panel) per block. */
    static final int NC = 512;
    /** Rows of the packed panel (terms of the sum) per block. */
    static final int KC = 128;
    /** Columns of C at most, in a block computed transposed (along C's columns). */
    static final int NARROW = 256;
    /** Rows of C updated together. */
    static final int ROWS = 4;

    private float[][] panel32;
    private float[][] tile32;
    private float[][] rows32;
    private double[][] panel64;
    private double[][] tile64;
    private double[][] rows64;

    float[][] panel32() {
        if (panel32 == null) {
            panel32 = new float[KC][NC];
        }
        return panel32;
    }

    /** C^T for a narrow block: one array per column of C. */
    float[][] tile32() {
        if (tile32 == null) {
            tile32 = new float[NARROW][NC];
        }
        return tile32;
    }

    /** Four rows of C. */
    float[][] rows32() {
        if (rows32 == null) {
            rows32 = new float[ROWS][NC];
        }
        return rows32;
    }

    double[][] panel64() {
        if (panel64 == null) {
            panel64 = new double[KC][NC];
        }
        return panel64;
    }

    /** C^T for a narrow block: one array per column of C. */
    double[][] tile64() {
        if (tile64 == null) {
            tile64 = new double[NARROW][NC];
        }
        return tile64;
    }

    /** Four rows of C. */
    double[][] rows64() {
        if (rows64 == null) {
            rows64 = new double[ROWS][NC];
        }
        return rows64;
    }
}
