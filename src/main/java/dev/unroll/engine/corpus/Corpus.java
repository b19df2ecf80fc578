package dev.unroll.engine.corpus;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.RunMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.function.IntConsumer;

/**
 * A training text: its characters encoded as vocabulary indices. Read as strict UTF-8; a missing,
 * unreadable, empty, binary or malformed file is a {@link BadInputException} whose message says
 * what is wrong (and where). Immutable.
 *
 * <p>Memory: only the codes are kept, in the narrowest array that holds the vocabulary (one byte
 * per character up to 256 distinct characters, two up to 65,536, else four); the text itself is not
 * kept. {@link #text()} builds it on each call. Loading a file holds its bytes and the codes at once,
 * about twice the file's size for a text of one-byte characters (it was about thirteen times, with a
 * decoded copy, a String and two int arrays).
 */
public final class Corpus {
    /** Larger files are refused: the app and the trainer hold the whole text in memory. */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    private final String name;
    private final Vocabulary vocabulary;
    private final int length;
    /** Exactly one of the three holds the codes. */
    private final byte[] codes8;
    private final char[] codes16;
    private final int[] codes32;
    private volatile String sha256;

    private Corpus(String name, CodePoints text) {
        this.name = name;
        // pass 1: the vocabulary and the length
        BitSet seen = new BitSet();
        int[] count = {0};
        text.forEach(cp -> {
            seen.set(cp);
            count[0]++;
        });
        if (count[0] == 0) {
            throw new BadInputException(name + " is empty");
        }
        this.vocabulary = Vocabulary.ofCodePoints(seen.stream().toArray());
        this.length = count[0];
        int v = vocabulary.size();
        this.codes8 = v <= 256 ? new byte[length] : null;
        this.codes16 = v > 256 && v <= 65536 ? new char[length] : null;
        this.codes32 = v > 65536 ? new int[length] : null;
        // pass 2: the codes, through a table for the common characters
        int[] bmp = new int[Math.min(seen.length(), 0x10000)];
        for (int i = 0; i < v && vocabulary.codePoint(i) < bmp.length; i++) {
            bmp[vocabulary.codePoint(i)] = i;
        }
        int[] at = {0};
        text.forEach(cp -> {
            int idx = cp < bmp.length ? bmp[cp] : vocabulary.indexOf(cp);
            int i = at[0]++;
            if (codes8 != null) {
                codes8[i] = (byte) idx;
            } else if (codes16 != null) {
                codes16[i] = (char) idx;
            } else {
                codes32[i] = idx;
            }
        });
    }

    /** A corpus from a text already in memory. */
    public static Corpus of(String name, String text) {
        if (text.isEmpty()) {
            throw new BadInputException(name + " is empty");
        }
        if (text.indexOf('\0') >= 0) {
            throw new BadInputException(name + " looks binary: it contains NUL characters");
        }
        return new Corpus(name, sink -> text.codePoints().forEach(sink));
    }

