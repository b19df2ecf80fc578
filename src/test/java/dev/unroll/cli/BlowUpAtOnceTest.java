package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.train.TrainerState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Issue 23 item 3: a run that blows up before its first checkpoint keeps its starting state (the
 * README promised it; "no checkpoint was written" was said instead), and the rate it suggests is
 * one that trains from there (a tenth of 1e4 blew up again, and a tenth of that too).
 */
class BlowUpAtOnceTest {
    @TempDir
    Path dir;

    @Test
    void theStartingStateIsKeptAndTheSuggestedRateTrainsFromIt() throws IOException {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        Path ck = dir.resolve("d.npz");
        Result r = run("train", "--corpus-file", corpus.toString(), "--hidden-size", "50", "--learning-rate", "1e4",
                "--num-iterations", "3000", "--checkpoint", ck.toString(), "--output-dir", dir.toString(), "--quiet");
        String line = r.assertOneLineError(3);
        assertTrue(line.contains("; kept the starting state (iteration 0) in " + ck + " (continue from it at a rate that trained for 200"
                + " windows from it: --resume " + ck + " --learning-rate "), line);
        TrainerState start = Checkpoint.load(ck).state();
        assertEquals(0, start.iteration());
        assertEquals(1e4, start.learningRate());
        double rate = Double.parseDouble(line.replaceAll(".* --learning-rate (\\S+)\\)$", "$1"));
        assertTrue(rate < 1e4, line);

        Result again = run("train", "--corpus-file", corpus.toString(), "--resume", ck.toString(), "--learning-rate", String.valueOf(rate),
                "--num-iterations", "600", "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, again.status(), again.err());
        TrainerState trained = Checkpoint.load(ck).state();
        assertEquals(600, trained.iteration());
        assertTrue(trained.smoothLoss() < start.smoothLoss(), "it trains: smooth loss " + trained.smoothLoss() + " from " + start.smoothLoss());
    }

    /** A resumed run that blows up at once leaves the file it resumed as it was, and says what rate trains from it. */
    @Test
    void aResumedRunThatBlowsUpAtOnceLeavesItsCheckpointAndSuggestsARate() throws IOException {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        Path ck = dir.resolve("r.npz");
        assertEquals(0, run("train", "--corpus-file", corpus.toString(), "--hidden-size", "50", "--num-iterations", "100",
                "--checkpoint", ck.toString(), "--output-dir", dir.toString(), "--quiet").status());
        byte[] before = Files.readAllBytes(ck);
        Result r = run("train", "--corpus-file", corpus.toString(), "--resume", ck.toString(), "--learning-rate", "1e4",
                "--num-iterations", "3000", "--output-dir", dir.toString(), "--quiet");
        String line = r.assertOneLineError(3);
        assertTrue(line.contains("; left the checkpoint it resumed, " + ck + ", as it was (continue from it at a rate that trained for 200"
                + " windows from it: --resume " + ck + " --learning-rate "), line);
        assertTrue(Arrays.equals(before, Files.readAllBytes(ck)));
    }
}
