package dev.unroll.engine.generate;

/**
 * A text sampled from the model during training.
 *
 * @param iteration   the iteration at which it was drawn (before that iteration's update, as in min-char-rnn)
 * @param smoothLoss  the smooth loss (per-window sum) at that moment
 * @param temperature the softmax temperature used
 * @param text        the sampled characters
 */
public record Sample(long iteration, double smoothLoss, double temperature, String text) {
}
