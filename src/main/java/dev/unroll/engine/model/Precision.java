package dev.unroll.engine.model;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.CliNames;

/**
 * The floating-point precision of a stacked model's training pass ({@link DeepRnn}): {@link #F64}, double
 * throughout (the default, and the only precision of the seed-exact cells), or {@link #F32}, the window's
 * buffers and matrix products in float ({@link FloatPass}) with the parameters and the optimizer kept in double.
 */
public enum Precision {
    F64("f64"),
    F32("f32");

    private final String cliName;

    Precision(String cliName) {
        this.cliName = cliName;
    }

    /** {@code f64} or {@code f32}, as the command line and files write it. */
    public String cliName() {
        return cliName;
    }

    /**
     * The precision of this name (case and surrounding blanks ignored).
     *
     * @throws BadInputException for any other name, naming the two accepted ones
     */
    public static Precision parse(String name) {
        return CliNames.parse(values(), Precision::cliName, "precision", name);
    }
}
