package dev.unroll.app.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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

    /** packaging/measure-startup.sh greps stderr for '^unroll: window shown': the log line must be just that. */
    @Test
    void theTimingIsOneBareLineOnTheConsole() {
        Logger log = StartupTiming.log();
        assertFalse(log.getUseParentHandlers(), "the root logger's handler would print a date line before it");
        Handler[] handlers = log.getHandlers();
        assertEquals(1, handlers.length);
        assertTrue(handlers[0] instanceof ConsoleHandler, "stderr is java.util.logging's console");
        String printed = handlers[0].getFormatter().format(new LogRecord(Level.INFO, StartupTiming.line(812, 905)));
        assertEquals("unroll: window shown after 812 ms, first frame after 905 ms" + System.lineSeparator(), printed);
        assertTrue(handlers[0].isLoggable(new LogRecord(Level.INFO, "x")));
        assertEquals(log, StartupTiming.log(), "installed once");
    }
}
