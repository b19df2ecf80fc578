package dev.unroll.engine.train;

/**
 * How the loss chart reports a loss. The trainer's losses are sums over a window of T characters
 * (what min-char-rnn and the original experiment printed); validation losses are means per character.
 * The loss chart, its exported pictures and {@code unroll export} report losses in these units.
 */
public enum LossUnit {
    /** Sum over the window of T characters, as the original reported. */
    WINDOW("Loss per window (sum of T)", "loss per window"),
    /** Mean cross-entropy per character, in nats. */
    CHAR("Loss per character (nats)", "loss per character (nats)"),
    /** Mean cross-entropy per character, in bits. */
    BPC("Bits per character", "bits per character");

    private final String label;
    private final String axisLabel;

    LossUnit(String label, String axisLabel) {
        this.label = label;
        this.axisLabel = axisLabel;
    }

    public String axisLabel() {
        return axisLabel;
    }

    /** The factor that turns a per-window sum into this unit. */
    public double fromWindow(int sequenceLength) {
        return switch (this) {
            case WINDOW -> 1.0;
            case CHAR -> 1.0 / sequenceLength;
            case BPC -> 1.0 / (sequenceLength * Math.log(2));
        };
    }

    /** The factor that turns a mean per character into this unit. */
    public double fromPerChar(int sequenceLength) {
        return fromWindow(sequenceLength) * sequenceLength;
    }

    @Override
    public String toString() {
        return label;
    }
}
