package dev.unroll.app.hidden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.TrainingConfig;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Measurements done by hand, not in CI (they take minutes): run with
 * {@code mvn -B -q test -Dtest=HiddenManualChecks -Dunroll.manual=true}. Training speed with the
 * view showing and updating every 500 iterations versus not shown, alternating phases of one session.
 */
@ExtendWith(ApplicationExtension.class)
class HiddenManualChecks {
    private TrainingSession session;
    private AppContext context;
    private HiddenFeature feature;

    @Start
    void start(Stage stage) {
        session = new TrainingSession();
        context = new AppContext(session);
        feature = new HiddenFeature(context);
        stage.setScene(new Scene((Parent) feature.node(), 1260, 780));
        stage.show();
    }

    /** CPU time per thread name (summed over threads of the same name). */
    static Map<String, Long> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new TreeMap<>();
        for (long id : mx.getAllThreadIds()) {
            ThreadInfo info = mx.getThreadInfo(id);
            long t = mx.getThreadCpuTime(id);
            if (info != null && t > 0) {
                out.merge(info.getThreadName(), t, Long::sum);
            }
        }
        return out;
    }

    @Test
    void trainingSpeedWithTheViewUpdatingEvery500IterationsAndWithout(FxRobot robot) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("unroll.manual"), "manual measurement");
        Corpus corpus = ManualCorpus.get();
        TrainingConfig cfg = TrainingConfig.defaults().withHiddenSize(100).withIterations(100_000_000L).withValFraction(0.05);
        boolean live = !"false".equals(System.getProperty("unroll.live"));
        robot.interact(() -> {
            context.corpus().set(corpus);
            feature.model().setLive(live);
            session.start(corpus, cfg);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> session.snapshot() != null && session.snapshot().iteration() > 1000);
        int phases = Integer.getInteger("unroll.phases", 6);
        long phaseMillis = Long.getLong("unroll.phaseMillis", 10_000);
        double[] sum = new double[2];
        int updates = 0;
        for (int p = 0; p < 2 * phases; p++) {
            boolean showing = p % 2 == 1;
            robot.interact(() -> feature.setShowing(showing));
            Thread.sleep(1000); // let the switch settle before measuring
            long i0 = session.snapshot().iteration();
            long t0 = System.nanoTime();
            int before = feature.model().saturationHistory().size();
            Map<String, Long> cpu0 = threadCpu();
            Thread.sleep(phaseMillis);
            Map<String, Long> cpu1 = threadCpu();
            StringBuilder cpu = new StringBuilder();
            for (var e : cpu1.entrySet()) {
                long d = e.getValue() - cpu0.getOrDefault(e.getKey(), 0L);
                if (d > 20_000_000L) {
                    cpu.append(String.format(" %s=%.2fs", e.getKey(), d / 1e9));
                }
            }
            System.out.println("   cpu:" + cpu);
            long i1 = session.snapshot().iteration();
            double rate = (i1 - i0) / ((System.nanoTime() - t0) / 1e9);
            int after = feature.model().saturationHistory().size();
            if (showing) {
                updates += after - before;
            }
            sum[showing ? 1 : 0] += rate;
            System.out.printf("phase %2d view %-7s %7.0f it/s%s%n", p, showing ? "showing" : "hidden", rate,
                    showing ? String.format("  (%d view updates)", after - before) : "");
        }
        robot.interact(() -> session.stopAndWait(5000));
        System.out.printf("mean it/s: hidden %.0f, showing (live, every 500 iterations) %.0f: %+.1f%%; %d view updates%n",
                sum[0] / phases, sum[1] / phases, 100 * (sum[1] - sum[0]) / sum[0], updates);
        assertTrue(!live || updates > 0, "the view updated while training");
    }
}
