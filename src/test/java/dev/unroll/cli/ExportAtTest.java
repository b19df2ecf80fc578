package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * {@code unroll export --at N}: the pictures that read a checkpoint's weights draw them as of iteration N from the run's
 * history: the same pixels as a checkpoint saved at N, other pixels than at another iteration; an N between kept
 * iterations draws the nearest below and says so in one line; bad values are one line and status 2.
 */
class ExportAtTest {
    @TempDir
    static Path dir;
    static Path corpus;
    /** A run of 300 iterations (history: 100, 200). */
    static Path run300;
    /** The same run stopped at 200. */
    static Path run200;

    @BeforeAll
    static void train() throws IOException {
        corpus = Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        run300 = dir.resolve("run300.npz");
        run200 = dir.resolve("run200.npz");
        for (Path ck : new Path[] {run300, run200}) {
            Result r = run("train", "--corpus-file", corpus.toString(), "--num-iterations", ck == run300 ? "300" : "200",
                    "--hidden-size", "16", "--checkpoint", ck.toString(), "--output-dir", dir.toString(), "--quiet");
            assertEquals(0, r.status(), r.err());
        }
    }

    private static Result export(String what, Path checkpoint, Path out, String... more) {
        String[] base = {"export", "--what", what, "--checkpoint", checkpoint.toString(), "--out", out.toString(), "--scale", "1"};
        String[] probe = what.equals("weights") ? new String[0] : new String[] {"--probe", "the cat sat on the mat"};
        String[] all = new String[base.length + probe.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(probe, 0, all, base.length, probe.length);
        System.arraycopy(more, 0, all, base.length + probe.length, more.length);
        return run(all);
    }

    private static int[] pixels(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static int differing(int[] a, int[] b) {
        if (a.length != b.length) {
            return Math.max(a.length, b.length);
        }
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] != b[i] ? 1 : 0;
        }
        return n;
    }

    @Test
    void eachPictureAtNIsTheCheckpointSavedAtNsAndDiffersFromAnotherIterations() throws IOException {
        for (String what : new String[] {"weights", "hidden", "gradients"}) {
            Path at200 = dir.resolve(what + "-at200.png");
            Path at100 = dir.resolve(what + "-at100.png");
            Path saved200 = dir.resolve(what + "-saved200.png");
            Path latest = dir.resolve(what + "-latest.png");
            for (Result r : new Result[] {export(what, run300, at200, "--at", "200"), export(what, run300, at100, "--at", "100")}) {
                assertEquals(0, r.status(), r.err());
                assertEquals("", r.err(), "an iteration kept exactly: no note");
            }
            assertEquals(0, export(what, run200, saved200).status());
            assertEquals(0, export(what, run300, latest).status());
            assertEquals(0, differing(pixels(saved200), pixels(at200)), what + ": --at 200 draws the weights a checkpoint saved at 200 holds");
            int other = differing(pixels(at200), pixels(at100));
            assertTrue(other > 100, what + ": iterations 100 and 200 differ (" + other + " pixels)");
            assertTrue(differing(pixels(latest), pixels(at200)) > 100, what + ": the newest weights are not those of 200");
        }
    }

    @Test
    void anIterationBetweenKeptOnesDrawsTheNearestBelowAndSaysSo() throws IOException {
        Path at250 = dir.resolve("w-at250.png");
        Path at200 = dir.resolve("w-at200.png");
        Result r = export("weights", run300, at250, "--at", "250");
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("unroll: note: --at 250: drawing the weights of iteration 200, the nearest kept at or below it", r.errLines().get(0));
        assertEquals(0, export("weights", run300, at200, "--at", "200").status());
        assertEquals(0, differing(pixels(at250), pixels(at200)));
        // at or after the checkpoint's own iteration: its own weights, the newest
        Path at900 = dir.resolve("w-at900.png");
        Path latest = dir.resolve("w-latest.png");
        r = export("weights", run300, at900, "--at", "900");
        assertEquals("unroll: note: --at 900: drawing the weights of iteration 300 (the checkpoint's own, its newest)", r.err().strip());
        assertEquals(0, export("weights", run300, latest).status());
        assertEquals(0, differing(pixels(at900), pixels(latest)));
    }

    @Test
    void badValuesOfAtAreOneLineAndWriteNothing() throws IOException {
        Path out = dir.resolve("never.png");
        String line = export("weights", run300, out, "--at", "99").assertOneLineError(2);
        assertEquals("unroll: checkpoint " + run300 + " keeps no weights at or below iteration 99 (its history starts at iteration 100)", line);
        line = export("weights", run300, out, "--at", "-1").assertOneLineError(2);
        assertEquals("unroll: --at must not be negative (got -1)", line);
        line = export("hidden", run300, out, "--at", "two hundred").assertOneLineError(2);
        assertTrue(line.contains("--at") && line.contains("two hundred"), line);
        Path csv = Files.writeString(dir.resolve("loss.csv"), "iteration,loss,smooth_loss,val_loss,iterations_per_second\n");
        line = run("export", "--what", "loss", "--loss-csv", csv.toString(), "--out", out.toString(), "--at", "200").assertOneLineError(2);
        assertTrue(line.contains("--at") && line.contains("not loss"), line);
        Path noHistory = dir.resolve("nohistory.npz");
        assertEquals(0, run("train", "--corpus-file", corpus.toString(), "--num-iterations", "150", "--hidden-size", "16",
                "--checkpoint", noHistory.toString(), "--history-mb", "0", "--output-dir", dir.toString(), "--quiet").status());
        line = export("weights", noHistory, out, "--at", "100").assertOneLineError(2);
        assertEquals("unroll: checkpoint " + noHistory + " keeps no weights at or below iteration 100 (it has no history; its weights"
                + " are of iteration 150)", line);
        assertFalse(Files.exists(out), "nothing was written");
    }
}
