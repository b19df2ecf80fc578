package dev.unroll.engine.train;


/**
 * Which of a run's saved states is the last one worth going back to when the run blows up: the
 * command line's checkpoints and the app's "back to iteration N" both ask it.
 *
 * <p>Health: a state's loss is the loss of the first window trained from it (a window's loss is
 * measured with the weights before its update). A state is healthy when that loss is finite and at
 * most {@link #HEALTHY_FACTOR} times the lowest smooth loss of the run so far (its running minimum,
 * which starts at the starting state's smooth loss). When the loss becomes NaN or infinite, the last
 * states offered may hold weights that have already blown up (their next window's loss is huge or
 * infinite at any learning rate); the last healthy one does not. The starting state counts as
 * healthy.
 *
 * <p>Thread-safe: states are offered and losses told on the training thread, {@link #healthy()} may
 * be asked from any thread.
 */
public final class HealthyStates {
    /** A state is healthy when the loss of the window after it is at most this many times the lowest smooth loss. */
    public static final double HEALTHY_FACTOR = 2;

    private TrainerState pending;
    private boolean judged = true;
    private double lowest;
    private volatile TrainerState healthy;

    /** @param start the run's state when this starts (healthy by definition) */
    public HealthyStates(TrainerState start) {
        this.healthy = start;
        this.lowest = start.smoothLoss();
    }

    /** Offers a state taken between iterations; the next window's loss judges it. */
    public synchronized void offer(TrainerState s) {
        pending = s;
        judged = false;
    }

    /** One completed iteration: its window's loss and the smooth loss after it. */
    public synchronized void onLoss(double loss, double smooth) {
        if (pending != null && !judged) {
            judged = true;
            if (Double.isFinite(loss) && loss <= HEALTHY_FACTOR * lowest) {
                healthy = pending;
            }
        }
        if (smooth < lowest) {
            lowest = smooth;
        }
    }

    /** The last healthy state (the starting one when no later state was judged healthy). */
    public TrainerState healthy() {
        return healthy;
    }

    /** Marks {@code s} (already judged, e.g. written back over blown-up saves) as the last one offered. */
    public synchronized void settle(TrainerState s) {
        pending = s;
        judged = true;
    }
}
