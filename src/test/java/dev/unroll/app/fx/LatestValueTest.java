package dev.unroll.app.fx;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/** The latest-wins hand-off: the newest value, at most once per pulse, on the JavaFX thread, its timer idle when nothing waits. */
@ExtendWith(ApplicationExtension.class)
class LatestValueTest {
    private static final String NAME = "latest-value-test";
    private final List<Integer> delivered = new CopyOnWriteArrayList<>();
    private final AtomicBoolean offFxThread = new AtomicBoolean();
    private final LatestValue<Integer> latest = new LatestValue<>(NAME, v -> {
        if (!Platform.isFxApplicationThread()) {
            offFxThread.set(true);
        }
        delivered.add(v);
    });

    @AfterEach
    void dispose() {
        runFx(latest::dispose);
    }

    @Test
    void deliversTheNewestAtMostOncePerPulseOnTheFxThreadAndStopsWhenIdle() throws Exception {
        assertFalse(onFx(latest::isRunning), "no timer before anything was offered");
        // count the pulses while a producer offers as fast as it can
        AtomicLong pulses = new AtomicLong();
        Animations.FrameTimer counter = Animations.FrameTimer.of("pulse-counter", now -> pulses.incrementAndGet());
        runFx(counter::start);
        long pulsesBefore = pulses.get();
        Thread producer = new Thread(() -> {
            long end = System.nanoTime() + 400_000_000L;
            int i = 0;
            while (System.nanoTime() < end) {
                latest.offer(++i);
            }
            latest.offer(Integer.MAX_VALUE);
        });
        producer.start();
        producer.join();
        await(10, "the last value delivered", () -> !delivered.isEmpty() && delivered.get(delivered.size() - 1) == Integer.MAX_VALUE);
        await(10, "the timer stopped once nothing waits", () -> !latest.isRunning() && !Animations.running().contains(NAME));
        runFx(counter::stop);
        long pulsesDuring = pulses.get() - pulsesBefore;

        assertFalse(offFxThread.get(), "delivered on the JavaFX thread");
        List<Integer> got = new ArrayList<>(delivered);
        for (int k = 1; k < got.size(); k++) {
            assertTrue(got.get(k) > got.get(k - 1), "each delivery is newer than the one before: " + got);
        }
        // the producer offered hundreds of thousands of values; the screen got one per pulse at most
        assertTrue(got.size() <= pulsesDuring + 1, got.size() + " deliveries in " + pulsesDuring + " pulses");
        assertTrue(got.size() < 1000, "overtaken values are dropped: " + got.size() + " delivered");
    }

    @Test
    void twoOffersBeforeAPulseDeliverOnlyTheSecond() {
        runFx(() -> {
            latest.offer(1);
            latest.offer(2);
            assertTrue(latest.isRunning(), "an offer on the JavaFX thread starts the timer at once");
        });
        await(10, "a delivery", () -> !delivered.isEmpty());
        await(10, "idle", () -> !latest.isRunning());
        assertEquals(List.of(2), delivered);
    }

    @Test
    void whilePausedValuesWaitWithoutATimerAndCatchUpOnDemand() {
        runFx(() -> latest.setPaused(true));
        latest.offer(7);
        latest.offer(8);
        runFx(() -> {
            assertFalse(latest.isRunning(), "no timer while paused");
            assertTrue(latest.isWaiting());
        });
        assertEquals(List.of(), delivered, "nothing delivered while paused");
        runFx(latest::deliverNow);
        assertEquals(List.of(8), delivered, "catching up delivers the newest");
        latest.offer(9);
        runFx(() -> latest.setPaused(false));
        await(10, "delivered after unpausing", () -> delivered.size() == 2);
        assertEquals(List.of(8, 9), delivered);
        await(10, "idle", () -> !latest.isRunning());
    }

    @Test
    void aProducerAtWorkKeepsTheTimerRunningUntilItIsDone() {
        runFx(() -> latest.expect(true));
        assertTrue(onFx(latest::isRunning), "runs while the producer works, before its first value");
        latest.offer(1);
        await(10, "delivered", () -> delivered.equals(List.of(1)));
        assertTrue(onFx(latest::isRunning), "still runs between values while the producer works");
        runFx(() -> latest.expect(false));
        await(10, "stops once the producer is done", () -> !latest.isRunning() && !Animations.running().contains(NAME));
    }
}
