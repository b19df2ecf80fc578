package dev.unroll.engine.corpus;

import java.util.Objects;

/**
 * Words in a corpus's own language for the views that run a text through the network: the prime
 * generation starts from and the probe text the unrolled network steps through. A bundled corpus
 * has its own (Romanian on the Romanian verses, a bracketed, quoted passage on the structured
 * text); any other corpus gets its first words.
 *
 * @param prime a short start for generation, ending with a space
 * @param probe a short phrase to unroll
 */
public record CorpusWords(String prime, String probe) {
    /** Longest prime taken from a corpus's first words, in characters. */
    static final int MAX_PRIME = 12;
    /** Longest probe taken from a corpus's first line, in characters. */
    static final int MAX_PROBE = 32;

    public CorpusWords {
        Objects.requireNonNull(prime, "prime");
        Objects.requireNonNull(probe, "probe");
    }

    /** The bundled corpus's own words when {@code c} is a bundled corpus (by its file name), else its first words. */
    public static CorpusWords of(Corpus c) {
        for (BundledCorpus b : BundledCorpus.all()) {
            if (b.fileName().equals(c.name())) {
                return b.words();
            }
        }
        return firstWords(c.slice(0, Math.min(c.length(), 2_000)));
    }

    /**
     * From the start of a text: the prime is its first word and the space after it (at most
     * {@value #MAX_PRIME} characters), the probe its first non-blank line cut at a word boundary to at
     * most {@value #MAX_PROBE} characters.
     */
    static CorpusWords firstWords(String head) {
        int start = 0;
        while (start < head.length() && Character.isWhitespace(head.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < head.length() && !Character.isWhitespace(head.charAt(end))) {
            end++;
        }
        String word = cut(head.substring(start, end), MAX_PRIME - 1);
        String prime = word + (end < head.length() && head.charAt(end) == ' ' && word.length() == end - start ? " " : "");
        int lineEnd = head.indexOf('\n', start);
        String line = (lineEnd < 0 ? head.substring(start) : head.substring(start, lineEnd)).strip();
        String probe = line;
        if (line.codePointCount(0, line.length()) > MAX_PROBE) {
            probe = cut(line, MAX_PROBE);
            int space = probe.lastIndexOf(' ');
            if (space > MAX_PROBE / 2) {
                probe = probe.substring(0, space);
            }
        }
        return new CorpusWords(prime, probe);
    }

    /** The first {@code n} code points of {@code s} (all when shorter). */
    private static String cut(String s, int n) {
        return s.codePointCount(0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
    }
}
