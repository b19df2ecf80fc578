package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.runFx;

import dev.unroll.app.core.Theme;
import dev.unroll.engine.train.RunState;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes PNGs of the window mid-training in each theme at 1920x1080 into target/screenshots, for a
 * person to look at. Runs only with -Dunroll.screenshots=true.
 */
@ExtendWith(ApplicationExtension.class)
class ShellScreenshots {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        ShellFixtures.freshPrefs();
        window = new MainWindow(stage);
        stage.setWidth(1920);
        stage.setHeight(1080);
        window.show();
    }

    @Test
    void screenshots() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("unroll.screenshots"), "set -Dunroll.screenshots=true");
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        await(20, "a corpus", () -> !window.corpusPanel().busyProperty().get());
        if (window.context().corpus().get() == null) {
            Path file = ShellFixtures.writeCorpus(out, "verses.txt", 40_000);
            runFx(() -> window.context().actions().openCorpus(file));
            await(20, "corpus", () -> window.context().corpus().get() != null);
        }
        runFx(() -> {
            window.hyperparameters().field("hp-hidden").setText("64");
            window.hyperparameters().field("hp-eval-every").setText("100");
            window.controls().start();
        });
        await(120, "training", () -> window.context().snapshot().get() != null && window.context().snapshot().get().iteration() > 3000);
        runFx(() -> window.controls().togglePause());
        await(20, "paused", () -> window.context().training().state() == RunState.PAUSED);
        runFx(() -> window.scene().getRoot().requestFocus()); // no field with its text selected in the picture
        for (Theme t : Theme.values()) {
            for (String tab : new String[] {"loss", "samples"}) {
                runFx(() -> {
                    window.setTheme(t);
                    window.select(tab);
                });
                Thread.sleep(700); // let the chart's timer redraw: a picture for people, not a check
                WritableImage img = ShellFixtures.onFx(() -> window.scene().snapshot(null));
                File f = out.resolve(t.name().toLowerCase() + "-" + tab + ".png").toFile();
                ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", f);
            }
        }
        runFx(() -> {
            window.context().training().reset();
            window.setTheme(Theme.LIGHT);
        });
    }
}
