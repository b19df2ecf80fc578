package dev.unroll.engine;

import java.util.Locale;

/**
 * A constant that the command line and files name by its own name in lower case ({@code Cell.LSTM} is "lstm",
 * {@code Precision.F32} "f32"), read back by {@link CliNames#parse}. The enums of the run's settings implement it, so
 * the rule is written once and a name cannot drift from its constant.
 */
public interface CliNamed {

    /** The constant's name, as {@link Enum#name()} gives it (an enum implements this by being one). */
    String name();

    /** The lowercase name the command line and files use. */
    default String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
