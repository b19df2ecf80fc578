package dev.unroll.engine.sweep;

import java.nio.file.Path;

/**
 * Where a sweep keeps its files. The command line and the app write the same layout, so either
 * can open what the other wrote:
 * <pre>
 * &lt;sweep&gt;/
 *   sweep.properties        the manifest: corpus (name, SHA-256, length, source), base config, grid, run list
 *   summary.md, summary.csv the table (rewritten whenever a run ends)
 *   runs/&lt;NN-hsH-lrR-isT-seedS&gt;/
 *     run.properties        the run's status and figures (one summary row)
 *     checkpoint.npz        its whole state (the latest; final when finished)
 *     loss.csv              iteration, loss, smooth loss, validation loss, every log interval
 *     ni…-hs…-is…-lr…-yyyy-MM-dd-HHmm.txt   the results file in the original format
 * </pre>
 *
 * @param dir the sweep's folder
 */
public record SweepFolder(Path dir) {
    public static final String MANIFEST = "sweep.properties";
    public static final String SUMMARY_MD = "summary.md";
    public static final String SUMMARY_CSV = "summary.csv";
    public static final String RUNS = "runs";
    public static final String RUN_RECORD = "run.properties";
    public static final String CHECKPOINT = "checkpoint.npz";
    public static final String LOSS_CSV = "loss.csv";
    /** The system property that overrides the default workspace folder. */
    public static final String WORKSPACE_PROPERTY = "unroll.workspace";

    public Path manifest() {
        return dir.resolve(MANIFEST);
    }

    public Path summaryMarkdown() {
        return dir.resolve(SUMMARY_MD);
    }

    public Path summaryCsv() {
        return dir.resolve(SUMMARY_CSV);
    }

    public Path runDir(RunSpec run) {
        return dir.resolve(RUNS).resolve(run.folderName());
    }

    public Path runRecord(RunSpec run) {
        return runDir(run).resolve(RUN_RECORD);
    }

    public Path checkpoint(RunSpec run) {
        return runDir(run).resolve(CHECKPOINT);
    }

    public Path lossCsv(RunSpec run) {
        return runDir(run).resolve(LOSS_CSV);
    }

    /**
     * Where sweeps live unless the user picks another folder: the {@code experiments} folder of the
     * workspace, which is {@code -Dunroll.workspace} if set (as for the app's session and talks), else ~/Unroll.
     */
    public static Path defaultWorkspace() {
        String p = System.getProperty(WORKSPACE_PROPERTY);
        Path root = p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), "Unroll");
        return root.resolve("experiments");
    }
}
