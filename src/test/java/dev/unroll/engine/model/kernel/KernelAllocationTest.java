package dev.unroll.engine.model.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The products allocate nothing per call once each thread's workspace exists: serial, on a pool that keeps small
 * products serial, and on a pool that splits every product; measured per thread (the caller's and the workers').
 */
class KernelAllocationTest {

    private static final int M = 50;
    private static final int N = 160;
    private static final int K = 130;
    /** Products.values() copies its array on every call. */
    private static final Products[] ALL = Products.values();

    @Test
    void serialProductsAllocateNothing() {
        assertNoAllocation(null);
    }

    @Test
    void pooledProductsAllocateNothing() {
        try (KernelPool pool = new KernelPool(2, 0)) {
            assertNoAllocation(pool);
        }
        try (KernelPool pool = new KernelPool(3)) {
            assertNoAllocation(pool);
        }
    }

    private static void assertNoAllocation(KernelPool pool) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter on this JVM");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);

        Random random = new Random(5);
        float[] a32 = Products.random32(random, M * K + K * K);
        float[] b32 = Products.random32(random, K * N + N * K);
        float[] c32 = new float[M * N + K * N];
        double[] a64 = Products.random64(random, M * K + K * K);
        double[] b64 = Products.random64(random, K * N + N * K);
        double[] c64 = new double[M * N + K * N];
        for (int i = 0; i < 300; i++) {
            products(pool, a32, b32, c32, a64, b64, c64);
        }
        long[] ids = threadIds();
        // Three rounds of 100 calls of each of the six products; the quietest counts. One allocation per call would cost
        // 600 x 16 bytes or more in every round, whereas a one-off event of the JVM spoils one round only.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = allocated(mx, ids);
            for (int i = 0; i < 100; i++) {
                products(pool, a32, b32, c32, a64, b64, c64);
            }
            least = Math.min(least, allocated(mx, ids) - before);
        }
        assertTrue(least < 600, (pool == null ? "serial" : pool.threads() + " threads") + ": " + least
                + " bytes allocated by 600 products in the quietest of three rounds");
    }

    private static void products(KernelPool pool, float[] a32, float[] b32, float[] c32, double[] a64, double[] b64, double[] c64) {
        for (Products op : ALL) {
            op.run32(pool, M, N, K, a32, 0, op.aCols(M, K), b32, 0, op.bCols(N, K), c32, 0, N, true);
            op.run64(pool, M, N, K, a64, 0, op.aCols(M, K), b64, 0, op.bCols(N, K), c64, 0, N, false);
        }
    }

    /** The caller's thread and the pool's workers. */
    private static long[] threadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("unroll-kernel-"))
                .mapToLong(Thread::getId).toArray();
    }

    private static long allocated(com.sun.management.ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += mx.getThreadAllocatedBytes(id);
        }
        return sum;
    }
}
