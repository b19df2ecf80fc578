package dev.unroll.engine.model.kernel;

/**
 * The scratch memory of one thread's share of a product: a panel of B packed as rows that each start at index 0 (the
 * one shape in which Java 17's C2 compiler vectorizes an axpy: two arrays read at different offsets defeat it), and a
 * row of C copied out of and back into the caller's matrix. Created once per thread, grown on first use, then reused.
 */
final class Workspace {
    /** Columns of C (and of the packed panel) per block. */
    static final int NC = 512;
    /** Rows of the packed panel (terms of the sum) per block. */
    static final int KC = 128;

    private float[][] panel32;
    private float[] row32;
    private double[][] panel64;
    private double[] row64;

    float[][] panel32() {
        if (panel32 == null) {
            panel32 = new float[KC][NC];
        }
        return panel32;
    }

    float[] row32() {
        if (row32 == null) {
            row32 = new float[NC];
        }
        return row32;
    }

    double[][] panel64() {
        if (panel64 == null) {
            panel64 = new double[KC][NC];
        }
        return panel64;
    }

    double[] row64() {
        if (row64 == null) {
            row64 = new double[NC];
        }
        return row64;
    }
}
