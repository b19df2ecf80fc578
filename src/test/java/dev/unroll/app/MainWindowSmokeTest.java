package dev.unroll.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class MainWindowSmokeTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        ShellFixtures.freshPrefs();
        window = new MainWindow(stage);
        window.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(window::dispose).get();
    }

    @Test
    void opensTheMainWindow() {
        assertEquals("Unroll", window.context().window().get() instanceof Stage s ? s.getTitle() : null);
    }
}
