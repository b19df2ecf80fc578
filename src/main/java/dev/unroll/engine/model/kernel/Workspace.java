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

    /** The arrays of the float32 products ({@link Gemm32}); {@code Scratch32} is generated from {@link Scratch64}. */
    final Scratch32 scratch32 = new Scratch32();
    /** The arrays of the float64 products ({@link Gemm64}). */
    final Scratch64 scratch64 = new Scratch64();
}
