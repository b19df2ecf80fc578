package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 16 items 3 and 9 in real processes: small heaps, out of memory, SIGTERM during a sweep. */
class ProcessFaultsTest {
    @TempDir
    Path dir;

    record Outcome(int status, String out, String err) {
    }

    /** Runs the command line in a JVM of its own with the given heap. */
    Outcome java(String heap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), UnrollCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the process ended");
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static void oneLine(Outcome o, int status) {
        assertEquals(status, o.status(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("unroll: "), o.err());
        assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    }

    /** Item 3: a run that cannot fit the heap is refused before it starts, saying how much it needs and how to raise the heap. */
    @Test
    @Timeout(180)
    void aRunTooLargeForTheHeapIsRefusedWithOneLine() throws Exception {
        Path corpus = Files.writeString(dir.resolve("c.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        Outcome o = java("64m", "train", "--corpus-file", corpus.toString(), "--hidden-size", "2500", "--num-iterations", "5",
                "--output-dir", dir.toString(), "--quiet");
        oneLine(o, 2);
        assertTrue(o.err().matches("unroll: a run of hidden size 2500 on \\d+ distinct characters needs about \\d+ MB of memory,"
                + " more than the \\d+ MB Java may use; raise the heap with -Xmx\\d+m \\(java -Xmx\\d+m -jar unroll.jar \\.\\.\\.,"
                + " or JAVA_TOOL_OPTIONS=-Xmx\\d+m for the installed unroll\\)\\R"), o.err());
    }

    /**
     * Item 3: a corpus takes about twice its size to load (it took about thirteen times): a 24 MB text
     * trains in a 160 MB heap, and a text too large for the heap is refused with one line.
     */
    @Test
    @Timeout(300)
    void aLargeCorpusLoadsInASmallHeapAndOneTooLargeIsRefused() throws Exception {
        Path big = dir.resolve("big.txt");
        String line = "the quick brown fox jumps over the lazy dog; ce frumoasa e luna.\n";
        try (var w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (long n = 0; n < 24L << 20; n += line.length()) {
                w.write(line);
            }
        }
        Outcome o = java("160m", "train", "--corpus-file", big.toString(), "--hidden-size", "16", "--num-iterations", "20",
                "--num-samples", "1", "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("trained 20 iterations on big.txt"), o.out());
        Outcome refused = java("48m", "train", "--corpus-file", big.toString(), "--hidden-size", "16", "--num-iterations", "20",
                "--output-dir", dir.toString(), "--quiet");
        oneLine(refused, 2);
        assertTrue(refused.err().startsWith("unroll: loading " + big + " (24 MB) needs about "), refused.err());
        assertTrue(refused.err().contains("raise the heap with -Xmx"), refused.err());
    }

    @CommandLine.Command(name = "hog")
    static final class Hog implements Callable<Integer> {
        @Override
        public Integer call() {
            List<long[]> all = new ArrayList<>();
            while (true) {
                all.add(new long[1 << 24]);
            }
        }
    }

    /** Item 3: an OutOfMemoryError anywhere in a command is one line and status 1, no stack trace. */
    @Test
    void outOfMemoryIsOneLineAndStatus1() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter e = new PrintWriter(err, true);
        CommandLine cmd = UnrollCli.commandLine(new PrintWriter(out, true), e, false, false);
        cmd.addSubcommand("hog", new Hog());
        assertEquals(1, UnrollCli.execute(cmd, e, "hog"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("unroll: out of memory: the run needed more than the "), err.toString());
        assertTrue(err.toString().contains("raise the heap with -Xmx"), err.toString());
    }

    /** Item 9: the "sweep interrupted" line is printed on every SIGTERM, and the status is 143. */
    @Test
    @Timeout(300)
    void aSweepStoppedBySigtermAlwaysSaysSoAndExits143() throws Exception {
        Path corpus = Files.writeString(dir.resolve("c.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int trial = 0; trial < 4; trial++) {
            Path sweep = dir.resolve("sweep" + trial);
            Path err = dir.resolve("err" + trial + ".txt");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), UnrollCli.class.getName(), "sweep",
                    "--corpus-file", corpus.toString(), "--hidden-sizes", "8,9", "--num-iterations", "100000000", "--parallel", "2",
                    "--checkpoint-every", "50", "--output-dir", sweep.toString(), "--quiet")
                    .redirectOutput(dir.resolve("out" + trial + ".txt").toFile()).redirectError(err.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!checkpointsIn(sweep)) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "the sweep did not start: " + Files.readString(err));
                Thread.sleep(50);
            }
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String text = Files.readString(err);
            assertTrue(text.contains("unroll: sweep interrupted; run 'unroll sweep --resume " + sweep + "' to continue it"),
                    "trial " + trial + ": " + text);
            assertEquals(143, p.exitValue(), text);
        }
    }

    private static boolean checkpointsIn(Path sweep) throws IOException {
        Path runs = sweep.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(runs)) {
            return files.filter(f -> f.getFileName().toString().equals("checkpoint.npz")).count() == 2;
        }
    }
}
