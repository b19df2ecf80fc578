package dev.unroll.engine.model;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.CliNamed;
import dev.unroll.engine.CliNames;

/**
 * The floating-point precision of a stacked model's training pass ({@link DeepRnn}): {@link #F64}, double
 * throughout (the default, and the only precision of the seed-exact cells), or {@link #F32}, the window's
 * buffers and matrix products in float ({@link FloatPass}) with the parameters and the optimizer kept in double.
 */
public enum Precision implements CliNamed {
    /** Written {@code f64} on the command line and in files. */
    F64,
    /** Written {@code f32}. */
    F32;

    /**
     * The precision of this name (case and surrounding blanks ignored).
     *
     * @throws BadInputException for any other name, naming the two accepted ones
     */
    public static Precision parse(String name) {
        return CliNames.parse(values(), Precision::cliName, "precision", name);
    }
}
