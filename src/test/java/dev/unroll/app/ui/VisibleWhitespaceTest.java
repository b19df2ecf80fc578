package dev.unroll.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The one visible-whitespace mapping: the same glyph for a character whether it stands alone or in running text. */
class VisibleWhitespaceTest {

    @Test
    void aCharacterOnItsOwnShowsItsSign() {
        assertEquals("\u2423", VisibleWhitespace.symbol(' '));
        assertEquals("\u21b5", VisibleWhitespace.symbol('\n'));
        assertEquals("\u21e5", VisibleWhitespace.symbol('\t'));
        assertEquals("\u240d", VisibleWhitespace.symbol('\r'));
        assertEquals("a", VisibleWhitespace.symbol('a'));
        assertEquals("é", VisibleWhitespace.symbol('é'));
        assertEquals("😀", VisibleWhitespace.symbol(0x1F600));
        assertEquals("U+0000", VisibleWhitespace.symbol(0));
        assertEquals("U+00A0", VisibleWhitespace.symbol(0xA0), "no-break space");
        assertEquals("U+200B", VisibleWhitespace.symbol(0x200B), "zero-width space");
        assertEquals("U+000B", VisibleWhitespace.symbol(0x0B), "vertical tab");
        assertEquals("\u2423", VisibleWhitespace.symbol(" "), "a vocabulary's symbol string");
        assertEquals("\u21b5", VisibleWhitespace.symbol("\n"));
    }

    @Test
    void runningTextKeepsSpacesAndShowsTheSameSignsForLineBreaksAndTabs() {
        for (int cp : new int[] {'\n', '\t', '\r'}) {
            assertEquals(VisibleWhitespace.symbol(cp), new String(Character.toChars(VisibleWhitespace.inText(cp))),
                    "one glyph for " + Integer.toHexString(cp) + " in every view");
            assertTrue(VisibleWhitespace.isSign(VisibleWhitespace.inText(cp)));
        }
        assertEquals(' ', VisibleWhitespace.inText(' '));
        assertEquals("to be\u21b5or\u21e5not", VisibleWhitespace.inText("to be\nor\tnot"));
        assertEquals("😀 x", VisibleWhitespace.inText("😀 x"));
        assertFalse(VisibleWhitespace.isSign(' '));
        assertFalse(VisibleWhitespace.isSign('a'));
        assertEquals("\u2423 space, \u21b5 new line, \u21e5 tab", VisibleWhitespace.key());
    }

    /** Views and exported pictures take the signs from one place (render.Glyphs, through VisibleWhitespace): no other source file writes them. */
    @Test
    void theSignsAreWrittenInOnePlace() throws IOException {
        Path root = Path.of("src/main/java");
        Assumptions.assumeTrue(Files.isDirectory(root), "run from the project folder");
        List<String> signs = List.of("\u2423", "\u21b5", "\u21e5", "\u240d");
        List<String> escapes = signs.stream().map(c -> String.format("\\u%04x", (int) c.charAt(0))).toList();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("render/Glyphs.java"))
                    .filter(f -> {
                        String text = read(f).toLowerCase(Locale.ROOT);
                        return signs.stream().anyMatch(text::contains) || escapes.stream().anyMatch(text::contains);
                    })
                    .map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders, "files with their own whitespace signs");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
