package dev.unroll.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue 23 (smaller): a temporary file whose name carries the id of a live process that is not its
 * writer (ids are reused soon in containers) is stale at once; it stayed for up to an hour.
 */
class StaleTemporariesTest {
    @TempDir
    Path dir;

    @Test
    void aLiveProcessIdOfAnotherProcessDoesNotKeepALeftoverAlive() throws IOException {
        Path target = dir.resolve("run.npz");
        // a process that stays alive while the test looks
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long pid = sleeper.pid();
            long started = Checkpoint.startSeconds(sleeper.toHandle());
            Assumptions.assumeTrue(started > 0, "the system tells when a process started");
            // written by an earlier process that had the sleeper's id: it started an hour before
            Path reused = Files.write(dir.resolve(".run.npz." + pid + "-" + Long.toString(started - 3600, 36) + "-k1ll3d.tmp"), new byte[64]);
            // written by the sleeper itself: a save in progress
            Path live = Files.write(dir.resolve(".run.npz." + pid + "-" + Long.toString(started, 36) + "-s4v1ng.tmp"), new byte[64]);
            // an earlier run of this very process id (a container's pid 1, say)
            long self = Checkpoint.startSeconds(ProcessHandle.current());
            Path mine = Files.write(dir.resolve(".run.npz." + ProcessHandle.current().pid() + "-" + Long.toString(self - 7200, 36)
                    + "-0ld.tmp"), new byte[64]);
            Checkpoint.Removed removed = Checkpoint.removeStaleTemporaries(target);
            assertEquals(List.of(mine, reused).stream().sorted().toList(), removed.files().stream().sorted().toList());
            assertTrue(Files.exists(live), "the live writer's save stays");
        } finally {
            sleeper.destroy();
        }
    }

    /** The names saves use now carry the writer's start time, and a save leaves none behind. */
    @Test
    void aSaveNamesItsTemporaryWithItsProcessAndStartTime() {
        String name = Checkpoint.temporaryName(dir.resolve("run.npz"));
        ProcessHandle self = ProcessHandle.current();
        assertTrue(name.startsWith(".run.npz." + self.pid() + "-" + Long.toString(Checkpoint.startSeconds(self), 36) + "-"), name);
        assertTrue(name.endsWith(".tmp"), name);
    }
}
