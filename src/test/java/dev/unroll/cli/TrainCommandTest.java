package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.train.TrainerState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

class TrainCommandTest {
    /** No newline in the text, so samples separated by blank lines can be told apart. */
    static final String TEXT = "the cat sat on the mat; ce frumoasă e luna. hello world, hello rnn. ".repeat(60);

    @TempDir
    Path dir;

    Path corpus() throws IOException {
        return Files.writeString(dir.resolve("corpus.txt"), TEXT, StandardCharsets.UTF_8);
    }

    static List<Path> resultsIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
    }

    /** The command that wrote the released fixture writes the same rows again: same cells, speeds aside. */
    @Test
    void theLossLogKeepsTheReleasedFormat() throws IOException {
        Path corpus = Path.of("src/test/resources/checkpoints/format1-corpus.txt");
        assumeTrue(Files.exists(corpus), "run from the project folder");
        Result r = run("train", "--corpus-file", corpus.toString(), "--hidden-size", "8", "--sequence-length", "10",
                "--num-iterations", "330", "--val-fraction", "0.1", "--eval-every", "100", "--csv-every", "50", "--seed", "1",
                "--loss-csv", dir.resolve("loss.csv").toString(), "--output-dir", dir.toString(), "--num-samples", "1", "--quiet");
        assertEquals(0, r.status(), r.err());
        List<String> released;
        try (var in = TrainCommandTest.class.getResourceAsStream("/losscsv/train-2026-11.csv")) {
            released = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> written = Files.readAllLines(dir.resolve("loss.csv"));
        assertEquals(released.get(0), written.get(0));
        assertEquals(released.size(), written.size(), String.join("\n", written));
        for (int i = 1; i < written.size(); i++) {
            String[] want = released.get(i).split(",", -1);
            String[] got = written.get(i).split(",", -1);
            assertEquals(5, got.length, written.get(i));
            assertEquals(want[0], got[0], "iteration");
            for (int c = 1; c <= 3; c++) {
                assertEquals(want[c].isEmpty(), got[c].isEmpty(), "row " + i + ", cell " + c + ": " + written.get(i));
                if (!got[c].isEmpty()) {
                    double w = Double.parseDouble(want[c]);
                    assertEquals(Double.toString(Double.parseDouble(got[c])), got[c], "written as Double.toString");
                    assertEquals(w, Double.parseDouble(got[c]), 1e-9 * Math.abs(w), "row " + i + ", cell " + c);
                }
            }
            assertTrue(got[4].matches("\\d+\\.\\d"), "speed with one decimal: " + written.get(i));
        }
    }

    @Test
    void trainWritesTheResultsFileTheLossLogAndTheCheckpoint() throws IOException {
        Path corpus = corpus();
        Path out = dir.resolve("out");
        Result r = run("train", "--corpus-file", corpus.toString(), "--num-iterations", "300", "--hidden-size", "16",
                "--sequence-length", "10", "--num-samples", "3", "--sample-size", "40", "--learning-rate", "0.01",
                "--checkpoint", dir.resolve("ck.npz").toString(), "--checkpoint-every", "100",
                "--loss-csv", dir.resolve("loss.csv").toString(), "--csv-every", "50", "--output-dir", out.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<Path> results = resultsIn(out);
        assertEquals(1, results.size());
        String name = results.get(0).getFileName().toString();
        assertTrue(name.matches("ni300-hs16-is10-lr0\\.01-\\d{4}-\\d{2}-\\d{2}-\\d{4}\\.txt"), name);
        String content = Files.readString(results.get(0), StandardCharsets.UTF_8);
        String[] samples = content.strip().split("\n\n");
        assertEquals(3, samples.length, content);
        for (String s : samples) {
            assertEquals(40, s.codePointCount(0, s.length()), s);
        }

        List<String> csv = Files.readAllLines(dir.resolve("loss.csv"));
        assertEquals("iteration,loss,smooth_loss,val_loss,iterations_per_second", csv.get(0));
        assertEquals(7, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(1).startsWith("50,"));
        assertTrue(csv.get(6).startsWith("300,"));
        for (String row : csv.subList(1, csv.size())) {
            assertEquals(5, row.split(",", -1).length, row);
        }

        Checkpoint cp = Checkpoint.load(dir.resolve("ck.npz"));
        assertEquals(300, cp.state().iteration());
        assertEquals("corpus.txt", cp.corpus().name());

        assertTrue(r.out().contains("smooth loss, sum over a 10-character window"), r.out());
        assertTrue(r.out().contains("mean per character"), r.out());
        assertTrue(r.out().contains("bits per character"), r.out());
        assertTrue(r.out().contains(results.get(0).toString()), r.out());
    }

    @Test
    void theLossLogTakesARowEveryCsvEveryIterationsAndTheLast() throws IOException {
        Path corpus = corpus();
        Result r = run("train", "--corpus-file", corpus.toString(), "--num-iterations", "130", "--hidden-size", "8",
                "--val-fraction", "0.2", "--eval-every", "20",
                "--loss-csv", dir.resolve("loss.csv").toString(), "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        List<String> csv = Files.readAllLines(dir.resolve("loss.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv)); // header, 100 (default --csv-every), 130
        assertTrue(csv.get(2).startsWith("130,"));
        assertTrue(!csv.get(2).split(",", -1)[3].isEmpty(), "validation loss present: " + csv.get(2));
        assertTrue(r.out().contains("validation loss"), r.out());
    }

    @Test
    void resumingContinuesBitForBit() throws IOException {
        Path corpus = corpus();
        String[] common = {"train", "--corpus-file", corpus.toString(), "--hidden-size", "12", "--sequence-length", "10",
                "--sample-frequency", "30", "--sample-size", "30", "--num-samples", "4", "--seed", "9", "--quiet"};
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Result whole = run(concat(common, "--num-iterations", "240", "--checkpoint", a.resolve("a.npz").toString(),
                "--output-dir", a.toString(), "--loss-csv", a.resolve("loss.csv").toString(), "--csv-every", "40"));
        assertEquals(0, whole.status(), whole.err());
        Result half = run(concat(common, "--num-iterations", "120", "--checkpoint", b.resolve("b.npz").toString(),
                "--output-dir", b.toString(), "--loss-csv", b.resolve("loss.csv").toString(), "--csv-every", "40"));
        assertEquals(0, half.status(), half.err());
        // a run that went past its checkpoint before being stopped: the log rows after it are dropped on resume
        Files.writeString(b.resolve("loss.csv"), "160,1,1,,1\n", StandardOpenOption.APPEND);
        Files.delete(resultsIn(b).get(0));
        Result rest = run("train", "--corpus-file", corpus.toString(), "--resume", b.resolve("b.npz").toString(),
                "--num-iterations", "240", "--checkpoint", b.resolve("b.npz").toString(), "--output-dir", b.toString(),
                "--loss-csv", b.resolve("loss.csv").toString(), "--csv-every", "40", "--num-samples", "4", "--quiet");
        assertEquals(0, rest.status(), rest.err());

        TrainerState sa = Checkpoint.load(a.resolve("a.npz")).state();
        TrainerState sb = Checkpoint.load(b.resolve("b.npz")).state();
        assertEquals(240, sb.iteration());
        for (int i = 0; i < sa.parameters().size(); i++) {
            Tensor x = sa.parameters().get(i);
            assertArrayEquals(x.data, sb.parameters().get(i).data, x.name);
            assertArrayEquals(sa.memory().get(i).data, sb.memory().get(i).data, "m" + x.name);
        }
        assertArrayEquals(sa.hidden(), sb.hidden());
        assertEquals(sa.smoothLoss(), sb.smoothLoss());
        assertEquals(sa.rngState(), sb.rngState());
        assertEquals(sa.samples(), sb.samples());
        assertEquals(Files.readString(resultsIn(a).get(0)), Files.readString(resultsIn(b).get(0)));
        List<String> la = Files.readAllLines(a.resolve("loss.csv"));
        List<String> lb = Files.readAllLines(b.resolve("loss.csv"));
        assertEquals(la.size(), lb.size(), String.join("\n", lb));
        for (int i = 0; i < la.size(); i++) {
            String[] x = la.get(i).split(",", -1);
            String[] y = lb.get(i).split(",", -1);
            assertEquals(x[0] + x[1] + x[2] + x[3], y[0] + y[1] + y[2] + y[3]); // all but the speed
        }
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void resumingWithAnotherHiddenSizeIsRefused() throws IOException {
        Path corpus = corpus();
        Path ck = dir.resolve("ck.npz");
        assertEquals(0, run("train", "--corpus-file", corpus.toString(), "--num-iterations", "20", "--hidden-size", "8",
                "--checkpoint", ck.toString(), "--output-dir", dir.toString(), "--quiet").status());
        String line = run("train", "--corpus-file", corpus.toString(), "--resume", ck.toString(), "--hidden-size", "9",
                "--output-dir", dir.toString(), "--quiet").assertOneLineError(2);
        assertTrue(line.contains("--hidden-size 9 differs from the resumed checkpoint's 8"), line);
    }

    @Test
    void aDivergingRunStopsWithStatus3AndKeepsTheLastFiniteCheckpoint() throws IOException {
        Path corpus = corpus();
        Path ck = dir.resolve("ck.npz");
        Result r = run("train", "--corpus-file", corpus.toString(), "--num-iterations", "1000", "--hidden-size", "10",
                "--learning-rate", "1e6", "--checkpoint", ck.toString(), "--checkpoint-every", "1",
                "--loss-csv", dir.resolve("loss.csv").toString(), "--output-dir", dir.toString(), "--quiet");
        String line = r.assertOneLineError(3);
        assertTrue(line.matches("unroll: the loss became (NaN|infinite) at iteration \\d+ .*try a lower learning rate.*"), line);
        int diverged = Integer.parseInt(line.replaceAll(".* at iteration (\\d+) .*", "$1"));
        // the kept checkpoint is one from before the blow-up (issue 16 item 5), at most the last finite one
        int kept = Integer.parseInt(line.replaceAll(".*kept the checkpoint of iteration (\\d+) .*", "$1"));
        assertTrue(kept <= diverged - 1, line);
        TrainerState s = Checkpoint.load(ck).state();
        assertEquals(kept, s.iteration());
        for (Tensor t : s.parameters()) {
            for (double v : t.data) {
                assertTrue(Double.isFinite(v), t.name + " holds " + v);
            }
        }
        assertTrue(Double.isFinite(s.smoothLoss()));
        assertEquals(List.of(), resultsIn(dir).stream().filter(f -> f.getFileName().toString().startsWith("ni")).toList());
    }

    @Test
    void trainsOnTinyShakespeareWhenItIsThere() throws IOException {
        Path shared = Path.of(System.getProperty("unroll.shared.dir", "../shared"));
        Path tiny = shared.resolve("corpora/tinyshakespeare.txt");
        assumeTrue(Files.isRegularFile(tiny), "tinyshakespeare.txt is not in ../shared/corpora");
        Result r = run("train", "--corpus-file", tiny.toString(), "--num-iterations", "60", "--hidden-size", "20",
                "--num-samples", "2", "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("tinyshakespeare.txt"), r.out());
        assertEquals(1, resultsIn(dir).size());
    }

    /** Issue 23: resuming on a text with the checkpoint's characters but too short is one line, without a warning before it. */
    @Test
    void resumingOnATooShortTextIsOneLine() throws IOException {
        Path ck = dir.resolve("short-run.npz");
        Result first = run("train", "--corpus-file", corpus().toString(), "--sequence-length", "40", "--num-iterations", "20",
                "--hidden-size", "8", "--checkpoint", ck.toString(), "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, first.status(), first.err());
        String chars = TEXT.codePoints().distinct().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        Path shortText = Files.writeString(dir.resolve("short.txt"), chars, StandardCharsets.UTF_8);
        Result r = run("train", "--corpus-file", shortText.toString(), "--resume", ck.toString(), "--num-iterations", "40",
                "--output-dir", dir.toString(), "--quiet");
        assertEquals("unroll: cannot resume from checkpoint " + ck + ": short.txt is too short: " + chars.codePointCount(0, chars.length())
                + " training characters, but a window of sequence length 40 needs at least 41", r.assertOneLineError(2));
    }
}
