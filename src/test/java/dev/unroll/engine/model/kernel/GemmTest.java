package dev.unroll.engine.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each product against its definition, the naive triple loop of fused multiply-adds in the order of the summation
 * index: the kernels keep that order for every element (whatever their blocking), so the results are equal bit for
 * bit, in both precisions, with no tolerance. Sizes 1, 3, 17, 65 and 130 in every combination (odd sizes, blocks of
 * terms cut at 128, narrow and tall blocks computed transposed), larger ones across the blocks of 512 rows or columns,
 * matrices at offsets in wider rows, accumulating and not.
 * The whole arrays are compared, so writing outside C shows too.
 */
class GemmTest {

    private static final int[] SIZES = {1, 3, 17, 65, 130};

    static Stream<Arguments> productsAndModes() {
        List<Arguments> all = new ArrayList<>();
        for (Products op : Products.values()) {
            all.add(Arguments.of(op, false));
            all.add(Arguments.of(op, true));
        }
        return all.stream();
    }

    static List<Layout> layouts(Products op) {
        List<Layout> all = new ArrayList<>();
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    all.add(Layout.padded(op, m, n, k));
                }
            }
        }
        all.add(Layout.dense(op, 50, 512, 128));
        all.add(Layout.padded(op, 5, 1100, 300));
        all.add(Layout.padded(op, 300, 7, 1030));
        all.add(Layout.padded(op, 1030, 130, 20));
        all.add(Layout.padded(op, 530, 3, 9));
        all.add(Layout.padded(op, 600, 257, 5));
        return all;
    }

    @ParameterizedTest
    @MethodSource("productsAndModes")
    void doublesEqualTheNaiveLoopBitForBit(Products op, boolean accumulate) {
        Random random = new Random(27);
        for (Layout l : layouts(op)) {
            double[] a = Products.random64(random, l.aLength());
            double[] b = Products.random64(random, l.bLength());
            double[] c = Products.random64(random, l.cLength());
            double[] expected = c.clone();
            op.naive64(l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), expected, l.cOff(), l.ldc(), accumulate);
            op.run64(null, l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), c, l.cOff(), l.ldc(), accumulate);
            assertArrayEquals(expected, c, l + " accumulate=" + accumulate);
        }
    }

    @ParameterizedTest
    @MethodSource("productsAndModes")
    void floatsEqualTheNaiveLoopBitForBit(Products op, boolean accumulate) {
        Random random = new Random(32);
        for (Layout l : layouts(op)) {
            float[] a = Products.random32(random, l.aLength());
            float[] b = Products.random32(random, l.bLength());
            float[] c = Products.random32(random, l.cLength());
            float[] expected = c.clone();
            op.naive32(l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), expected, l.cOff(), l.ldc(), accumulate);
            op.run32(null, l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), c, l.cOff(), l.ldc(), accumulate);
            assertArrayEquals(expected, c, l + " accumulate=" + accumulate);
        }
    }

    /** What the three shapes mean, on A = [[1, 2], [3, 4]] and B = [[5, 6], [7, 8]]. */
    @Test
    void theThreeShapesOnTwoByTwoMatrices() {
        double[] a = {1, 2, 3, 4};
        double[] b = {5, 6, 7, 8};
        double[] c = new double[4];
        Gemm64.nt(2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false);
        assertArrayEquals(new double[] {17, 23, 39, 53}, c, "A B^T");
        Gemm64.nn(2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false);
        assertArrayEquals(new double[] {19, 22, 43, 50}, c, "A B");
        Gemm64.tn(2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, true);
        assertArrayEquals(new double[] {19 + 26, 22 + 30, 43 + 38, 50 + 44}, c, "A B + A^T B");

        float[] af = {1, 2, 3, 4};
        float[] bf = {5, 6, 7, 8};
        float[] cf = new float[4];
        Gemm32.nt(2, 2, 2, af, 0, 2, bf, 0, 2, cf, 0, 2, false);
        assertArrayEquals(new float[] {17, 23, 39, 53}, cf, "A B^T");
        Gemm32.nn(2, 2, 2, af, 0, 2, bf, 0, 2, cf, 0, 2, false);
        assertArrayEquals(new float[] {19, 22, 43, 50}, cf, "A B");
        Gemm32.tn(2, 2, 2, af, 0, 2, bf, 0, 2, cf, 0, 2, false);
        assertArrayEquals(new float[] {26, 30, 38, 44}, cf, "A^T B");
    }

    /** A null pool computes on the calling thread: the pooled entries need no branch of their callers for the serial case. */
    @Test
    void aNullPoolComputesOnTheCallingThread() {
        double[] a = {1, 2, 3, 4};
        double[] b = {5, 6, 7, 8};
        double[] c = new double[4];
        Gemm64.nt(null, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false);
        assertArrayEquals(new double[] {17, 23, 39, 53}, c, "A B^T");
        Gemm64.nn(null, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, true);
        assertArrayEquals(new double[] {17 + 19, 23 + 22, 39 + 43, 53 + 50}, c, "A B^T + A B");
        Gemm64.tn(null, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 2, false);
        assertArrayEquals(new double[] {26, 30, 38, 44}, c, "A^T B");
        float[] cf = new float[4];
        Gemm32.nn(null, 2, 2, 2, new float[] {1, 2, 3, 4}, 0, 2, new float[] {5, 6, 7, 8}, 0, 2, cf, 0, 2, false);
        assertArrayEquals(new float[] {19, 22, 43, 50}, cf, "A B in float32");
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm64.nt(null, 2, 2, 2, new double[3], 0, 2, b, 0, 2, c, 0, 2, false),
                "the arguments are checked as on the pool");
    }

    /** With no terms, C is zeroed (overwriting) or left as it was (accumulating), and nothing else is touched. */
    @Test
    void anEmptySumZeroesOrKeepsC() {
        double[] c = {9, 1, 2, 9, 3, 4, 9};
        Gemm64.nn(2, 2, 0, new double[0], 0, 1, new double[0], 0, 2, c, 1, 3, true);
        assertArrayEquals(new double[] {9, 1, 2, 9, 3, 4, 9}, c);
        Gemm64.nn(2, 2, 0, new double[0], 0, 1, new double[0], 0, 2, c, 1, 3, false);
        assertArrayEquals(new double[] {9, 0, 0, 9, 0, 0, 9}, c);
        float[] cf = {9, 1, 2, 9, 3, 4, 9};
        Gemm32.tn(2, 2, 0, new float[0], 0, 2, new float[0], 0, 2, cf, 1, 3, false);
        assertArrayEquals(new float[] {9, 0, 0, 9, 0, 0, 9}, cf);
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        double[] s = {0, 1, 2, 3, -1, 4, 5, 6, -1};
        double[] d = new double[9];
        Gemm64.transpose(2, 3, s, 1, 4, d, 1, 3);
        assertArrayEquals(new double[] {0, 1, 4, 0, 2, 5, 0, 3, 6}, d, "[[1, 2, 3], [4, 5, 6]]^T at offset 1, rows of 3 (one padding)");
        float[] sf = {1, 2, 3, 4, 5, 6};
        float[] df = new float[6];
        Gemm32.transpose(2, 3, sf, 0, 3, df, 0, 2);
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, df);
    }

    @Test
    void badShapesAreRefused() {
        double[] x = new double[100];
        assertThrows(IllegalArgumentException.class, () -> Gemm64.nt(-1, 2, 2, x, 0, 2, x, 0, 2, x, 0, 2, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm64.nt(2, 2, 3, x, 0, 2, x, 0, 3, new double[4], 0, 2, false),
                "lda 2 for rows of 3");
        assertThrows(IllegalArgumentException.class, () -> Gemm64.tn(3, 2, 2, x, 0, 2, x, 0, 2, new double[6], 0, 2, false),
                "A^T's rows have m = 3 entries");
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm64.nn(2, 2, 2, x, 0, 2, x, 0, 2, new double[4], 1, 2, false),
                "C at offset 1 reaches past 4");
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm32.nn(10, 10, 10, new float[99], 0, 10, new float[100], 0, 10,
                new float[100], 0, 10, false), "A needs 100");
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm32.nt(1, 1, 1, new float[1], -1, 1, new float[1], 0, 1,
                new float[1], 0, 1, false), "negative offset");
    }
}
