package dev.unroll.app.hidden;

/**
 * A span of the probe chosen by dragging over it (the heatmap's columns, the text's characters),
 * the same way in both: pressed at one position and dragged to another, it is the span from the
 * lower to the higher position inclusive, which the unit finder searches once released. Positions
 * are indices into the probe; -1 is none. JavaFX thread.
 */
final class SpanDrag {
    private int from = -1;
    private int to = -1;

    /** Pressed at position {@code t} (-1: outside the probe, no drag). */
    void press(int t) {
        from = t;
        to = t;
    }

    /** Whether a drag is under way (pressed inside the probe). */
    boolean active() {
        return from >= 0;
    }

    /** Dragged to position {@code t}. */
    void dragTo(int t) {
        to = t;
    }

    /** Whether the drag covers two positions or more: released now, it chooses a span. */
    boolean chosen() {
        return from >= 0 && to >= 0 && from != to;
    }

    /** Whether it was pressed and dragged inside the probe (a click without a move included). */
    boolean pressed() {
        return from >= 0 && to >= 0;
    }

    /** Gives the span dragged over to the model (for the unit finder). */
    void select(HiddenModel model) {
        model.selectSpan(Math.min(from, to), Math.max(from, to) + 1);
    }

    /** The span to draw as selected, [from, to): the one being dragged over, else the model's ({-1, -1} for none). */
    int[] shown(HiddenModel.Span span) {
        if (chosen()) {
            return new int[] {Math.min(from, to), Math.max(from, to) + 1};
        }
        return span == null ? new int[] {-1, -1} : new int[] {span.from(), span.to()};
    }

    /** The drag is over. */
    void clear() {
        from = -1;
        to = -1;
    }
}
