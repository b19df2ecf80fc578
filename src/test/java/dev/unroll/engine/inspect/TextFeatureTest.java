package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.unroll.engine.corpus.Vocabulary;

import org.junit.jupiter.api.Test;

class TextFeatureTest {
    static double[] of(TextFeature f, String s) {
        return f.compute(s.codePoints().toArray());
    }

    @Test
    void quotesAreOnFromTheOpeningQuoteUpToButNotIncludingTheClosingOneAndEndAtANewline() {
        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 1, 1, 0, 0}, of(TextFeature.IN_QUOTES, "a\"b\"c\"d\ne"));
    }

    @Test
    void bracketDepthCountsOpenBracketsOfAllKindsAndNeverGoesNegative() {
        assertArrayEquals(new double[] {1, 2, 2, 1, 0, 0, 1}, of(TextFeature.BRACKET_DEPTH, "([a])}{"));
        assertArrayEquals(new double[] {1, 1, 1, 1, 0, 0, 1}, of(TextFeature.IN_BRACKETS, "([a])}{"));
    }

    @Test
    void linePositionRestartsAfterANewline() {
        assertArrayEquals(new double[] {1, 2, 0, 1, 2, 3}, of(TextFeature.LINE_POSITION, "ab\ncde"));
    }

    @Test
    void characterClasses() {
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0, 1}, of(TextFeature.WORD_START, "Ab c1 d"));
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, of(TextFeature.VOWEL, "Ab cE1"));
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, of(TextFeature.UPPERCASE, "Ab cE1"));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1}, of(TextFeature.DIGIT, "Ab cE1"));
    }

    @Test
    void theWarmupCarriesStateIntoThePassage() {
        Vocabulary v = Vocabulary.of("ab\"( )");
        ProbeText p = ProbeText.of(v, "a \"(b", "ab)\"a", "");
        assertArrayEquals(new double[] {1, 1, 1, 0, 0}, TextFeature.IN_QUOTES.of(p));
        assertArrayEquals(new double[] {1, 1, 0, 0, 0}, TextFeature.BRACKET_DEPTH.of(p));
        assertArrayEquals(new double[] {6, 7, 8, 9, 10}, TextFeature.LINE_POSITION.of(p));
    }
}
