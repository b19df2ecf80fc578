package dev.unroll.app.events;

/**
 * Asks the Compare cells view to start or stop its comparison of vanilla, LSTM and GRU (a talk
 * script's {@code compare = start} or {@code compare = stop}), so a slide about why gates remember
 * starts the three runs without the speaker reaching for the mouse.
 *
 * @param start true to start a comparison (nothing when one is training), false to stop it
 */
public record RunComparison(boolean start) {
}
