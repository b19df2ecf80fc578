package dev.unroll.engine.inspect;

import dev.unroll.architecture.AllowedToStartThreads;
import dev.unroll.engine.model.ModelSnapshot;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The spectral radius of Whh over training iterations, computed on a background thread of its own
 * (never the trainer's, never the UI's) from the model copies it is offered. Offers are coalesced:
 * while one decomposition runs, only the newest offer waits; copies of an iteration already
 * analysed, or older than the newest one analysed, are ignored (a new run needs {@link #clear()}).
 * The history keeps at most {@code capacity} points, thinned by half when full.
 */
@AllowedToStartThreads("one of the engine's pools: the spectral analysis runs off the caller's thread, and the engine cannot use the app's BackgroundTasks")
public final class SpectralTracker implements AutoCloseable {
    private final int capacity;
    private final ExecutorService executor;
    private final AtomicReference<ModelSnapshot> waiting = new AtomicReference<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Consumer<History> listener;
    private long[] iterations;
    private double[] radii;
    private double[] norms;
    private int size;
    private long lastIteration = Long.MIN_VALUE;
    private SpectralResult latest;
    private long generation;

    /**
     * @param listener told, on the tracker's thread, after each new result: hand it over to a UI
     *                 with a latest-wins reference, not a queue per result
     */
    public SpectralTracker(int capacity, Consumer<History> listener) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.capacity = capacity;
        this.listener = listener;
        iterations = new long[capacity];
        radii = new double[capacity];
        norms = new double[capacity];
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "unroll-spectral");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    /** Offers a model copy; it is analysed soon unless a newer one arrives first. Any thread. */
    public void offer(ModelSnapshot model) {
        if (model == null) {
            return;
        }
        waiting.set(model);
        if (busy.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            ModelSnapshot m;
            while ((m = waiting.getAndSet(null)) != null) {
                analyse(m);
            }
        } finally {
            busy.set(false);
        }
        if (waiting.get() != null && busy.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void analyse(ModelSnapshot m) {
        long gen;
        synchronized (this) {
            if (m.iteration() <= lastIteration) {
                return;
            }
            gen = generation;
        }
        SpectralResult r;
        try {
            r = SpectralAnalysis.eigenvalues(m.parameter("Whh"), m.iteration());
        } catch (IllegalArgumentException e) {
            r = new SpectralResult(m.iteration(), Double.NaN, new double[0], new double[0], Double.NaN);
        }
        History h;
        synchronized (this) {
            if (gen != generation || m.iteration() <= lastIteration) {
                return;
            }
            if (size == capacity) {
                int w = 0;
                for (int i = 1; i < size; i += 2) {
                    iterations[w] = iterations[i];
                    radii[w] = radii[i];
                    norms[w] = norms[i];
                    w++;
                }
                size = w;
            }
            iterations[size] = r.iteration();
            radii[size] = r.radius();
            norms[size] = r.spectralNorm();
            size++;
            lastIteration = r.iteration();
            latest = r;
            h = history();
        }
        listener.accept(h);
    }

    /** Forgets the history (a new run). */
    public synchronized void clear() {
        generation++;
        size = 0;
        lastIteration = Long.MIN_VALUE;
        latest = null;
        waiting.set(null);
    }

    /** The history now. */
    public synchronized History history() {
        return new History(Arrays.copyOf(iterations, size), Arrays.copyOf(radii, size), Arrays.copyOf(norms, size), latest);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /**
     * The spectral radius (and norm) of Whh at the iterations analysed, oldest first.
     *
     * @param iteration    iterations
     * @param radius       max |lambda(Whh)|
     * @param spectralNorm ||Whh||_2
     * @param latest       the newest full result (all eigenvalues), or null
     */
    public record History(long[] iteration, double[] radius, double[] spectralNorm, SpectralResult latest) {
        public int size() {
            return iteration.length;
        }
    }
}
