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
        remembering(() -> out.write(b));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        remembering(() -> out.write(b, off, len));
    }

    @Override
    public void flush() throws IOException {
        remembering(out::flush);
    }

    @Override
    public void close() throws IOException {
        remembering(out::close);
    }

    /** An operation on the stream underneath. */
    private interface Operation {
        void run() throws IOException;
    }

    /** Runs {@code op}; its error, if any, is remembered (the first one) and thrown on. */
    private void remembering(Operation op) throws IOException {
        try {
            op.run();
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
