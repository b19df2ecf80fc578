package dev.unroll.engine.io;

import dev.unroll.engine.model.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy {@code .npy} format, version 1.0, for 2-D little-endian float64 arrays in C order
 * (what {@code np.save} writes for {@code np.zeros((rows, cols))}): the magic {@code \x93NUMPY},
 * version bytes 1 0, a little-endian uint16 header length, an ASCII Python dict literal
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (rows, cols), }} padded with spaces and
 * a newline so the data starts at a multiple of 64 bytes, then rows x cols doubles.
 * Reading also accepts version 2.0 and 3.0 headers (a uint32 length) and 1-D shapes (as n x 1).
 */
final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** A decoding problem; the message says what (the caller adds which entry). */
    static final class FormatException extends Exception {
        FormatException(String message) {
            super(message);
        }
    }

    static byte[] write(Tensor t) {
        return write(t, "(" + t.rows + ", " + t.cols + ")");
    }

    /** An n x 1 tensor as a 1-D array of n (shape {@code (n,)}, as PyTorch's biases are); read back as n x 1. */
    static byte[] writeVector(Tensor t) {
        if (t.cols != 1) {
            throw new IllegalArgumentException(t + " is not a column");
        }
        return write(t, "(" + t.rows + ",)");
    }

    private static byte[] write(Tensor t, String shape) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total + 8 * t.data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        b.asDoubleBuffer().put(t.data);
        return b.array();
    }

    static Tensor read(String name, byte[] bytes) throws FormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10) {
            throw new FormatException("is too short to be a .npy array");
        }
        for (byte m : MAGIC) {
            if (b.get() != m) {
                throw new FormatException("is not a .npy array (bad magic)");
            }
        }
        int major = b.get();
        b.get();
        int headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(b.getShort());
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new FormatException("is truncated");
            }
            headerLength = b.getInt();
        } else {
            throw new FormatException("uses .npy version " + major + ", which this version cannot read");
        }
        if (headerLength < 0 || b.position() + headerLength > bytes.length) {
            throw new FormatException("is truncated (header)");
        }
        String header = new String(bytes, b.position(), headerLength, StandardCharsets.ISO_8859_1);
        b.position(b.position() + headerLength);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new FormatException("has a malformed .npy header");
        }
        if (!d.group(1).equals("<f8")) {
            throw new FormatException("holds " + d.group(1) + " values, expected little-endian float64 ('<f8')");
        }
        String[] dims = s.group(1).split(",");
        long[] shape = new long[2];
        int n = 0;
        for (String dim : dims) {
            String t = dim.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (n == 2) {
                throw new FormatException("has more than 2 dimensions");
            }
            try {
                shape[n++] = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new FormatException("has a malformed shape (" + s.group(1) + ")");
            }
        }
        if (n == 0) {
            throw new FormatException("is a scalar, expected a matrix");
        }
        long rows = shape[0];
        long cols = n == 2 ? shape[1] : 1;
        if (rows <= 0 || cols <= 0 || rows * cols > Integer.MAX_VALUE / 8) {
            throw new FormatException("has an unusable shape " + rows + "x" + cols);
        }
        int count = (int) (rows * cols);
        if (b.remaining() != 8L * count) {
            throw new FormatException("holds " + b.remaining() + " bytes of data, expected " + 8L * count + " for shape "
                    + rows + "x" + cols + (b.remaining() < 8L * count ? " (truncated)" : ""));
        }
        double[] data = new double[count];
        b.asDoubleBuffer().get(data);
        if (f.group(1).equals("True") && n == 2 && cols > 1) {
            double[] c = new double[count];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    c[i * (int) cols + j] = data[j * (int) rows + i];
                }
            }
            data = c;
        }
        return new Tensor(name, (int) rows, (int) cols, data);
    }
}
