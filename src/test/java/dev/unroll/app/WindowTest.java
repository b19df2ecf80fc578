package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;

import dev.unroll.app.fx.Animations;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A test of the real main window: a new window for each test, disposed after it, and a temporary folder. */
@ExtendWith(ApplicationExtension.class)
public abstract class WindowTest {
    @TempDir
    protected Path dir;
    protected MainWindow window;
    /** The app's timers that ran before this test's window opened (an earlier test's, if any). */
    protected List<Object> timersBefore;
    /** The threads alive before this test's window opened. */
    protected Set<Thread> threadsBefore;

    // TestFX looks for @Start only in the test class itself, not in its superclasses: open it here
    @BeforeEach
    protected void openWindow() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        timersBefore = onFx(Animations::runningTimers);
        threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        ShellFixtures.freshPrefs();
        window = onFx(() -> {
            MainWindow w = new MainWindow(stage);
            w.show();
            return w;
        });
    }

    @AfterEach
    protected void tearDown() {
        // dispose, not only reset: the window's snapshot pump and worker threads must not outlive the test
        runFx(() -> {
            window.context().training().reset();
            window.dispose();
        });
    }
}
