package dev.unroll.engine.generate;

/**
 * One possible next character of a distribution.
 *
 * @param index       its vocabulary index
 * @param symbol      the character
 * @param probability its probability, 0 to 1
 */
public record Candidate(int index, String symbol, double probability) {
}
