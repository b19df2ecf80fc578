package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * {@code unroll export}: each picture from a run's files, PNG at twice the screen's resolution and
 * SVG; bad input (a missing input, an output that is an input, a format at odds with the file name,
 * a bad scale) ends with status 2 and one line, and writes nothing.
 */
class ExportCommandTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path checkpoint;
    static Path lossCsv;

    @BeforeAll
    static void train() throws IOException {
        corpus = Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        checkpoint = dir.resolve("ck.npz");
        lossCsv = dir.resolve("loss.csv");
        Result r = run("train", "--corpus-file", corpus.toString(), "--num-iterations", "300", "--hidden-size", "16",
                "--checkpoint", checkpoint.toString(), "--loss-csv", lossCsv.toString(), "--csv-every", "10",
                "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
    }

    private static Result export(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "export";
        System.arraycopy(args, 0, all, 1, args.length);
        return run(all);
    }

    private static Path ok(Result r, Path out) {
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("wrote " + out), r.out());
        assertTrue(Files.isRegularFile(out), out + " written");
        return out;
    }

    private static Document svg(Path file) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        return dbf.newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void theLossCurveAsPngAtTwiceTheChartsSize() throws Exception {
        Path out = dir.resolve("loss.png");
        ok(export("--what", "loss", "--loss-csv", lossCsv.toString(), "--out", out.toString(), "--width", "640", "--height", "400"), out);
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(1280, img.getWidth());
        assertEquals(800, img.getHeight());
    }

    @Test
    void theLossCurveAsSvgInBitsPerCharacterWithTheCheckpointsT() throws Exception {
        Path out = dir.resolve("loss-bpc.svg");
        ok(export("--what", "loss", "--loss-csv", lossCsv.toString(), "--checkpoint", checkpoint.toString(), "--unit", "bpc",
                "--log", "--out", out.toString()), out);
        Document doc = svg(out);
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals(800, Double.parseDouble(doc.getDocumentElement().getAttribute("width").replace("px", "")));
        assertTrue(doc.getDocumentElement().getTextContent().contains("Smooth loss"));
        assertTrue(doc.getDocumentElement().getTextContent().contains("T = 25"), "the note names the run's settings");
    }

    @Test
    void theHiddenStateOfAProbeHasACellPerUnitAndCharacter() throws Exception {
        Path out = dir.resolve("hidden.svg");
        ok(export("--what", "hidden", "--checkpoint", checkpoint.toString(), "--probe", "the cat s", "--order", "clustering",
                "--out", out.toString()), out);
        Document doc = svg(out);
        assertTrue(doc.getElementsByTagNameNS("*", "rect").getLength() >= 16 * 9, "a rectangle per cell");
        assertTrue(doc.getDocumentElement().getTextContent().contains("rows by clustering"));
        Path png = dir.resolve("hidden.png");
        ok(export("--what", "hidden", "--checkpoint", checkpoint.toString(), "--probe-file", corpus.toString(),
                "--probe-length", "30", "--out", png.toString(), "--scale", "1"), png);
    }

    @Test
    void gradientNormsAndWeights() throws Exception {
        Path g = dir.resolve("grad.svg");
        ok(export("--what", "gradients", "--checkpoint", checkpoint.toString(), "--probe", "the cat sat on the mat",
                "--out", g.toString(), "--style", "dark"), g);
        assertTrue(svg(g).getDocumentElement().getTextContent().contains("time step t"));
        Path w = dir.resolve("weights");
        Result r = export("--what", "weights", "--checkpoint", checkpoint.toString(), "--out", w.toString(), "--style", "presentation");
        ok(r, w);
        assertTrue(r.out().contains("PNG"), "no extension: a PNG");
        assertEquals(0x89, Files.readAllBytes(w)[0] & 0xff, "the PNG signature");
    }

    @Test
    void anOutputThatIsAnInputIsRefusedAndTheInputKept() throws IOException {
        String before = Files.readString(lossCsv);
        String line = export("--what", "loss", "--loss-csv", lossCsv.toString(), "--out", lossCsv.toString(), "--format", "png")
                .assertOneLineError(2);
        assertTrue(line.contains("--out") && line.contains("same file"), line);
        assertEquals(before, Files.readString(lossCsv));
        line = export("--what", "hidden", "--checkpoint", checkpoint.toString(), "--probe-file", corpus.toString(),
                "--out", corpus.toString(), "--format", "svg").assertOneLineError(2);
        assertTrue(line.contains("--probe-file"), line);
        line = export("--what", "weights", "--checkpoint", checkpoint.toString(), "--out", dir.resolve("./ck.npz").toString(),
                "--format", "svg").assertOneLineError(2);
        assertTrue(line.contains("--checkpoint"), line);
    }

    @Test
    void badInputIsOneLineAndStatusTwo() {
        Path out = dir.resolve("never.png");
        String[][] cases = {
                {"--what", "loss", "--out", out.toString()},
                {"--what", "loss", "--loss-csv", dir.resolve("missing.csv").toString(), "--out", out.toString()},
                {"--what", "loss", "--loss-csv", corpus.toString(), "--out", out.toString()},
                {"--what", "loss", "--loss-csv", lossCsv.toString(), "--unit", "bpc", "--out", out.toString()},
                {"--what", "loss", "--loss-csv", lossCsv.toString(), "--unit", "furlongs", "--out", out.toString()},
                {"--what", "hidden", "--checkpoint", checkpoint.toString(), "--out", out.toString()},
                {"--what", "hidden", "--checkpoint", checkpoint.toString(), "--probe", "\u4e2d\u6587", "--out", out.toString()},
                {"--what", "weights", "--out", out.toString()},
                {"--what", "weights", "--checkpoint", dir.resolve("none.npz").toString(), "--out", out.toString()},
                {"--what", "weights", "--checkpoint", corpus.toString(), "--out", out.toString()},
                {"--what", "weights", "--checkpoint", checkpoint.toString(), "--out", out.toString(), "--format", "svg"},
                {"--what", "weights", "--checkpoint", checkpoint.toString(), "--out", out.toString(), "--scale", "0"},
                {"--what", "weights", "--checkpoint", checkpoint.toString(), "--out", out.toString(), "--scale", "9"},
                {"--what", "weights", "--checkpoint", checkpoint.toString(), "--out", out.toString(), "--style", "neon"},
                {"--what", "weights", "--checkpoint", checkpoint.toString(), "--out", dir.toString()},
                {"--what", "pie", "--out", out.toString()},
                {"--what", "loss"},
        };
        for (String[] c : cases) {
            export(c).assertOneLineError(2);
        }
        assertFalse(Files.exists(out), "nothing was written");
    }

    @Test
    void helpListsThePicturesAndTheExitStatuses() {
        Result r = run("export", "--help");
        assertEquals(0, r.status());
        for (String s : new String[] {"loss", "hidden", "gradients", "weights", "--scale", "--format", "Exit status", "bad input"}) {
            assertTrue(r.out().contains(s), "help mentions " + s + ":\n" + r.out());
        }
        assertTrue(run("--help").out().contains("export"), "the top-level help lists export");
    }

    /** Issue 23 item 6: a picture is made to be shared: it gets the permissions any new file gets (the umask's), not 0600. */
    @Test
    void anExportedPictureHonoursTheUmask() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("any-new-file.txt"));
        for (String name : new String[] {"shared.png", "shared.svg"}) {
            Path out = dir.resolve(name);
            ok(export("--what", "weights", "--checkpoint", checkpoint.toString(), "--out", out.toString()), out);
            assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(out)), name);
        }
    }

    /** Issue 23 item 7: --probe refuses characters the model does not know, as sample --prime does, instead of dropping them. */
    @Test
    void aProbeWithCharactersOutsideTheVocabularyIsRefused() {
        for (String what : new String[] {"hidden", "gradients"}) {
            Path out = dir.resolve("oov-" + what + ".png");
            Result r = export("--what", what, "--checkpoint", checkpoint.toString(), "--probe", "the cat \u00a7\u00a7 sat \ud83d\ude00",
                    "--out", out.toString());
            String line = r.assertOneLineError(2);
            assertTrue(line.startsWith("unroll: the probe has characters that are not in the model's vocabulary: "), line);
            assertTrue(line.contains("\u00a7") && line.contains("\ud83d\ude00"), line);
            assertFalse(Files.exists(out));
        }
    }
}
