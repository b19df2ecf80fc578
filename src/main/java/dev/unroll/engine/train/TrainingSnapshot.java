package dev.unroll.engine.train;

import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.WindowTrace;

import java.util.List;
import java.util.TreeMap;

/**
 * What the trainer publishes: an immutable picture of a run at one iteration. Nothing in it refers
 * to the trainer's live arrays. Losses named "loss" are sums over a window of {@code sequenceLength}
 * characters, as min-char-rnn and the original experiment reported them; the per-character methods
 * divide by the window length, and bits per character also divide by ln 2.
 *
 * @param iteration       iterations done (updates applied)
 * @param totalIterations the run's target
 * @param state           the run's state
 * @param message         a human-readable note for the state (why it diverged or failed), or ""
 * @param windowLoss      the last window's loss (sum over the window), NaN before the first iteration
 * @param smoothLoss      the smooth loss (sum over a window)
 * @param valLoss         the latest validation loss, mean per character, NaN if none
 * @param itersPerSecond  recent training speed
 * @param elapsedNanos    running time, pauses excluded
 * @param learningRate    the learning rate in effect
 * @param temperature     the sampling temperature in effect
 * @param config          the run's configuration (its learning rate and temperature as set at the start)
 * @param losses          loss history, bounded and decimated
 * @param samples         the most recent samples, oldest first (bounded)
 * @param trace           the last window's forward and backward intermediates, or null
 * @param model           the latest copy of the weights, or null if none was made yet
 * @param stats           per-iteration norms, update ratios and clipping of Wxh, Whh, Why (bounded, every few iterations)
 * @param historical      true for the run as it was at an earlier iteration ({@link #asOf}): the weights, losses
 *                        and samples of a {@link HistoryEntry}, not the trainer's newest
 * @param windowIteration the iteration whose training window {@code trace} holds: {@code iteration}, except in a
 *                        historical snapshot, which keeps the newest window (to be recomputed on its weights)
 */
public record TrainingSnapshot(
        long iteration,
        long totalIterations,
        RunState state,
        String message,
        double windowLoss,
        double smoothLoss,
        double valLoss,
        double itersPerSecond,
        long elapsedNanos,
        double learningRate,
        double temperature,
        TrainingConfig config,
        Vocabulary vocabulary,
        LossHistory.View losses,
        List<Sample> samples,
        WindowTrace trace,
        ModelSnapshot model,
        TrainingStats.View stats,
        boolean historical,
        long windowIteration) {

    /** A snapshot of the run now (not {@linkplain #historical historical}). */
    public TrainingSnapshot(long iteration, long totalIterations, RunState state, String message, double windowLoss,
                            double smoothLoss, double valLoss, double itersPerSecond, long elapsedNanos, double learningRate,
                            double temperature, TrainingConfig config, Vocabulary vocabulary, LossHistory.View losses,
                            List<Sample> samples, WindowTrace trace, ModelSnapshot model, TrainingStats.View stats) {
        this(iteration, totalIterations, state, message, windowLoss, smoothLoss, valLoss, itersPerSecond, elapsedNanos,
                learningRate, temperature, config, vocabulary, losses, samples, trace, model, stats, false, iteration);
    }

    /**
     * The run as it was after {@code entry}'s iteration N, as far as its history keeps it: iteration N, the entry's
     * weights ({@link HistoryEntry#model}), smooth and validation losses; the loss history and statistics up to N;
     * the samples up to N (this snapshot's, and those the entries up to N kept, so entry N's own sample is the
     * newest when it has one). The window of iteration N was not kept: the trace is this snapshot's window
     * ({@link #windowIteration} says which), for views to recompute on N's weights; there is no window loss.
     * The run's settings, state, speed and time are this snapshot's. Flagged {@link #historical}.
     *
     * @param entry   one of the run's history entries
     * @param entries the run's history (oldest first), whose samples complete the list
     */
    public TrainingSnapshot asOf(HistoryEntry entry, List<HistoryEntry> entries) {
        long n = entry.iteration();
        TreeMap<Long, Sample> kept = new TreeMap<>();
        for (Sample s : samples) {
            if (s.iteration() <= n) {
                kept.put(s.iteration(), s);
            }
        }
        for (HistoryEntry e : entries) {
            if (e.iteration() <= n && e.sample() != null) {
                kept.putIfAbsent(e.sample().iteration(), e.sample());
            }
        }
        if (entry.sample() != null) {
            kept.put(entry.sample().iteration(), entry.sample());
        }
        return new TrainingSnapshot(n, totalIterations, state, message, Double.NaN, entry.smoothLoss(), entry.valLoss(),
                itersPerSecond, elapsedNanos, learningRate, temperature, config, vocabulary, LossHistory.upTo(losses, n),
                List.copyOf(kept.values()), trace, entry.model(vocabulary), TrainingStats.upTo(stats, n), true, windowIteration);
    }

    public int sequenceLength() {
        return config.sequenceLength();
    }

    public double smoothLossPerChar() {
        return smoothLoss / config.sequenceLength();
    }

    public double smoothBitsPerChar() {
        return smoothLossPerChar() / Math.log(2);
    }

    /** Fraction of the run done, 0 to 1. */
    public double progress() {
        return totalIterations == 0 ? 0 : Math.min(1.0, (double) iteration / totalIterations);
    }

    /** Estimated seconds left at the current speed, or NaN when unknown. */
    public double etaSeconds() {
        if (!(itersPerSecond > 0) || state.isTerminal()) {
            return Double.NaN;
        }
        return (totalIterations - iteration) / itersPerSecond;
    }

    /** The newest sample, or null. */
    public Sample latestSample() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }
}
