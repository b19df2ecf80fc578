package dev.unroll.app.ui;

import dev.unroll.engine.BadInputException;

/**
 * The one way a form reads a number a person typed: surrounding spaces are ignored, and so are the
 * digit group separators people write ({@code 10,000} and {@code 10_000} are ten thousand). Bad
 * input is refused with the same sentence in every form: "iterations must be a whole number (got
 * 'ten')", which {@link Messages#sentence} turns into a sentence for the window.
 */
public final class TypedNumber {
    private TypedNumber() {
    }

    /**
     * A whole number that fits an int.
     *
     * @param what  the field's name as the message says it ("hidden size")
     * @param typed what was typed (null reads as empty)
     * @throws BadInputException when it is not a whole number or out of the int range
     */
    public static int wholeInt(String what, String typed) {
        try {
            return Integer.parseInt(digits(typed));
        } catch (NumberFormatException e) {
            throw notWhole(what, typed);
        }
    }

    /** A whole number that fits a long; see {@link #wholeInt}. */
    public static long wholeLong(String what, String typed) {
        try {
            return Long.parseLong(digits(typed));
        } catch (NumberFormatException e) {
            throw notWhole(what, typed);
        }
    }

    /**
     * A finite number, a decimal point and an exponent allowed ("0.002", "2e-3"); group separators are
     * not read here, since "1,5" is one and a half in half the world.
     *
     * @throws BadInputException when it is not a finite number
     */
    public static double number(String what, String typed) {
        String s = typed == null ? "" : typed.strip();
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d) && !s.endsWith("d") && !s.endsWith("D") && !s.endsWith("f") && !s.endsWith("F")) {
                return d;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadInputException(what + " must be a number (got '" + s + "')");
    }

    /** What was typed without spaces around and without the group separators {@code ,} and {@code _}. */
    static String digits(String typed) {
        return typed == null ? "" : typed.strip().replace("_", "").replace(",", "");
    }

    private static BadInputException notWhole(String what, String typed) {
        return new BadInputException(what + " must be a whole number (got '" + (typed == null ? "" : typed.strip()) + "')");
    }
}
