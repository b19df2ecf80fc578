package dev.unroll.engine.model.kernel;

import dev.unroll.architecture.AllowedToStartThreads;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads for the products of {@link Gemm32} and {@link Gemm64}, created once per run and reused
 * for every call. A product is split into {@link #threads()} blocks of rows or of columns of C (never the sum), the
 * caller computes the first block and the workers the others; each element of C is then computed exactly as the
 * serial method computes it, so the result is bit for bit the same for every thread count.
 *
 * <p>A product smaller than {@link #serialBelow()} floating-point operations (2·m·n·k) runs on the caller's thread
 * alone: handing it to a second core costs more than it saves. {@code new KernelPool(1)} starts no thread at all.
 *
 * <p>The workers are daemon threads named {@code unroll-kernel-1}, {@code unroll-kernel-2}, ...; between products they
 * wait briefly spinning, then parked. A call allocates nothing. One product runs at a time (calls from several threads
 * take turns); an exception thrown by a worker reaches the caller, after every block has finished. {@link #close()}
 * stops the workers; a closed pool refuses products.
 */
@AllowedToStartThreads("one of the engine's pools: the dense products of one training run spread over the cores, on threads made once per run")
public final class KernelPool implements AutoCloseable {

    /** Below this many floating-point operations a product runs serially (measured by KernelBench; see its output). */
    public static final long DEFAULT_SERIAL_BELOW = 1L << 20;

    /** How long a worker spins for the next product before it parks, and the caller for the workers' blocks. */
    private static final long SPIN_NANOS = 50_000;

    /** Column blocks are a multiple of this many columns (a cache line of floats). */
    private static final int COLUMN_GRAIN = 16;

    private final int threads;
    private final long serialBelow;
    private final Worker[] workers;
    private final Workspace[] spaces;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread caller;
    private volatile boolean callerParked;
    private volatile boolean closed;
    private volatile Throwable failure;

    // The product being computed: written by the caller before it hands out the blocks (a volatile write each worker
    // reads before these fields), cleared after the last block.
    private int op;
    private int m;
    private int n;
    private int k;
    private int parts;
    private boolean byColumns;
    private boolean accumulate;
    private float[] a32;
    private float[] b32;
    private float[] c32;
    private double[] a64;
    private double[] b64;
    private double[] c64;
    private int aOff;
    private int lda;
    private int bOff;
    private int ldb;
    private int cOff;
    private int ldc;

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
        if (threads < 1) {
            throw new IllegalArgumentException("a kernel pool needs at least one thread, got " + threads);
        }
        if (serialBelow < 0) {
            throw new IllegalArgumentException("serialBelow must not be negative, got " + serialBelow);
        }
        this.threads = threads;
        this.serialBelow = serialBelow;
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

    /** Stops the workers and waits for them to end; idempotent. */
    @Override
    public void close() {
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

    synchronized void run32(int op, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc, boolean accumulate) {
        int parts = partsFor(m, n, k);
        if (parts == 1) {
            Gemm32.block(op, 0, m, 0, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, spaces[0]);
            return;
        }
        this.a32 = a;
        this.b32 = b;
        this.c32 = c;
        describe(op, m, n, k, parts, aOff, lda, bOff, ldb, cOff, ldc, accumulate);
        runParts();
    }

    synchronized void run64(int op, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double[] c, int cOff, int ldc, boolean accumulate) {
        int parts = partsFor(m, n, k);
        if (parts == 1) {
            Gemm64.block(op, 0, m, 0, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, spaces[0]);
            return;
        }
        this.a64 = a;
        this.b64 = b;
        this.c64 = c;
        describe(op, m, n, k, parts, aOff, lda, bOff, ldb, cOff, ldc, accumulate);
        runParts();
    }

    private int partsFor(int m, int n, int k) {
        if (closed) {
            throw new IllegalStateException("the kernel pool is closed");
        }
        if (threads == 1 || 2.0 * m * n * k < serialBelow) {
            return 1;
        }
        int units = n >= m ? (n + COLUMN_GRAIN - 1) / COLUMN_GRAIN : m;
        return Math.max(1, Math.min(threads, units));
    }

    private void describe(int op, int m, int n, int k, int parts, int aOff, int lda, int bOff, int ldb, int cOff,
            int ldc, boolean accumulate) {
        this.op = op;
        this.m = m;
        this.n = n;
        this.k = k;
        this.parts = parts;
        this.byColumns = n >= m;
        this.aOff = aOff;
        this.lda = lda;
        this.bOff = bOff;
        this.ldb = ldb;
        this.cOff = cOff;
        this.ldc = ldc;
        this.accumulate = accumulate;
    }

    /** Hands blocks 1 .. parts-1 to the workers, computes block 0, waits for the others, rethrows a failure. */
    private void runParts() {
        failure = null;
        caller = Thread.currentThread();
        pending.set(parts - 1);
        for (int w = 0; w < parts - 1; w++) {
            workers[w].hand();
        }
        try {
            runPart(0);
        } catch (RuntimeException | Error e) {
            fail(e);
        }
        awaitWorkers();
        a32 = null;
        b32 = null;
        c32 = null;
        a64 = null;
        b64 = null;
        c64 = null;
        Throwable t = failure;
        failure = null;
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (pending.get() > 0 && System.nanoTime() - start < SPIN_NANOS) {
            Thread.onSpinWait();
        }
        while (pending.get() > 0) {
            callerParked = true;
            if (pending.get() > 0) {
                LockSupport.park(this);
            }
            callerParked = false;
        }
    }

    private void fail(Throwable t) {
        synchronized (pending) {
            if (failure == null) {
                failure = t;
            } else if (failure != t) {
                failure.addSuppressed(t);
            }
        }
    }

    /** Computes block {@code part} of the current product: a band of columns (wide C) or of rows (tall C). */
    private void runPart(int part) {
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
        if (c64 != null) {
            Gemm64.block(op, i0, i1, j0, j1, k, a64, aOff, lda, b64, bOff, ldb, c64, cOff, ldc, accumulate, spaces[part]);
        } else {
            Gemm32.block(op, i0, i1, j0, j1, k, a32, aOff, lda, b32, bOff, ldb, c32, cOff, ldc, accumulate, spaces[part]);
        }
    }

    /** One worker: waits for its ticket to change, computes its block, counts down. */
    private final class Worker implements Runnable {
        private final int part;
        private Thread thread;
        private volatile int ticket;
        private volatile boolean parked;
        private int seen;

        Worker(int part) {
            this.part = part;
        }

        /** Called by the caller: a new block is ready for this worker. */
        void hand() {
            ticket = ticket + 1;
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (awaitTicket()) {
                try {
                    runPart(part);
                } catch (RuntimeException | Error e) {
                    fail(e);
                }
                if (pending.decrementAndGet() == 0 && callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Waits for a new ticket (true) or for the pool to close (false). */
        private boolean awaitTicket() {
            long start = System.nanoTime();
            while (ticket == seen && !closed && System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            }
            while (ticket == seen && !closed) {
                parked = true;
                if (ticket == seen && !closed) {
                    LockSupport.park(KernelPool.this);
                }
                parked = false;
            }
            if (closed) {
                return false;
            }
            seen = ticket;
            return true;
        }
    }
}
