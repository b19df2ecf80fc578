package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static dev.unroll.cli.PlannedSweeps.sweep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.cli.PlannedSweeps.Outcome;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.sweep.SweepManifest;
import dev.unroll.engine.sweep.SweepPlan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 26: {@code sweep --plan}, its lines run by GNU parallel (two at a time, one of them killed
 * midway and run again), {@code sweep --collect}, compared with a local sweep of the same grid;
 * the Kubernetes manifest read by a YAML parser and its command run as a pod would run it.
 */
class SweepPlanTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void aPlanRunByGnuParallelCollectsWhatALocalSweepWritesAndAKilledRunResumes() throws Exception {
        PlannedSweeps.requireProgram("parallel", "Debian's parallel: apt-get install parallel");
        Path corpus = PlannedSweeps.corpus(dir);
        Path local = dir.resolve("local").resolve("grid");
        Result l = run(sweep("--corpus-file", corpus.toString(), "--output-dir", local.toString(), "--parallel", "2", "--quiet"));
        assertEquals(0, l.status(), l.err());

        Path planned = dir.resolve("planned").resolve("grid");
        Result p = run(sweep("--plan", planned.toString(), "--corpus-file", corpus.toString(), "--launcher", PlannedSweeps.launcher()));
        assertEquals(0, p.status(), p.err());
        assertTrue(p.out().contains("parallel -j 2 < " + planned + "/commands.txt"), p.out());
        Path commands = planned.resolve(SweepPlan.COMMANDS);
        List<String> lines = Files.readAllLines(commands);
        assertEquals(4, lines.size(), lines.toString());
        assertFalse(Files.exists(planned.resolve("runs")), "planning trains nothing");

        // the first pass: run 02 is killed (SIGKILL, as a preempted node) after a checkpoint or two
        ProcessBuilder pb = new ProcessBuilder("parallel", "-j", "2").redirectInput(commands.toFile())
                .redirectOutput(dir.resolve("pass1.out").toFile()).redirectError(dir.resolve("pass1.err").toFile());
        pb.environment().put("SHELL", "/bin/bash");
        Process first = pb.start();
        Path record2 = planned.resolve("runs/02-hs8-lr0.1-is25-seed2/run.properties");
        PlannedSweeps.await("run 02's checkpoint at iteration 200 or later", 240, () -> iteration(record2) >= 200);
        ProcessHandle run2 = pointProcess(first, 2).orElseThrow(() -> new AssertionError("run 02's process is gone already: "
                + read(record2)));
        assertTrue(run2.destroyForcibly());
        PlannedSweeps.await("the first pass to end", 240, () -> !first.isAlive());
        assertEquals(1, first.exitValue(), "parallel's status is the number of failed lines; " + Files.readString(dir.resolve("pass1.err")));
        long killedAt = iteration(record2);
        assertTrue(killedAt >= 200 && killedAt < PlannedSweeps.ITERATIONS, "killed midway: " + killedAt);

        Outcome partial = PlannedSweeps.exec(dir, null, Map.of(), 120, launcherArgs("sweep", "--collect", planned.toString()));
        assertEquals(1, partial.status(), partial.err());
        assertEquals("unroll: run 02 (02-hs8-lr0.1-is25-seed2): still running, or killed, at iteration " + killedAt
                + "/" + PlannedSweeps.ITERATIONS + "; its line in commands.txt resumes it\n", partial.err());

        // the second pass: the same lines again; the finished runs are kept, run 02 resumes
        Outcome second = PlannedSweeps.exec(dir, commands, Map.of(), 300, "parallel", "-j", "2");
        assertEquals(0, second.status(), second.out() + second.err());
        String log = second.out() + second.err();
        Matcher resumed = Pattern.compile("sweep: run 02 \\(02-hs8-lr0\\.1-is25-seed2\\): resuming at iteration (\\d+) of " + PlannedSweeps.ITERATIONS).matcher(log);
        assertTrue(resumed.find(), log);
        long from = Long.parseLong(resumed.group(1));
        assertTrue(from >= killedAt && from % 100 == 0, "resumed from its last checkpoint, not from 0: " + from + " (killed at " + killedAt + ")");
        for (String kept : List.of("01-hs8-lr0.1-is25-seed1", "03-hs12-lr0.1-is25-seed1", "04-hs12-lr0.1-is25-seed2")) {
            assertTrue(log.contains("(" + kept + ") is finished already; kept as it is"), log);
        }
        List<String> rows = Files.readAllLines(planned.resolve("runs/02-hs8-lr0.1-is25-seed2/loss.csv"));
        assertEquals(1 + PlannedSweeps.ITERATIONS / 50, rows.size(), "one loss row every 50 iterations, none twice: " + rows);

