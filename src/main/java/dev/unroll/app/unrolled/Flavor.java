package dev.unroll.app.unrolled;

import java.util.Locale;

/**
 * The flavors of recurrent networks the talk shows on one unrolled cell: which steps take an input
 * and which give an output. The character-level model trains as {@link #MANY_TO_MANY} (a target at
 * every step); the others are drawn on the same cell to show what changes, namely only where the
 * inputs and outputs are.
 */
public enum Flavor {
    /** An input and an output at every step: tagging each element, the character-level model. */
    MANY_TO_MANY("many to many", "an input and an output at every step (the character-level model)"),
    /** One input, then an output at every step: describing an image in words. */
    ONE_TO_MANY("one to many", "one input, then an output at every step (an image to a sentence)"),
    /** An input at every step, one output at the end: the sentiment of a sentence. */
    MANY_TO_ONE("many to one", "an input at every step, one output at the end (a sentence to its sentiment)"),
    /** Inputs first, then outputs: translating a sentence. */
    SEQUENCE_TO_SEQUENCE("many to many, delayed", "the inputs first, then the outputs (a sentence to its translation)");

    private final String label;
    private final String description;

    Flavor(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** Whether step {@code i} (0-based) of {@code steps} takes an input. */
    public boolean hasInput(int i, int steps) {
        return switch (this) {
            case MANY_TO_MANY, MANY_TO_ONE -> true;
            case ONE_TO_MANY -> i == 0;
            case SEQUENCE_TO_SEQUENCE -> i < (steps + 1) / 2;
        };
    }

    /** Whether step {@code i} (0-based) of {@code steps} gives an output. */
    public boolean hasOutput(int i, int steps) {
        return switch (this) {
            case MANY_TO_MANY, ONE_TO_MANY -> true;
            case MANY_TO_ONE -> i == steps - 1;
            case SEQUENCE_TO_SEQUENCE -> i >= (steps + 1) / 2;
        };
    }

    /** What the talk calls it. */
    public String label() {
        return label;
    }

    /** One line on where its inputs and outputs are, with an example. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return label;
    }

    /** The flavor a talk script names ("one-to-many", "many to one", ...), or null. */
    public static Flavor parse(String s) {
        String n = s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace('-', ' ').replace('_', ' ');
        for (Flavor f : values()) {
            if (f.label.equals(n) || f.name().toLowerCase(Locale.ROOT).replace('_', ' ').equals(n)) {
                return f;
            }
        }
        return null;
    }
}
