package dev.unroll.engine;

import java.util.Locale;
import java.util.function.Function;

/**
 * The one way a name from the command line or a file is read back into its constant (a cell, an
 * optimizer, a clipping mode, a learning-rate decay): case and surrounding blanks are ignored; any
 * other name is refused with the accepted ones in declaration order, "unknown cell 'rnn': use
 * vanilla, lstm or gru".
 */
public final class CliNames {
    private CliNames() {
    }

    /**
     * The constant of {@code values} whose {@code cliName} is {@code typed}.
     *
     * @param what what the name names, for the message ("cell", "learning-rate decay")
     * @throws BadInputException for any other name
     */
    public static <E extends Enum<E>> E parse(E[] values, Function<E, String> cliName, String what, String typed) {
        String key = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        StringBuilder accepted = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            String name = cliName.apply(values[i]);
            if (name.equals(key)) {
                return values[i];
            }
            accepted.append(i == 0 ? "" : i == values.length - 1 ? " or " : ", ").append(name);
        }
        throw new BadInputException("unknown " + what + " '" + typed + "': use " + accepted);
    }
}
