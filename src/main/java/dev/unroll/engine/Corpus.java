package dev.unroll.engine;

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

/**
 * A training text: its characters encoded as vocabulary indices. Read as strict UTF-8; a missing,
 * unreadable, empty, binary or malformed file is a {@link BadInputException} whose message says
 * what is wrong (and where). Immutable.
 */
public final class Corpus {
    /** Larger files are refused: the app and the trainer hold the whole text in memory. */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    private final String name;
    private final String text;
    private final Vocabulary vocabulary;
    private final int[] data;

    private Corpus(String name, String text) {
        this.name = name;
        this.text = text;
        this.vocabulary = Vocabulary.of(text);
        this.data = vocabulary.encode(text);
    }

    /** A corpus from a text already in memory. */
    public static Corpus of(String name, String text) {
        if (text.isEmpty()) {
            throw new BadInputException(name + " is empty");
        }
        if (text.indexOf('\0') >= 0) {
            throw new BadInputException(name + " looks binary: it contains NUL characters");
        }
        return new Corpus(name, text);
    }

    /** Reads a corpus file as strict UTF-8. */
    public static Corpus load(Path file) {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException(file + " is a folder, not a text file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new BadInputException(file + " is too large (" + size / (1024 * 1024) + " MB; at most " + MAX_BYTES / (1024 * 1024) + " MB)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("corpus file not found: " + file);
        } catch (AccessDeniedException e) {
            throw new BadInputException("cannot read corpus file (permission denied): " + file);
        } catch (IOException e) {
            throw new BadInputException("cannot read corpus file " + file + ": " + e.getMessage());
        }
        return of(name, decodeUtf8(name, bytes));
    }

    /** Strict UTF-8 decoding; NUL bytes mean binary; malformed input names its byte offset. */
    public static String decodeUtf8(String name, byte[] bytes) {
        if (bytes.length == 0) {
            throw new BadInputException(name + " is empty");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new BadInputException(name + " looks binary: NUL byte at offset " + i);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new BadInputException(name + " is not valid UTF-8: bad byte at offset " + in.position());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new BadInputException(name + " is not valid UTF-8: truncated character at the end");
        }
        out.flip();
        String text = out.toString();
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a byte-order mark is not part of the text
        }
        return text;
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Number of characters (code points). */
    public int length() {
        return data.length;
    }

    /** Index of the character at a position. */
    public int at(int position) {
        return data[position];
    }

    /** The encoded text; a copy. */
    public int[] encoded() {
        return data.clone();
    }

    /** Hands the encoded text to engine code that promises not to modify it. */
    int[] encodedShared() {
        return data;
    }

    /** The first characters of the text, for previews. */
    public String preview(int maxCodePoints) {
        if (data.length <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
    }

    /** The substring of code points [from, to). */
    public String slice(int from, int to) {
        return vocabulary.decode(data, from, to);
    }

    @Override
    public String toString() {
        return name + " (" + data.length + " characters, vocabulary " + vocabulary.size() + ")";
    }
}
