package dev.unroll.engine.model.kernel;

/**
 * The scratch memory of one thread's share of a product: a panel of B packed as rows that each start at index 0 (the
 * one shape in which Java 17's C2 compiler vectorizes an axpy: two arrays read at different offsets defeat it), and
 * four rows of C copied out of and back into the caller's matrix. Created once per thread, grown on first use, then reused.
 */
final class Workspace {
    /** Columns of C (and of the packed panel) per block. */
    static final int NC = 512;
    /** Rows of the packed panel (terms of the sum) per block. */
    static final int KC = 128;
    /** Rows of C updated together. */
    static final int ROWS = 4;

    private float[][] panel32;
    private float[][] rows32;
    private double[][] panel64;
    private double[][] rows64;

    float[][] panel32() {
        if (panel32 == null) {
            panel32 = new float[KC][NC];
        }
        return panel32;
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

    /** Four rows of C. */
    double[][] rows64() {
        if (rows64 == null) {
            rows64 = new double[ROWS][NC];
        }
        return rows64;
    }
}
