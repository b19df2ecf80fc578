package dev.unroll.app.events;

/**
 * Asks the Generate view to write now, with its prime and temperature as they are (a talk script's
 * {@code generate = on}), so a slide about generating shows generated text when it comes up instead
 * of an empty page waiting for the speaker to press Generate.
 */
public record GenerateNow() {
}
