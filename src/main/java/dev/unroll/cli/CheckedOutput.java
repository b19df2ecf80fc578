package dev.unroll.cli;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output that remembers why a write failed. A {@link java.io.PrintWriter} (and
 * {@code System.out}) swallow write errors and only report that one happened; this stream keeps
 * the first error, so the command line can say "cannot write standard output: No space left on
 * device" and exit 1 instead of reporting success with an empty or cut output.
 */
final class CheckedOutput extends OutputStream {
    private final OutputStream out;
    private volatile IOException failure;

    CheckedOutput(OutputStream out) {
        this.out = out;
    }

    /** The first write or flush error, or null when every write went through. */
    IOException failure() {
        return failure;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }
}
