package dev.unroll.app;

import dev.unroll.app.stage.StartupTiming;

import javafx.application.Application;
import javafx.stage.Stage;

/** The desktop application: one main window. */
public final class UnrollApp extends Application {
    private MainWindow window;

    /** Opens the app (from {@code dev.unroll.Main}, which does not extend Application). */
    public static void launchApp(String[] args) {
        Application.launch(UnrollApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        StartupTiming.install(stage);
        window = new MainWindow(stage);
        window.show();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.dispose();
        }
    }
}
