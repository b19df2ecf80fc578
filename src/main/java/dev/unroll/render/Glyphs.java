package dev.unroll.render;

/**
 * How invisible characters are shown on their own (a heatmap's column, a vocabulary cell), the same
 * in the app and in exported pictures: space {@value #SPACE}, new line {@value #NEWLINE}, tab
 * {@value #TAB}, carriage return {@value #RETURN}; any other invisible character as {@code U+XXXX}.
 * The app's {@code VisibleWhitespace} uses these.
 */
public final class Glyphs {
    /** The sign of a space. */
    public static final String SPACE = "\u2423";   // ␣
    /** The sign of a new line. */
    public static final String NEWLINE = "\u21b5"; // ↵
    /** The sign of a tab. */
    public static final String TAB = "\u21e5";     // ⇥
    /** The sign of a carriage return. */
    public static final String RETURN = "\u240d";  // ␍

    private Glyphs() {
    }

    /**
     * A character shown on its own: the sign of a space, new line, tab or carriage return;
     * {@code U+XXXX} for any other invisible character; otherwise the character itself.
     */
    public static String symbol(int codePoint) {
        return switch (codePoint) {
            case ' ' -> SPACE;
            case '\n' -> NEWLINE;
            case '\t' -> TAB;
            case '\r' -> RETURN;
            default -> invisible(codePoint) ? String.format("U+%04X", codePoint) : new String(Character.toChars(codePoint));
        };
    }

    /** Whether a character other than space, new line, tab and return has no visible glyph of its own. */
    private static boolean invisible(int cp) {
        return Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.FORMAT || !Character.isDefined(cp);
    }
}
