package dev.unroll.app.events;

/**
 * A text the inspection views (unrolled, hidden state, generation) should run through the network:
 * a talk script's slide publishes it so the speaker's demo shows the same text every time. A view
 * takes it as its probe (or, for generation, its prime) as if the user had typed it.
 *
 * @param text the text, never empty
 * @param view the one view it is for (a feature id), or null for all three
 */
public record ProbeText(String text, String view) {
    public ProbeText {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty probe text");
        }
    }

    /** A text for all three views. */
    public ProbeText(String text) {
        this(text, null);
    }

    /** Whether the view with this id takes the text. */
    public boolean isFor(String viewId) {
        return view == null || view.equals(viewId);
    }
}
