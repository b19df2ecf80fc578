package dev.unroll.engine;

import java.util.Locale;

/**
 * What a run needs in memory, estimated before it starts, so that what cannot fit is refused with
 * one line that says how much it needs and how to raise the heap, instead of an OutOfMemoryError
 * later. The estimates are upper bounds of what the engine allocates (measured against
 * {@code Runtime.totalMemory} on runs of hidden 100 to 2,000), not exact figures.
 */
public final class RunMemory {
    private RunMemory() {
    }

    /** The JVM's own share (classes, buffers, the command line or the app) that a run cannot use. */
    static final long BASELINE = 48L << 20;

    /**
     * Bytes a training run allocates: the model's parameters, gradients and their transposed copies,
     * Adagrad's memory, the states exported for checkpoints (one saved, one kept in case of a
     * blow-up), and the unrolled window's activations.
     */
    public static long trainingBytes(int hidden, int vocab, int sequence) {
        long h = hidden;
        long v = vocab;
        long parameters = h * v + h * h + v * h + h + v;
        return 8 * (10 * parameters + (long) sequence * (4 * h + 3 * v));
    }

    /** Bytes that loading a corpus file of this size holds at its peak: the file's bytes and the codes. */
    public static long corpusLoadBytes(long fileBytes) {
        return 2 * fileBytes;
    }

    /** Refuses work that needs more than the heap ({@code -Xmx}) allows, with one line. */
    public static void requireFits(long bytes, String what) {
        requireFits(bytes, what, Runtime.getRuntime().maxMemory());
    }

    /**
     * @param what    the work, e.g. "a run of hidden size 4096 on 5,000 characters"
     * @param maxHeap the heap's limit in bytes
     * @throws BadInputException when {@code bytes} and the JVM's own share exceed {@code maxHeap}
     */
    static void requireFits(long bytes, String what, long maxHeap) {
        long needed = bytes + BASELINE;
        if (needed > maxHeap) {
            throw new BadInputException(what + " needs about " + describe(needed) + " of memory, more than the "
                    + describe(maxHeap) + " Java may use; " + advice(needed));
        }
    }

    /** How to raise the heap to at least {@code bytes} (rounded up to a size people write). */
    public static String advice(long bytes) {
        String x = heapFlag(bytes + bytes / 4);
        return "raise the heap with -Xmx" + x + " (java -Xmx" + x + " -jar unroll.jar ..., or JAVA_TOOL_OPTIONS=-Xmx" + x
                + " for the installed unroll)";
    }

    /** The one line for an OutOfMemoryError. */
    public static String outOfMemory() {
        long max = Runtime.getRuntime().maxMemory();
        return "out of memory: the run needed more than the " + describe(max) + " Java may use; " + advice(2 * max);
    }

    static String heapFlag(long bytes) {
        long mb = (bytes + (1 << 20) - 1) >> 20;
        if (mb <= 1024) {
            return ((mb + 255) / 256 * 256) + "m";
        }
        return ((mb + 1023) / 1024) + "g";
    }

    /** "12 KB", "250 MB", "1.4 GB". */
    public static String describe(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return (bytes >> 20) + " MB";
        }
        return Math.max(1, bytes >> 10) + " KB";
    }
}
