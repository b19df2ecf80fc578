package dev.unroll.app.stage;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.SavedProperties;
import dev.unroll.app.MainWindow;
import dev.unroll.app.events.ModelLoaded;
import dev.unroll.app.shell.Preset;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.io.LossCsv;
import dev.unroll.engine.model.Precision;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Session restore in the real main window, with the workspace in a temporary folder: settings,
 * corpus, view and divider come back, the last run is offered and resumed at its iteration,
 * damaged files give a message and no crash, a reset run is not offered, and the demo network is
 * the model at start-up. Ids: resume-bar, resume-message, resume-run, main-split, run-message.
 */
@ExtendWith(ApplicationExtension.class)
class SessionRestoreTest {
    static final TrainingConfig SMALL = new TrainingConfig(16, 10, 0.1, 1_000_000, 100, 50, 0.9, 7, 0.05, 500, 5.0);
    @TempDir
    Path workspace;
    private final List<MainWindow> windows = new ArrayList<>();
    private SavedProperties saved;

    @BeforeEach
    void properties() {
        saved = SavedProperties.of(StageSupport.DEMO_PROPERTY).set(Workspace.PROPERTY, workspace.toString())
                .set(StageSupport.SESSION_PROPERTY, "true");
    }

    @AfterEach
    void tearDown() {
        runFx(() -> {
            for (MainWindow w : windows) {
                w.context().training().reset();
                w.stage().hide();
            }
        });
        saved.restore();
    }

    private MainWindow open() {
        return onFx(() -> {
            MainWindow w = new MainWindow(new Stage());
            w.show();
            windows.add(w);
            return w;
        });
    }

    private static String text(MainWindow w, String id) {
        return onFx(() -> ((Label) w.scene().lookup("#" + id)).getText());
    }

    private static boolean resumeOffered(MainWindow w) {
        return onFx(() -> w.scene().lookup("#resume-bar").isVisible());
    }

    private SessionStore store() {
        return new SessionStore(workspace.resolve("session"));
    }

    @Test
    void theNextLaunchRestoresTheSessionAndResumesTheRun() {
        MainWindow first = open();
        TrainingSession training = first.context().training();
        runFx(() -> first.stageSupport().chooseCorpus("structured", null));
        await(20, "the structured corpus", () -> first.context().corpus().get() != null
                && first.context().corpus().get().name().equals("structured.txt"));
        runFx(() -> {
            first.hyperparameters().apply(SMALL);
            first.select("hidden");
            ((SplitPane) first.scene().lookup("#main-split")).setDividerPositions(0.3125);
            first.controls().start();
        });
        await(30, "200 iterations", () -> training.snapshot() != null && training.snapshot().iteration() >= 200);
        runFx(training::pause);
        assertTrue(training.stopAndWait(10_000));
        long iteration = onFx(() -> training.exportState().iteration());
        runFx(() -> first.stage().hide());
        assertTrue(Files.isRegularFile(store().runFile()), "the run's checkpoint is saved on exit");
        assertEquals(iteration, Checkpoint.load(store().runFile()).state().iteration());

        MainWindow second = open();
        await(20, "the restored corpus", () -> second.context().corpus().get() != null
                && second.context().corpus().get().name().equals("structured.txt"));
        assertEquals("structured", onFx(() -> second.stageSupport().bundledCorpus()));
        assertEquals(SMALL, onFx(() -> second.hyperparameters().config()));
        assertEquals("hidden", onFx(() -> second.stageSupport().selectedView()));
        await(10, "the divider", () -> Math.abs(((SplitPane) second.scene().lookup("#main-split")).getDividerPositions()[0] - 0.3125) < 0.002);
        assertTrue(resumeOffered(second));
        assertEquals(String.format("Resume the last run (iteration %,d on structured.txt)?", iteration), text(second, "resume-message"));
        // the question is the speaker's, not the audience's: not on a projected slide, asked again after presenting
        runFx(() -> second.stageSupport().presentation().enter());
        await(10, "presenting", () -> second.stageSupport().presentation().isPresenting());
        assertFalse(resumeOffered(second), "no resume bar on a slide");
        runFx(() -> second.stageSupport().presentation().leave());
        await(10, "left", () -> !second.stageSupport().presentation().isPresenting());
        assertTrue(resumeOffered(second), "offered again after presenting");
        assertFalse(onFx(() -> second.context().training().hasRun()));

        runFx(() -> ((Button) second.scene().lookup("#resume-run")).fire());
        TrainingSession t2 = second.context().training();
        // Resume goes on at once from where the run stopped, with the loss curve that led there
        await(30, "the resumed run trains on", () -> t2.hasRun() && t2.snapshot() != null
                && t2.state() == RunState.RUNNING && t2.snapshot().iteration() > iteration + 50);
        assertFalse(resumeOffered(second));
        assertEquals(16, onFx(() -> second.context().model().get().hiddenSize()));
        long[] curve = onFx(() -> t2.snapshot().losses().iteration());
        // from the run's start (a long history keeps its older part in buckets, each at its last iteration):
        // without the history kept, the curve would begin where the run stopped
        long before = Arrays.stream(curve).filter(i -> i <= iteration).count();
        assertTrue(curve[0] <= 50 && before > 100, "the history before the restart: " + before + " of " + curve.length
                + " points up to iteration " + iteration + ", the first at " + curve[0]);
    }

