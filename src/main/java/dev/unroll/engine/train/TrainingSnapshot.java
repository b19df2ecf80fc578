package dev.unroll.engine.train;

import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.WindowTrace;

import java.util.List;

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
        TrainingStats.View stats) {

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
