package dev.unroll.app.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Theme;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;

/**
 * Pictures of the view at 1920x1080 with a model trained briefly on Tiny Shakespeare, in the light
 * and the presentation theme, written to target/screenshots/ to be looked at. Skipped without the corpus.
 */
@ExtendWith(ApplicationExtension.class)
class GenerateScreenshotTest {
    private static ModelSnapshot trained;
    private AppContext context;
    private GenerateModel model;
    private GenerateView view;
    private Scene scene;

    @BeforeAll
    static void train() {
        Path corpus = Path.of(System.getProperty("unroll.shared.dir", "../shared"), "corpora", "tinyshakespeare.txt");
        Assumptions.assumeTrue(Files.isRegularFile(corpus), "Tiny Shakespeare not found at " + corpus);
        Trainer trainer = new Trainer(Corpus.load(corpus), TrainingConfig.defaults().withHiddenSize(100).withSampleEvery(0));
        for (int i = 0; i < 5000; i++) {
            trainer.iterate();
        }
        trained = trainer.modelSnapshot();
    }

    @Start
    void start(Stage stage) {
        context = new AppContext(new TrainingSession());
        GenerateFeature feature = new GenerateFeature(context);
        model = feature.model();
        view = (GenerateView) feature.node();
        // Monocle's headless screen is 1280x800: the 1920x1080 scene is rendered by snapshot, not shown
        scene = new Scene(view, 1920, 1080);
        stage.setScene(new Scene(new Pane(), 200, 100));
        stage.show();
    }

    @Test
    void lightAndPresentation(FxRobot robot) throws Exception {
        for (Theme theme : new Theme[] {Theme.LIGHT, Theme.PRESENTATION}) {
            robot.interact(() -> {
                theme.applyTo(scene); // the app's look: AtlantaFX's theme and the app's theme sheets
                context.theme().set(theme);
                context.model().set(trained);
                model.sideBySideProperty().set(false);
                model.primeProperty().set("ROMEO:\n");
                model.lengthProperty().set("1500");
                model.instantProperty().set(true);
                model.generate();
            });
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !model.runningProperty().get() && model.main().shown() == 1500);
            robot.interact(() -> model.select(60));
            WaitForAsyncUtils.waitForFxEvents();
            shoot(robot, "generate-" + theme.name().toLowerCase() + ".png");

            robot.interact(() -> {
                model.primeProperty().set("Th\u00e9 K\u00efng:");
                model.sideBySideProperty().set(true);
                model.compareTemperaturesProperty().set("0.3, 1.0, 2.0");
                model.lengthProperty().set("700");
                model.generate();
            });
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> {
                model.dropMissing();
                model.generate();
            });
            try {
                WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !model.runningProperty().get()
                        && model.lanes().size() == 3 && model.lanes().stream().allMatch(l -> l.shown() == 700));
            } catch (TimeoutException e) {
                throw new AssertionError("lanes " + model.lanes().size() + " running " + model.runningProperty().get() + " shown "
                        + model.lanes().stream().map(l -> l.shown() + "/" + l.isRunning() + "/" + l.errorProperty().get()).toList()
                        + " message " + model.messageProperty().get());
            }
            robot.interact(() -> model.select(3));
            WaitForAsyncUtils.waitForFxEvents();
            shoot(robot, "generate-side-" + theme.name().toLowerCase() + ".png");
            assertEquals(3, model.lanes().size());
        }
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        File dir = new File("target/screenshots");
        dir.mkdirs();
        File out = new File(dir, name);
        robot.interact(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(out.length() > 0);
    }
}
