package dev.unroll.engine.inspect;

import java.util.Arrays;

/**
 * Built-in features of a text that a hidden unit may track, each a number per character computed
 * from the text alone. Every value describes the state <em>after</em> reading that character, like
 * h_t: the opening quote is inside quotes, the closing quote is not; a newline has line position 0.
 * Features are computed over the warm-up and the passage together, so a passage that starts inside a
 * quote opened in the warm-up is known to be inside.
 */
public enum TextFeature {
    /** 1 between an opening and a closing double quote ("), else 0; a newline closes an open quote. */
    IN_QUOTES("inside quotes"),
    /** 1 while at least one bracket ( [ { is open, else 0. */
    IN_BRACKETS("inside brackets"),
    /** How many brackets ( [ { are open (closing ones ) ] } count down, never below 0). */
    BRACKET_DEPTH("bracket depth"),
    /** Characters since the last newline: 1 for a line's first character, 0 for the newline itself. */
    LINE_POSITION("position in line"),
    /** 1 on a letter or digit whose previous character is not one, else 0. */
    WORD_START("start of a word"),
    /** 1 on a, e, i, o, u (either case), else 0. */
    VOWEL("vowel"),
    /** 1 on an uppercase letter, else 0. */
    UPPERCASE("uppercase"),
    /** 1 on a decimal digit, else 0. */
    DIGIT("digit");

    private final String label;

    TextFeature(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** The feature over a probe's passage (length T), its warm-up taken into account. */
    public double[] of(ProbeText probe) {
        int[] w = probe.warmupPoints();
        int[] p = probe.codePoints();
        int[] all = new int[w.length + p.length];
        System.arraycopy(w, 0, all, 0, w.length);
        System.arraycopy(p, 0, all, w.length, p.length);
        double[] full = compute(all);
        return Arrays.copyOfRange(full, w.length, all.length);
    }

    /** The feature for every character of a text given as code points. */
    public double[] compute(int[] cps) {
        double[] out = new double[cps.length];
        boolean quote = false;
        int depth = 0;
        int linePos = 0;
        boolean prevWord = false;
        for (int t = 0; t < cps.length; t++) {
            int c = cps[t];
            if (c == '\n') {
                quote = false;
                linePos = 0;
            } else {
                linePos++;
            }
            if (c == '"') {
                quote = !quote;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
            boolean word = Character.isLetterOrDigit(c);
            out[t] = switch (this) {
                case IN_QUOTES -> quote ? 1 : 0;
                case IN_BRACKETS -> depth > 0 ? 1 : 0;
                case BRACKET_DEPTH -> depth;
                case LINE_POSITION -> linePos;
                case WORD_START -> word && !prevWord ? 1 : 0;
                case VOWEL -> "aeiouAEIOU".indexOf(c) >= 0 ? 1 : 0;
                case UPPERCASE -> Character.isUpperCase(c) ? 1 : 0;
                case DIGIT -> c >= '0' && c <= '9' ? 1 : 0;
            };
            prevWord = word;
        }
        return out;
    }
}
