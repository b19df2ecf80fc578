package dev.unroll.app.events;

/**
 * Asks the Compare cells view to start or stop its comparison of vanilla, LSTM and GRU (a talk
 * script's {@code compare = start} or {@code compare = stop}), so a slide about why gates remember
 * starts the three runs without the speaker reaching for the mouse.
 *
 * @param start  true to start a comparison (nothing when one is training), false to stop it
 * @param corpus with {@code start}: the id of the bundled corpus the comparison trains on (a talk's
 *               {@code compare-corpus}), or null to leave the view's choice as it is
 */
public record RunComparison(boolean start, String corpus) {

    /** Starts or stops the comparison, its corpus left as chosen. */
    public RunComparison(boolean start) {
        this(start, null);
    }
}
