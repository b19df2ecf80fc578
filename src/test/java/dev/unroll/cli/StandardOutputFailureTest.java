package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 23 item 1: a standard output that cannot be written (a full disk) is an error, status 1 with
 * one line, for every subcommand and for --help; before, the commands reported success.
 */
class StandardOutputFailureTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path checkpoint;

    @BeforeAll
    static void train() throws IOException {
        corpus = Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        checkpoint = dir.resolve("ck.npz");
        CliTestSupport.Result r = CliTestSupport.run("train", "--corpus-file", corpus.toString(), "--num-iterations", "50",
                "--hidden-size", "12", "--checkpoint", checkpoint.toString(), "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
    }

    /** An output stream on a full disk: every write fails as a write to /dev/full does. */
    static final class FullDisk extends OutputStream {
        int writes;

        @Override
        public void write(int b) throws IOException {
            writes++;
            throw new IOException("No space left on device");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writes++;
            throw new IOException("No space left on device");
        }
    }

    static String[] full(String... args) {
        FullDisk stdout = new FullDisk();
        StringWriter err = new StringWriter();
        int status = UnrollCli.run(stdout, StandardCharsets.UTF_8, new PrintWriter(err, true), false, args);
        return new String[] {String.valueOf(status), err.toString(), String.valueOf(stdout.writes)};
    }

    static void refused(String... args) {
        String[] r = full(args);
        assertTrue(Integer.parseInt(r[2]) > 0, "the command wrote to standard output");
        assertEquals("1", r[0], String.join(" ", args) + ": " + r[1]);
        // sweep says on stderr where it works before it starts: the only error line is the last
        List<String> errors = r[1].lines().filter(l -> l.startsWith("unroll: ")).toList();
        assertEquals(List.of("unroll: cannot write standard output: No space left on device"), errors, String.join(" ", args));
        assertTrue(r[1].endsWith("unroll: cannot write standard output: No space left on device\n"), r[1]);
    }

    @Test
    void everySubcommandAndHelpSayTheOutputCouldNotBeWritten() {
        String c = corpus.toString();
        refused("--help");
        refused("train", "--help");
        refused("sample", "--checkpoint", checkpoint.toString(), "--length", "50", "--seed", "1");
        refused("baseline", "--corpus-file", c, "--order", "1..2", "--val-fraction", "0.2");
        refused("bench", "--corpus-file", c, "--hidden-sizes", "8", "--iterations", "10", "--warmup", "2");
        refused("compare-cells", "--corpus-file", c, "--cells", "vanilla", "--match-params", "2000", "--num-iterations", "20",
                "--sequence-length", "10", "--val-fraction", "0.2", "--max-order", "2", "--parallel", "1");
        refused("train", "--corpus-file", c, "--num-iterations", "20", "--hidden-size", "8", "--output-dir",
                dir.resolve("t").toString(), "--quiet");
        refused("sweep", "--corpus-file", c, "--hidden-sizes", "8", "--num-iterations", "20", "--parallel", "1",
                "--output-dir", dir.resolve("s").toString(), "--quiet");
    }

    @Test
    void aCommandThatFailedKeepsItsOwnStatusAndLine() {
        String[] r = full("sample", "--checkpoint", checkpoint.toString(), "--length", "50", "--prime", "§§");
        assertEquals("2", r[0], r[1]);
        assertEquals(1, r[1].lines().count(), r[1]);
        assertTrue(r[1].startsWith("unroll: ") && !r[1].contains("standard output"), r[1]);
    }

    /** The real thing, once: a process whose standard output is /dev/full. */
    @Test
    @EnabledOnOs(OS.LINUX)
    @Timeout(120)
    void aRealProcessWritingToDevFullExitsOne() throws Exception {
        File devFull = new File("/dev/full");
        Assumptions.assumeTrue(devFull.exists(), "/dev/full");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), UnrollCli.class.getName(),
                "sample", "--checkpoint", checkpoint.toString(), "--length", "500", "--seed", "1"));
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(devFull).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(100, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), Files.readString(err));
        assertEquals("unroll: cannot write standard output: No space left on device\n", Files.readString(err));
    }
}
