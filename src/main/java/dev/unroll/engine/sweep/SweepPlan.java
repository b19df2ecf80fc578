package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.RunMemory;
import dev.unroll.engine.corpus.Corpus;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A sweep handed to another scheduler: its folder with the manifest and one resumable command per
 * grid point, for GNU parallel (or xargs), a SLURM job array and a Kubernetes Indexed Job. Nothing
 * is trained; {@link SweepCollect} gathers the summary once the points have run.
 *
 * <p>The folder, when planned:
 * <pre>
 * &lt;sweep&gt;/
 *   sweep.properties   the manifest, as a local sweep writes it (so --resume and the app know the grid)
 *   commands.txt       line k trains run k: {@code LAUNCHER sweep --resume DIR --point k CORPUS}
 *   slurm.sbatch       a job array, task i runs line i + 1
 *   k8s-job.yaml       an Indexed Job, index i runs line i + 1 (image and volume are REPLACE-ME placeholders)
 *   corpus/NAME        the corpus's text, so that every machine that sees the folder has it (not for a shipped corpus)
 *   logs/              where SLURM writes each task's output
 * </pre>
 *
 * <p>Each line is resumable and touches only its run's folder ({@link SweepRunner#point}): a line
 * run twice resumes its run from its checkpoint, or leaves it alone when it is over. Paths are
 * absolute, so the folder must be seen at the same path by every machine (a shared file system,
 * or the Kubernetes volume mounted there).
 */
public final class SweepPlan {
    public static final String COMMANDS = "commands.txt";
    public static final String SLURM = "slurm.sbatch";
    public static final String K8S = "k8s-job.yaml";
    public static final String CORPUS_DIR = "corpus";
    public static final String LOGS = "logs";
    /** Marks what a person must fill in before the Kubernetes manifest can be applied. */
    public static final String PLACEHOLDER = "REPLACE-ME";
    private static final String BUNDLED = "bundled:";
    private static final long MIB = 1024 * 1024;

    private SweepPlan() {
    }

    /**
     * Writes the plan into {@code dir} (made absolute). The manifest's corpus source says how each
     * line finds the corpus: a shipped corpus ({@code bundled:ID}) by its id, any other text by a
     * copy written into the folder (the manifest then names that copy).
     *
     * @param launcher how a machine starts Unroll's command line, e.g. {@code unroll} or {@code java -jar /opt/unroll.jar}
     * @return the manifest as written (or as it was, when the folder already held this sweep)
     * @throws BadInputException when the folder holds another sweep or cannot be written
     */
    public static SweepManifest write(Path dir, SweepManifest manifest, Corpus corpus, String launcher, SweepStorage storage) {
        if (launcher == null || launcher.isBlank()) {
            throw new BadInputException("the launcher (how a machine starts unroll) must not be empty");
        }
        if (!manifest.corpus().matches(corpus)) {
            throw new BadInputException("the corpus given is not the one described in the sweep's manifest");
        }
        SweepRunner.requireLongEnough(manifest, corpus);
        Path abs = dir.toAbsolutePath().normalize();
        SweepFolder folder = new SweepFolder(abs);
        String source = manifest.corpus().source();
        Path copy = source.startsWith(BUNDLED) ? null : abs.resolve(CORPUS_DIR).resolve(fileName(corpus.name()));
        SweepManifest m = copy == null ? manifest : new SweepManifest(manifest.name(),
                new SweepManifest.CorpusRef(manifest.corpus().name(), manifest.corpus().sha256(), manifest.corpus().characters(),
                        copy.toString()), manifest.grid(), manifest.options());
        try {
            if (storage.exists(folder.manifest())) {
                SweepManifest old = SweepManifest.parse(folder.manifest().toString(), storage.readText(folder.manifest()));
                if (!old.sameSweepAs(m)) {
                    throw new BadInputException(abs + " already holds a different sweep (" + old.grid().size() + " runs of "
                            + old.corpus().name() + "); choose another folder");
                }
                m = old;
            }
            storage.createDirectories(abs.resolve(LOGS));
            if (copy != null && m.corpus().source().equals(copy.toString()) && !storage.exists(copy)) {
                storage.writeText(copy, corpus.text()); // not when planning again a sweep that finds its corpus elsewhere
            }
            if (!storage.exists(folder.manifest())) {
                storage.writeText(folder.manifest(), m.toText());
            }
            String corpusArgs = m.corpus().source().startsWith(BUNDLED)
                    ? " --corpus " + quote(m.corpus().source().substring(BUNDLED.length()))
                    : " --corpus-file " + quote(m.corpus().source());
            storage.writeText(abs.resolve(COMMANDS), commands(abs, m, launcher.strip(), corpusArgs));
            long mib = memoryMib(m, corpus);
            storage.writeText(abs.resolve(SLURM), slurm(abs, m, mib));
            storage.writeText(abs.resolve(K8S), kubernetes(abs, m, mib));
        } catch (IOException e) {
            throw new BadInputException("cannot write the plan in " + abs + ": " + SweepRunner.describe(e), e);
        }
        return m;
    }

