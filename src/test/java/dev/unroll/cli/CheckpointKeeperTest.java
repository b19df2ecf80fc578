package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.io.RunOutputs;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Issue 16 item 4: a checkpoint that cannot be written once training runs goes to the workspace, and says so. */
class CheckpointKeeperTest {
    @TempDir
    Path dir;

    @Test
    void aCheckpointThatCannotBeWrittenAnyMoreIsSavedInTheRescueFolder() throws IOException {
        Corpus corpus = Corpus.of("c.txt", TrainCommandTest.TEXT);
        Trainer t = new Trainer(corpus, TrainingConfig.defaults().withHiddenSize(8));
        Path folder = Files.createDirectories(dir.resolve("out"));
        Path target = folder.resolve("run.npz");
        StringWriter err = new StringWriter();
        CheckpointKeeper keeper = new CheckpointKeeper(target, dir.resolve("rescue"), Checkpoint.CorpusInfo.of(corpus),
                RunOutputs.defaults(), new PrintWriter(err, true), t.exportState(), false);
        t.iterate();
        keeper.save(t.exportState());
        assertEquals(1, Checkpoint.load(target).state().iteration());
        // the folder goes away under the run (removed, or a full disk): a file now stands where it was
        Files.delete(target);
        Files.delete(folder);
        Files.writeString(folder, "in the way");
        t.iterate();
        keeper.save(t.exportState());
        Path rescued = dir.resolve("rescue").resolve("run.npz");
        assertEquals(rescued, keeper.target());
        assertEquals(2, Checkpoint.load(rescued).state().iteration());
        assertTrue(err.toString().startsWith("unroll: warning: cannot write checkpoint " + target + ": "), err.toString());
        assertTrue(err.toString().contains("; saved it in " + rescued + " instead, and the run saves there from now on"), err.toString());
        t.iterate();
        keeper.save(t.exportState());
        assertEquals(3, Checkpoint.load(rescued).state().iteration());
        assertEquals(1, err.toString().lines().count(), "said once");
    }
}
