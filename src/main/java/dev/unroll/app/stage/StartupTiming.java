package dev.unroll.app.stage;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * When the system property {@value #PROPERTY} is {@code true} (or the environment variable
 * {@value #ENVIRONMENT} is {@code 1}), logs how long after the
 * process started the main window was shown and its first frame laid out, one line on stderr
 * (the logger {@code dev.unroll.app.stage.StartupTiming}, through java.util.logging's console):
 * {@code unroll: window shown after 1234 ms, first frame after 1301 ms}; packaging/measure-startup.sh reads it. The start is the
 * operating system's process start, so the JVM's own start-up is counted (see {@link #processAgeMillis()}).
 */
public final class StartupTiming {
    public static final String PROPERTY = "unroll.startupTiming";
    /** The same as an environment variable (set to 1 or true), for launchers that take no JVM options (jpackage's). */
    public static final String ENVIRONMENT = "UNROLL_STARTUP_TIMING";
    /** With this property {@code true} the app quits after its first frame (for timing runs and class-data archives). */
    public static final String EXIT_PROPERTY = "unroll.exitAfterStartup";

    /** Clock ticks per second of /proc's times (USER_HZ), 100 on every Linux Java runs on. */
    private static final long CLOCK_TICKS = 100;

    /** Kept here: java.util.logging holds its loggers weakly, and the handler must outlive install(). */
    private static Logger log;

    private StartupTiming() {
    }

    /** The line measure-startup.sh looks for. */
    static String line(long shownMillis, long frameMillis) {
        return "unroll: window shown after " + shownMillis + " ms, first frame after " + frameMillis + " ms";
    }

    /**
     * The timing's logger: its lines go to the console (stderr) as they are, one line each with no
     * date or level before them, whatever the logging configuration does with the app's other loggers.
     */
    static synchronized Logger log() {
        if (log == null) {
            Logger l = Logger.getLogger(StartupTiming.class.getName());
            l.setUseParentHandlers(false);
            l.setLevel(Level.INFO);
            ConsoleHandler console = new ConsoleHandler();
            console.setLevel(Level.ALL);
            console.setFormatter(new Formatter() {
                @Override
                public String format(LogRecord r) {
                    return formatMessage(r) + System.lineSeparator();
                }
            });
            l.addHandler(console);
            log = l;
        }
        return log;
    }

    /** Installs the measurement on the main window before it is shown (does nothing without the property). */
    public static void install(Stage stage) {
        String env = System.getenv(ENVIRONMENT);
        boolean exit = Boolean.getBoolean(EXIT_PROPERTY);
        if (!exit && !Boolean.getBoolean(PROPERTY) && !("1".equals(env) || "true".equalsIgnoreCase(env))) {
            return;
        }
        long age = processAgeMillis();
        if (age < 0) {
            log().warning("unroll: cannot measure the start-up: the process start time is unknown");
            return;
        }
        Instant start = Instant.now().minusMillis(age);
        long[] shown = {-1};
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
            if (shown[0] >= 0) {
                return;
            }
            shown[0] = Duration.between(start, Instant.now()).toMillis();
            Scene scene = stage.getScene();
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                long frame = Duration.between(start, Instant.now()).toMillis();
                log().info(line(shown[0], frame));
                if (exit) {
                    // after the frame is on screen: close as the user would
                    Platform.runLater(stage::close);
                }
            };
            scene.addPostLayoutPulseListener(once[0]);
        });
    }

    /**
     * How long ago this process started, in milliseconds, or -1 if unknown. On Linux it is the
     * system's uptime minus the process's start in clock ticks since boot (both in /proc, to 10 ms).
     * {@link ProcessHandle.Info#startInstant()} is only the fallback: it adds those ticks to the boot
     * time in whole seconds (btime), so on Linux it puts the start up to a second too early (0.78 s
     * on the machine this was written on, which made every start-up look that much slower).
     */
    static long processAgeMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may hold spaces; starttime is field 22
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long startTicks = Long.parseLong(fields[19]);
            String uptime = Files.readString(Path.of("/proc/uptime")).trim().split(" ")[0];
            long ageMillis = Math.round(Double.parseDouble(uptime) * 1000) - startTicks * 1000 / CLOCK_TICKS;
            if (ageMillis >= 0) {
                return ageMillis;
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through
        }
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis())
                .orElse(-1L);
    }
}