    /** The lines of {@code commands.txt}: line k (from 1) trains run k. */
    static String commands(Path dir, SweepManifest m, String launcher, String corpusArgs) {
        StringBuilder sb = new StringBuilder();
        for (RunSpec r : m.runs()) {
            sb.append(launcher).append(" sweep --resume ").append(quote(dir.toString())).append(" --point ").append(r.number())
                    .append(corpusArgs).append('\n');
        }
        return sb.toString();
    }

    /**
     * Memory to ask the scheduler for, per task, in MiB: the largest run's training estimate with its history's
     * ({@code TrainingConfig.historyBytes}) and the corpus, four times over (a JVM takes a quarter of a container's memory for its heap by
     * default), plus 256 MiB for the JVM itself, rounded up to 256 MiB.
     */
    static long memoryMib(SweepManifest m, Corpus corpus) {
        long largest = m.runs().stream().mapToLong(r -> r.config().trainingBytes(corpus.vocabulary().size())
                + r.config().historyBytes(corpus.vocabulary().size())).max().orElse(0);
        long need = 4 * (largest + corpus.memoryBytes()) + 256 * MIB;
        return (need + 256 * MIB - 1) / (256 * MIB) * 256;
    }

    static String slurm(Path dir, SweepManifest m, long mib) {
        int n = m.runs().size();
        String d = quote(dir.toString());
        return "#!/bin/bash\n"
                + "# Unroll sweep '" + oneLine(m.name()) + "': " + n + " runs as a SLURM job array, one run per array task.\n"
                + "# Task i runs line i + 1 of commands.txt; a task run again resumes its run, or leaves it alone when it is over.\n"
                + "# The sweep folder must be seen at " + oneLine(dir.toString()) + " by every node (a shared file system).\n"
                + "# Submit: sbatch " + d + "/" + SLURM + "    Then: unroll sweep --collect " + d + "\n"
                + "# Edit the resources below as your cluster needs (one core per task: a run is single-threaded).\n"
                + "#SBATCH --job-name=" + jobName(m.name()) + "\n"
                + "#SBATCH --array=0-" + (n - 1) + "\n"
                + "#SBATCH --ntasks=1\n"
                + "#SBATCH --cpus-per-task=1\n"
                + "#SBATCH --mem=" + mib + "M\n"
                + "#SBATCH --time=7-00:00:00\n"
                + "#SBATCH --output=" + dir.resolve(LOGS) + "/slurm-%A_%a.out\n"
                + "set -euo pipefail\n"
                + "line=\"$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" " + d + "/" + COMMANDS + ")\"\n"
                + "if [ -z \"$line\" ]; then echo \"unroll: no line $((SLURM_ARRAY_TASK_ID + 1)) in " + COMMANDS + "\" >&2; exit 2; fi\n"
                + "exec bash -c \"$line\"\n";
    }

    static String kubernetes(Path dir, SweepManifest m, long mib) {
        int n = m.runs().size();
        String d = dir.toString();
        String script = "line=\"$(sed -n \"$((JOB_COMPLETION_INDEX + 1))p\" " + quote(d) + "/" + COMMANDS + ")\" && [ -n \"$line\" ] && exec bash -c \"$line\"";
        return "# Unroll sweep '" + oneLine(m.name()) + "': " + n + " runs as a Kubernetes Indexed Job, one run per completion index.\n"
                + "# Index i runs line i + 1 of commands.txt; a pod run again resumes its run, or leaves it alone when it is over.\n"
                + "# Before 'kubectl apply -f " + K8S + "', replace the two " + PLACEHOLDER + " values:\n"
                + "#   image: an image with bash, sed, Java 17 and Unroll, started as commands.txt starts it;\n"
                + "#   claimName: a ReadWriteMany volume holding this sweep folder, mounted at the path it has here.\n"
                + "# Then, where the folder is: unroll sweep --collect " + quote(d) + "\n"
                + "apiVersion: batch/v1\n"
                + "kind: Job\n"
                + "metadata:\n"
                + "  name: " + jobName(m.name()) + "\n"
                + "spec:\n"
                + "  completionMode: Indexed\n"
                + "  completions: " + n + "\n"
                + "  parallelism: " + n + "\n"
                + "  backoffLimit: " + (2 * n) + "\n"
                + "  template:\n"
                + "    spec:\n"
                + "      restartPolicy: Never\n"
                + "      containers:\n"
                + "        - name: unroll\n"
                + "          image: \"" + PLACEHOLDER + "/unroll:latest\"\n"
                + "          command: [\"bash\", \"-c\", " + yamlString(script) + "]\n"
                + "          resources:\n"
                + "            requests:\n"
                + "              cpu: \"1\"\n"
                + "              memory: \"" + mib + "Mi\"\n"
                + "            limits:\n"
                + "              memory: \"" + mib + "Mi\"\n"
                + "          volumeMounts:\n"
                + "            - name: sweep\n"
                + "              mountPath: " + yamlString(d) + "\n"
                + "      volumes:\n"
                + "        - name: sweep\n"
                + "          persistentVolumeClaim:\n"
                + "            claimName: \"" + PLACEHOLDER + "-sweep-volume\"\n";
    }

    /**
     * How this installation starts Unroll's command line, for the lines of a plan: the installed
     * launcher (jpackage's, which runs the command line when given arguments), {@code java -jar}
     * with this jar, or else {@code unroll} (run from classes, as in development).
     */
    public static String defaultLauncher() {
        String app = System.getProperty("jpackage.app-path");
        if (app != null && !app.isBlank()) {
            return quote(app);
        }
        try {
            Path where = Path.of(SweepPlan.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (where.getFileName() != null && where.getFileName().toString().endsWith(".jar")) {
                return "java -jar " + quote(where.toAbsolutePath().toString());
            }
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            // not from a file: fall back on the installed name
        }
        return "unroll";
    }

    /**
     * A name that SLURM and Kubernetes accept (a DNS-1123 label of at most 63 characters):
     * "unroll-" and the sweep's name in lower case, other characters as dashes.
     */
    static String jobName(String name) {
        String s = ("unroll-" + name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        if (s.length() > 63) {
            s = s.substring(0, 63);
        }
        return s.replaceAll("-+$", "");
    }

    /** A word for a POSIX shell: as it is when it is safe, else in single quotes. */
    public static String quote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=+,@%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A YAML double-quoted scalar. */
    static String yamlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').replace("'", "");
    }

    /** The corpus's name as a file name (separators and control characters replaced). */
    private static String fileName(String name) {
        String s = name.replaceAll("[/\\\\:\\p{Cntrl}]", "_").strip();
        return s.isEmpty() || s.startsWith(".") ? "corpus.txt" : s;
    }
}
