package dev.unroll.app.hidden;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Theme;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.TextFeature;
import dev.unroll.engine.model.ModelSnapshot;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Screenshots of the view at 1920x1080 in the light and presentation themes, with a trained model, for
 * a person to look at: {@code mvn -B -q test -Dtest=HiddenScreenshots -Dunroll.manual=true}; the
 * PNGs land in target/. The scene is snapshotted without being shown (the headless screen is smaller).
 */
@ExtendWith(ApplicationExtension.class)
class HiddenScreenshots {

    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void lightAndPresentation(FxRobot robot) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("unroll.manual"), "manual screenshots");
        Corpus corpus = ManualCorpus.get();
        ModelSnapshot model = Fixtures.trained(corpus, 100, Integer.getInteger("unroll.iterations", 6000));
        for (Theme theme : new Theme[] {Theme.LIGHT, Theme.PRESENTATION}) {
            AppContext context = new AppContext(new TrainingSession());
            HiddenFeature[] f = new HiddenFeature[1];
            Scene[] scene = new Scene[1];
            robot.interact(() -> {
                context.theme().set(theme);
                f[0] = new HiddenFeature(context);
                scene[0] = new Scene((Parent) f[0].node(), 1920, 1080);
                theme.applyTo(scene[0]); // the app's look: AtlantaFX's theme and the app's theme sheets
                f[0].setShowing(true);
                context.corpus().set(corpus);
                context.model().set(model);
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> f[0].model().analysis() != null && !f[0].model().busyProperty().get());
            robot.interact(() -> {
                HiddenModel m = f[0].model();
                var best = m.analysis().best(TextFeature.IN_QUOTES);
                var depth = m.analysis().best(TextFeature.BRACKET_DEPTH);
                m.rowOrderProperty().set(RowOrder.CLUSTER);
                m.pin(depth.unit());
                m.pin(best.unit());
                m.showPredictionsProperty().set(true);
                String text = m.analysis().result().probe().text();
                int q0 = text.indexOf('"');
                int q1 = text.indexOf('"', q0 + 1);
                m.selectSpan(q0 + 1, q1);
                m.hoverProperty().set(new HiddenModel.Cell(q0 + 2, best.unit()));
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !f[0].model().busyProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
            Path out = Path.of("target", "hidden-" + theme.name().toLowerCase() + ".png");
            Files.createDirectories(out.getParent());
            robot.interact(() -> {
                scene[0].getRoot().applyCss();
                scene[0].getRoot().layout();
                WritableImage img = scene[0].snapshot(null);
                try {
                    ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            System.out.println("wrote " + out.toAbsolutePath());
        }
    }
}
