package dev.unroll.app.events;

/**
 * Asks the Experiments view to show a sweep: the run of the original nine-run grid that ships with
 * the app ({@link #ORIGINAL}, a talk script's {@code sweep = original}), or a sweep folder (its path,
 * as session restore asks for the last sweep shown).
 *
 * @param location {@link #ORIGINAL} or a sweep folder's path
 */
public record ShowSweep(String location) {
    /** The location of the shipped run of the original nine-run grid. */
    public static final String ORIGINAL = "shipped:original";
}