    /**
     * Reads a corpus file as strict UTF-8 (a byte-order mark is dropped). Refused with one line: a
     * missing file, a folder, anything that is not a regular file (a FIFO would wait for a writer
     * forever), a file too large for {@link #MAX_BYTES} or for the heap, binary or malformed text.
     */
    public static Corpus load(Path file) {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException(file + " is a folder, not a text file");
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new BadInputException(file + " is not a regular file (a pipe, device or socket?); give a text file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new BadInputException(file + " is too large (" + size / (1024 * 1024) + " MB; at most " + MAX_BYTES / (1024 * 1024) + " MB)");
            }
            RunMemory.requireFits(RunMemory.corpusLoadBytes(size), "loading " + file + " (" + RunMemory.describe(size) + ")");
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("corpus file not found: " + file);
        } catch (AccessDeniedException e) {
            throw new BadInputException("cannot read corpus file (permission denied): " + file);
        } catch (IOException e) {
            throw new BadInputException("cannot read corpus file " + file + ": " + e.getMessage());
        }
        return fromUtf8(name, bytes);
    }

    /** A corpus from the bytes of a UTF-8 file, decoded strictly (see {@link #decodeUtf8}) without a decoded copy. */
    static Corpus fromUtf8(String name, byte[] bytes) {
        checkBytes(name, bytes);
        return new Corpus(name, sink -> decode(name, bytes, sink));
    }

    /** Strict UTF-8 decoding; NUL bytes mean binary; malformed input names its byte offset. */
    public static String decodeUtf8(String name, byte[] bytes) {
        checkBytes(name, bytes);
        StringBuilder sb = new StringBuilder(bytes.length);
        decode(name, bytes, sb::appendCodePoint);
        return sb.toString();
    }

    private static void checkBytes(String name, byte[] bytes) {
        if (bytes.length == 0) {
            throw new BadInputException(name + " is empty");
        }
        String wide = wideEncoding(bytes);
        if (wide != null) {
            throw new BadInputException(name + " is " + wide + " text, not UTF-8: save it as UTF-8 (most editors offer it under Save as)");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new BadInputException(name + " looks binary: NUL byte at offset " + i);
            }
        }
    }

    /**
     * The name of the wide encoding the bytes are in, or null: UTF-32 or UTF-16 by their byte-order
     * mark, or without one by the NUL pattern of mostly-ASCII text (a zero in every other byte for
     * UTF-16, three zeros in every four for UTF-32, over the first 4 KB).
     */
    static String wideEncoding(byte[] b) {
        int n = b.length;
        if (n >= 4 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFE && b[2] == 0 && b[3] == 0) {
            return "UTF-32 (little-endian)";
        }
        if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == (byte) 0xFE && b[3] == (byte) 0xFF) {
            return "UTF-32 (big-endian)";
        }
        if (n >= 2 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFE) {
            return "UTF-16 (little-endian)";
        }
        if (n >= 2 && b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) {
            return "UTF-16 (big-endian)";
        }
        int m = Math.min(n, 4096) & ~3;
        if (m < 4) {
            return null;
        }
        int[] zerosAt = new int[4];
        for (int i = 0; i < m; i++) {
            if (b[i] == 0) {
                zerosAt[i & 3]++;
            }
        }
        int quarter = m / 4;
        int nearlyAll = quarter - quarter / 10; // 90 %: a few non-ASCII characters still pass
        if (zerosAt[1] >= nearlyAll && zerosAt[2] >= nearlyAll && zerosAt[3] >= nearlyAll && zerosAt[0] < quarter / 10 + 1) {
            return "UTF-32 (little-endian)";
        }
        if (zerosAt[0] >= nearlyAll && zerosAt[1] >= nearlyAll && zerosAt[2] >= nearlyAll && zerosAt[3] < quarter / 10 + 1) {
            return "UTF-32 (big-endian)";
        }
        if (zerosAt[1] >= nearlyAll && zerosAt[3] >= nearlyAll && zerosAt[0] + zerosAt[2] < quarter / 5 + 1) {
            return "UTF-16 (little-endian)";
        }
        if (zerosAt[0] >= nearlyAll && zerosAt[2] >= nearlyAll && zerosAt[1] + zerosAt[3] < quarter / 5 + 1) {
            return "UTF-16 (big-endian)";
        }
        return null;
    }

    /** Decodes in chunks, handing each code point on; a leading byte-order mark is not part of the text. */
    private static void decode(String name, byte[] bytes, IntConsumer sink) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(1 << 14);
        boolean first = true;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new BadInputException(name + " is not valid UTF-8: bad byte at offset " + in.position());
            }
            boolean more = result.isOverflow();
            if (!more) {
                result = decoder.flush(out);
                if (result.isError()) {
                    throw new BadInputException(name + " is not valid UTF-8: truncated character at the end");
                }
            }
            out.flip();
            // the decoder never splits a surrogate pair across chunks: it needs room for both
            int n = out.limit();
            for (int i = 0; i < n; ) {
                int cp = Character.codePointAt(out, i);
                i += Character.charCount(cp);
                if (first) {
                    first = false;
                    if (cp == '\uFEFF') {
                        continue;
                    }
                }
                sink.accept(cp);
            }
            out.clear();
            if (!more) {
                return;
            }
        }
    }

    /** The text's code points, handed on one by one (twice while a corpus is built). */
    private interface CodePoints {
        void forEach(IntConsumer sink);
    }

    public String name() {
        return name;
    }

    /** The whole text, built from the codes on each call (the corpus does not keep a copy). */
    public String text() {
        return slice(0, length);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Number of characters (code points). */
    public int length() {
        return length;
    }

    /** Index of the character at a position. */
    public int at(int position) {
        if (codes8 != null) {
            return codes8[position] & 0xFF;
        }
        return codes16 != null ? codes16[position] : codes32[position];
    }

    /** Copies the indices of positions [from, to) into {@code dst} from {@code offset}. */
    public void copyCodes(int from, int to, int[] dst, int offset) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length);
        }
        if (codes32 != null) {
            System.arraycopy(codes32, from, dst, offset, to - from);
        } else if (codes16 != null) {
            for (int i = from; i < to; i++) {
                dst[offset++] = codes16[i];
            }
        } else {
            for (int i = from; i < to; i++) {
                dst[offset++] = codes8[i] & 0xFF;
            }
        }
    }

    /** The indices of positions [from, to) as a new array. */
    public int[] codes(int from, int to) {
        int[] out = new int[to - from];
        copyCodes(from, to, out, 0);
        return out;
    }

    /** The encoded text as indices; a new array of the whole length (4 bytes a character). */
    public int[] encoded() {
        return codes(0, length);
    }

    /** Bytes the codes take (the corpus's resident size, besides its small vocabulary). */
    public long memoryBytes() {
        return codes8 != null ? codes8.length : codes16 != null ? 2L * codes16.length : 4L * codes32.length;
    }

    /** Hex SHA-256 of the text as UTF-8 (no byte-order mark), computed once without a copy of the text. */
    public String sha256() {
        String s = sha256;
        if (s == null) {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            int chunk = 1 << 14;
            for (int from = 0; from < length; from += chunk) {
                md.update(slice(from, Math.min(length, from + chunk)).getBytes(StandardCharsets.UTF_8));
            }
            s = HexFormat.of().formatHex(md.digest());
            sha256 = s;
        }
        return s;
    }

    /** The first characters of the text, for previews. */
    public String preview(int maxCodePoints) {
        return slice(0, Math.min(length, maxCodePoints));
    }

    /** The substring of code points [from, to). */
    public String slice(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + length);
        }
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.appendCodePoint(vocabulary.codePoint(at(i)));
        }
        return sb.toString();
    }

    /** How many times a character occurs (e.g. '\n' for lines), without building the text. */
    public long count(int codePoint) {
        int idx = vocabulary.indexOf(codePoint);
        if (idx < 0) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < length; i++) {
            if (at(i) == idx) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " (" + length + " characters, vocabulary " + vocabulary.size() + ")";
    }
}
