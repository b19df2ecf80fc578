package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers a sweep whose runs were trained elsewhere (the lines of a {@link SweepPlan}, run by GNU
 * parallel, SLURM or Kubernetes): reads each run's record from its folder and writes
 * {@code summary.md} and {@code summary.csv} with the code a local sweep writes them with, from
 * the same records, so that the two are byte for byte the same for the same runs.
 */
public final class SweepCollect {
    private SweepCollect() {
    }

    /**
     * What was gathered.
     *
     * @param manifest the sweep
     * @param results  every run's latest result, in run order
     * @param problems one line per run that is not over (missing, failed, running or stopped), in run order; empty when every run finished or diverged
     */
    public record Outcome(SweepManifest manifest, List<RunResult> results, List<String> problems) {
        public Outcome {
            results = List.copyOf(results);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads the sweep in {@code dir} and writes its summary (also when runs are missing: they are
     * rows without figures, as in a sweep still going).
     *
     * @throws BadInputException when {@code dir} holds no sweep, or the summary cannot be written
     */
    public static Outcome collect(Path dir, SweepStorage storage) {
        SweepRunner.Saved saved = SweepRunner.read(dir, storage);
        SweepFolder folder = saved.folder();
        List<String> problems = new ArrayList<>();
        for (RunResult r : saved.results()) {
            String p = problem(folder, r, storage);
            if (p != null) {
                problems.add("run " + r.spec().id() + " (" + r.spec().folderName() + "): " + p);
            }
        }
        try {
            storage.writeText(folder.summaryMarkdown(), SweepSummary.markdown(SweepSummary.title(saved.manifest()), saved.results()));
            storage.writeText(folder.summaryCsv(), SweepSummary.csv(saved.results()));
        } catch (IOException e) {
            throw new BadInputException("could not write the summary in " + dir + ": " + SweepRunner.describe(e), e);
        }
        return new Outcome(saved.manifest(), saved.results(), problems);
    }

    /** Why a run is not over, or null when it finished or diverged. */
    private static String problem(SweepFolder folder, RunResult r, SweepStorage storage) {
        long total = r.spec().config().iterations();
        return switch (r.status()) {
            case FINISHED, DIVERGED -> null;
            case PENDING -> "missing: it has not started (no " + SweepFolder.RUN_RECORD + ")";
            case FAILED -> "failed at iteration " + r.iteration() + "/" + total + ": " + r.message();
            default -> (recordedAsRunning(folder, r, storage) ? "still running, or killed," : "stopped")
                    + " at iteration " + r.iteration() + "/" + total + "; its line in " + SweepPlan.COMMANDS + " resumes it";
        };
    }

    /**
     * Whether the run's record says it was running: a run that stops in an orderly way records
     * "stopped", so "running" is one still at work, or one whose process was killed.
     */
    private static boolean recordedAsRunning(SweepFolder folder, RunResult r, SweepStorage storage) {
        Path f = folder.runRecord(r.spec());
        try {
            Map<String, String> m = PropertiesText.read(f.toString(), storage.readText(f));
            String s = m.getOrDefault("status", "").toUpperCase(Locale.ROOT);
            return s.equals(RunStatus.RUNNING.name()) || s.equals(RunStatus.PAUSED.name());
        } catch (IOException | BadInputException e) {
            return false;
        }
    }
}
