package dev.unroll.app.ui;

import dev.unroll.render.Glyphs;

/**
 * The one way the app makes invisible characters visible, so a character looks the same in every
 * view: space {@value #SPACE}, new line {@value #NEWLINE}, tab {@value #TAB}, carriage return
 * {@value #RETURN}; any other invisible character (controls, other spaces, format characters) as
 * {@code U+XXXX}.
 *
 * <p>Two uses of the same glyphs: {@link #symbol(int)} for a character shown on its own (the
 * vocabulary, heatmap columns, the unrolled chain's labels), where a space must be seen too, and
 * {@link #inText(int)} for running text (generated text), where spaces stay spaces and only line
 * breaks, tabs and returns get their sign. The signs are {@link Glyphs}', which exported pictures use too.
 */
public final class VisibleWhitespace {
    /** The sign of a space. */
    public static final String SPACE = Glyphs.SPACE;
    /** The sign of a new line. */
    public static final String NEWLINE = Glyphs.NEWLINE;
    /** The sign of a tab. */
    public static final String TAB = Glyphs.TAB;
    /** The sign of a carriage return. */
    public static final String RETURN = Glyphs.RETURN;

    private VisibleWhitespace() {
    }

    /**
     * A character shown on its own: the sign of a space, new line, tab or carriage return;
     * {@code U+XXXX} for any other invisible character; otherwise the character itself.
     */
    public static String symbol(int codePoint) {
        return Glyphs.symbol(codePoint);
    }

    /** {@link #symbol(int)} of the first code point of a one-character string (as a vocabulary names its symbols). */
    public static String symbol(String character) {
        return symbol(character.codePointAt(0));
    }

    /**
     * A character of running text: new line, tab and carriage return become their sign (one
     * code point each); every other character, a space included, is returned as it is.
     */
    public static int inText(int codePoint) {
        return switch (codePoint) {
            case '\n' -> NEWLINE.charAt(0);
            case '\t' -> TAB.charAt(0);
            case '\r' -> RETURN.charAt(0);
            default -> codePoint;
        };
    }

    /** A running text with {@link #inText(int)} applied to every code point (same length in code points). */
    public static String inText(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().map(VisibleWhitespace::inText).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** Whether a code point is one of the signs {@link #inText(int)} puts in running text (views draw them faint). */
    public static boolean isSign(int codePoint) {
        return codePoint == NEWLINE.charAt(0) || codePoint == TAB.charAt(0) || codePoint == RETURN.charAt(0);
    }

    /** The key to the signs, for tooltips: each sign and what it stands for (space, new line, tab). */
    public static String key() {
        return SPACE + " space, " + NEWLINE + " new line, " + TAB + " tab";
    }
}
