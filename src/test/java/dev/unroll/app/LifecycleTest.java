package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Feature;
import dev.unroll.app.experiments.ExperimentsFeature;
import dev.unroll.app.experiments.ExperimentsModel;
import dev.unroll.app.experiments.RunRow;
import dev.unroll.app.fx.Animations;
import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.stage.PresentationController;
import dev.unroll.app.stage.PresenterStatus;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.sweep.FileSweepStorage;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.sweep.SweepFolder;
import dev.unroll.engine.sweep.SweepRunner;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The features' lifecycle in the real window: an idle app runs no timer (presentation mode
 * entered and left included), and closing the window
 * during a sweep stops it with every run's checkpoint saved and leaves no thread behind.
 */
class LifecycleTest extends WindowTest {

    /** The app's timers running now that were not running before this test's window opened. */
    private List<String> newTimers() {
        return onFx(() -> {
            List<String> names = new ArrayList<>();
            for (Object t : Animations.runningTimers()) {
                if (!timersBefore.contains(t)) {
                    names.add(String.valueOf(Animations.nameOf(t)));
                }
            }
            return names;
        });
    }

    private void awaitIdle(String when) {
        await(20, "no timer running " + when + " (running: " + newTimers() + ")", () -> newTimers().isEmpty());
    }

    private Corpus chosenCorpus() {
        await(20, "a corpus chosen", () -> window.context().corpus().get() != null);
        return onFx(() -> window.context().corpus().get());
    }

    @Test
    void anIdleAppRunsNoTimerBeforeDuringAndAfterWork() {
        Corpus corpus = chosenCorpus();
        awaitIdle("after start-up");
        // every view shown once: showing and hiding leaves nothing running
        for (Feature f : window.features()) {
            runFx(() -> window.select(f.id()));
        }
        awaitIdle("after every view was shown");

        // a run: the snapshot pump runs while it trains, with the views that follow training showing
        TrainingSession training = window.context().training();
        runFx(() -> window.select("unrolled"));
        runFx(() -> training.start(corpus, TrainingConfig.defaults().withHiddenSize(8).withSequenceLength(10).withIterations(400)));
        assertTrue(newTimers().contains("training-pump"), "the pump runs while training: " + newTimers());
        await(60, "the run finished", () -> training.state() == RunState.FINISHED && !training.isActive());
        awaitIdle("after the run finished");
        runFx(() -> window.select("hidden"));
        runFx(() -> window.select("loss"));
        awaitIdle("after showing views of the finished run");

        // generation: its pump runs while characters come, and stops with the last one
        GenerateFeature generate = (GenerateFeature) window.feature("generate").orElseThrow();
        runFx(() -> window.select("generate"));
        await(20, "a model to generate with", () -> window.context().model().get() != null);
        runFx(() -> {
            generate.model().lengthProperty().set("300");
            generate.model().paceProperty().set(2000);
            assertTrue(generate.model().generate(), "generation starts");
        });
        await(30, "generation done", () -> !generate.model().runningProperty().get());
        awaitIdle("after generation");

        // presentation mode: the presenter's clock is one of the app's timers, and it runs only while
        // presenting (it shows the time since presenting began); leaving stops it
        PresentationController presentation = window.stageSupport().presentation();
        runFx(() -> {
            presentation.enter();
            assertTrue(presentation.isPresenting());
            assertTrue(Animations.running().contains(PresenterStatus.CLOCK), "the clock runs and is registered: " + Animations.running());
            presentation.next();
            presentation.leave();
            assertFalse(presentation.isPresenting());
        });
        awaitIdle("after leaving presentation mode");
    }

