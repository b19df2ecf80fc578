package dev.unroll.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 13: the prime and probe are in the corpus's language. */
class CorpusWordsTest {
    @Test
    void bundledCorporaHaveTheirOwnWordsMadeOfTheirCharacters() {
        for (BundledCorpus b : BundledCorpus.all()) {
            Corpus c = b.load();
            CorpusWords w = CorpusWords.of(c);
            assertEquals(b.words(), w);
            for (String s : new String[] {w.prime(), w.probe()}) {
                assertTrue(!s.isBlank() && s.codePoints().allMatch(cp -> c.vocabulary().indexOf(cp) >= 0), b.id() + ": " + s);
            }
        }
        CorpusWords romanian = BundledCorpus.defaultCorpus().words();
        assertTrue(BundledCorpus.defaultCorpus().load().text().contains(romanian.probe()), "a phrase of the verses");
        assertTrue(romanian.probe().contains("ș") && !romanian.prime().startsWith("The"), "Romanian, not English");
        CorpusWords structured = BundledCorpus.byId("structured").orElseThrow().words();
        assertTrue(structured.probe().contains("\"") && structured.probe().contains("(") && structured.probe().contains("["),
                "a bracketed, quoted passage: " + structured.probe());
    }

    @Test
    void anyOtherCorpusGetsItsFirstWords() {
        CorpusWords w = CorpusWords.of(Corpus.of("lied.txt", "\n  Sah ein Knab ein Röslein stehn, Röslein auf der Heiden, war so jung und morgenschön\nlief er schnell"));
        assertEquals("Sah ", w.prime());
        assertEquals("Sah ein Knab ein Röslein stehn,", w.probe());
        assertTrue(w.probe().length() <= CorpusWords.MAX_PROBE);
        CorpusWords one = CorpusWords.of(Corpus.of("one.txt", "ROMEO:\nBut soft"));
        assertEquals("ROMEO:", one.prime(), "no space after the word: none added");
        assertEquals("ROMEO:", one.probe());
        CorpusWords longWord = CorpusWords.of(Corpus.of("dna.txt", "ACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGT"));
        assertEquals("ACGTACGTACG", longWord.prime());
        assertEquals(32, longWord.probe().length(), "no space to cut at: cut at the length");
    }
}
