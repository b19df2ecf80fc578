package dev.unroll.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The training hot loop allocates nothing once its buffers exist (measured per thread, so the JIT's escape analysis is not needed). */
class AllocationTest {

    @Test
    void trainingIterationsAllocateNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter on this JVM");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);

        Corpus corpus = Corpus.of("t", "to be or not to be, that is the question. ".repeat(100));
        TrainingConfig config = TrainingConfig.defaults().withHiddenSize(37).withIterations(10_000).withSampleEvery(0);
        Trainer trainer = new Trainer(corpus, config);
        for (int i = 0; i < 50; i++) {
            trainer.iterate();
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 2000; i++) {
            trainer.iterate();
        }
        long after = mx.getThreadAllocatedBytes(tid);
        // reading the counter and rare bookkeeping may cost a few bytes; one allocation per iteration would cost 32 000 or more
        assertTrue(after - before < 200, (after - before) + " bytes allocated by 2000 iterations");
    }
}
