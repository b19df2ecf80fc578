package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.io.Checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real process, stopped the way Ctrl-C stops it (a signal that runs the shutdown hooks; SIGTERM
 * here, since a background process may ignore SIGINT): the checkpoint is saved before it exits.
 */
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void stoppingTheProcessSavesTheCheckpoint() throws IOException, InterruptedException {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        Path ck = dir.resolve("ck.npz");
        Path csv = dir.resolve("loss.csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), UnrollCli.class.getName(),
                "train", "--corpus-file", corpus.toString(), "--num-iterations", "100000000", "--hidden-size", "16",
                "--checkpoint", ck.toString(), "--checkpoint-every", "1000000000", "--output-dir", dir.toString(),
                "--loss-csv", csv.toString(), "--csv-every", "1")
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(dir.resolve("stderr.txt")).startsWith("training corpus.txt")) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the run did not start: " + Files.readString(dir.resolve("stderr.txt")));
            Thread.sleep(50);
        }
        // stop only once training has really made progress: the CSV has rows past the header
        while (!Files.exists(csv) || Files.readAllLines(csv).size() < 3) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "no iterations were logged: " + Files.readString(dir.resolve("stderr.txt")));
            Thread.sleep(50);
        }
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String rest = Files.readString(dir.resolve("stderr.txt"));
        assertTrue(rest.contains("unroll: stopped at iteration"), rest);
        assertTrue(rest.contains("saved the checkpoint"), rest);
        long iteration = Checkpoint.load(ck).state().iteration();
        assertTrue(iteration > 0, "iteration " + iteration);
        assertTrue(rest.contains("stopped at iteration " + Text.count(iteration)), rest);
        assertEquals(143, p.exitValue()); // 128 + SIGTERM, as the JVM exits on a signal
    }
}
