package dev.unroll.cli;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.baseline.NGramModel;

import java.util.function.Function;

/**
 * The one way a command refuses a flag's value: status 2 and one line that names the flag and says what it takes,
 * "--threads must be between 1 and 64 (got 0)". A null value was not given and passes every check.
 */
final class FlagChecks {
    private FlagChecks() {
    }

    /** Refuses a whole number below 1: "FLAG must be a positive number (got V)". */
    static void positive(String flag, Number value) {
        if (value != null && value.longValue() < 1) {
            throw CliExit.badInput(flag + " must be a positive number (got " + value + ")");
        }
    }

    /** Refuses a whole number below 0: "FLAG must not be negative (got V)". */
    static void notNegative(String flag, Number value) {
        if (value != null && value.longValue() < 0) {
            throw CliExit.badInput(flag + " must not be negative (got " + value + ")");
        }
    }

    /** Refuses a whole number outside {@code min..max}: "FLAG must be between MIN and MAX (got V)". */
    static void between(String flag, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            throw CliExit.badInput(flag + " must be between " + min + " and " + max + " (got " + value + ")");
        }
    }

    /** Refuses a number that is not above 0 or above {@code max} (NaN too): "FLAG must be above 0 and at most MAX (got V)". */
    static void aboveZeroAtMost(String flag, Double value, Number max) {
        if (value != null && !(value > 0 && value <= max.doubleValue())) {
            throw CliExit.badInput(flag + " must be above 0 and at most " + max + " (got " + value + ")");
        }
    }

    /** The count given, else {@code dflt}; refuses one below 1: "FLAG must be at least 1 (got V)". */
    static int atLeastOne(String flag, Integer value, int dflt) {
        int n = value == null ? dflt : value;
        if (n < 1) {
            throw CliExit.badInput(flag + " must be at least 1 (got " + n + ")");
        }
        return n;
    }

    /** Refuses an n-gram order outside 1..{@link NGramModel#MAX_ORDER}: "FLAG must lie between 1 and MAX (got V)". */
    static void ngramOrder(String flag, int order) {
        if (order < 1 || order > NGramModel.MAX_ORDER) {
            throw CliExit.badInput(flag + " must lie between 1 and " + NGramModel.MAX_ORDER + " (got " + order + ")");
        }
    }

    /** Refuses a number that is not above 0 or not finite (NaN too): "FLAG must be a positive finite number (got V)". */
    static void positiveFinite(String flag, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw CliExit.badInput(flag + " must be a positive finite number (got " + value + ")");
        }
    }

    /**
     * A name read by {@code parse} (an engine parser that throws {@link BadInputException}), or null when not given; a
     * name it refuses is "FLAG: " and the parser's sentence.
     */
    static <T> T parsed(String flag, String name, Function<String, T> parse) {
        if (name == null) {
            return null;
        }
        try {
            return parse.apply(name);
        } catch (BadInputException e) {
            throw CliExit.badInput(flag + ": " + e.getMessage());
        }
    }
}
