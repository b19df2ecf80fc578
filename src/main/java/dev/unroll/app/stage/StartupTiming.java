package dev.unroll.app.stage;

import java.time.Duration;
import java.time.Instant;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * When the system property {@value #PROPERTY} is {@code true} (or the environment variable
 * {@value #ENVIRONMENT} is {@code 1}), prints to stderr how long after the
 * process started the main window was shown and its first frame laid out:
 * {@code unroll: window shown after 1234 ms, first frame after 1301 ms}. The start is the
 * operating system's process start time (to about 10 ms on Linux), so the JVM's own start-up is
 * counted.
 */
public final class StartupTiming {
    public static final String PROPERTY = "unroll.startupTiming";
    /** The same as an environment variable (set to 1 or true), for launchers that take no JVM options (jpackage's). */
    public static final String ENVIRONMENT = "UNROLL_STARTUP_TIMING";
    /** With this property {@code true} the app quits after its first frame (for timing runs and class-data archives). */
    public static final String EXIT_PROPERTY = "unroll.exitAfterStartup";

    private StartupTiming() {
    }

    /** Installs the measurement on the main window before it is shown (does nothing without the property). */
    public static void install(Stage stage) {
        String env = System.getenv(ENVIRONMENT);
        boolean exit = Boolean.getBoolean(EXIT_PROPERTY);
        if (!exit && !Boolean.getBoolean(PROPERTY) && !("1".equals(env) || "true".equalsIgnoreCase(env))) {
            return;
        }
        Instant start = ProcessHandle.current().info().startInstant().orElse(null);
        if (start == null) {
            System.err.println("unroll: cannot measure the start-up: the process start time is unknown");
            return;
        }
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
                System.err.println("unroll: window shown after " + shown[0] + " ms, first frame after " + frame + " ms");
                System.err.flush();
                if (exit) {
                    // after the frame is on screen: close as the user would
                    javafx.application.Platform.runLater(stage::close);
                }
            };
            scene.addPostLayoutPulseListener(once[0]);
        });
    }
}
