package dev.unroll.app.stage;

import dev.unroll.app.MainWindow;
import dev.unroll.app.events.ModelLoaded;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.RunState;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * Screenshots of presentation mode at the screen's size, for a person to look at: trains the
 * Romanian verses for a few thousand iterations (loss and samples), then shows the demo network in
 * the inspection views, enters presentation mode and writes one PNG per slide into
 * {@code target/screenshots/present-N-VIEW.png}. Not a test: run it on a real (virtual) display,
 *
 * <pre>
 * mvn -B -q -DskipTests package test-compile
 * xvfb-run -a -s "-screen 0 1920x1080x24" java -cp target/unroll.jar:target/test-classes dev.unroll.app.stage.StageScreenshots
 * </pre>
 */
public final class StageScreenshots {
    private StageScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshots");
        Files.createDirectories(out);
        System.setProperty(Workspace.PROPERTY, out.resolve("workspace").toString());
        System.setProperty(StageSupport.SESSION_PROPERTY, "false");
        System.setProperty(StageSupport.DEMO_PROPERTY, "false");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        MainWindow w = fx(() -> {
            MainWindow m = new MainWindow(new Stage());
            m.stage().setWidth(1920);
            m.stage().setHeight(1080);
            m.show();
            return m;
        });
        TrainingSession t = w.context().training();
        waitFor(30, () -> fx(() -> w.context().corpus().get() != null && !w.corpusPanel().busyProperty().get()));
        fx(() -> {
            w.stageSupport().applySettings(TalkScript.defaultTalk(w.stageSupport().views()),
                    new TalkScript.Slide(1, 0, "loss", null, null, "romanian-verses", "Quick demo", null, null, null, null, null));
            w.controls().start();
            return null;
        });
        waitFor(300, () -> fx(() -> t.snapshot() != null && t.snapshot().iteration() >= 6000));
        fx(() -> {
            t.pause();
            return null;
        });
        waitFor(20, () -> fx(() -> t.state() == RunState.PAUSED));
        ModelSnapshot demo = DemoModel.load().model();
        fx(() -> {
            w.context().model().set(demo);
            w.context().events().publish(new ModelLoaded(DemoModel.SOURCE, demo));
            w.stageSupport().presentation().enter();
            return null;
        });
        int n = fx(() -> w.stageSupport().presentation().talk().slides().size());
        for (int i = 0; i < n; i++) {
            int index = i;
            String view = fx(() -> {
                w.stageSupport().presentation().go(index);
                return w.stageSupport().selectedView();
            });
            Thread.sleep(2500); // views that compute in the background draw their result: a picture for people, not a check
            WritableImage img = fx(() -> w.scene().snapshot(null));
            File f = out.resolve("present-" + (i + 1) + "-" + view + ".png").toFile();
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", f);
            System.out.println("wrote " + f + " (" + (int) img.getWidth() + "x" + (int) img.getHeight() + ")");
        }
        fx(() -> {
            w.stageSupport().presentation().leave();
            t.reset();
            w.stage().hide();
            return null;
        });
        Platform.exit();
        System.exit(0);
    }

    private static <T> T fx(Supplier<T> s) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(100);
        }
    }
}