        Result c = run("sweep", "--collect", planned.toString());
        assertEquals(0, c.status(), c.err());
        assertEquals("", c.err());
        assertEquals("collected 4 of 4 runs; summary: " + planned.resolve("summary.md") + ", " + planned.resolve("summary.csv") + "\n", c.out());
        PlannedSweeps.assertSameResults(local, planned);

        // the same records give the same bytes: collecting the local sweep rewrites its summary unchanged
        String md = Files.readString(local.resolve("summary.md"));
        String csv = Files.readString(local.resolve("summary.csv"));
        assertEquals(0, run("sweep", "--collect", local.toString()).status());
        assertEquals(md, Files.readString(local.resolve("summary.md")));
        assertEquals(csv, Files.readString(local.resolve("summary.csv")));
    }

    @Test
    @Timeout(300)
    void theKubernetesManifestIsAnIndexedJobAndItsCommandRunsTheLineOfItsIndex() throws Exception {
        Path corpus = PlannedSweeps.corpus(dir);
        Path planned = dir.resolve("k8s grid");
        Result p = run(sweep("--plan", planned.toString(), "--corpus-file", corpus.toString(), "--launcher", PlannedSweeps.launcher()));
        assertEquals(0, p.status(), p.err());

        Map<String, Object> job = new Yaml().load(Files.readString(planned.resolve(SweepPlan.K8S)));
        assertEquals("batch/v1", job.get("apiVersion"));
        assertEquals("Job", job.get("kind"));
        String name = (String) map(job, "metadata").get("name");
        assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && name.length() <= 63, "a DNS-1123 label: " + name);
        assertEquals("unroll-k8s-grid", name);
        Map<String, Object> spec = map(job, "spec");
        assertEquals("Indexed", spec.get("completionMode"));
        assertEquals(4, spec.get("completions"), "an Indexed Job needs its completions: one per run");
        assertEquals(4, spec.get("parallelism"));
        Map<String, Object> pod = map(map(spec, "template"), "spec");
        assertTrue(List.of("Never", "OnFailure").contains(pod.get("restartPolicy")), "a Job's pods may not restart Always: " + pod);
        List<Map<String, Object>> containers = list(pod, "containers");
        assertEquals(1, containers.size());
        Map<String, Object> c = containers.get(0);
        assertEquals("unroll", c.get("name"));
        assertTrue(((String) c.get("image")).contains(SweepPlan.PLACEHOLDER), "the image is a marked placeholder: " + c.get("image"));
        Map<String, Object> resources = map(c, "resources");
        assertTrue(((String) map(resources, "requests").get("memory")).matches("\\d+Mi"), resources.toString());
        List<Map<String, Object>> mounts = list(c, "volumeMounts");
        assertEquals(planned.toString(), mounts.get(0).get("mountPath"), "the sweep folder is mounted where its lines look for it");
        List<Map<String, Object>> volumes = list(pod, "volumes");
        assertEquals(mounts.get(0).get("name"), volumes.get(0).get("name"), "the mount names a volume of the pod");
        assertTrue(((String) map(volumes.get(0), "persistentVolumeClaim").get("claimName")).startsWith(SweepPlan.PLACEHOLDER));
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) c.get("command");

        // the pod of index 2 runs line 3 (run 03), as Kubernetes would start it
        Outcome pod2 = PlannedSweeps.exec(dir, null, Map.of("JOB_COMPLETION_INDEX", "2"), 240, command.toArray(String[]::new));
        assertEquals(0, pod2.status(), pod2.err());
        assertTrue(pod2.err().startsWith("sweep: run 03 (03-hs12-lr0.1-is25-seed1): starting at iteration 0 of " + PlannedSweeps.ITERATIONS + "\n"), pod2.err());
        assertTrue(Files.exists(planned.resolve("runs/03-hs12-lr0.1-is25-seed1/checkpoint.npz")));
        try (var runs = Files.list(planned.resolve("runs"))) {
            assertEquals(1, runs.count(), "a line writes only its own run's folder");
        }
        assertFalse(Files.exists(planned.resolve("summary.md")), "a line writes no summary");

        // the SLURM script: a job array of one task per run, valid bash
        String sbatch = Files.readString(planned.resolve(SweepPlan.SLURM));
        assertTrue(sbatch.contains("\n#SBATCH --array=0-3\n"), sbatch);
        assertEquals(0, PlannedSweeps.exec(dir, null, Map.of(), 30, "bash", "-n", planned.resolve(SweepPlan.SLURM).toString()).status());
    }

    @Test
    void collectNamesEachRunThatIsMissingFailedOrStoppedOnOneLineAndTheLinesCheckTheirInput() throws Exception {
        Path corpus = PlannedSweeps.corpus(dir);
        Path planned = dir.resolve("grid");
        assertEquals(0, run(PlannedSweeps.sweepOf(200, "--plan", planned.toString(), "--corpus-file", corpus.toString(),
                "--launcher", "unroll")).status());
        assertEquals("unroll sweep --resume " + planned + " --point 1 --corpus-file " + planned.resolve("corpus/corpus.txt"),
                Files.readAllLines(planned.resolve(SweepPlan.COMMANDS)).get(0));
        Result one = run("sweep", "--resume", planned.toString(), "--point", "1");
        assertEquals(0, one.status(), one.err());
        Result again = run("sweep", "--resume", planned.toString(), "--point", "1");
        assertEquals("sweep: run 01 (01-hs8-lr0.1-is25-seed1) is finished already; kept as it is\n", again.err());
        // run 3 failed (its record says so), run 4 was stopped in an orderly way, run 2 never started
        SweepManifest m = SweepManifest.parse("m", Files.readString(planned.resolve("sweep.properties")));
        Path r3 = planned.resolve("runs").resolve(m.runs().get(2).folderName());
        Files.createDirectories(r3);
        Files.writeString(r3.resolve("run.properties"), RunResult.pending(m.runs().get(2)).with(RunStatus.FAILED, "disk full").toText());
        Path r4 = planned.resolve("runs").resolve(m.runs().get(3).folderName());
        Files.createDirectories(r4);
        Files.writeString(r4.resolve("run.properties"), RunResult.pending(m.runs().get(3)).with(RunStatus.STOPPED, "").toText());

        Result c = run("sweep", "--collect", planned.toString());
        assertEquals(1, c.status());
        assertEquals(List.of(
                "unroll: run 02 (02-hs8-lr0.1-is25-seed2): missing: it has not started (no run.properties)",
                "unroll: run 03 (03-hs12-lr0.1-is25-seed1): failed at iteration 0/200: disk full",
                "unroll: run 04 (04-hs12-lr0.1-is25-seed2): stopped at iteration 0/200; its line in commands.txt resumes it"), c.errLines());
        String md = Files.readString(planned.resolve("summary.md"));
        assertTrue(md.startsWith("# grid on corpus.txt\n"), md);
        assertTrue(md.contains("| 01 | 8 | 0.1 | ") && md.contains(" | finished | `ni200-hs8-is25-lr0.1-"), md);
        assertTrue(md.contains("| 02 | 8 | 0.1 | - | vanilla | 25 | 2 | - | - | - | - | pending at 0/200 | - |"), md);

        String range = run("sweep", "--resume", planned.toString(), "--point", "5").assertOneLineError(2);
        assertEquals("unroll: the sweep in " + planned + " has runs 1 to 4; there is no run 5", range);
        run("sweep", "--point", "1").assertOneLineError(2);
        run(sweep("--collect", planned.toString())).assertOneLineError(2);
        run("sweep", "--launcher", "x", "--resume", planned.toString()).assertOneLineError(2);
        // planning the same grid again rewrites the scripts and keeps the manifest and every run
        String manifest = Files.readString(planned.resolve("sweep.properties"));
        String lines = Files.readString(planned.resolve(SweepPlan.COMMANDS));
        assertEquals(0, run(PlannedSweeps.sweepOf(200, "--plan", planned.toString(), "--corpus-file", corpus.toString(),
                "--launcher", "unroll")).status());
        assertEquals(manifest, Files.readString(planned.resolve("sweep.properties")));
        assertEquals(lines, Files.readString(planned.resolve(SweepPlan.COMMANDS)));
        assertTrue(Files.exists(planned.resolve("runs/01-hs8-lr0.1-is25-seed1/checkpoint.npz")));
        String other = run(PlannedSweeps.sweepOf(200, "--plan", planned.toString(), "--corpus-file", corpus.toString(), "--learning-rates", "0.5"))
                .assertOneLineError(2);
        assertTrue(other.contains("already holds a different sweep"), other);
    }

    private static String[] launcherArgs(String... args) {
        List<String> a = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), UnrollCli.class.getName()));
        a.addAll(List.of(args));
        return a.toArray(String[]::new);
    }

    /** The JVM under {@code parallel} that runs line {@code point}. */
    private static Optional<ProcessHandle> pointProcess(Process parallel, int point) {
        return parallel.descendants().filter(h -> h.info().arguments().map(a -> {
            List<String> args = List.of(a);
            int i = args.indexOf("--point");
            return i >= 0 && i + 1 < args.size() && args.get(i + 1).equals(String.valueOf(point));
        }).orElse(false)).findFirst();
    }

    /** The iteration a run's record gives (-1 while it has none). */
    private static long iteration(Path record) {
        String text = read(record);
        Matcher m = Pattern.compile("(?m)^iteration=(\\d+)$").matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return ""; // being replaced: read again
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof Map, key + " is a mapping: " + m);
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof List, key + " is a list: " + m);
        return (List<Map<String, Object>>) v;
    }
}
