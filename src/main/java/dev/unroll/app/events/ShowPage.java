package dev.unroll.app.events;

import java.util.List;
import java.util.Locale;

/**
 * Asks the Unrolled view to show one of its pages (a talk script's {@code page = gradient flow} on an
 * {@code [unrolled]} slide), so a slide about the backward pass or the update shows the page it talks about.
 *
 * @param name one of {@link #NAMES}: the page's tab title in lower case
 */
public record ShowPage(String name) {
    /** The pages' names as their tabs read, in the tabs' order. */
    public static final List<String> NAMES = List.of("walk-through", "gradient flow", "weights & gradients");
    /** The pages' short ids, in the same order: the node id of page {@code i} is {@code unrolled-page-} + {@code IDS.get(i)}. */
    public static final List<String> IDS = List.of("walk", "flow", "weights");

    public ShowPage {
        name = normalise(name);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no page '" + name + "' (pages: " + String.join("; ", NAMES) + ")");
        }
    }

    /** The short id of the page: walk, flow or weights. */
    public String id() {
        return IDS.get(NAMES.indexOf(name));
    }

    /**
     * The name as {@link #NAMES} writes it: lower case, spaces collapsed; a short id
     * ({@link #IDS}) gives its page's name. An unknown name comes back normalised, not refused.
     */
    public static String normalise(String s) {
        String n = s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        int id = IDS.indexOf(n);
        return id >= 0 ? NAMES.get(id) : n;
    }
}
