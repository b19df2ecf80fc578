package dev.unroll.app.events;

import java.util.List;
import java.util.Locale;

/**
 * Asks the Unrolled view to draw one of the talk's flavors of recurrent networks on its unrolled
 * cell (a talk script's {@code flavor = one to many}).
 *
 * @param name one of {@link #NAMES}
 */
public record ShowFlavor(String name) {
    /** The flavors' names, as the talk says them (a script may write them with dashes). */
    public static final List<String> NAMES = List.of("many to many", "one to many", "many to one", "many to many, delayed");

    public ShowFlavor {
        name = normalise(name);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no flavor '" + name + "' (flavors: " + String.join("; ", NAMES) + ")");
        }
    }

    /** The name as {@link #NAMES} writes it: lower case, dashes as spaces. */
    public static String normalise(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace('-', ' ').replaceAll("\\s+", " ");
    }
}
