package dev.unroll.app.events;

/**
 * A text the inspection views (unrolled, hidden state, generation) should run through the network:
 * a talk script's slide publishes it so the speaker's demo shows the same text every time. A view
 * takes it as its probe (or, for generation, its prime) as if the user had typed it.
 *
 * @param text the text, never empty
 */
public record ProbeText(String text) {
    public ProbeText {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty probe text");
        }
    }
}
