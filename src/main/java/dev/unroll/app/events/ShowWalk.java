package dev.unroll.app.events;

import java.util.List;
import java.util.Locale;

/**
 * Asks the Unrolled view to show its walk-through as a talk's slide says (an {@code [unrolled]}
 * slide's {@code unroll}, {@code pass}, {@code step} and {@code follow} settings), so the slide shows
 * its claim without a click. A null component leaves that setting as it is.
 *
 * <p>The position: {@code pass} alone is the start of that pass (forward: nothing computed yet;
 * backward: the forward pass done, no step back yet); {@code step = N} is step N of the pass (the
 * forward pass when no pass is given), {@link #LAST} its last step; a step beyond the walk's length
 * is its last. The position is taken once the walk the slide asks for (its text or window) is
 * computed.
 *
 * @param unrolled the chain of copies (true) or the folded cell (false), or null
 * @param pass     {@link #FORWARD} or {@link #BACKWARD}, or null (the forward pass when a step is given)
 * @param step     0 or more ({@code 0}: the start of the pass), {@link #LAST}, or null
 * @param follow   {@link #TRAINING} (the trainer's own window, following training) or {@link #TYPED}
 *                 (the typed or probe text), or null
 */
public record ShowWalk(Boolean unrolled, String pass, Integer step, String follow) {
    public static final String FORWARD = "forward";
    public static final String BACKWARD = "backward";
    public static final List<String> PASSES = List.of(FORWARD, BACKWARD);
    public static final String TRAINING = "training";
    public static final String TYPED = "typed";
    public static final List<String> FOLLOWS = List.of(TRAINING, TYPED);
    /** The last step of the pass, whatever the walk's length. */
    public static final int LAST = Integer.MAX_VALUE;

    public ShowWalk {
        pass = pass == null ? null : normalise(pass);
        follow = follow == null ? null : normalise(follow);
        if (pass != null && !PASSES.contains(pass)) {
            throw new IllegalArgumentException("pass must be forward or backward (got '" + pass + "')");
        }
        if (follow != null && !FOLLOWS.contains(follow)) {
            throw new IllegalArgumentException("follow must be training or typed (got '" + follow + "')");
        }
        if (step != null && step < 0) {
            throw new IllegalArgumentException("step must be 0 or more, or last (got " + step + ")");
        }
    }

    /** Whether the slide sets a position (a pass or a step). */
    public boolean setsPosition() {
        return pass != null || step != null;
    }

    /** Whether the position is in the backward pass. */
    public boolean backward() {
        return BACKWARD.equals(pass);
    }

    /** Lower case, spaces collapsed. */
    public static String normalise(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    /**
     * A step setting as written ({@code 3}, {@code last}): its number, {@link #LAST}, or null when it is
     * neither a number of 0 or more nor {@code last}.
     */
    public static Integer parseStep(String s) {
        String n = normalise(s);
        if (n.equals("last")) {
            return LAST;
        }
        try {
            int v = Integer.parseInt(n);
            return v >= 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An {@code unroll} setting as written: on (true), off (false), or null when it is neither. */
    public static Boolean parseUnroll(String s) {
        return switch (normalise(s)) {
            case "on" -> Boolean.TRUE;
            case "off" -> Boolean.FALSE;
            default -> null;
        };
    }
}
