package dev.unroll.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 16 item 3: what cannot fit in the heap is refused with one line saying how much and how to raise it. */
class RunMemoryTest {
    @Test
    void aRunTooLargeForTheHeapIsRefusedWithHowToRaiseIt() {
        long need = RunMemory.trainingBytes(4096, 5000, 25);
        assertTrue(need > 3L << 30 && need < 6L << 30, RunMemory.describe(need));
        BadInputException e = assertThrows(BadInputException.class,
                () -> RunMemory.requireFits(need, "a run of hidden size 4096 on 5000 distinct characters", 1L << 30));
        assertEquals("a run of hidden size 4096 on 5000 distinct characters needs about " + RunMemory.describe(need + RunMemory.BASELINE)
                + " of memory, more than the 1.0 GB Java may use; raise the heap with -Xmx6g (java -Xmx6g -jar unroll.jar ...,"
                + " or JAVA_TOOL_OPTIONS=-Xmx6g for the installed unroll)", e.getMessage());
        RunMemory.requireFits(RunMemory.trainingBytes(100, 65, 25), "a small run", 256L << 20);
    }

    @Test
    void heapSizesAreRoundedUpToWhatPeopleWrite() {
        assertEquals("256m", RunMemory.heapFlag(1));
        assertEquals("512m", RunMemory.heapFlag(300L << 20));
        assertEquals("1024m", RunMemory.heapFlag(1000L << 20));
        assertEquals("2g", RunMemory.heapFlag(1025L << 20));
        assertEquals("250 MB", RunMemory.describe(250L << 20));
        assertEquals("1.5 GB", RunMemory.describe(3L << 29));
    }
}