    /**
     * Issue 25: the stacked settings typed in the side panel (layers, batch, dropout, optimizer, precision, and the
     * char-rnn preset's clipping by norm, which has no field) and the thread count come back after a restart.
     */
    @Test
    void theStackedSettingsAndTheThreadsAreRestoredAfterARestart() {
        MainWindow first = open();
        runFx(() -> first.hyperparameters().apply(Preset.CHAR_RNN.config()));
        runFx(() -> {
            first.hyperparameters().field("hp-layers").setText("3");
            first.hyperparameters().field("hp-batch").setText("16");
            first.hyperparameters().field("hp-dropout").setText("0.25");
            @SuppressWarnings("unchecked")
            ComboBox<OptimizerKind> optimizer = (ComboBox<OptimizerKind>) first.scene().lookup("#hp-optimizer");
            optimizer.setValue(OptimizerKind.RMSPROP);
            ((TextField) first.scene().lookup("#hp-threads")).setText("3");
        });
        TrainingConfig typed = onFx(() -> first.hyperparameters().config());
        assertEquals(new Depth(3, 16, 0.25, Precision.F32), typed.depth());
        assertEquals(OptimizerKind.RMSPROP, typed.optimization().optimizer());
        assertEquals(ClipMode.NORM, typed.optimization().clipMode());
        runFx(() -> first.stage().hide());

        MainWindow second = open();
        await(20, "the restored settings", () -> typed.equals(second.hyperparameters().config()));
        assertEquals("3", onFx(() -> second.hyperparameters().field("hp-layers").getText()));
        assertEquals("3", onFx(() -> ((TextField) second.scene().lookup("#hp-threads")).getText()));
        assertEquals(3, onFx(() -> second.hyperparameters().settings().threads()));
        runFx(() -> ((TextField) second.scene().lookup("#hp-threads")).setText(Integer.toString(Trainer.defaultThreads())));
    }

    @Test
    void aRunTheUserResetIsNotOfferedAgain() {
        MainWindow first = open();
        runFx(() -> {
            first.hyperparameters().apply(SMALL);
            first.controls().start();
        });
        TrainingSession training = first.context().training();
        await(30, "a run", () -> training.snapshot() != null && training.snapshot().iteration() >= 20);
        runFx(() -> first.stageSupport().session().autosaveInBackground());
        await(30, "the autosave", () -> Files.isRegularFile(store().runFile()) && store().load().state().run() != null);
        runFx(() -> {
            first.controls().reset();
            first.stage().hide();
        });
        assertFalse(Files.exists(store().runFile()));
        assertNull(store().load().state().run());
        MainWindow second = open();
        assertFalse(resumeOffered(second));
    }

    @Test
    void aDamagedSessionFileIsIgnoredWithAMessage() throws IOException {
        Files.createDirectories(store().dir());
        Files.write(store().file(), new byte[] {(byte) 0xff, 0, 17, (byte) 0xc3, 'x'});
        MainWindow w = open();
        assertEquals("The last session was not restored completely: the saved session " + store().file()
                + " is damaged (not a text file of ours); it was ignored and kept as " + store().file() + ".damaged.", text(w, "run-message"));
        assertFalse(resumeOffered(w));
    }

