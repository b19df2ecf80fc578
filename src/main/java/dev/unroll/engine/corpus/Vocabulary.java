package dev.unroll.engine.corpus;

import dev.unroll.engine.BadInputException;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The distinct Unicode code points of a corpus, sorted by code point, so that the same text always
 * gives the same indices and runs reproduce. Immutable.
 */
public final class Vocabulary {
    private final int[] codePoints;

    private Vocabulary(int[] sortedDistinct) {
        this.codePoints = sortedDistinct;
    }

    /** The vocabulary of a text. */
    public static Vocabulary of(String text) {
        return new Vocabulary(text.codePoints().distinct().sorted().toArray());
    }

    /** A vocabulary from its code points (any order; duplicates are an error). */
    public static Vocabulary ofCodePoints(int[] codePoints) {
        int[] sorted = codePoints.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new BadInputException("the vocabulary lists " + describe(sorted[i]) + " twice");
            }
        }
        if (sorted.length == 0) {
            throw new BadInputException("the vocabulary is empty");
        }
        return new Vocabulary(sorted);
    }

    public int size() {
        return codePoints.length;
    }

    public int codePoint(int index) {
        return codePoints[index];
    }

    public int[] codePoints() {
        return codePoints.clone();
    }

    /** Index of a code point, or -1 when the vocabulary does not hold it. */
    public int indexOf(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i : -1;
    }

    public boolean contains(int codePoint) {
        return indexOf(codePoint) >= 0;
    }

    /** The character at an index as a string (one code point). */
    public String symbol(int index) {
        return new String(Character.toChars(codePoints[index]));
    }

    /** Encodes a text; a character outside the vocabulary is a {@link BadInputException} that names it. */
    public int[] encode(String text) {
        int[] cps = text.codePoints().toArray();
        int[] out = new int[cps.length];
        Set<Integer> missing = null;
        for (int i = 0; i < cps.length; i++) {
            int idx = indexOf(cps[i]);
            if (idx < 0) {
                if (missing == null) {
                    missing = new LinkedHashSet<>();
                }
                missing.add(cps[i]);
            }
            out[i] = idx;
        }
        if (missing != null) {
            throw new BadInputException("not in the model's vocabulary: " + describe(missing));
        }
        return out;
    }

    /** The characters of a text that this vocabulary lacks, in order of first appearance. */
    public Set<Integer> missingFrom(String text) {
        Set<Integer> missing = new LinkedHashSet<>();
        text.codePoints().filter(cp -> !contains(cp)).forEach(missing::add);
        return missing;
    }

    /** The text with every character outside the vocabulary removed. */
    public String keepKnown(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().filter(this::contains).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    public String decode(int[] indices) {
        return decode(indices, 0, indices.length);
    }

    public String decode(int[] indices, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.appendCodePoint(codePoints[indices[i]]);
        }
        return sb.toString();
    }

    /** The whole vocabulary as a string, in index order. */
    public String asString() {
        StringBuilder sb = new StringBuilder();
        for (int cp : codePoints) {
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** A readable name for a code point: the character in quotes, or its escape for invisible ones. */
    public static String describe(int codePoint) {
        switch (codePoint) {
            case '\n': return "'\\n'";
            case '\r': return "'\\r'";
            case '\t': return "'\\t'";
            case ' ': return "' '";
            default:
                if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint) || Character.isWhitespace(codePoint)) {
                    return String.format("U+%04X", codePoint);
                }
                return "'" + new String(Character.toChars(codePoint)) + "'";
        }
    }

    public static String describe(Set<Integer> codePoints) {
        return codePoints.stream().map(Vocabulary::describe).collect(Collectors.joining(", "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && Arrays.equals(codePoints, v.codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }

    @Override
    public String toString() {
        return "Vocabulary(" + codePoints.length + ")";
    }
}
