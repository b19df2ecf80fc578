package dev.unroll.app.experiments;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.events.ShowSweep;
import dev.unroll.app.events.SweepShown;
import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.app.fx.LatestValue;
import dev.unroll.app.ui.TypedNumber;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.sweep.FileSweepStorage;
import dev.unroll.engine.sweep.LossLog;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunSpec;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.sweep.SweepFolder;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.engine.sweep.SweepListener;
import dev.unroll.engine.sweep.SweepManifest;
import dev.unroll.engine.sweep.SweepOptions;
import dev.unroll.engine.sweep.SweepPlan;
import dev.unroll.engine.sweep.SweepRunner;
import dev.unroll.engine.sweep.SweepStorage;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.Pictures;

import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Experiments view's model: the grid being defined (as the texts the user types: cells, hidden
 * sizes, learning rates, sequence lengths, seeds), the sweep
 * on screen (running, or opened from the workspace) as one {@link RunRow} per run, and the
 * commands. The sweep runs on the engine's {@link SweepRunner} (the command line's runner); its
 * workers publish into one atomic reference per run, and a frame timer, running only while the
 * sweep trains, moves the newest values into the rows once per pulse. Closing the app
 * ({@link #dispose()}) stops a running sweep and waits until every run has saved its checkpoint.
 * All properties live on the JavaFX thread.
 */
public final class ExperimentsModel {
    /** How losses are shown: summed over the window (as min-char-rnn prints them) or per character. */
    public enum Units {
        PER_WINDOW("per window (sum)"), PER_CHAR("per character");

        private final String label;

        Units(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final AppContext context;
    private final SweepStorage storage = new FileSweepStorage();
    /** What the sweep on screen is read through: the file system, or the resources for the shipped grid. */
    private SweepStorage shownStorage = storage;
    private final BackgroundTasks background = new BackgroundTasks("unroll-experiments-io");

    private final StringProperty cells = new SimpleStringProperty(this, "cells", "vanilla");
    private final StringProperty hiddenSizes = new SimpleStringProperty(this, "hiddenSizes", "50,100");
    private final StringProperty learningRates = new SimpleStringProperty(this, "learningRates", "0.1,0.01");
    private final StringProperty sequenceLengths = new SimpleStringProperty(this, "sequenceLengths", "25");
    private final StringProperty seeds = new SimpleStringProperty(this, "seeds", "42");
    private final StringProperty iterations = new SimpleStringProperty(this, "iterations", "20000");
    private final StringProperty valFraction = new SimpleStringProperty(this, "valFraction", "0.05");
    private final IntegerProperty parallel = new SimpleIntegerProperty(this, "parallel", Runtime.getRuntime().availableProcessors());
    private final ObjectProperty<Path> workspace = new SimpleObjectProperty<>(this, "workspace", SweepFolder.defaultWorkspace());
    private final BooleanProperty smooth = new SimpleBooleanProperty(this, "smooth", true);
    private final ObjectProperty<Units> units = new SimpleObjectProperty<>(this, "units", Units.PER_WINDOW);

    // a row's place in the table changes only with its rank (see RunRow#rankProperty), never with each loss tick
    private final ObservableList<RunRow> rows = FXCollections.observableArrayList(r -> new Observable[] {r.rankProperty()});
    private final ReadOnlyObjectWrapper<Path> sweepDir = new ReadOnlyObjectWrapper<>(this, "sweepDir");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", NO_SWEEP);
    private final ReadOnlyStringWrapper location = new ReadOnlyStringWrapper(this, "location", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper resumable = new ReadOnlyBooleanWrapper(this, "resumable");
    private final ReadOnlyObjectWrapper<RunRow> best = new ReadOnlyObjectWrapper<>(this, "best");
    private final AtomicReference<String> pendingMessage = new AtomicReference<>();
    private final AtomicReference<Boolean> pendingDone = new AtomicReference<>();

    /** How long closing waits for a running sweep's runs to save their checkpoints. */
    static final long CLOSE_WAIT_SECONDS = 60;

    private SweepRunner runner;
    private SweepManifest manifest;
    private final ReadOnlyLongWrapper curveVersion = new ReadOnlyLongWrapper(this, "curveVersion");

    /**
     * The sweep's hand-off: its runs' threads leave what they publish in the rows' slots and in
     * {@code pendingMessage} / {@code pendingDone}, and offer a tick here; the newest state is moved
     * into the rows once per pulse. Its timer runs while a sweep trains (from launch until its end is
     * delivered), and only then.
     */
    private final LatestValue<Boolean> pump = new LatestValue<>("experiments-pump", changed -> deliver());

    /** The title while no sweep is on screen, for someone at the controls. */
    static final String NO_SWEEP = "No sweep yet";
    /** The title while no sweep is on screen in a talk: what the slide is about (nobody is at the controls). */
    static final String ABOUT = "Experiments: a grid of settings, every combination trained side by side, ranked by loss";

    public ExperimentsModel(AppContext context) {
        this.context = context;
        title.set(emptyTitle());
        context.presenting().addListener((o, a, b) -> {
            if (location.get().isEmpty()) {
                title.set(emptyTitle());
            }
        });
    }

    private String emptyTitle() {
        return context.presenting().get() ? ABOUT : NO_SWEEP;
    }

    /** Moves what the sweep published since the last pulse into the rows (latest wins). */
    void deliver() {
        boolean changed = false;
        for (RunRow r : rows) {
            changed |= r.pump();
        }
        String m = pendingMessage.getAndSet(null);
        if (m != null) {
            message.set(m);
        }
        if (pendingDone.getAndSet(null) != null) {
            running.set(false);
            pump.expect(false);
            updateResumable();
            long finished = rows.stream().filter(r -> r.status() == RunStatus.FINISHED).count();
            if (message.get().isEmpty() || message.get().startsWith("Running")) {
                message.set("Sweep over: " + finished + " of " + rows.size() + " runs finished. Files in " + sweepDir.get());
            }
            changed = true;
        }
        if (changed) {
            curveChanged();
            updateBest();
        }
    }

    private void updateBest() {
        RunRow b = null;
        for (RunRow r : rows) {
            if (r.status() == RunStatus.FINISHED && (b == null || r.rankLoss() < b.rankLoss())) {
                b = r;
            }
        }
        for (RunRow r : rows) {
            r.setBest(r == b);
        }
        best.set(b);
    }

    /** Grows each time a row changed; the chart redraws when it moved. */
    long curveVersion() {
        return curveVersion.get();
    }

    /** {@link #curveVersion()} as a property: the chart asks for a redraw when it moves. */
    ReadOnlyLongProperty curveVersionProperty() {
        return curveVersion.getReadOnlyProperty();
    }

    private void curveChanged() {
        curveVersion.set(curveVersion.get() + 1);
    }

    // ---- commands ----

    /** Fills the grid with the talk's nine runs: hidden 100/250/500 x rate 0.1/0.01/0.001, T 25, 1,000,000 iterations. */
    public void presetOriginal() {
        cells.set(Cell.VANILLA.cliName());
        hiddenSizes.set("100,250,500");
        learningRates.set("0.1,0.01,0.001");
        sequenceLengths.set("25");
        seeds.set(String.valueOf(TrainingConfig.defaults().seed()));
        iterations.set(String.valueOf(SweepGrid.ORIGINAL_ITERATIONS));
        valFraction.set("0");
        message.set("Preset: the original nine runs (about 13 hours with the original numpy code).");
    }

    /** The grid the fields describe; a {@link BadInputException} says what is wrong. */
    public SweepGrid grid() {
        long its = TypedNumber.wholeLong("iterations", iterations.get());
        double val = TypedNumber.number("validation fraction", valFraction.get());
        TrainingConfig base = TrainingConfig.defaults().withIterations(its).withValFraction(val);
        return new SweepGrid(SweepGrid.parseCells("cells", cells.get()), SweepGrid.parseInts("hidden sizes", hiddenSizes.get()),
                SweepGrid.parseDoubles("learning rates", learningRates.get()),
                SweepGrid.parseInts("sequence lengths", sequenceLengths.get()),
                SweepGrid.parseLongs("seeds", seeds.get()), base);
    }

    /** Starts a new sweep of the grid on the chosen corpus, in a new folder of the workspace. */
    public boolean start() {
        if (running.get()) {
            message.set("A sweep is running; cancel it first.");
            return false;
        }
        Corpus corpus = context.corpus().get();
        if (corpus == null) {
            message.set("Choose a corpus first.");
            return false;
        }
        try {
            SweepGrid grid = grid();
            // a new folder, never one that exists: two sweeps started within the same second (Run, Cancel all, Run)
            // would otherwise share a name, and the second was refused as "a different sweep"
            String stamp = "sweep-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss"));
            Path dir = workspace.get().resolve(stamp);
            for (int k = 2; Files.exists(dir); k++) {
                dir = workspace.get().resolve(stamp + "-" + k);
            }
            String name = dir.getFileName().toString();
            SweepManifest m = new SweepManifest(name, SweepManifest.CorpusRef.of(corpus, corpus.name()), grid, SweepOptions.defaults());
            launch(SweepRunner.create(dir, m, corpus, storage, listener()));
            return true;
        } catch (BadInputException e) {
            message.set(e.getMessage());
            return false;
        }
    }

    /**
     * Writes the grid as a plan for another scheduler (GNU parallel, SLURM or Kubernetes, see
     * {@link SweepPlan}) into a new folder of {@code parent}, in the background, and says in the
     * message bar where it is and how to run it. Trains nothing. Once its runs have run and
     * {@code unroll sweep --collect} has gathered them, the folder opens here like any sweep.
     *
     * @return whether the plan is being written (false: no corpus, or the grid is invalid, as the message says)
     */
    public boolean exportPlan(Path parent) {
        Corpus corpus = context.corpus().get();
        if (corpus == null) {
            message.set("Choose a corpus first.");
            return false;
        }
        SweepGrid grid;
        try {
            grid = grid();
        } catch (BadInputException e) {
            message.set(e.getMessage());
            return false;
        }
        String name = "sweep-plan-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss"));
        Path dir = parent.resolve(name).toAbsolutePath();
        SweepManifest m = new SweepManifest(name, SweepManifest.CorpusRef.of(corpus, corpus.name()), grid, SweepOptions.defaults());
        message.set("Writing the plan of " + grid.size() + " runs to " + dir + "…");
        async(() -> SweepPlan.write(dir, m, corpus, SweepPlan.defaultLauncher(), storage), written -> message.set(
                "Plan of " + written.runs().size() + " runs written to " + dir + ". Run it with 'parallel -j 2 < " + SweepPlan.COMMANDS
                        + "', 'sbatch " + SweepPlan.SLURM + "' or 'kubectl apply -f " + SweepPlan.K8S + "' (after filling in its "
                        + SweepPlan.PLACEHOLDER + " image and volume); then 'unroll sweep --collect' on the folder, and Open sweep… shows it."));
        return true;
    }

    /** Continues the sweep on screen (opened from disk, or cancelled): its unfinished runs resume from their checkpoints. */
    public boolean resumeSweep() {
        Path dir = sweepDir.get();
        Corpus corpus = context.corpus().get();
        if (dir == null || running.get()) {
            return false;
        }
        if (corpus == null || manifest == null || !manifest.corpus().matches(corpus)) {
            message.set("This sweep was trained on " + (manifest == null ? "another corpus" : manifest.corpus().name())
                    + "; choose that corpus to resume it.");
            return false;
        }
        try {
            launch(SweepRunner.resume(dir, corpus, storage, listener()));
            return true;
        } catch (BadInputException e) {
            message.set(e.getMessage());
            return false;
        }
    }

    private void launch(SweepRunner r) {
        runner = r;
        manifest = r.manifest();
        shownStorage = storage;
        showRows(r.folder().dir(), r.manifest(), r.results(), r.folder().dir().toAbsolutePath().toString());
        running.set(true);
        resumable.set(false);
        message.set("Running " + rows.size() + " runs, " + Math.min(parallel.get(), rows.size()) + " at a time, in " + r.folder().dir());
        r.start(Math.max(1, parallel.get()));
        pump.expect(true);
        loadCurves(rows);
    }

    private SweepListener listener() {
        return new SweepListener() {
            @Override
            public void onSnapshot(RunSpec run, TrainingSnapshot s) {
                rowAt(run).pendingSnapshot.set(s);
                pump.offer(Boolean.TRUE);
            }

            @Override
            public void onResult(RunResult result) {
                rowAt(result.spec()).pendingResult.set(result);
                pump.offer(Boolean.TRUE);
            }

            @Override
            public void onMessage(String m) {
                pendingMessage.set(m);
                pump.offer(Boolean.TRUE);
            }

            @Override
            public void onFinished(List<RunResult> results) {
                pendingDone.set(Boolean.TRUE);
                pump.offer(Boolean.TRUE);
            }
        };
    }

    private final AtomicReference<List<RunRow>> rowSnapshot = new AtomicReference<>(List.of());

    private RunRow rowAt(RunSpec spec) {
        return rowSnapshot.get().get(spec.number() - 1);
    }

    private void showRows(Path dir, SweepManifest m, List<RunResult> results, String where) {
        List<RunRow> list = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            list.add(new RunRow(i, results.get(i)));
        }
        rowSnapshot.set(List.copyOf(list));
        rows.setAll(list);
        sweepDir.set(dir);
        title.set(m.name() + " on " + m.corpus().name() + ": " + results.size() + " runs of " + m.grid().base().iterations() + " iterations");
        curveChanged();
        updateBest();
        if (!where.equals(location.get())) {
            location.set(where);
            context.events().publish(new SweepShown(where));
        }
    }

    /** Opens a sweep folder written by the app or by the command line. */
    public void open(Path dir) {
        if (show(dir, storage, dir.toAbsolutePath().toString())) {
            long finished = rows.stream().filter(r -> r.status() == RunStatus.FINISHED).count();
            message.set("Opened " + dir + ": " + finished + " of " + rows.size() + " runs finished"
                    + (resumable.get() ? "; Resume continues the others." : "."));
        }
    }

    /**
     * Shows the run of the original nine-run grid that ships with the app ({@link ShippedSweep}):
     * nine finished runs, their curves and their results files, ranked by loss.
     */
    public void showOriginal() {
        if (show(ShippedSweep.DIR, new ShippedSweep(), ShowSweep.ORIGINAL)) {
            message.set("The original nine-run grid, trained by 'unroll sweep --original --num-iterations "
                    + ShippedSweep.ITERATIONS + "' and shipped with Unroll (the talk's original trained 1,000,000 iterations per run).");
        }
    }

    /** Shows a sweep by its location: {@link ShowSweep#ORIGINAL} or a folder (what {@link SweepShown} told). */
    public void show(String where) {
        if (ShowSweep.ORIGINAL.equals(where)) {
            showOriginal();
        } else {
            try {
                open(Path.of(where));
            } catch (InvalidPathException e) {
                message.set("There is no sweep at '" + where + "'.");
            }
        }
    }

    private boolean show(Path dir, SweepStorage from, String where) {
        if (running.get()) {
            message.set("A sweep is running; cancel it before opening another.");
            return false;
        }
        try {
            SweepRunner.Saved saved = SweepRunner.read(dir, from);
            runner = null;
            manifest = saved.manifest();
            shownStorage = from;
            showRows(dir, saved.manifest(), saved.results(), where);
            updateResumable();
            loadCurves(rows);
            return true;
        } catch (BadInputException e) {
            message.set(e.getMessage());
            return false;
        }
    }

    private void updateResumable() {
        resumable.set(!rows.isEmpty() && rows.stream().anyMatch(r -> !r.status().isFinal()));
    }

    /** Reads the saved loss curves of runs that are not training in this session. */
    private void loadCurves(List<RunRow> list) {
        SweepFolder folder = new SweepFolder(sweepDir.get());
        SweepStorage from = shownStorage;
        for (RunRow r : List.copyOf(list)) {
            if (r.status() == RunStatus.PENDING) {
                continue;
            }
            async(() -> SweepRunner.readLossLog(folder, r.spec(), from), log -> {
                if (r.curveProperty().get().size() == 0) {
                    r.setCurve(RunRow.Curve.of(log));
                    curveChanged();
                }
            });
        }
    }

    public void pause(RunRow r) {
        if (runner != null && running.get()) {
            runner.pause(r.index());
            r.setPaused(true);
        }
    }

    public void resume(RunRow r) {
        if (runner != null && running.get()) {
            runner.resume(r.index());
            r.setPaused(false);
        }
    }

    /** Stops one run (it keeps its checkpoint; resuming the sweep continues it). */
    public void cancel(RunRow r) {
        if (runner != null && running.get()) {
            runner.cancel(r.index());
            r.setPaused(false);
        }
    }

    /** Stops every run; each saves its checkpoint. */
    public void cancelAll() {
        if (runner != null && running.get()) {
            runner.cancelAll();
            message.set("Cancelling: each run saves its checkpoint; Resume continues the sweep.");
        }
    }

    /**
     * Loads a run's checkpoint and opens it in the other views (generation, hidden state, unrolled)
     * through the app's one way to open a run, {@code context.actions().openRun}; a stacked run too (the
     * views show its top layer and say so), its layers named in the message.
     */
    public void openInViews(RunRow r) {
        if (r == null || sweepDir.get() == null) {
            return;
        }
        Path cp = new SweepFolder(sweepDir.get()).checkpoint(r.spec());
        if (shownStorage instanceof ShippedSweep) {
            message.set("The shipped grid keeps no checkpoints (only its curves and samples): train the grid to open its runs.");
            return;
        }
        if (!Files.exists(cp)) {
            message.set("Run " + r.spec().id() + " has no checkpoint yet.");
            return;
        }
        async(() -> Checkpoint.loadModel(cp), (ModelSnapshot m) -> {
            context.actions().openRun(cp, m, r.spec().label());
            message.set("Run " + r.spec().id() + " (" + (m.layers() > 1 ? m.layers() + " layers, " : "") + "iteration "
                    + Pictures.count(m.iteration()) + ") is open in the generation, hidden-state and unrolled views.");
        });
    }

    /** The text of a run's results file, or its newest training samples; handed to {@code show} on the JavaFX thread. */
    public void samplesOf(RunRow r, Consumer<String> show) {
        RunResult res = r.resultProperty().get();
        if (res != null && !res.resultsFile().isEmpty() && sweepDir.get() != null) {
            Path f = new SweepFolder(sweepDir.get()).runDir(r.spec()).resolve(res.resultsFile());
            SweepStorage from = shownStorage;
            async(() -> {
                try {
                    return "Results file " + res.resultsFile() + "\n\n" + from.readText(f);
                } catch (IOException e) {
                    throw new BadInputException("cannot read " + f + ": " + e.getMessage());
                }
            }, show);
            return;
        }
        List<Sample> s = r.samplesProperty().get();
        if (s.isEmpty()) {
            show.accept("No samples yet.");
        } else {
            Sample last = s.get(s.size() - 1);
            show.accept("Sample at iteration " + Pictures.count(last.iteration()) + "\n\n" + last.text());
        }
    }

    private <T> void async(Supplier<T> work, Consumer<T> done) {
        background.run(work::get, done, message::set);
    }

    /** What closing the app now would interrupt: a running sweep ("" when none). */
    public String closingNote() {
        if (!running.get()) {
            return "";
        }
        long unfinished = rows.stream().filter(r -> !r.status().isOver()).count();
        return "A sweep is running (" + unfinished + " of " + rows.size() + " runs not finished): closing stops it, "
                + "every unfinished run saves its checkpoint, and Resume in Experiments continues the sweep from them.";
    }

    /**
     * Stops the sweep and waits (at most {@link #CLOSE_WAIT_SECONDS} seconds) until every run has
     * saved its checkpoint and its worker thread has ended, then stops the pump and the background
     * thread (the window is closing). The sweep can be resumed from its folder later.
     *
     * @return whether every run ended in time
     */
    public boolean dispose() {
        boolean ended = true;
        if (runner != null) {
            runner.cancelAll();
            try {
                ended = runner.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = false;
            }
        }
        pump.dispose();
        background.close();
        return ended;
    }

    // ---- properties ----

    /** The grid's cell axis, as typed: cell names such as {@code vanilla,lstm,gru}. */
    public StringProperty cellsProperty() {
        return cells;
    }

    public StringProperty hiddenSizesProperty() {
        return hiddenSizes;
    }

    public StringProperty learningRatesProperty() {
        return learningRates;
    }

    public StringProperty sequenceLengthsProperty() {
        return sequenceLengths;
    }

    public StringProperty seedsProperty() {
        return seeds;
    }

    public StringProperty iterationsProperty() {
        return iterations;
    }

    public StringProperty valFractionProperty() {
        return valFraction;
    }

    public IntegerProperty parallelProperty() {
        return parallel;
    }

    public ObjectProperty<Path> workspaceProperty() {
        return workspace;
    }

    public BooleanProperty smoothProperty() {
        return smooth;
    }

    public ObjectProperty<Units> unitsProperty() {
        return units;
    }

    /** The runs on screen, in run order (the table sorts its own view of them). */
    public ObservableList<RunRow> rows() {
        return rows;
    }

    public ReadOnlyObjectProperty<Path> sweepDirProperty() {
        return sweepDir.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Where the sweep on screen comes from: a folder's path, {@link ShowSweep#ORIGINAL}, or "" when none. */
    public ReadOnlyStringProperty locationProperty() {
        return location.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty resumableProperty() {
        return resumable.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunRow> bestProperty() {
        return best.getReadOnlyProperty();
    }

    public AppContext context() {
        return context;
    }
}
