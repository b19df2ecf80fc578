package dev.unroll.app.events;

/**
 * The Experiments view shows another sweep (started, opened, or the shipped one), so that the
 * session can show it again after the app reopens.
 *
 * @param location {@link ShowSweep#ORIGINAL} or the sweep folder's path; what {@link ShowSweep} takes back
 */
public record SweepShown(String location) {
}
