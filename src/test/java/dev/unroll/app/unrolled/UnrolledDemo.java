package dev.unroll.app.unrolled;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Theme;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;

import javafx.animation.Animation;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.event.ActionEvent;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

/**
 * A real window for looking at the view and timing it (not a test): trains a small model on Tiny
 * Shakespeare, measures the frame intervals while the unroll animation plays, and writes
 * screenshots of every page in the light and presentation themes. Run under
 * {@code xvfb-run -a -s "-screen 0 1920x1080x24"} with the test classpath:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.unroll.app.unrolled.UnrolledDemoLauncher out-dir [iterations] [hidden]}.
 */
public final class UnrolledDemo extends Application {
    private static String[] arguments;

    public static void main(String[] args) {
        arguments = args;
        launch(args);
    }

    @Override
    public void start(Stage stage) throws Exception {
        String out = arguments.length > 0 ? arguments[0] : "target/unrolled-shots";
        long iterations = arguments.length > 1 ? Long.parseLong(arguments[1]) : 6000;
        int hidden = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 100;
        new File(out).mkdirs();
        TrainingSession session = new TrainingSession();
        AppContext context = new AppContext(session);
        UnrolledFeature feature = new UnrolledFeature(context);
        Scene scene = new Scene((Parent) feature.node(), 1920, 1080);
        stage.setScene(scene);
        stage.setTitle("Unrolled demo");
        stage.show();
        feature.setShowing(true);
        Corpus corpus = Corpus.load(Path.of(System.getProperty("unroll.shared.dir", "../shared"), "corpora", "tinyshakespeare.txt"));
        session.start(corpus, TrainingConfig.defaults().withHiddenSize(hidden).withIterations(iterations).withSampleEvery(0));
        Thread script = new Thread(() -> {
            try {
                run(stage, scene, context, feature, session, out);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                Platform.runLater(() -> {
                    session.dispose();
                    Platform.exit();
                });
            }
        });
        script.setDaemon(true);
        script.start();
    }