    @Test
    void closingDuringASweepSavesEveryRunsCheckpointStopsItAndLeavesNoThread() throws Exception {
        Corpus corpus = chosenCorpus();
        ExperimentsFeature experiments = (ExperimentsFeature) window.feature("experiments").orElseThrow();
        ExperimentsModel sweep = experiments.model();
        runFx(() -> {
            window.select("experiments");
            sweep.workspaceProperty().set(dir);
            sweep.hiddenSizesProperty().set("256"); // a checkpoint that takes a moment to write
            sweep.learningRatesProperty().set("0.1,0.05,0.02");
            sweep.sequenceLengthsProperty().set("10");
            sweep.seedsProperty().set("1");
            sweep.iterationsProperty().set("50000000");
            sweep.valFractionProperty().set("0.1");
            sweep.parallelProperty().set(3);
            assertTrue(sweep.start(), "the sweep starts");
        });
        List<RunRow> rows = onFx(() -> List.copyOf(sweep.rows()));
        await(60, "every run training", () -> rows.stream().allMatch(r -> r.status() == RunStatus.RUNNING && r.progressProperty().get() > 0));
        Path sweepDir = onFx(() -> sweep.sweepDirProperty().get());
        // the close dialog says what closing does to the sweep
        String notes = onFx(window::closingNotes);
        assertTrue(notes.contains("sweep is running") && notes.contains("checkpoint"), notes);

        // closing (what the window does once the user confirmed), and at once, in the same event,
        // what is on disk: every run saved its checkpoint mid-run, and its results say it stopped there
        SweepFolder folder = new SweepFolder(sweepDir);
        Map<Integer, Long> saved = onFx(() -> {
            Map<Integer, Long> shown = new HashMap<>();
            rows.forEach(r -> shown.put(r.index(), Math.round(r.progressProperty().get() * 50_000_000)));
            window.dispose();
            Map<Integer, Long> at = new HashMap<>();
            for (RunRow r : rows) {
                Path cp = folder.checkpoint(r.spec());
                assertTrue(Files.isRegularFile(cp), "run " + r.spec().id() + " has no checkpoint");
                long it = Checkpoint.load(cp).state().iteration();
                // saved on closing: not an older periodic checkpoint (those come every 10,000 iterations)
                assertTrue(it >= shown.get(r.index()) && it < 50_000_000, "run " + r.spec().id() + " saved at iteration " + it
                        + ", but it was at " + shown.get(r.index()) + " when the window closed");
                at.put(r.index(), it);
            }
            for (RunResult res : SweepRunner.read(sweepDir, new FileSweepStorage()).results()) {
                assertEquals(RunStatus.STOPPED, res.status(), "run " + res.spec().id());
                assertEquals((long) at.get(res.spec().number() - 1), res.iteration(),
                        "run " + res.spec().id() + " stopped at its checkpoint's iteration (not an older periodic one)");
            }
            return at;
        });
        // no worker of the sweep (or any other new non-daemon thread) is left
        await(20, "the app's threads ended", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && !threadsBefore.contains(t) && (!t.isDaemon() || t.getName().startsWith("unroll-sweep"))));

        // the sweep resumes from those checkpoints
        ExperimentsModel again = onFx(() -> {
            AppContext context = new AppContext(new TrainingSession());
            context.corpus().set(corpus);
            ExperimentsModel m = new ExperimentsModel(context);
            m.parallelProperty().set(3);
            m.open(sweepDir);
            return m;
        });
        try {
            List<RunRow> reopened = onFx(() -> List.copyOf(again.rows()));
            assertEquals(3, reopened.size());
            assertTrue(reopened.stream().allMatch(r -> r.status() == RunStatus.STOPPED), "stopped runs, to be resumed");
            assertTrue(onFx(again::resumableProperty).get());
            // (read in the same event as the resume, before the first pulse brings training's news)
            Map<Integer, Double> startsAt = onFx(() -> {
                assertTrue(again.resumeSweep(), "the sweep resumes");
                Map<Integer, Double> p = new HashMap<>();
                again.rows().forEach(r -> p.put(r.index(), r.progressProperty().get()));
                return p;
            });
            List<RunRow> resumed = onFx(() -> List.copyOf(again.rows()));
            for (RunRow r : resumed) {
                double from = (double) saved.get(r.index()) / 50_000_000;
                assertEquals(from, startsAt.get(r.index()), 1e-12, "run " + r.spec().id() + " starts where it was saved");
            }
            await(60, "every resumed run training on", () -> resumed.stream().allMatch(r -> r.status() == RunStatus.RUNNING
                    && r.progressProperty().get() > (double) saved.get(r.index()) / 50_000_000));
            assertFalse(resumed.stream().anyMatch(r -> r.status() == RunStatus.PENDING));
        } finally {
            runFx(again::dispose);
        }
    }
}
