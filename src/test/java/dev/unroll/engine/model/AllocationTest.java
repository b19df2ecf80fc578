package dev.unroll.engine.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.Adam;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.LearningRateDecay;
import dev.unroll.engine.train.Optimization;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;

/**
 * The training hot loop allocates nothing once its buffers exist, for every cell (measured per
 * thread, so the JIT's escape analysis is not needed).
 */
class AllocationTest {

    @ParameterizedTest
    @EnumSource(Cell.class)
    void trainingIterationsAllocateNothing(Cell cell) {
        assertNoAllocation(cell, TrainingConfig.defaults());
    }

    /** RMSprop with a step decay and Adam with norm clipping and a cosine decay, for every cell. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void theOtherOptimizersClippingAndDecaysAllocateNothing(Cell cell) {
        LearningRateDecay step = LearningRateDecay.none().withKind(LearningRateDecay.Kind.STEP).withEvery(10).withFactor(0.99);
        LearningRateDecay cosine = LearningRateDecay.none().withKind(LearningRateDecay.Kind.COSINE);
        TrainingConfig d = TrainingConfig.defaults().withLearningRate(0.002);
        assertNoAllocation(cell, d.withOptimization(new Optimization(OptimizerKind.RMSPROP, ClipMode.ELEMENTWISE, step)));
        assertNoAllocation(cell, d.withOptimization(new Optimization(OptimizerKind.ADAM, ClipMode.NORM, cosine)));
    }

    /** Issue 27: the stacked, batched path (two layers, three streams, dropout; Adam in float64, Adagrad in float32) allocates nothing per iteration either. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void stackedBatchedIterationsAllocateNothing(Cell cell) {
        TrainingConfig d = TrainingConfig.defaults().withLearningRate(0.002).withDepth(new Depth(2, 3, 0.2));
        assertNoAllocation(cell, d.withOptimization(new Optimization(OptimizerKind.ADAM, ClipMode.NORM, LearningRateDecay.none())));
        assertNoAllocation(cell, d.withDepth(new Depth(2, 3, 0.2, Precision.F32)));
    }

    /** float32 on two threads (the streams' recurrences and the softmax on both, the larger products shared): nothing allocated on either thread. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void float32OnTwoThreadsAllocatesNothing(Cell cell) {
        TrainingConfig d = TrainingConfig.defaults().withLearningRate(0.002).withDepth(new Depth(2, 3, 0.2, Precision.F32));
        assertNoAllocation(cell, d.withOptimization(new Optimization(OptimizerKind.ADAM, ClipMode.NORM, LearningRateDecay.none())), 2);
    }

    private static void assertNoAllocation(Cell cell, TrainingConfig settings) {
        assertNoAllocation(cell, settings, 1);
    }

    /** With threads above 1 the pool's workers are counted too. */
    private static void assertNoAllocation(Cell cell, TrainingConfig settings, int threads) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter on this JVM");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);

        Corpus corpus = Corpus.of("t", "to be or not to be, that is the question. ".repeat(100));
        TrainingConfig config = settings.withHiddenSize(37).withIterations(10_000).withSampleEvery(0);
        Trainer trainer = new Trainer(corpus, config, cell);
        if (threads > 1) {
            trainer.setThreads(threads);
        }
        // the workers' code is compiled later than the caller's (the first case in a JVM measured 25 bytes an iteration
        // after 500 warm-up iterations, under 1 after 3500). The warm-up runs past the run history's keeps at 100, 200, 500,
        // 1,000, 2,000 and 5,000 (each copies the weights, by design), so the measured iterations 5,001 to 8,000 hold none.
        for (int i = 0; i < 5000; i++) {
            trainer.iterate();
        }
        // Three rounds of 1000 iterations; the quietest counts. One allocation per iteration would cost
        // 16 000 bytes or more in every round, whereas a one-off event of the JVM (the first test in a JVM
        // measured 144 to 208 bytes, a heavily loaded machine once 1 056 while the JIT was still busy) spoils one round only.
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || threads > 1 && t.getName().startsWith("unroll-kernel-"))
                .mapToLong(Thread::getId).toArray();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = allocated(mx, ids);
            for (int i = 0; i < 1000; i++) {
                trainer.iterate();
            }
            least = Math.min(least, allocated(mx, ids) - before);
        }
        if (threads > 1) {
            trainer.close();
        }
        // with the workers counted, one-off events of the JVM on their threads add up to a few kilobytes (2,048 seen), still far
        // below one allocation an iteration
        assertTrue(least < (threads > 1 ? 4000 : 200), cell + " " + settings.optimization() + ": " + least + " bytes allocated by 1000 iterations in the quietest of three rounds");
    }

    private static long allocated(com.sun.management.ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, mx.getThreadAllocatedBytes(id));
        }
        return sum;
    }
}
