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
     * System property: the heap limit the checks assume, in bytes or with a k, m or g suffix
     * ({@code -Dunroll.memoryLimit=1g}), when it is below the heap Java really has. It lets a test
     * (or a demonstration) try the refusal of a run that does not fit without a machine where it
     * does not; unset, unreadable or above the real limit, the real limit holds.
     */
    public static final String LIMIT_PROPERTY = "unroll.memoryLimit";


    /** Bytes that loading a corpus file of this size holds at its peak: the file's bytes and the codes. */
    public static long corpusLoadBytes(long fileBytes) {
        return 2 * fileBytes;
    }

    /** Refuses work that needs more than the heap ({@code -Xmx}, see {@link #limit()}) allows, with one line. */
    public static void requireFits(long bytes, String what) {
        requireFits(bytes, what, limit());
    }

    /**
     * The heap's limit in bytes: {@code Runtime.maxMemory()}, or the lower limit the system property
     * {@value #LIMIT_PROPERTY} sets.
     */
    public static long limit() {
        long max = Runtime.getRuntime().maxMemory();
        long set = parseSize(System.getProperty(LIMIT_PROPERTY));
        return set > 0 && set < max ? set : max;
    }

    /** "1g", "512m", "64k" or a number of bytes; -1 when null or unreadable. */
    static long parseSize(String text) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        int shift = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        try {
            long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
            return n > 0 && n <= Long.MAX_VALUE >> shift ? n << shift : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
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

    /** The one line for an OutOfMemoryError (the command line's, the app's, a sweep run's). */
    public static String outOfMemory() {
        long max = limit();
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
