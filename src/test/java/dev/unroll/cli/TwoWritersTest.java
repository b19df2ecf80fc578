package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 2: an output a run writes (checkpoint, loss log, sweep folder) is held for the run's
 * duration; a second writer is refused with status 2 and one line naming the file and the process
 * that holds it. Before, both ran and the last one won, silently.
 */
class TwoWritersTest {
    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        return Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
    }

    private static String lockHolder(Path output) {
        try {
            return Files.readString(OutputLock.lockFileOf(output, false)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    @Timeout(180)
    void aSecondRunOnTheSameCheckpointOrLossLogIsRefusedNamingTheProcess() throws Exception {
        Path corpus = corpus();
        Path same = dir.resolve("same.npz");
        Path csv = dir.resolve("same.csv");
        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), UnrollCli.class.getName(), "train", "--corpus-file", corpus.toString(),
                "--num-iterations", "100000000", "--hidden-size", "8", "--checkpoint", same.toString(), "--loss-csv", csv.toString(),
                "--output-dir", dir.toString(), "--quiet").redirectErrorStream(true).redirectOutput(dir.resolve("first.txt").toFile()).start();
        try {
            String pid = Long.toString(first.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(pid.equals(lockHolder(same)) && pid.equals(lockHolder(csv)))) {
                assertTrue(first.isAlive() && System.nanoTime() < deadline, "the first run holds its outputs");
                Thread.onSpinWait();
                Thread.sleep(20);
            }
            String held = " is being written by another run (process " + pid + "); wait until it ends, or choose another file";

            Result lstm = run("train", "--corpus-file", corpus.toString(), "--cell", "lstm", "--num-iterations", "50", "--hidden-size", "8",
                    "--checkpoint", same.toString(), "--output-dir", dir.toString(), "--quiet");
            assertEquals("unroll: --checkpoint " + same + held, lstm.assertOneLineError(2));

            Result log = run("train", "--corpus-file", corpus.toString(), "--num-iterations", "50", "--hidden-size", "8",
                    "--checkpoint", dir.resolve("other.npz").toString(), "--loss-csv", csv.toString(), "--output-dir", dir.toString(), "--quiet");
            assertEquals("unroll: --loss-csv " + csv + held, log.assertOneLineError(2));

            Result resume = run("train", "--corpus-file", corpus.toString(), "--resume", same.toString(), "--num-iterations", "200000000",
                    "--output-dir", dir.toString(), "--quiet");
            assertEquals("unroll: the resumed checkpoint " + same + held, resume.assertOneLineError(2));
        } finally {
            first.destroy();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        }
        // the first run saved on SIGTERM and let go: its file trains on
        assertEquals(143, first.exitValue(), Files.readString(dir.resolve("first.txt")));
        Result after = run("train", "--corpus-file", corpus.toString(), "--cell", "lstm", "--num-iterations", "50", "--hidden-size", "8",
                "--checkpoint", same.toString(), "--loss-csv", csv.toString(), "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, after.status(), after.err());
    }

    @Test
    void aSecondSweepInTheSameFolderIsRefused() throws IOException {
        Path corpus = corpus();
        Path folder = dir.resolve("sweep");
        String[] sweep = {"sweep", "--corpus-file", corpus.toString(), "--hidden-sizes", "8", "--num-iterations", "30", "--parallel", "1",
                "--output-dir", folder.toString(), "--quiet"};
        try (OutputLock held = OutputLock.acquire(folder, true, "the sweep folder " + folder)) {
            Result second = run(sweep);
            assertEquals("unroll: the sweep folder " + folder + " is being written by another run in this process ("
                    + ProcessHandle.current().pid() + "); wait until it ends, or choose another folder", second.assertOneLineError(2));
            Result resumed = run("sweep", "--resume", folder.toString(), "--corpus-file", corpus.toString(), "--quiet");
            assertTrue(resumed.assertOneLineError(2).startsWith("unroll: the sweep folder " + folder + " is being written by"), resumed.err());
            assertEquals(List.of(), Files.list(folder).filter(p -> !p.getFileName().toString().equals(".unroll.lock")).toList(),
                    "nothing trained or written");
        }
        Result alone = run(sweep);
        assertEquals(0, alone.status(), alone.err());
    }
}
