package dev.unroll.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Issue 13: a UTF-16 or UTF-32 file is named for what it is, with what to do, instead of "looks binary". */
class CorpusEncodingTest {
    private static final String VERSES = "Am plecat de-acasă-n zori,\ncu o traistă și cu flori,\nmama a rămas la poartă.\n".repeat(30);

    @TempDir
    Path dir;

    private String refusal(String name, byte[] bytes) throws Exception {
        Path f = Files.write(dir.resolve(name), bytes);
        return assertThrows(BadInputException.class, () -> Corpus.load(f)).getMessage();
    }

    private static byte[] withBom(byte[] bom, String text, Charset cs) {
        byte[] body = text.getBytes(cs);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        return all;
    }

    @Test
    void utf16AndUtf32AreRecognisedWithOrWithoutAByteOrderMark() throws Exception {
        Charset utf32le = Charset.forName("UTF-32LE");
        Charset utf32be = Charset.forName("UTF-32BE");
        String advice = " text, not UTF-8: save it as UTF-8";
        assertEquals("a.txt is UTF-16 (little-endian)" + advice + " (most editors offer it under Save as)",
                refusal("a.txt", VERSES.getBytes(StandardCharsets.UTF_16LE)));
        assertTrue(refusal("b.txt", VERSES.getBytes(StandardCharsets.UTF_16BE)).startsWith("b.txt is UTF-16 (big-endian)" + advice));
        // Java's UTF_16 writes a big-endian mark
        assertTrue(refusal("c.txt", VERSES.getBytes(StandardCharsets.UTF_16)).startsWith("c.txt is UTF-16 (big-endian)" + advice));
        assertTrue(refusal("d.txt", withBom(new byte[] {(byte) 0xFF, (byte) 0xFE}, VERSES, StandardCharsets.UTF_16LE))
                .startsWith("d.txt is UTF-16 (little-endian)" + advice));
        assertTrue(refusal("e.txt", VERSES.getBytes(utf32le)).startsWith("e.txt is UTF-32 (little-endian)" + advice));
        assertTrue(refusal("f.txt", VERSES.getBytes(utf32be)).startsWith("f.txt is UTF-32 (big-endian)" + advice));
        assertTrue(refusal("g.txt", withBom(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, VERSES, utf32le))
                .startsWith("g.txt is UTF-32 (little-endian)" + advice));
        assertTrue(refusal("h.txt", withBom(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, VERSES, utf32be))
                .startsWith("h.txt is UTF-32 (big-endian)" + advice));
    }

    @Test
    void binaryFilesAndUtf8StayAsTheyWere() throws Exception {
        assertEquals("bin.txt looks binary: NUL byte at offset 2", refusal("bin.txt", new byte[] {'a', 'b', 0, 'c'}));
        assertEquals("png.txt looks binary: NUL byte at offset 4",
                refusal("png.txt", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2, 3}));
        Path ok = Files.writeString(dir.resolve("ok.txt"), VERSES);
        assertEquals(VERSES, Corpus.load(ok).text());
        // UTF-8 with its byte-order mark still loads, the mark dropped
        Path bom = Files.write(dir.resolve("bom.txt"), withBom(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, VERSES, StandardCharsets.UTF_8));
        assertEquals(VERSES, Corpus.load(bom).text());
    }
}
