package dev.unroll.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

class BundledCorpusTest {

    @Test
    void listIsOrderedWithRomanianVersesFirstAndIdsUnique() {
        List<BundledCorpus> all = BundledCorpus.all();
        assertEquals(List.of("romanian-verses", "structured"), all.stream().map(BundledCorpus::id).toList());
        assertEquals(all.get(0), BundledCorpus.defaultCorpus());
        Set<String> ids = new HashSet<>();
        for (BundledCorpus c : all) {
            assertTrue(ids.add(c.id()), "duplicate id " + c.id());
            assertFalse(c.name().isBlank());
            assertFalse(c.description().isBlank());
            assertFalse(c.description().contains("\n"), "one-line description");
            assertEquals(c, BundledCorpus.byId(c.id()).orElseThrow());
            assertEquals(c.id() + ".txt", c.fileName());
        }
        assertTrue(BundledCorpus.byId("tinyshakespeare").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new BundledCorpus("x", "X", "x", "corpora/x.txt", new CorpusWords("a ", "a")));
    }

    @Test
    void everyBundledCorpusLoadsFromTheClasspathAndEqualsTheProjectFile() throws IOException {
        for (BundledCorpus c : BundledCorpus.all()) {
            Corpus corpus = c.load();
            assertEquals(c.fileName(), corpus.name());
            // the classpath copy is the file in the project's corpora/ folder (working directory = project root)
            String onDisk = Files.readString(Path.of("corpora", c.fileName()));
            assertEquals(onDisk, corpus.text(), c.id());
            System.out.println(c.id() + ": " + corpus.length() + " characters, vocabulary " + corpus.vocabulary().size());
        }
    }

    @Test
    void romanianVersesAreLongEnoughAndUseCommaBelowDiacritics() {
        Corpus corpus = BundledCorpus.byId("romanian-verses").orElseThrow().load();
        String text = corpus.text();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes >= 30_000 && bytes <= 60_000, bytes + " bytes");
        int vocabulary = corpus.vocabulary().size();
        assertTrue(vocabulary >= 50 && vocabulary <= 80, "vocabulary " + vocabulary);
        for (char c : "ăâîșțĂÂÎȘȚ".toCharArray()) {
            assertTrue(text.indexOf(c) >= 0, "uses " + c);
        }
        for (char c : "şţŞŢ".toCharArray()) {
            assertTrue(text.indexOf(c) < 0, "cedilla form " + Integer.toHexString(c) + " instead of comma below");
        }
        assertFalse(text.contains("\r"), "LF line ends");
        assertTrue(text.endsWith("\n"));
        assertTrue(text.contains("\n\n"), "stanzas separated by blank lines");
    }

    @Test
    void structuredTextIsTheGeneratorDefault() {
        Corpus corpus = BundledCorpus.byId("structured").orElseThrow().load();
        assertEquals(StructuredTextGenerator.DEFAULT_LENGTH, corpus.length());
        assertEquals(StructuredTextGenerator.generateDefault(), corpus.text());
        int vocabulary = corpus.vocabulary().size();
        assertTrue(vocabulary >= 30 && vocabulary <= 80, "vocabulary " + vocabulary);
    }

    @Test
    void aMissingResourceIsAClearError() {
        BundledCorpus missing = new BundledCorpus("nope", "Nope", "absent", "/corpora/nope.txt", new CorpusWords("a ", "a"));
        BadInputException e = assertThrows(BadInputException.class, missing::load);
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
