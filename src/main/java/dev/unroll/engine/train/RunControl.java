package dev.unroll.engine.train;

/**
 * Thread-safe steering of a running {@link Trainer}: pause, resume, single steps, stop and a
 * speed limit. Any thread may call the commands; the trainer's thread calls {@link #awaitTurn()}
 * before each iteration.
 */
public final class RunControl {
    private boolean paused;
    private long stepPermits;
    private volatile boolean stopRequested;
    private volatile double maxIterationsPerSecond = Double.POSITIVE_INFINITY;

    public synchronized void pause() {
        paused = true;
        notifyAll();
    }

    public synchronized void resume() {
        paused = false;
        stepPermits = 0;
        notifyAll();
    }

    /** While paused, lets exactly {@code n} more iterations run. */
    public synchronized void step(int n) {
        if (n > 0) {
            stepPermits += n;
            notifyAll();
        }
    }

    public synchronized void stop() {
        stopRequested = true;
        notifyAll();
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    /** Limits the pace, for slow motion on stage; {@code Double.POSITIVE_INFINITY} is full speed. */
    public void setMaxIterationsPerSecond(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        maxIterationsPerSecond = rate;
    }

    public double maxIterationsPerSecond() {
        return maxIterationsPerSecond;
    }

    /** True when the next {@link #awaitTurn()} would block (paused with no step pending). */
    public synchronized boolean wouldBlock() {
        return paused && stepPermits == 0 && !stopRequested;
    }

    /**
     * Blocks while paused and no step is pending.
     *
     * @return false when the run should stop
     */
    public synchronized boolean awaitTurn() throws InterruptedException {
        while (paused && stepPermits == 0 && !stopRequested) {
            wait();
        }
        if (stopRequested) {
            return false;
        }
        if (paused) {
            stepPermits--;
        }
        return true;
    }
}
