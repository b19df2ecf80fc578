package dev.unroll.engine.corpus;

import dev.unroll.architecture.AllowedToUseStandardStreams;
import dev.unroll.engine.Rng;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A seeded generator of synthetic text whose structure a small char-RNN can learn and whose hidden
 * units the inspection views can be seen to track. The text is plain ASCII, one "sentence line" after
 * another, with these rules:
 *
 * <ul>
 *   <li><b>Words</b> come from a small pronounceable vocabulary of {@value #WORD_COUNT} lowercase words
 *       built from consonant-vowel syllables (drawn once per seed); common words are much more common
 *       than rare ones (a Zipf-like choice), as in real text.</li>
 *   <li><b>Lines</b> vary in length: short ones (about 8 to 30 characters), medium and long ones (up to
 *       about 110), so a unit can learn the position in the line and when a line break is due. A line
 *       starts with a capitalised word and ends with {@code . ! ? : ;}; a line may hold several
 *       sentences, each starting with a capital. Now and then a blank line separates paragraphs.
 *       Outside brackets, words are separated by spaces only.</li>
 *   <li><b>Brackets</b> round {@code ( )} and square {@code [ ]} nest up to depth {@value #MAX_DEPTH},
 *       always balanced and always closed within their line; square brackets hold a number, a word, or a
 *       word and a round group; round ones hold a comma-separated list of items (words, numbers,
 *       quotes, further groups). Commas occur only there, so after a word a network must know
 *       whether a round bracket is open to predict {@code ,} or {@code )} rather than a space.</li>
 *   <li><b>Quotes</b>: double-quoted passages of two to six words in CAPITALS, sometimes ending with
 *       {@code !} or {@code ?}, never nested, always closed within their line (a quote never holds a
 *       line break, a bracket or another quote). Capitals inside are what makes the quote state
 *       worth remembering: a network that tracks it predicts the case of every letter.</li>
 *   <li><b>Numbers</b> of one to four digits, and the punctuation {@code , . ! ? : ;}.</li>
 * </ul>
 *
 * <p>Every non-blank line is balanced by itself, so {@link #bracketDepth} and {@link #insideQuotes}
 * are back to zero/false after every line break. {@link #generate} returns exactly the requested
 * number of code points (all ASCII, so also of chars and of UTF-8 bytes), ending with a line break
 * when {@code length > 0}: whole lines while they fit, then the rest (less than one line) as one or
 * two plain lines of words fitted to the exact length with a number. The output depends only
 * on the seed and the length; texts of two lengths for one seed share all lines but the last few.
 */
@AllowedToUseStandardStreams("a developer's tool with a main method of its own: it writes the shipped corpora/structured.txt again (see corpora/README.md), run by hand, never by the app")
public final class StructuredTextGenerator {
    /** The seed of the shipped {@code corpora/structured.txt}: 21 May 2015, the day "The Unreasonable Effectiveness of Recurrent Neural Networks" was posted. */
    public static final long DEFAULT_SEED = 20150521L;
    /** The length (code points, = bytes) of the shipped {@code corpora/structured.txt}: 300,000. */
    public static final int DEFAULT_LENGTH = 300_000;
    /** Distinct words in the vocabulary of one seed. */
    public static final int WORD_COUNT = 120;
    /** The deepest bracket nesting the generator produces. */
    public static final int MAX_DEPTH = 4;

    private static final String[] ONSETS = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "st", "tr", "pl", "kr"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "a", "o", "e"};
    private static final String[] CODAS = {"", "", "", "n", "r", "s", "l"};
    private final Rng rng;
    private final String[] words;
    private final double[] cumulative;
    private final StringBuilder out;

    private StructuredTextGenerator(long seed, int capacity) {
        this.rng = new Rng(seed);
        this.words = makeWords(rng);
        this.cumulative = zipf(words.length);
        this.out = new StringBuilder(capacity);
    }

    /**
     * Text of exactly {@code length} code points (ASCII), deterministic for {@code seed}.
     *
     * @throws IllegalArgumentException when {@code length} is negative
     */
    public static String generate(long seed, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        StructuredTextGenerator g = new StructuredTextGenerator(seed, length);
        // whole lines while they fit; the one that does not is taken back
        while (true) {
            int mark = g.out.length();
            g.line();
            if (g.out.length() > length) {
                g.out.setLength(mark);
                break;
            }
        }
        // the rest (less than one line) as fitted lines of ordinary length
        while (g.out.length() < length) {
            int remaining = length - g.out.length();
            g.fittedLine(remaining > 80 ? 40 + g.rng.nextInt(31) : remaining);
        }
        return g.out.toString();
    }

    /** The default text, the content of {@code corpora/structured.txt}. */
    public static String generateDefault() {
        return generate(DEFAULT_SEED, DEFAULT_LENGTH);
    }

    /**
     * For each code point of {@code text}, the number of brackets ({@code (} or {@code [}) open just
     * after reading it: an opening bracket counts itself, its closing bracket is already outside.
     * This is what a network's hidden state, computed after reading the character, would have to
     * hold. Unmatched closing brackets do not make the depth negative.
     */
    public static int[] bracketDepth(String text) {
        int[] cps = text.codePoints().toArray();
        int[] depth = new int[cps.length];
        int d = 0;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '(' || c == '[') {
                d++;
            } else if ((c == ')' || c == ']') && d > 0) {
                d--;
            }
            depth[i] = d;
        }
        return depth;
    }

    /**
     * For each code point of {@code text}, whether a double-quoted passage is open just after reading
     * it: the opening quote is inside, the closing quote is outside. A line break closes an unclosed
     * quote (the generator never makes one).
     */
    public static boolean[] insideQuotes(String text) {
        int[] cps = text.codePoints().toArray();
        boolean[] inside = new boolean[cps.length];
        boolean open = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '"') {
                open = !open;
            } else if (c == '\n') {
                open = false;
            }
            inside[i] = open;
        }
        return inside;
    }

    /**
     * Writes the default text, or another one, to a file. Arguments: {@code [path] [--seed N]
     * [--length N]}; the path defaults to {@code corpora/structured.txt}.
     */
    public static void main(String[] args) throws IOException {
        long seed = DEFAULT_SEED;
        int length = DEFAULT_LENGTH;
        Path path = Path.of("corpora", "structured.txt");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                case "--length" -> length = Integer.parseInt(value(args, ++i, "--length"));
                case "-h", "--help" -> {
                    System.out.println("usage: StructuredTextGenerator [path] [--seed N] [--length N]"
                            + " (defaults: corpora/structured.txt, seed " + DEFAULT_SEED + ", length " + DEFAULT_LENGTH + ")");
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    path = Path.of(args[i]);
                }
            }
        }
        String text = generate(seed, length);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, text, StandardCharsets.UTF_8);
        System.out.println("wrote " + path + ": " + text.length() + " characters, seed " + seed);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    // ---- vocabulary

    private static String[] makeWords(Rng rng) {
        Set<String> set = new LinkedHashSet<>();
        while (set.size() < WORD_COUNT) {
            // short words are commoner: the first words drawn become the most frequent ones
            int syllables = set.size() < 20 ? 1 : 1 + rng.nextInt(set.size() < 60 ? 2 : 3);
            StringBuilder w = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                w.append(ONSETS[rng.nextInt(ONSETS.length)]).append(VOWELS[rng.nextInt(VOWELS.length)]);
                if (s == syllables - 1 || rng.nextInt(4) == 0) {
                    w.append(CODAS[rng.nextInt(CODAS.length)]);
                }
            }
            set.add(w.toString());
        }
        return set.toArray(new String[0]);
    }

    /** Cumulative Zipf weights 1/(rank + 2), normalised. */
    private static double[] zipf(int n) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 2);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private String word() {
        double u = rng.nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return words[i];
            }
        }
        return words[words.length - 1];
    }

    private static String capitalise(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private String number() {
        int digits = 1 + rng.nextInt(rng.nextInt(3) == 0 ? 4 : 2);
        StringBuilder n = new StringBuilder();
        n.append((char) ('1' + rng.nextInt(9)));
        for (int i = 1; i < digits; i++) {
            n.append((char) ('0' + rng.nextInt(10)));
        }
        return n.toString();
    }

    // ---- lines

    private int lineTarget() {
        int kind = rng.nextInt(10);
        if (kind < 3) {
            return 8 + rng.nextInt(23); // short: 8..30
        } else if (kind < 7) {
            return 35 + rng.nextInt(31); // medium: 35..65
        }
        return 70 + rng.nextInt(31); // long: 70..100, a bracket or quote may push it a little further
    }

    private void line() {
        int start = out.length();
        int target = lineTarget();
        out.append(capitalise(word()));
        boolean sentenceStart = false;
        while (out.length() - start < target) {
            out.append(' ');
            int remaining = target - (out.length() - start);
            token(remaining, 0, sentenceStart);
            sentenceStart = false;
            if (out.length() - start < target - 12 && rng.nextInt(16) == 0) {
                out.append(rng.nextInt(3) == 0 ? '!' : '.');
                sentenceStart = true;
            }
        }
        out.append(lineEnd()).append('\n');
        if (rng.nextInt(14) == 0) {
            out.append('\n');
        }
    }

    private char lineEnd() {
        int p = rng.nextInt(20);
        if (p < 13) {
            return '.';
        } else if (p < 16) {
            return '?';
        } else if (p < 18) {
            return '!';
        }
        return p == 18 ? ':' : ';';
    }

    /** One token: a word, a number, a bracket group or a quote; {@code room} is the line space left. */
    private void token(int room, int depth, boolean capital) {
        int p = rng.nextInt(100);
        if (p < 12 && depth < MAX_DEPTH && room > 6) {
            group(room, depth);
        } else if (p < 19 && room > 10) {
            quote();
        } else if (p < 24) {
            out.append(number());
        } else {
            String w = word();
            out.append(capital ? capitalise(w) : w);
        }
    }

    private void group(int room, int depth) {
        if (rng.nextInt(3) == 0) {
            // square: a reference-like short content, sometimes a nested round group
            out.append('[');
            int p = rng.nextInt(10);
            if (p < 5) {
                out.append(number());
            } else if (p < 8 || depth + 1 >= MAX_DEPTH) {
                out.append(word());
            } else {
                out.append(word()).append(' ');
                group(Math.min(room, 20), depth + 1);
            }
            out.append(']');
            return;
        }
        out.append('(');
        int budget = Math.max(3, Math.min(room - 2, 6 + rng.nextInt(depth == 0 ? 30 : 16)));
        int start = out.length();
        token(budget, depth + 1, false);
        while (out.length() - start < budget && rng.nextInt(5) != 0) {
            out.append(", ");
            token(budget - (out.length() - start), depth + 1, false);
        }
        out.append(')');
    }

    private void quote() {
        int n = 2 + rng.nextInt(5);
        out.append('"');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(word().toUpperCase(Locale.ROOT));
        }
        if (rng.nextInt(3) == 0) {
            out.append(rng.nextInt(2) == 0 ? '?' : '!');
        }
        out.append('"');
    }

    /**
     * A last line of exactly {@code remaining} code points including its line break: a capitalised
     * word, more words, a number to take up the slack and a full stop. Very small remainders become a
     * blank line or a lone full stop.
     */
    private void fittedLine(int remaining) {
        if (remaining == 0) {
            return;
        }
        int body = remaining - 2; // without the final '.' and '\n'
        if (body < 0) {
            out.append('\n');
            return;
        }
        List<String> parts = new ArrayList<>();
        int used = 0;
        while (true) {
            String w = parts.isEmpty() ? capitalise(word()) : word();
            int cost = w.length() + (parts.isEmpty() ? 0 : 1);
            // keep at least 2 chars free for " 7" unless the words fit exactly
            if (used + cost == body || used + cost + 2 <= body) {
                parts.add(w);
                used += cost;
                if (used == body) {
                    break;
                }
            } else {
                break;
            }
        }
        StringBuilder line = new StringBuilder(String.join(" ", parts));
        int slack = body - used;
        if (slack > 0) {
            if (!parts.isEmpty()) {
                line.append(' ');
                slack--;
            }
            line.append((char) ('1' + rng.nextInt(9)));
            for (int i = 1; i < slack; i++) {
                line.append((char) ('0' + rng.nextInt(10)));
            }
        }
        out.append(line).append(".\n");
    }
}
