package dev.unroll.engine.model;

/**
 * How many streams and steps the window buffers of a stacked pass ({@link DeepRnn}'s float64 one, {@link FloatPass})
 * hold: grown to the most streams and the most steps asked for yet, never shrunk.
 */
final class WindowCapacity {
    /** B: the streams the buffers hold. */
    int streams;
    /** T: the steps the buffers hold. */
    int steps;

    /** Grows to hold B streams of T steps; returns false when it held them already (nothing to reallocate). */
    boolean grow(int B, int T) {
        if (B <= streams && T <= steps) {
            return false;
        }
        streams = Math.max(B, streams);
        steps = Math.max(T, steps);
        return true;
    }

    /** streams x steps: the rows of a [T x B x n] buffer. */
    int rows() {
        return streams * steps;
    }
}
