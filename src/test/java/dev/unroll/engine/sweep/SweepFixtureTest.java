package dev.unroll.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sweep folders written by earlier versions must keep loading: {@code /sweeps/format1-sweep} was
 * written by {@code unroll sweep} of the release before the settings codec (two runs, hidden 4 and
 * 6, 30 iterations, 2 samples of 20 characters each, a checkpoint every 20 iterations, a CSV row every 10).
 */
class SweepFixtureTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(SweepFixtureTest.class.getResource("/sweeps/" + name).toURI());
    }

    @Test
    void format1SweepFolderLoadsWithItsManifestResultsAndCheckpoints() throws Exception {
        SweepRunner.Saved saved = SweepRunner.read(resource("format1-sweep"), new FileSweepStorage());
        SweepManifest m = saved.manifest();
        assertEquals("sw", m.name());
        assertEquals("corpus.txt", m.corpus().name());
        assertEquals(105, m.corpus().characters());
        assertEquals(List.of(4, 6), m.grid().hiddenSizes());
        assertEquals(List.of(0.1), m.grid().learningRates());
        assertEquals(List.of(5), m.grid().sequenceLengths());
        assertEquals(List.of(3L), m.grid().seeds());
        // the base's settings beside the grid's axes
        TrainingConfig base = m.grid().base();
        assertEquals(TrainingConfig.defaults().withIterations(30).withSampleLength(20).withHiddenSize(base.hiddenSize())
                .withSequenceLength(base.sequenceLength()).withLearningRate(base.learningRate()).withSeed(base.seed()), base);
        assertEquals(new SweepOptions(10, 20, 2), m.options());
        assertEquals(2, saved.results().size());
        for (RunResult r : saved.results()) {
            assertEquals(RunStatus.FINISHED, r.status());
            assertEquals(30, r.iteration());
            Checkpoint cp = Checkpoint.load(saved.folder().runDir(r.spec()).resolve("checkpoint.npz"));
            assertEquals(30, cp.state().iteration());
            assertEquals(r.spec().config(), cp.state().config());
        }
        Corpus corpus = Corpus.load(resource("format1-corpus.txt"));
        assertTrue(m.corpus().matches(corpus));
    }

    @Test
    void format1SweepResumesAndItsManifestIsRewrittenUnchanged(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("sweep");
        Path from = resource("format1-sweep");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, dir.resolve(from.relativize(p).toString()));
            }
        }
        String before = Files.readString(dir.resolve(SweepFolder.MANIFEST), StandardCharsets.UTF_8);
        SweepRunner r = SweepRunner.resume(dir, Corpus.load(resource("format1-corpus.txt")), new FileSweepStorage(), SweepListener.NONE);
        List<RunResult> results = r.run(1);
        assertTrue(results.stream().allMatch(x -> x.status() == RunStatus.FINISHED), results.toString());
        // the codec writes the same keys and values as the release that wrote it (no new keys for the same settings)
        assertEquals(before, Files.readString(dir.resolve(SweepFolder.MANIFEST), StandardCharsets.UTF_8));
    }
}
