package dev.unroll.engine.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.io.Checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Issue 16 item 3: a corpus keeps its codes in a compact array and no copy of its text, and gives the same answers. */
class CorpusMemoryTest {
    @TempDir
    Path dir;

    @Test
    void codesTakeOneByteACharacterUpTo256DistinctCharactersThenTwoThenFour() {
        String small = "Ce frumoasă e luna, ce dulce e vântul.\n".repeat(100);
        Corpus a = Corpus.of("a", small);
        assertEquals(a.length(), a.memoryBytes());
        StringBuilder wide = new StringBuilder();
        for (int cp = 0x4E00; cp < 0x4E00 + 300; cp++) {
            wide.appendCodePoint(cp);
        }
        Corpus b = Corpus.of("b", wide.toString());
        assertEquals(2L * b.length(), b.memoryBytes());
        StringBuilder huge = new StringBuilder();
        for (int cp = 0x10000; cp < 0x10000 + 70_000; cp++) {
            huge.appendCodePoint(cp);
        }
        Corpus c = Corpus.of("c", huge.toString());
        assertEquals(4L * c.length(), c.memoryBytes());
        for (Corpus x : new Corpus[] {a, b, c}) {
            String text = x == a ? small : x == b ? wide.toString() : huge.toString();
            assertEquals(text, x.text());
            assertEquals(Checkpoint.sha256(text), x.sha256());
            assertEquals(text.codePointCount(0, text.length()), x.length());
            assertArrayEquals(x.vocabulary().encode(text), x.encoded());
            assertEquals(x.vocabulary().indexOf(text.codePointAt(text.offsetByCodePoints(0, 7))), x.at(7));
        }
        assertEquals(100, a.count('\n'));
        assertEquals(a.text().substring(3, 10), a.slice(3, 10));
        assertEquals(a.text().substring(0, 5), a.preview(5));
    }

    @Test
    void aFileDecodesStrictlyWithoutABomAndAsTheTextDid() throws IOException {
        String text = "hello ă wörld 😀 again\r\nand again\n";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(body, 0, withBom, 3, body.length);
        Corpus c = Corpus.load(Files.write(dir.resolve("bom.txt"), withBom));
        assertEquals(text, c.text());
        assertEquals(Corpus.of("x", text).sha256(), c.sha256());
        byte[] bad = body.clone();
        bad[1] = (byte) 0xC3; // a lead byte without its continuation
        bad[2] = (byte) 0x28;
        assertEquals("bad.txt is not valid UTF-8: bad byte at offset 1",
                assertThrows(BadInputException.class, () -> Corpus.load(Files.write(dir.resolve("bad.txt"), bad))).getMessage());
        byte[] cut = Arrays.copyOf(body, text.indexOf('😀') + 5);
        assertTrue(assertThrows(BadInputException.class, () -> Corpus.load(Files.write(dir.resolve("cut.txt"), cut)))
                .getMessage().startsWith("cut.txt is not valid UTF-8"));
        assertEquals("bom.txt is empty", assertThrows(BadInputException.class,
                () -> Corpus.load(Files.write(dir.resolve("bom.txt"), bom))).getMessage());
    }

    @Test
    void aLongTextDecodesAcrossChunksWithoutSplittingSurrogatePairs() {
        // 16,384-char chunks: put supplementary characters across every boundary
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 100_000) {
            sb.append("abc😀");
        }
        String text = sb.toString();
        Corpus c = Corpus.fromUtf8("long", text.getBytes(StandardCharsets.UTF_8));
        assertEquals(text, c.text());
    }
}
