package dev.unroll.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StructuredTextGeneratorTest {

    private static final String LARGE = StructuredTextGenerator.generate(12345L, 200_000);

    @Test
    void sameSeedSameTextOtherSeedOtherText() {
        assertEquals(StructuredTextGenerator.generate(7L, 50_000), StructuredTextGenerator.generate(7L, 50_000));
        assertNotEquals(StructuredTextGenerator.generate(7L, 50_000), StructuredTextGenerator.generate(8L, 50_000));
    }

    @Test
    void exactLengthForEverySmallLengthAndLargeOnes() {
        for (int n = 0; n <= 600; n++) {
            String text = StructuredTextGenerator.generate(n * 31L, n);
            assertEquals(n, text.codePointCount(0, text.length()), "length " + n);
            if (n > 0) {
                assertEquals('\n', text.charAt(n - 1), "length " + n + " ends with a line break");
            }
        }
        assertEquals(200_000, LARGE.length());
        assertThrows(IllegalArgumentException.class, () -> StructuredTextGenerator.generate(1L, -1));
    }

    @Test
    void everyLineIsBalancedAndNestingStaysWithinTheLimit() {
        int maxDepth = 0;
        int quotes = 0;
        int groups = 0;
        for (int s = 0; s < 3; s++) {
            String text = s == 0 ? LARGE : StructuredTextGenerator.generate(s, 100_000 + s);
            for (String line : text.split("\n", -1)) {
                StringBuilder stack = new StringBuilder();
                boolean inQuote = false;
                for (char c : line.toCharArray()) {
                    switch (c) {
                        case '(', '[' -> {
                            assertFalse(inQuote, "bracket inside a quote: " + line);
                            stack.append(c);
                            groups++;
                            maxDepth = Math.max(maxDepth, stack.length());
                        }
                        case ')', ']' -> {
                            assertTrue(stack.length() > 0, "closing bracket without an opening one: " + line);
                            char open = stack.charAt(stack.length() - 1);
                            assertEquals(c == ')' ? '(' : '[', open, "mismatched bracket: " + line);
                            stack.setLength(stack.length() - 1);
                        }
                        case '"' -> {
                            inQuote = !inQuote;
                            quotes++;
                        }
                        default -> { }
                    }
                }
                assertEquals(0, stack.length(), "unclosed bracket: " + line);
                assertFalse(inQuote, "unclosed quote: " + line);
            }
        }
        assertEquals(StructuredTextGenerator.MAX_DEPTH, maxDepth, "deep nesting occurs, never deeper than the limit");
        assertTrue(quotes > 1000 && groups > 1000, quotes + " quote marks, " + groups + " groups");
    }

    @Test
    void quotedPassagesSpanSeveralWords() {
        Matcher m = Pattern.compile("\"([^\"\n]*)\"").matcher(LARGE);
        int count = 0;
        while (m.find()) {
            count++;
            String[] words = m.group(1).split(" ");
            assertTrue(words.length >= 2 && words.length <= 6, m.group());
            assertTrue(m.group(1).matches("[A-Z]+( [A-Z]+)*[!?]?"), "capital words: " + m.group());
        }
        assertTrue(count > 500, count + " quotes");
        // outside quotes the only capitals start a line or a sentence
        boolean[] inside = StructuredTextGenerator.insideQuotes(LARGE);
        for (int i = 1; i < LARGE.length(); i++) {
            if (!inside[i] && Character.isUpperCase(LARGE.charAt(i))) {
                char before = LARGE.charAt(i - 1);
                assertTrue(before == '\n' || (before == ' ' && ".!".indexOf(LARGE.charAt(i - 2)) >= 0),
                        "capital at " + i + ": " + LARGE.substring(Math.max(0, i - 20), i + 5));
            }
        }
    }

    @Test
    void commasSeparateItemsInRoundBracketsOnly() {
        StringBuilder stack = new StringBuilder();
        int commas = 0;
        for (int i = 0; i < LARGE.length(); i++) {
            char c = LARGE.charAt(i);
            if (c == '(' || c == '[') {
                stack.append(c);
            } else if (c == ')' || c == ']') {
                stack.setLength(stack.length() - 1);
            } else if (c == ',') {
                commas++;
                assertTrue(stack.length() > 0 && stack.charAt(stack.length() - 1) == '(',
                        "comma outside a round group at " + i + ": " + LARGE.substring(Math.max(0, i - 30), i + 5));
                assertEquals(' ', LARGE.charAt(i + 1));
            }
        }
        assertTrue(commas > 1000, commas + " commas");
    }

    @Test
    void linesVaryInLengthAndStartWithACapital() {
        int shortLines = 0;
        int longLines = 0;
        int lines = 0;
        int maxLength = 0;
        for (String line : LARGE.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            lines++;
            assertTrue(Character.isUpperCase(line.charAt(0)) || Character.isDigit(line.charAt(0)), line);
            assertTrue(".!?:;".indexOf(line.charAt(line.length() - 1)) >= 0, line);
            if (line.length() <= 30) {
                shortLines++;
            }
            if (line.length() >= 80) {
                longLines++;
            }
            maxLength = Math.max(maxLength, line.length());
        }
        assertTrue(shortLines > lines / 5, shortLines + " short lines of " + lines);
        assertTrue(longLines > lines / 5, longLines + " long lines of " + lines);
        assertTrue(maxLength < 200, "longest line " + maxLength);
        assertTrue(LARGE.contains("\n\n"), "paragraph breaks");
    }

    @Test
    void smallVocabularyOfWordsAndCharacters() {
        Set<String> words = new HashSet<>();
        for (String w : LARGE.toLowerCase().split("[^a-z]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        assertTrue(words.size() <= StructuredTextGenerator.WORD_COUNT && words.size() > 80, words.size() + " words");
        long distinctChars = LARGE.chars().distinct().count();
        assertTrue(distinctChars < 80, distinctChars + " characters");
        assertTrue(LARGE.chars().allMatch(c -> c == '\n' || (c >= 32 && c < 127)), "printable ASCII");
        assertTrue(LARGE.chars().anyMatch(Character::isDigit), "numbers");
    }

    @Test
    void featureLabelsFollowTheStructure() {
        String text = "Ab (cd [1] \"e f\") g.\n";
        int[] depth = StructuredTextGenerator.bracketDepth(text);
        boolean[] quote = StructuredTextGenerator.insideQuotes(text);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0}, depth);
        assertFalse(quote[10]);
        assertTrue(quote[11] && quote[12] && quote[13] && quote[14]);
        assertFalse(quote[15]);
        assertEquals(0, StructuredTextGenerator.bracketDepth(") x")[0], "unmatched close does not go negative");
        assertFalse(StructuredTextGenerator.insideQuotes("\"a\nb")[3], "a line break closes a quote");
        int[] large = StructuredTextGenerator.bracketDepth(LARGE);
        assertEquals(0, large[large.length - 1]);
        for (int i = 0; i < LARGE.length(); i++) {
            if (LARGE.charAt(i) == '\n') {
                assertEquals(0, large[i]);
            }
        }
    }

    @Test
    void shippedFileIsTheDefaultOutput() throws IOException {
        Path file = Path.of("corpora", "structured.txt");
        assertTrue(Files.isRegularFile(file), "run from the project root: " + file.toAbsolutePath());
        String shipped = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertEquals(StructuredTextGenerator.DEFAULT_LENGTH, shipped.length());
        assertTrue(shipped.equals(StructuredTextGenerator.generateDefault()),
                "corpora/structured.txt differs from generate(DEFAULT_SEED, DEFAULT_LENGTH): regenerate it (see corpora/README.md)");
    }

    @Test
    void mainWritesTheRequestedText(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("sub").resolve("s.txt");
        StructuredTextGenerator.main(new String[] {out.toString(), "--seed", "42", "--length", "1234"});
        assertEquals(StructuredTextGenerator.generate(42L, 1234), Files.readString(out, StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> StructuredTextGenerator.main(new String[] {"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> StructuredTextGenerator.main(new String[] {"--seed"}));
    }
}
