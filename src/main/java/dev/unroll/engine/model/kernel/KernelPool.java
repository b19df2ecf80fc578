package dev.unroll.engine.model.kernel;

import dev.unroll.architecture.AllowedToStartThreads;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads for the products of {@link Gemm32} and {@link Gemm64}, created once per run and reused
 * for every call. A product is cut into blocks of rows or of columns of C (never into pieces of a sum); the caller
 * computes the first block, the workers claim the others, and the caller takes any block still unclaimed when it is
 * done (so a worker that the operating system is slow to wake costs little). Each element of C is computed exactly as
 * the serial method computes it, whichever thread computes its block: the result is bit for bit the same for every
 * thread count and every cut.
 *
 * <p>A product of fewer than {@link #serialBelow()} floating-point operations (2·m·n·k) runs on the caller's thread
 * alone: handing it to a second core would cost more than it saves. {@code new KernelPool(1)} starts no thread.
 *
 * <p>The workers are daemon threads named {@code unroll-kernel-1}, {@code unroll-kernel-2}, ...; between products they
 * spin for {@value #SPIN_NANOS} ns, then park. A call allocates nothing. One product runs at a time (calls from several
 * threads take turns); an exception thrown while computing a block reaches the caller, after every block has finished.
 * {@link #close()} stops the workers; a closed pool refuses products.
 *
 * <p>Besides products, {@link #run(int, Parts)} hands the threads a piece of work of the caller's, cut into parts (such
 * as the recurrences of disjoint groups of streams), in the same way: the caller takes part 0, the workers and the
 * caller claim the others.
 */
@AllowedToStartThreads("one of the engine's pools: the dense products of one training run spread over the cores, on threads made once per run")
public final class KernelPool implements AutoCloseable {

    /** Below this many floating-point operations a product runs serially (measured by KernelBench; see its output). */
    public static final long DEFAULT_SERIAL_BELOW = 2_000_000;

    /** How long a worker spins for the next product before it parks, and the caller for the last blocks. */
    static final long SPIN_NANOS = 50_000;

    /** From this many floating-point operations, a product is cut into four blocks per thread (for balance). */
    private static final long FINE_FROM = 32L << 20;

    /** Column blocks are a multiple of this many columns (a cache line of floats). */
    private static final int COLUMN_GRAIN = 16;

    private final int threads;
    private final long serialBelow;
    private final boolean callerHelps;
    private final Worker[] workers;
    /** Scratch memory per thread: [0] the caller's, [w] worker w's. */
    private final Workspace[] spaces;
    /** The product's number in the high 32 bits, the next block to claim in the low ones. */
    private final AtomicLong state = new AtomicLong();
    /** Blocks finished in the current product. */
    private final AtomicInteger done = new AtomicInteger();
    private int generation;
    private volatile Thread caller;
    private volatile boolean callerParked;
    private volatile boolean closed;
    private volatile Throwable failure;

    // The product being computed: written by the caller before it publishes the product's number in state (which a
    // thread reads before these fields), unchanged until its last block is done.
    private int op;
    private int m;
    private int n;
    private int k;
    private int parts;
    private boolean byColumns;
    private boolean accumulate;
    // the three matrices: all float[] (a product of Gemm32) or all double[] (Gemm64)
    private Object a;
    private Object b;
    private Object c;
    private int aOff;
    private int lda;
    private int bOff;
    private int ldb;
    private int cOff;
    private int ldc;
    private Parts task;

    /**
     * Work cut into parts that may run on any of the pool's threads, in any order and at the same time: each part must
     * write only what no other part reads or writes, and must not use the pool.
     */
    @FunctionalInterface
    public interface Parts {
        /** Computes part {@code part} (0 to parts - 1). */
        void run(int part);
    }

    /** A pool of {@code threads} threads (the caller's and {@code threads - 1} workers) with {@link #DEFAULT_SERIAL_BELOW}. */
    public KernelPool(int threads) {
        this(threads, DEFAULT_SERIAL_BELOW);
    }

    /**
     * @param threads     how many threads compute a product, the caller's included (1 starts none)
     * @param serialBelow products of fewer floating-point operations run on the caller's thread alone (0: never)
     * @throws IllegalArgumentException when threads is below 1 or serialBelow negative
     */
    public KernelPool(int threads, long serialBelow) {
        this(threads, serialBelow, true);
    }

    /** With {@code callerHelps} false the caller computes the first block only (tests use it to pin a block to a worker). */
    KernelPool(int threads, long serialBelow, boolean callerHelps) {
        if (threads < 1) {
            throw new IllegalArgumentException("a kernel pool needs at least one thread, got " + threads);
        }
        if (serialBelow < 0) {
            throw new IllegalArgumentException("serialBelow must not be negative, got " + serialBelow);
        }
        this.threads = threads;
        this.serialBelow = serialBelow;
        this.callerHelps = callerHelps;
        this.spaces = new Workspace[threads];
        this.workers = new Worker[threads - 1];
        for (int t = 0; t < threads; t++) {
            spaces[t] = new Workspace();
        }
        for (int w = 0; w < workers.length; w++) {
            Worker worker = new Worker(w + 1);
            Thread thread = new Thread(worker, "unroll-kernel-" + (w + 1));
            thread.setDaemon(true);
            worker.thread = thread;
            workers[w] = worker;
            thread.start();
        }
    }

    /** How many threads compute a product, the caller's included. */
    public int threads() {
        return threads;
    }

    /** Products of fewer floating-point operations than this run on the caller's thread alone. */
    public long serialBelow() {
        return serialBelow;
    }

    /** Stops the workers and waits for them to end (after a product under way); idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
        boolean interrupted = false;
        for (Worker w : workers) {
            while (w.thread.isAlive()) {
                try {
                    w.thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A product of {@link Gemm32} (a, b and c all float[]) or {@link Gemm64} (all double[]), arguments already checked:
     * on the caller's thread below the threshold, else in blocks on the pool's threads.
     */
    synchronized void run(int op, int m, int n, int k, Object a, int aOff, int lda, Object b, int bOff, int ldb,
            Object c, int cOff, int ldc, boolean accumulate) {
        int parts = partsFor(m, n, k);
        if (parts == 1) {
            block(op, 0, m, 0, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, spaces[0]);
            return;
        }
        this.a = a;
        this.b = b;
        this.c = c;
        describe(op, m, n, k, parts, aOff, lda, bOff, ldb, cOff, ldc, accumulate);
        runParts();
    }

    /** Rows [i0, i1) and columns [j0, j1) of C by the kernel of the arrays' type. */
    private static void block(int op, int i0, int i1, int j0, int j1, int k, Object a, int aOff, int lda, Object b,
            int bOff, int ldb, Object c, int cOff, int ldc, boolean accumulate, Workspace space) {
        if (c instanceof double[] c64) {
            Gemm64.block(op, i0, i1, j0, j1, k, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, c64, cOff, ldc, accumulate, space);
        } else {
            Gemm32.block(op, i0, i1, j0, j1, k, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, (float[]) c, cOff, ldc, accumulate,
                    space);
        }
    }

    /**
     * 1 (serial) below the threshold; else a block per thread, four per thread for a large product that is not narrow
     * (each band of a narrow C packs all of A); never more than C's units (bands of 16 columns, or rows).
     */
    private int partsFor(int m, int n, int k) {
        if (closed) {
            throw new IllegalStateException("the kernel pool is closed");
        }
        double flops = 2.0 * m * n * k;
        if (threads == 1 || flops < serialBelow) {
            return 1;
        }
        int wanted = flops >= FINE_FROM && !narrow(m, n) ? 4 * threads : threads;
        int units = byColumns(m, n) ? (n + COLUMN_GRAIN - 1) / COLUMN_GRAIN : m;
        return Math.max(1, Math.min(wanted, units));
    }

    /**
     * Runs {@code task}'s parts 0 .. parts-1 on the pool's threads (on the caller's alone with one thread or one part) and
     * returns when every part has finished; an exception thrown by a part reaches the caller after that. Allocates nothing.
     *
     * @throws IllegalArgumentException when parts is below 1
     * @throws IllegalStateException    when the pool is closed
     */
    public synchronized void run(int parts, Parts task) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, got " + parts);
        }
        if (closed) {
            throw new IllegalStateException("the kernel pool is closed");
        }
        if (threads == 1 || parts == 1) {
            for (int part = 0; part < parts; part++) {
                task.run(part);
            }
            return;
        }
        this.task = task;
        this.parts = parts;
        runParts();
    }

    /** A narrow, tall C, which the kernels compute along its columns (Gemm64.block); each of its blocks must stay tall. */
    private static boolean narrow(int m, int n) {
        return n <= Workspace.NARROW && m >= 2 * n;
    }

    /**
     * A narrow, tall C, and a C of too few rows for every thread to have several (below 8 per thread), are cut into
     * bands of columns; the others into bands of rows, which keep the kernels on C's full rows: for the per-step
     * product 50 x 512 x 128 on 2 threads, bands of 25 rows keep 10 to 20% more of the serial speed per core than
     * bands of 256 columns (KernelBench's "2 cpu", float32), though each band packs all of B.
     */
    private boolean byColumns(int m, int n) {
        return narrow(m, n) || m < 8 * threads;
    }

    private void describe(int op, int m, int n, int k, int parts, int aOff, int lda, int bOff, int ldb, int cOff,
            int ldc, boolean accumulate) {
        this.op = op;
        this.m = m;
        this.n = n;
        this.k = k;
        this.parts = parts;
        this.byColumns = byColumns(m, n);
        this.aOff = aOff;
        this.lda = lda;
        this.bOff = bOff;
        this.ldb = ldb;
        this.cOff = cOff;
        this.ldc = ldc;
        this.accumulate = accumulate;
    }

    /** Publishes the product (block 0 kept for the caller), computes blocks, waits for the rest, rethrows a failure. */
    private void runParts() {
        failure = null;
        caller = Thread.currentThread();
        done.set(0);
        generation++;
        state.set(((long) generation << 32) | 1);
        for (int w = 0; w < Math.min(workers.length, parts - 1); w++) {
            workers[w].wake();
        }
        compute(0, spaces[0]);
        if (callerHelps) {
            for (int part = claim(generation); part >= 0; part = claim(generation)) {
                compute(part, spaces[0]);
            }
        }
        awaitParts();
        task = null;
        a = null;
        b = null;
        c = null;
        Throwable t = failure;
        failure = null;
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
    }

    /** The next unclaimed block of product {@code gen}, or -1 when none is left (or gen is over). */
    private int claim(int gen) {
        while (true) {
            long s = state.get();
            if ((int) (s >>> 32) != gen) {
                return -1;
            }
            int part = (int) s;
            if (part >= parts) {
                return -1;
            }
            if (state.compareAndSet(s, s + 1)) {
                return part;
            }
        }
    }

    /** Computes a block and counts it done, whatever happens; the last one wakes a parked caller. */
    private void compute(int part, Workspace space) {
        try {
            computeBlock(part, space);
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            if (done.incrementAndGet() == parts && callerParked) {
                LockSupport.unpark(caller);
            }
        }
    }

    private void awaitParts() {
        long start = System.nanoTime();
        while (done.get() < parts && System.nanoTime() - start < SPIN_NANOS) {
            Thread.onSpinWait();
        }
        while (done.get() < parts) {
            callerParked = true;
            if (done.get() < parts) {
                LockSupport.park(this);
            }
            callerParked = false;
        }
    }

    private void fail(Throwable t) {
        synchronized (done) {
            if (failure == null) {
                failure = t;
            } else if (failure != t) {
                failure.addSuppressed(t);
            }
        }
    }

    /** Computes block {@code part} of the current product: a band of columns (wide C) or of rows (tall C). */
    private void computeBlock(int part, Workspace space) {
        if (task != null) {
            task.run(part);
            return;
        }
        int i0 = 0;
        int i1 = m;
        int j0 = 0;
        int j1 = n;
        if (byColumns) {
            int chunk = ((n + parts - 1) / parts + COLUMN_GRAIN - 1) / COLUMN_GRAIN * COLUMN_GRAIN;
            j0 = Math.min(n, part * chunk);
            j1 = Math.min(n, j0 + chunk);
        } else {
            int chunk = (m + parts - 1) / parts;
            i0 = Math.min(m, part * chunk);
            i1 = Math.min(m, i0 + chunk);
        }
        block(op, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, space);
    }

    /** One worker: waits for a new product, claims and computes its blocks while any are left. */
    private final class Worker implements Runnable {
        private final int index;
        private Thread thread;
        private volatile boolean parked;
        private int seen;

        Worker(int index) {
            this.index = index;
        }

        /** Called by the caller after publishing a product. */
        void wake() {
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (awaitProduct()) {
                for (int part = claim(seen); part >= 0; part = claim(seen)) {
                    compute(part, spaces[index]);
                }
            }
        }

        /** Waits for a product newer than the last one seen (true) or for the pool to close (false). */
        private boolean awaitProduct() {
            long start = System.nanoTime();
            while (current() == seen && !closed && System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            }
            while (current() == seen && !closed) {
                parked = true;
                if (current() == seen && !closed) {
                    LockSupport.park(KernelPool.this);
                }
                parked = false;
            }
            seen = current();
            return !closed;
        }

        private int current() {
            return (int) (state.get() >>> 32);
        }
    }
}
