package dev.unroll.app.events;

/**
 * Text that a view generated and the user wants kept with the training samples: the generation
 * view publishes it, the samples view lists it.
 *
 * @param iteration the iteration of the weights that produced it (-1 for a model loaded from a file without one)
 * @param settings  how it was produced, for the reader (e.g. "prime 'Da', temperature 0.8, top-k 5, seed 7")
 * @param text      the generated characters (the prime included, if the user wants it)
 */
public record GeneratedText(long iteration, String settings, String text) {
}
