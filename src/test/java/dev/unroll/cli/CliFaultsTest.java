package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.engine.Checkpoint;
import dev.unroll.engine.RunOutputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's faults found by attacking it as a hostile user would (issue 16), one test or more per item. */
class CliFaultsTest {
    @TempDir
    Path dir;

    Path corpus() throws IOException {
        return Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
    }

    static int samplesIn(Path resultsFile) throws IOException {
        return Files.readString(resultsFile, StandardCharsets.UTF_8).strip().split("\n\n").length;
    }

    /** Item 7: a checkpoint with NaN or infinite weights is refused by sample and by train --resume, naming the array. */
    @Test
    void checkpointsWithNanWeightsAreRefusedNamingTheArray() throws IOException {
        Path corpus = corpus();
        Path ck = dir.resolve("run.npz");
        assertEquals(0, run("train", "--corpus-file", corpus.toString(), "--hidden-size", "8", "--num-iterations", "5",
                "--checkpoint", ck.toString(), "--output-dir", dir.toString(), "--quiet").status());
        Checkpoint cp = Checkpoint.load(ck);
        cp.state().parameters().get(2).data[0] = Double.POSITIVE_INFINITY;
        Checkpoint.save(ck, cp.state(), cp.corpus());
        String line = run("sample", "--checkpoint", ck.toString()).assertOneLineError(2);
        assertEquals("unroll: checkpoint " + ck + " holds infinite values in Why (first at row 0, column 0);"
                + " a run that diverged cannot be loaded", line);
        assertEquals(line, run("train", "--corpus-file", corpus.toString(), "--resume", ck.toString(), "--output-dir",
                dir.toString(), "--quiet").assertOneLineError(2));
    }

    /** Item 6: the temporary files a killed save left are removed when the next run starts, and said so. */
    @Test
    void theNextRunRemovesTheTemporaryFilesOfAKilledSave() throws IOException {
        Path corpus = corpus();
        Path ck = dir.resolve("run.npz");
        Path left = Files.write(dir.resolve(".run.npz.2147483646-k1ll3d.tmp"), new byte[4096]);
        Path mine = Files.write(dir.resolve(".run.npz.backup"), new byte[10]);
        Result r = run("train", "--corpus-file", corpus.toString(), "--hidden-size", "8", "--num-iterations", "5",
                "--checkpoint", ck.toString(), "--output-dir", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("unroll: note: removed 1 temporary file (4,096 bytes) that interrupted saves of " + ck + " left behind"),
                r.err());
        assertTrue(!Files.exists(left));
        assertTrue(Files.exists(mine));
    }

    /** Item 10: every run setting is in the checkpoint, and a resume takes them unless given again. */
    @Test
    void aResumeKeepsTheNumberOfSamplesAndTheIntervalsUnlessGivenAgain() throws IOException {
        Path corpus = corpus();
        Path ck = dir.resolve("run.npz");
        Path first = dir.resolve("first");
        Result r = run("train", "--corpus-file", corpus.toString(), "--hidden-size", "8", "--num-iterations", "40",
                "--num-samples", "2", "--sample-size", "15", "--checkpoint", ck.toString(), "--checkpoint-every", "7",
                "--csv-every", "9", "--output-dir", first.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertEquals(new RunOutputs(9, 7, 2), Checkpoint.load(ck).outputs());

        Path second = dir.resolve("second");
        Result resumed = run("train", "--corpus-file", corpus.toString(), "--resume", ck.toString(), "--num-iterations", "60",
                "--checkpoint", ck.toString(), "--loss-csv", dir.resolve("loss.csv").toString(), "--output-dir", second.toString(), "--quiet");
        assertEquals(0, resumed.status(), resumed.err());
        List<Path> results = TrainCommandTest.resultsIn(second);
        assertEquals(2, samplesIn(results.get(0)), "the resumed run writes the 2 samples asked for at first");
        assertTrue(resumed.out().contains("(2 of 15 characters)"), resumed.out());
        assertTrue(resumed.out().contains("a row every 9 iterations"), resumed.out());
        List<String> csv = Files.readAllLines(dir.resolve("loss.csv"));
        assertEquals("45", csv.get(1).split(",")[0], "the first row after 40 is at the saved --csv-every 9");

        // given again, a setting is taken and stored
        Path third = dir.resolve("third");
        Result changed = run("train", "--corpus-file", corpus.toString(), "--resume", ck.toString(), "--num-iterations", "70",
                "--num-samples", "3", "--checkpoint", ck.toString(), "--output-dir", third.toString(), "--quiet");
        assertEquals(0, changed.status(), changed.err());
        assertEquals(3, samplesIn(TrainCommandTest.resultsIn(third).get(0)));
        assertEquals(new RunOutputs(9, 7, 3), Checkpoint.load(ck).outputs());
    }
}
