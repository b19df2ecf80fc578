package dev.unroll.engine.generate;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Vocabulary;

import java.util.Locale;
import java.util.Set;

/**
 * How to generate a text: the beginning the user typed, how many characters to add and how to
 * choose each one. Invalid values are refused with a {@link BadInputException} that names the
 * setting, in words meant for the person who typed them.
 *
 * @param prime          the beginning (may be empty: then {@code startCodePoint} or a random character starts)
 * @param length         characters to generate after the prime, 1 to {@value #MAX_LENGTH}
 * @param temperature    softmax temperature, in [{@value #MIN_TEMPERATURE}, {@value #MAX_TEMPERATURE}]; ignored by argmax
 * @param mode           sample, argmax or top-k
 * @param topK           k for {@link Sampler.Mode#TOP_K} (at least 1; more than V means all)
 * @param seed           seeds the random choices (and the random start character): same seed, same text
 * @param startCodePoint the character to start from when the prime is empty, or -1 for a random one
 */
public record GenerationSettings(String prime, int length, double temperature, Sampler.Mode mode, int topK,
                                 long seed, int startCodePoint) {

    /** Longer texts are refused: each generated character keeps its logits (for the distribution view). */
    public static final int MAX_LENGTH = 100_000;
    public static final double MIN_TEMPERATURE = 0.001;
    public static final double MAX_TEMPERATURE = 100.0;

    public GenerationSettings {
        if (prime == null) {
            prime = "";
        }
        if (mode == null) {
            throw new BadInputException("choose a mode: sample, argmax or top-k");
        }
        if (length < 1) {
            throw new BadInputException("length must be at least 1 character (got " + length + ")");
        }
        if (length > MAX_LENGTH) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "length %,d is too large: at most %,d characters per generation", length, MAX_LENGTH));
        }
        if (!(temperature >= MIN_TEMPERATURE && temperature <= MAX_TEMPERATURE)) {
            throw new BadInputException("temperature must be between " + MIN_TEMPERATURE + " and " + (int) MAX_TEMPERATURE
                    + " (got " + temperature + ")");
        }
        if (mode == Sampler.Mode.TOP_K && topK < 1) {
            throw new BadInputException("k must be at least 1 for top-k (got " + topK + ")");
        }
        if (startCodePoint < -1) {
            throw new BadInputException("no such start character: " + startCodePoint);
        }
    }

    /** Sample at temperature 1 from a prime, seed 0, random start when the prime is empty. */
    public static GenerationSettings of(String prime, int length) {
        return new GenerationSettings(prime, length, 1.0, Sampler.Mode.SAMPLE, 5, 0, -1);
    }

    public GenerationSettings withPrime(String p) {
        return new GenerationSettings(p, length, temperature, mode, topK, seed, startCodePoint);
    }

    public GenerationSettings withLength(int n) {
        return new GenerationSettings(prime, n, temperature, mode, topK, seed, startCodePoint);
    }

    public GenerationSettings withTemperature(double t) {
        return new GenerationSettings(prime, length, t, mode, topK, seed, startCodePoint);
    }

    public GenerationSettings withMode(Sampler.Mode m, int k) {
        return new GenerationSettings(prime, length, temperature, m, k, seed, startCodePoint);
    }

    public GenerationSettings withSeed(long s) {
        return new GenerationSettings(prime, length, temperature, mode, topK, s, startCodePoint);
    }

    public GenerationSettings withStartCodePoint(int cp) {
        return new GenerationSettings(prime, length, temperature, mode, topK, seed, cp);
    }

    /** The prime's characters that the vocabulary lacks, in order of first appearance (empty when all are known). */
    public Set<Integer> missingFrom(Vocabulary vocabulary) {
        return vocabulary.missingFrom(prime);
    }

    /**
     * Checks the settings against a model's vocabulary: every prime character and the start
     * character must be in it. The message names the missing characters.
     */
    public void checkAgainst(Vocabulary vocabulary) {
        Set<Integer> missing = missingFrom(vocabulary);
        if (!missing.isEmpty()) {
            throw new BadInputException("the prime has characters the model does not know: " + Vocabulary.describe(missing));
        }
        if (prime.isEmpty() && startCodePoint >= 0 && !vocabulary.contains(startCodePoint)) {
            throw new BadInputException("the start character " + Vocabulary.describe(startCodePoint) + " is not in the model's vocabulary");
        }
    }

    /** For the reader of a sample: e.g. {@code prime "Da", temperature 0.80, top-k 5, seed 7}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(prime.isEmpty() ? "no prime" : "prime \"" + escape(prime) + "\"");
        switch (mode) {
            case ARGMAX -> sb.append(", argmax");
            case SAMPLE -> sb.append(String.format(Locale.ROOT, ", temperature %.2f", temperature));
            case TOP_K -> sb.append(String.format(Locale.ROOT, ", temperature %.2f, top-k %d", temperature, topK));
        }
        if (mode != Sampler.Mode.ARGMAX) {
            sb.append(", seed ").append(seed);
        }
        return sb.toString();
    }

    private static String escape(String s) {
        String oneLine = s.replace("\n", "\\n").replace("\t", "\\t");
        return oneLine.length() > 40 ? oneLine.substring(0, 37) + "..." : oneLine;
    }
}