    private static void run(Stage stage, Scene scene, AppContext context, UnrolledFeature feature, TrainingSession session, String out) throws Exception {
        long t0 = System.nanoTime();
        waitFor(() -> session.state() == RunState.FINISHED, 600);
        System.out.printf("trained in %.1f s, %s it/s at the end%n", (System.nanoTime() - t0) / 1e9, fx(() -> String.format("%.0f", session.snapshot().itersPerSecond())));
        waitFor(() -> fx(() -> feature.model().trace() != null && feature.model().trace().modelIteration() == session.snapshot().iteration()), 30);
        UnrolledView view = feature.view();
        int T = fx(() -> feature.model().trace().length());

        // frame intervals while the unroll animation plays
        List<Long> intervals = new ArrayList<>();
        List<Long> draws = new ArrayList<>();
        long[] last = {0};
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last[0] != 0) {
                    intervals.add(now - last[0]);
                    draws.add(view.chain.lastDrawNanos());
                }
                last[0] = now;
            }
        };
        long cpu0 = fxCpuNanos();
        fx(() -> {
            timer.start();
            view.fold.setSelected(true);
            return null;
        });
        Thread.sleep(100);
        waitFor(() -> fx(() -> view.unrollAnimation().getStatus() == Animation.Status.STOPPED), 10);
        fx(() -> {
            timer.stop();
            return null;
        });
        System.out.printf("unroll animation: CPU of the FX and render threads %.2f ms per frame%n", (fxCpuNanos() - cpu0) / 1e6 / Math.max(1, intervals.size()));
        report("unroll animation", intervals);
        report("  canvas redraw (issuing commands) during it", draws);
        draws.clear();
        // frame intervals while stepping through at 12 steps/s with a live redraw every step
        intervals.clear();
        last[0] = 0;
        long cpu1 = fxCpuNanos();
        fx(() -> {
            view.speed.setValue(12);
            feature.model().play();
            timer.start();
            return null;
        });
        Thread.sleep(3000);
        fx(() -> {
            timer.stop();
            feature.model().pause();
            return null;
        });
        System.out.printf("playing: CPU of the FX and render threads %.2f ms per frame%n", (fxCpuNanos() - cpu1) / 1e6 / Math.max(1, intervals.size()));
        report("playing the walk-through at 12 steps/s", intervals);
        report("  canvas redraw during it", draws);

        for (Theme theme : List.of(Theme.LIGHT, Theme.PRESENTATION, Theme.DARK)) {
            String name = theme.name().toLowerCase();
            fx(() -> {
                context.theme().set(theme);
                view.pages.getSelectionModel().select(0);
                feature.model().toStart();
                for (int i = 0; i < T * 6 / 10; i++) {
                    feature.model().stepForward();
                }
                return null;
            });
            shot(scene, out + "/" + name + "-walk-forward.png");
            fx(() -> {
                for (int i = 0; i < T; i++) {
                    feature.model().stepForward();
                }
                return null;
            });
            shot(scene, out + "/" + name + "-walk-backward.png");
            fx(() -> {
                feature.model().toEnd();
                UnrollCanvas c = view.chain;
                var e = c.edges().stream().filter(x -> x.kind() == UnrollCanvas.Kind.WHH).skip(3).findFirst().orElseThrow();
                double[] p = c.labelPosition(e);
                Canvas canvas = (Canvas) c.lookup("#unrolled-canvas");
                canvas.fireEvent(new MouseEvent(MouseEvent.MOUSE_MOVED, p[0], p[1], 0, 0, MouseButton.NONE, 0,
                        false, false, false, false, false, false, false, false, false, false, null));
                return null;
            });
            shot(scene, out + "/" + name + "-walk-end-hover-whh.png");
            fx(() -> {
                view.fold.setSelected(false);
                return null;
            });
            Thread.sleep(1700);
            shot(scene, out + "/" + name + "-folded.png");
            fx(() -> {
                view.fold.setSelected(true);
                view.pages.getSelectionModel().select(1);
                return null;
            });
            Thread.sleep(1700);
            shot(scene, out + "/" + name + "-flow.png");
            fx(() -> {
                view.pages.getSelectionModel().select(2);
                return null;
            });
            shot(scene, out + "/" + name + "-weights.png");
        }
        fx(() -> {
            context.theme().set(Theme.LIGHT);
            view.pages.getSelectionModel().select(0);
            view.text.setText("Thé quick brown fox ∑ jumps");
            view.text.fireEvent(new ActionEvent());
            return null;
        });
        Thread.sleep(1000);
        shot(scene, out + "/light-typed-text.png");
    }

    /** CPU time used so far by the JavaFX application thread and the renderer thread (load-independent cost). */
    private static long fxCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo ti : mx.dumpAllThreads(false, false)) {
            String n = ti.getThreadName();
            if (n.equals("JavaFX Application Thread") || n.startsWith("QuantumRenderer")) {
                sum += Math.max(0, mx.getThreadCpuTime(ti.getThreadId()));
            }
        }
        return sum;
    }

    private static void report(String what, List<Long> intervals) {
        long[] v = intervals.stream().mapToLong(Long::longValue).sorted().toArray();
        if (v.length == 0) {
            System.out.println(what + ": no frames");
            return;
        }
        double mean = Arrays.stream(v).average().orElse(0) / 1e6;
        System.out.printf("%s: %d frames, mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms%n", what, v.length, mean,
                v[v.length / 2] / 1e6, v[(int) (v.length * 0.95)] / 1e6, v[v.length - 1] / 1e6);
    }

    private static void shot(Scene scene, String file) throws Exception {
        Thread.sleep(300);
        fx(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", new File(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        System.out.println("wrote " + file);
    }

    private static void waitFor(BooleanSupplier c, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(50);
        }
    }

    private static <T> T fx(Callable<T> c) {
        FutureTask<T> f = new FutureTask<>(c);
        Platform.runLater(f);
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
