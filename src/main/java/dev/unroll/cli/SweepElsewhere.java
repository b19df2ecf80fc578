package dev.unroll.cli;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.RunMemory;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.sweep.FileSweepStorage;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunSpec;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.sweep.SweepCollect;
import dev.unroll.engine.sweep.SweepFolder;
import dev.unroll.engine.sweep.SweepListener;
import dev.unroll.engine.sweep.SweepManifest;
import dev.unroll.engine.sweep.SweepPlan;
import dev.unroll.engine.sweep.SweepRunner;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code sweep --plan}, {@code --point} and {@code --collect}: a sweep whose runs another scheduler
 * runs (GNU parallel, SLURM, Kubernetes). The engine's {@link SweepPlan}, {@link SweepRunner#point}
 * and {@link SweepCollect} do the work; this prints what happened and picks the exit status.
 */
final class SweepElsewhere {
    private SweepElsewhere() {
    }

    /** Writes the plan and says how to run it in each of the three ways. */
    static int plan(PrintWriter out, Path dir, SweepManifest manifest, Corpus corpus, String launcher) {
        String how = launcher != null ? launcher : SweepPlan.defaultLauncher();
        SweepManifest m = SweepPlan.write(dir, manifest, corpus, how, new FileSweepStorage());
        Path d = dir.toAbsolutePath().normalize();
        String q = SweepPlan.quote(d.toString());
        int n = m.runs().size();
        out.println("planned " + n + " run" + (n == 1 ? "" : "s") + " of " + Text.count(m.grid().base().iterations())
                + " iterations on " + m.corpus().name() + " in " + d + " (nothing trained)");
        out.println("  GNU parallel: parallel -j 2 < " + q + "/" + SweepPlan.COMMANDS + "   (or xargs -d '\\n' -P 2 -n 1 sh -c < "
                + q + "/" + SweepPlan.COMMANDS + ")");
        out.println("  SLURM:        sbatch " + q + "/" + SweepPlan.SLURM);
        out.println("  Kubernetes:   kubectl apply -f " + q + "/" + SweepPlan.K8S + "   (after filling in its "
                + SweepPlan.PLACEHOLDER + " image and volume)");
        out.println("then:           " + how + " sweep --collect " + q);
        out.flush();
        return UnrollCli.EXIT_OK;
    }

    /** Writes the summary; status 1 and one line on stderr for each run that is not over. */
    static int collect(PrintWriter out, PrintWriter err, Path dir) {
        SweepFolder folder = new SweepFolder(dir);
        SweepCollect.Outcome o = SweepCollect.collect(dir, new FileSweepStorage());
        long over = o.results().size() - o.problems().size();
        out.println("collected " + over + " of " + o.results().size() + " runs; summary: " + folder.summaryMarkdown() + ", "
                + folder.summaryCsv());
        out.flush();
        for (String p : o.problems()) {
            err.println("unroll: " + UnrollCli.oneLine(p));
        }
        err.flush();
        return o.problems().isEmpty() ? UnrollCli.EXIT_OK : UnrollCli.EXIT_ERROR;
    }

    /**
     * Trains one run of a planned sweep (a line of its commands.txt): says whether it starts,
     * resumes or was over already, and how it ended. Ctrl-C and SIGTERM save its checkpoint.
     */
    static int point(PrintWriter err, Path dir, int number, Corpus corpus, boolean quiet) throws InterruptedException {
        SweepCommand.Progress progress = new SweepCommand.Progress(err, quiet);
        AtomicBoolean said = new AtomicBoolean();
        SweepListener listener = new SweepListener() {
            @Override
            public void onSnapshot(RunSpec run, TrainingSnapshot s) {
                progress.onSnapshot(run, s);
            }

            @Override
            public void onResult(RunResult r) {
                if (r.status() == RunStatus.RUNNING && said.compareAndSet(false, true)) {
                    synchronized (err) {
                        err.println("sweep: run " + r.spec().id() + " (" + r.spec().folderName() + "): "
                                + (r.iteration() > 0 ? "resuming at iteration " + r.iteration() : "starting at iteration 0") + " of "
                                + r.spec().config().iterations());
                        err.flush();
                    }
                }
                progress.onResult(r);
            }

            @Override
            public void onMessage(String message) {
                progress.onMessage(message);
            }
        };
        SweepRunner runner;
        try {
            runner = SweepRunner.point(dir, number, corpus, new FileSweepStorage(), listener);
        } catch (BadInputException e) {
            throw CliExit.badInput(e.getMessage());
        }
        progress.runner = runner;
        int i = number - 1;
        RunResult before = runner.results().get(i);
        RunSpec spec = runner.runs().get(i);
        if (before.status().isFinal()) {
            err.println("sweep: run " + spec.id() + " (" + spec.folderName() + ") is " + before.status().label()
                    + " already; kept as it is");
            err.flush();
            return UnrollCli.EXIT_OK;
        }
        TrainingConfig c = spec.config();
        RunMemory.requireFits(c.cell().trainingBytes(c.hiddenSize(), corpus.vocabulary().size(), c.sequenceLength())
                + corpus.memoryBytes(), "run " + spec.id());
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = SweepCommand.interruptHook(runner, interrupted, reported, "unroll-sweep-point-interrupt");
        boolean hooked = SweepCommand.addHook(hook);
        try {
            runner.start(1);
            while (!runner.await(1, TimeUnit.SECONDS)) {
                progress.tick();
            }
            RunResult r = runner.results().get(i);
            if (interrupted.get() || r.status() == RunStatus.STOPPED) {
                err.println("unroll: run " + spec.id() + " stopped at iteration " + r.iteration() + "; run its line again to resume it");
                err.flush();
                return UnrollCli.EXIT_INTERRUPTED;
            }
            if (r.status() == RunStatus.FAILED) {
                err.println("unroll: run " + spec.id() + " failed: " + UnrollCli.oneLine(r.message()));
                err.flush();
                return UnrollCli.EXIT_ERROR;
            }
            return UnrollCli.EXIT_OK;
        } finally {
            SweepCommand.releaseHook(hook, hooked, interrupted, reported);
        }
    }
}
