package dev.unroll.engine.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pool splits C, never a sum, so 1, 2 and 3 threads give the serial result bit for bit; its threads are named,
 * made once, stopped by close; a failure in a worker reaches the caller.
 */
class KernelPoolTest {

    /** Wide products (split by columns, some blocks empty), tall ones (split by rows), odd sizes and the typical ones. */
    private static final int[][] SHAPES = {{3, 17, 5}, {1, 130, 17}, {130, 17, 65}, {17, 3, 130}, {2, 1, 3},
        {50, 512, 128}, {65, 1100, 130}, {512, 128, 300}};

    @ParameterizedTest
    @EnumSource(Products.class)
    void anyThreadCountGivesTheSerialDoublesBitForBit(Products op) {
        Random random = new Random(1);
        for (int[] s : SHAPES) {
            for (boolean accumulate : new boolean[] {false, true}) {
                Layout l = Layout.padded(op, s[0], s[1], s[2]);
                double[] a = Products.random64(random, l.aLength());
                double[] b = Products.random64(random, l.bLength());
                double[] c0 = Products.random64(random, l.cLength());
                double[] serial = c0.clone();
                op.run64(null, l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), serial, l.cOff(), l.ldc(), accumulate);
                double[] naive = c0.clone();
                op.naive64(l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), naive, l.cOff(), l.ldc(), accumulate);
                assertArrayEquals(naive, serial, l + " serial");
                for (int threads = 1; threads <= 3; threads++) {
                    try (KernelPool pool = new KernelPool(threads, 0)) {
                        double[] c = c0.clone();
                        op.run64(pool, l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), c, l.cOff(), l.ldc(), accumulate);
                        assertArrayEquals(serial, c, l + " on " + threads + " threads, accumulate=" + accumulate);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Products.class)
    void anyThreadCountGivesTheSerialFloatsBitForBit(Products op) {
        Random random = new Random(2);
        for (int[] s : SHAPES) {
            for (boolean accumulate : new boolean[] {false, true}) {
                Layout l = Layout.padded(op, s[0], s[1], s[2]);
                float[] a = Products.random32(random, l.aLength());
                float[] b = Products.random32(random, l.bLength());
                float[] c0 = Products.random32(random, l.cLength());
                float[] serial = c0.clone();
                op.run32(null, l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), serial, l.cOff(), l.ldc(), accumulate);
                float[] naive = c0.clone();
                op.naive32(l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), naive, l.cOff(), l.ldc(), accumulate);
                assertArrayEquals(naive, serial, l + " serial");
                for (int threads = 1; threads <= 3; threads++) {
                    try (KernelPool pool = new KernelPool(threads, 0)) {
                        float[] c = c0.clone();
                        op.run32(pool, l.m(), l.n(), l.k(), a, l.aOff(), l.lda(), b, l.bOff(), l.ldb(), c, l.cOff(), l.ldc(), accumulate);
                        assertArrayEquals(serial, c, l + " on " + threads + " threads, accumulate=" + accumulate);
                    }
                }
            }
        }
    }

    /** One pool, many products of changing shapes in a row, with the default threshold (small ones stay serial). */
    @Test
    void aPoolIsReusedAcrossProductsAndThresholds() {
        Random random = new Random(3);
        try (KernelPool pool = new KernelPool(2)) {
            for (int round = 0; round < 200; round++) {
                Products op = Products.values()[round % 3];
                int m = 1 + random.nextInt(80);
                int n = 1 + random.nextInt(300);
                int k = 1 + random.nextInt(150);
                Layout l = Layout.dense(op, m, n, k);
                float[] a = Products.random32(random, l.aLength());
                float[] b = Products.random32(random, l.bLength());
                float[] c = Products.random32(random, l.cLength());
                float[] expected = c.clone();
                op.naive32(m, n, k, a, 0, l.lda(), b, 0, l.ldb(), expected, 0, l.ldc(), true);
                op.run32(pool, m, n, k, a, 0, l.lda(), b, 0, l.ldb(), c, 0, l.ldc(), true);
                assertArrayEquals(expected, c, l + " in round " + round);
            }
        }
    }

    @Test
    void workersAreNamedDaemonsThatCloseStops() {
        List<Thread> before = kernelThreads();
        KernelPool pool = new KernelPool(3, 0);
        List<Thread> workers = kernelThreads();
        workers.removeAll(before);
        assertEquals(List.of("unroll-kernel-1", "unroll-kernel-2"), workers.stream().map(Thread::getName).sorted().collect(Collectors.toList()));
        assertTrue(workers.stream().allMatch(Thread::isDaemon));
        assertEquals(3, pool.threads());
        pool.close();
        assertTrue(workers.stream().noneMatch(Thread::isAlive), "close waits for the workers to end");
        assertThrows(IllegalStateException.class, () -> Gemm32.nn(pool, 1, 1, 1, new float[1], 0, 1, new float[1], 0, 1,
                new float[1], 0, 1, false));
        pool.close();
    }

    @Test
    void oneThreadStartsNoWorker() {
        List<Thread> before = kernelThreads();
        try (KernelPool pool = new KernelPool(1, 0)) {
            assertEquals(before, kernelThreads());
            float[] c = new float[1];
            Gemm32.nn(pool, 1, 1, 1, new float[] {3}, 0, 1, new float[] {4}, 0, 1, c, 0, 1, false);
            assertEquals(12f, c[0]);
        }
        assertThrows(IllegalArgumentException.class, () -> new KernelPool(0));
    }

    /**
     * The checks of the public methods come first, so a failure inside a block is reached here through the pool's own
     * entry: C's second band of columns lies outside its array, which only the worker computing it finds (the caller
     * keeps to the first band in this pool).
     */
    @Test
    void aFailureInAWorkerReachesTheCaller() {
        try (KernelPool pool = new KernelPool(2, 0, false)) {
            double[] a = new double[4];
            double[] b = new double[4 * 64];
            double[] shortC = new double[32];
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> pool.run(Shapes.NN, 1, 64, 4, a, 0, 4, b, 0, 64, shortC, 0, 64, false));
            assertTrue(e instanceof IndexOutOfBoundsException, e.toString());
            assertTrue(List.of(e.getStackTrace()).stream().anyMatch(f -> f.getMethodName().equals("run")
                    && f.getClassName().endsWith("KernelPool$Worker")), "thrown on the worker's thread");
            double[] c = new double[64];
            Gemm64.nn(pool, 1, 64, 4, new double[] {1, 0, 0, 0}, 0, 4, b, 0, 64, c, 0, 64, false);
            assertArrayEquals(new double[64], c, "the pool still works after a failure");
        }
    }

    /** A task's parts all run, once each, on the pool's threads; the call returns after the last; a part's failure reaches the caller. */
    @Test
    void aTaskRunsEveryPartOnceAcrossTheThreads() {
        try (KernelPool pool = new KernelPool(2, 0, false)) {
            int[] runs = new int[5];
            String[] where = new String[5];
            pool.run(5, part -> {
                runs[part]++;
                where[part] = Thread.currentThread().getName();
            });
            assertArrayEquals(new int[] {1, 1, 1, 1, 1}, runs);
            assertTrue(List.of(where).contains("unroll-kernel-1"), "a worker took a part: " + List.of(where));
            RuntimeException e = assertThrows(IllegalStateException.class, () -> pool.run(2, part -> {
                if (part == 1) {
                    throw new IllegalStateException("part 1");
                }
            }));
            assertEquals("part 1", e.getMessage());
            pool.run(1, part -> runs[part] += 10);
            assertEquals(11, runs[0], "one part runs on the caller");
        }
        try (KernelPool one = new KernelPool(1)) {
            int[] runs = new int[3];
            one.run(3, part -> runs[part] = part + 1);
            assertArrayEquals(new int[] {1, 2, 3}, runs, "one thread runs the parts in turn");
        }
    }

    /** The live kernel threads (another test's pool, still open, would show here too). */
    private static List<Thread> kernelThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("unroll-kernel-"))
                .sorted(Comparator.comparing(Thread::getId)).collect(Collectors.toList());
    }
}