    /**
     * Issue 23 item 8: garbage in the run's loss history; Resume trains on and says that the curve
     * could not be read and where the file was kept; closing writes a new history beside it.
     */
    @Test
    void aDamagedLossHistoryIsSaidAndKeptWhenTheRunResumes() throws IOException {
        Trainer t = new Trainer(BundledCorpus.byId("romanian-verses").orElseThrow().load(), SMALL);
        for (int i = 0; i < 30; i++) {
            t.iterate();
        }
        Files.createDirectories(store().dir());
        Checkpoint.save(store().runFile(), t);
        store().save(SessionState.empty().withRun(new SessionState.RunInfo(30, "romanian-verses.txt")));
        Files.writeString(store().file(), Files.readString(store().file()) + "corpus.bundled=romanian-verses\n", StandardCharsets.UTF_8);
        Files.writeString(store().historyFile(), "garbage\n", StandardCharsets.UTF_8);
        MainWindow w = open();
        assertTrue(resumeOffered(w));
        runFx(() -> ((Button) w.scene().lookup("#resume-run")).fire());
        TrainingSession training = w.context().training();
        await(30, "the resumed run trains on", () -> training.hasRun() && training.snapshot() != null
                && training.snapshot().iteration() > 40);
        Path kept = store().dir().resolve(SessionStore.HISTORY_FILE + ".damaged");
        await(10, "the message", () -> text(w, "run-message").startsWith("The last run resumed without its loss curve: "));
        assertEquals("The last run resumed without its loss curve: " + store().historyFile() + " is not a loss log (its first line should be '"
                + LossCsv.HEADER + "'); it was kept as " + kept + ".", text(w, "run-message"));
        runFx(training::pause);
        assertTrue(training.stopAndWait(10_000));
        runFx(() -> w.stage().hide());
        assertEquals("garbage\n", Files.readString(kept), "the damaged file is kept as it was");
        assertTrue(Files.readString(store().historyFile()).startsWith(LossCsv.HEADER), "a new history beside it");
    }

    @Test
    void aDamagedRunCheckpointGivesAMessageWhenResumed() throws IOException {
        store().save(SessionState.empty().withRun(new SessionState.RunInfo(1234, "romanian-verses.txt")));
        Files.writeString(store().file(), Files.readString(store().file()) + "corpus.bundled=romanian-verses\n", StandardCharsets.UTF_8);
        Files.write(store().runFile(), "not a zip file".getBytes(StandardCharsets.UTF_8));
        MainWindow w = open();
        assertTrue(resumeOffered(w));
        assertEquals("Resume the last run (iteration 1,234 on romanian-verses.txt)?", text(w, "resume-message"));
        runFx(() -> ((Button) w.scene().lookup("#resume-run")).fire());
        await(20, "the failure", () -> text(w, "resume-message").startsWith("The last run cannot be resumed: "));
        assertFalse(onFx(() -> w.context().training().hasRun()));
        assertTrue(resumeOffered(w), "the bar stays, with the reason");
    }

    @Test
    void theDemoNetworkIsTheModelAtStartUp() {
        saved.set(StageSupport.DEMO_PROPERTY, "true");
        List<ModelLoaded> loaded = new CopyOnWriteArrayList<>();
        MainWindow w = onFx(() -> {
            MainWindow m = new MainWindow(new Stage());
            m.context().events().subscribe(ModelLoaded.class, loaded::add);
            m.show();
            windows.add(m);
            return m;
        });
        await(20, "the demo network", () -> w.context().model().get() != null);
        assertEquals(65, onFx(() -> w.context().model().get().vocabSize()));
        assertEquals(100, onFx(() -> w.context().model().get().hiddenSize()));
        assertEquals(1, loaded.size());
        assertEquals(DemoModel.SOURCE, loaded.get(0).source());
        assertFalse(onFx(() -> w.context().training().hasRun()), "a model to look at, not a run");

        // a run that blows up, then Reset: the views fall back to the demo network, not to infinite weights
        runFx(() -> {
            w.hyperparameters().apply(SMALL.withLearningRate(1e12));
            w.controls().start();
        });
        await(30, "diverged", () -> w.context().training().state() == RunState.DIVERGED);
        await(10, "the run's weights shown", () -> w.context().model().get().hiddenSize() == 16);
        runFx(() -> w.controls().reset());
        await(10, "the demo network again", () -> w.context().model().get().hiddenSize() == 100);
        assertEquals(DemoModel.SOURCE, loaded.get(loaded.size() - 1).source());
    }
}
