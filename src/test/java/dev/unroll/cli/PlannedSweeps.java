package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.unroll.engine.sweep.SweepPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests of planned sweeps share: a tiny grid, a launcher that starts this build's command
 * line in a JVM of its own (the jar does not exist yet when tests run), and the comparison of a
 * collected sweep with a local one.
 */
final class PlannedSweeps {
    private PlannedSweeps() {
    }

    /** Iterations of each run: enough that a run is still going well after its second checkpoint when a test kills it (at 3,000 a hidden-8 run took about 0.1 s on a quiet machine: too short a window to be sure of). */
    static final int ITERATIONS = 20_000;

    /** Four runs (hidden 8 and 12, seeds 1 and 2), a checkpoint every 100 iterations. */
    static final List<String> GRID = List.of("--hidden-sizes", "8,12", "--seeds", "1,2",
            "--checkpoint-every", "100", "--csv-every", "50", "--num-samples", "1", "--sample-frequency", "0", "--sample-size", "20");

    static Path corpus(Path dir) throws IOException {
        return Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
    }

    /** {@code sweep} with the grid of {@link #ITERATIONS} and the given flags before it. */
    static String[] sweep(String... flags) {
        return sweepOf(ITERATIONS, flags);
    }

    /** {@code sweep} with the grid of this many iterations and the given flags before it. */
    static String[] sweepOf(int iterations, String... flags) {
        List<String> a = new ArrayList<>(List.of("sweep"));
        a.addAll(List.of(flags));
        a.addAll(GRID);
        a.addAll(List.of("--num-iterations", String.valueOf(iterations)));
        return a.toArray(String[]::new);
    }

    /** Starts this build's command line: this JVM's java with this test's class path. */
    static String launcher() {
        return SweepPlan.quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()) + " -cp "
                + SweepPlan.quote(System.getProperty("java.class.path")) + " " + UnrollCli.class.getName();
    }

    /** Skips when a program is not installed, except in CI (CI=true), where .ci/run installs it: there it fails. */
    static void requireProgram(String program, String why) {
        if (onPath(program)) {
            return;
        }
        String message = program + " is not installed (" + why + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; .ci/run installs it, so CI must have it");
        }
        Assumptions.abort(message);
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":")).filter(s -> !s.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    record Outcome(int status, String out, String err) {
    }

    /** Runs a program to its end (at most {@code seconds}), stdin from a file or none. */
    static Outcome exec(Path dir, Path stdin, Map<String, String> env, long seconds, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile()) : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("SHELL", "/bin/bash");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(String.join(" ", cmd).substring(0, 40) + "... did not end within " + seconds + " s");
        }
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Waits for a condition, checking every 5 ms, at most {@code seconds}. */
    static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * A summary with what differs between two machines' runs of the same grid blanked: the timings
     * (iterations per second, wall time) and the minute in the results file's name.
     */
    static String withoutTimings(String text, boolean csv) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (csv && !line.isEmpty() && !line.startsWith("run_id")) {
                String[] c = line.split(",", -1);
                c[9] = "T";
                c[10] = "T";
                line = String.join(",", c);
            } else if (!csv && line.startsWith("| ") && !line.startsWith("| run id")) {
                String[] c = line.split(" \\| ", -1);
                c[9] = "T";
                c[10] = "T";
                line = String.join(" | ", c);
            }
            sb.append(line.replaceAll("-\\d{4}-\\d{2}-\\d{2}-\\d{4}\\.txt", "-DATE.txt")).append('\n');
        }
        return sb.toString();
    }

    /** The figures of each run's record that define its outcome, by run folder: status, iteration, losses (full precision). */
    static Map<String, String> outcomes(Path sweep) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> runs = Files.list(sweep.resolve("runs"))) {
            for (Path r : runs.toList()) {
                StringBuilder sb = new StringBuilder();
                for (String line : Files.readAllLines(r.resolve("run.properties"))) {
                    if (line.matches("(status|iteration|loss|val_loss|bits_per_char|diverged_at)=.*")) {
                        sb.append(line).append(';');
                    }
                }
                m.put(r.getFileName().toString(), sb.toString());
            }
        }
        return m;
    }

    /** Asserts that two sweep folders hold the same results: summaries equal but for timings, records equal. */
    static void assertSameResults(Path local, Path collected) throws IOException {
        assertEquals(withoutTimings(Files.readString(local.resolve("summary.md")), false),
                withoutTimings(Files.readString(collected.resolve("summary.md")), false), "summary.md");
        assertEquals(withoutTimings(Files.readString(local.resolve("summary.csv")), true),
                withoutTimings(Files.readString(collected.resolve("summary.csv")), true), "summary.csv");
        Map<String, String> a = outcomes(local);
        assertEquals(4, a.size(), a.toString());
        a.values().forEach(v -> assertTrue(v.contains("status=finished;") && v.contains("iteration=" + ITERATIONS + ";"), v));
        assertEquals(a, outcomes(collected), "each run's status, iterations and losses to the last bit");
    }
}
