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

    /** The limit the checks assume: the real heap, or a lower one set by the system property (tests, demonstrations). */
    @Test
    void theLimitIsTheHeapOrALowerOneSetByTheProperty() {
        long max = Runtime.getRuntime().maxMemory();
        assertEquals(1L << 30, RunMemory.parseSize("1g"));
        assertEquals(64L << 20, RunMemory.parseSize(" 64M "));
        assertEquals(4096, RunMemory.parseSize("4096"));
        assertEquals(-1, RunMemory.parseSize("lots"));
        assertEquals(-1, RunMemory.parseSize("-5m"));
        assertEquals(-1, RunMemory.parseSize(null));
        try {
            System.setProperty(RunMemory.LIMIT_PROPERTY, "64m");
            assertEquals(Math.min(64L << 20, max), RunMemory.limit());
            BadInputException e = assertThrows(BadInputException.class,
                    () -> new Trainer(Corpus.of("c.txt", "abcdefghij".repeat(100)), TrainingConfig.defaults().withHiddenSize(1000)));
            assertTrue(e.getMessage().contains("more than the 64 MB Java may use; raise the heap with -Xmx"), e.getMessage());
            System.setProperty(RunMemory.LIMIT_PROPERTY, "lots");
            assertEquals(max, RunMemory.limit(), "an unreadable limit is ignored");
            System.setProperty(RunMemory.LIMIT_PROPERTY, "1000000g");
            assertEquals(max, RunMemory.limit(), "a limit above the heap is no limit");
        } finally {
            System.clearProperty(RunMemory.LIMIT_PROPERTY);
        }
        assertEquals(max, RunMemory.limit());
    }

    /** An OutOfMemoryError in the training loop: the run is FAILED with the one line, at the iteration it reached. */
    @Test
    void anOutOfMemoryErrorInTheLoopLeavesTheOneLineAsTheRunsMessage() {
        Trainer t = new Trainer(Corpus.of("c.txt", "abcdefghij".repeat(100)), TrainingConfig.defaults().withHiddenSize(8).withIterations(1000));
        java.util.concurrent.atomic.AtomicLong at = new java.util.concurrent.atomic.AtomicLong(-1);
        // a snapshot after every iteration: on a fast machine 1,000 small iterations end within one publish
        // interval, and the error then came with the final snapshot of a FINISHED run
        t.setPublishInterval(0);
        assertThrows(OutOfMemoryError.class, () -> t.run(new RunControl(), s -> {
            if (s.iteration() > 0 && at.compareAndSet(-1, s.iteration())) {
                throw new OutOfMemoryError("Java heap space");
            }
        }));
        assertEquals(RunState.FAILED, t.state());
        assertEquals(RunMemory.outOfMemory(), t.message());
        assertEquals(at.get(), t.exportState().iteration(), "the iterations done are kept");
    }
}
