package dev.unroll.engine.inspect;

import dev.unroll.engine.corpus.Vocabulary;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A probe text prepared for one model's vocabulary: the passage the network reads (and that the
 * views show), an optional warm-up read before it, and the character that follows the passage, if
 * known (so the last character also has a target). Characters the vocabulary lacks are skipped and
 * reported in {@link #unknown()}, so the view can say which ones were dropped. Immutable.
 *
 * @param codePoints   the passage's characters that the model knows, in order (length T)
 * @param inputs       their vocabulary indices (length T)
 * @param warmup       vocabulary indices of the warm-up characters (possibly empty)
 * @param warmupPoints the warm-up's code points (the features of the passage depend on them: an
 *                     open quote in the warm-up means the passage starts inside quotes)
 * @param next         vocabulary index of the character following the passage, or -1
 * @param unknown      code points that were skipped (passage or warm-up), in order of first appearance
 * @param skipped      how many characters were skipped in all
 */
public record ProbeText(int[] codePoints, int[] inputs, int[] warmup, int[] warmupPoints, int next,
                        Set<Integer> unknown, int skipped) {

    public ProbeText {
        unknown = Collections.unmodifiableSet(new LinkedHashSet<>(unknown));
    }

    /**
     * Prepares a probe.
     *
     * @param vocabulary the model's characters
     * @param warmup     text read first to set up the hidden state ("" for a zero start)
     * @param passage    the text to inspect
     * @param following  the text after the passage ("" if unknown); only its first character is used
     */
    public static ProbeText of(Vocabulary vocabulary, String warmup, String passage, String following) {
        Set<Integer> unknown = new LinkedHashSet<>();
        int[] skipped = new int[1];
        int[] wp = known(vocabulary, warmup, unknown, skipped);
        int[] pp = known(vocabulary, passage, unknown, skipped);
        int next = -1;
        if (following != null && !following.isEmpty()) {
            next = vocabulary.indexOf(following.codePointAt(0));
        }
        return new ProbeText(pp, indices(vocabulary, pp), indices(vocabulary, wp), wp, next, unknown, skipped[0]);
    }

    private static int[] known(Vocabulary v, String text, Set<Integer> unknown, int[] skipped) {
        if (text == null) {
            return new int[0];
        }
        return text.codePoints().filter(cp -> {
            if (v.contains(cp)) {
                return true;
            }
            unknown.add(cp);
            skipped[0]++;
            return false;
        }).toArray();
    }

    private static int[] indices(Vocabulary v, int[] cps) {
        int[] out = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            out[i] = v.indexOf(cps[i]);
        }
        return out;
    }

    /** T, the number of characters the passage holds after skipping. */
    public int length() {
        return inputs.length;
    }

    public boolean isEmpty() {
        return inputs.length == 0;
    }

    /** The passage as a string (the skipped characters left out). */
    public String text() {
        return new String(codePoints, 0, codePoints.length);
    }

    /** A one-line note on the skipped characters for the view, or "" when none was skipped. */
    public String skippedNote() {
        if (skipped == 0) {
            return "";
        }
        return "skipped " + skipped + (skipped == 1 ? " character" : " characters")
                + " not in the model's vocabulary: " + Vocabulary.describe(unknown);
    }
}
