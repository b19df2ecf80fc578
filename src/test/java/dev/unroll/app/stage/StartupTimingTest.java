package dev.unroll.app.stage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class StartupTimingTest {

    @Test
    void theProcessIsAboutAsOldAsItsJvm() {
        // the JVM starts a few milliseconds after its process; /proc counts in 10 ms ticks
        long jvm = ManagementFactory.getRuntimeMXBean().getUptime();
        long process = StartupTiming.processAgeMillis();
        long jvmAfter = ManagementFactory.getRuntimeMXBean().getUptime();
        assertTrue(process >= jvm - 20, "process age " + process + " ms < JVM uptime " + jvm + " ms");
        assertTrue(process <= jvmAfter + 400, "process age " + process + " ms >> JVM uptime " + jvmAfter + " ms");
    }
}
