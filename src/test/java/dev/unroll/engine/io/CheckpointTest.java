package dev.unroll.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Sampler;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

public class CheckpointTest {
    public static final String TEXT = "Ce frumoasă e luna, ce dulce e vântul; hello world, hello rnn.\n".repeat(40);

    @TempDir
    Path dir;

    public static TrainingConfig config() {
        return TrainingConfig.defaults().withHiddenSize(12).withSequenceLength(10).withIterations(1000)
                .withSampleEvery(13).withSampleLength(30).withValFraction(0.1).withEvalEvery(17).withSeed(5);
    }

    public static void assertSameBits(List<Tensor> a, List<Tensor> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).name, b.get(i).name);
            assertArrayEquals(a.get(i).data, b.get(i).data, "tensor " + a.get(i).name);
        }
    }

    @Test
    void trainingNSavingLoadingAndTrainingNMoreEqualsTraining2N() {
        Corpus corpus = Corpus.of("song.txt", TEXT);
        int n = 150;
        Trainer straight = new Trainer(corpus, config());
        for (int i = 0; i < 2 * n; i++) {
            straight.iterate();
        }
        Trainer first = new Trainer(corpus, config());
        for (int i = 0; i < n; i++) {
            first.iterate();
        }
        Path file = dir.resolve("half.npz");
        Checkpoint.save(file, first);
        Checkpoint loaded = Checkpoint.load(file);
        Trainer resumed = loaded.resume(corpus);
        assertEquals(n, resumed.iteration());
        for (int i = 0; i < n; i++) {
            resumed.iterate();
        }
        TrainerState a = straight.exportState();
        TrainerState b = resumed.exportState();
        assertSameBits(a.parameters(), b.parameters());
        assertSameBits(a.memory(), b.memory());
        assertArrayEquals(a.hidden(), b.hidden());
        assertEquals(a.pointer(), b.pointer());
        assertEquals(a.iteration(), b.iteration());
        assertEquals(Double.doubleToLongBits(a.smoothLoss()), Double.doubleToLongBits(b.smoothLoss()));
        assertEquals(Double.doubleToLongBits(a.valLoss()), Double.doubleToLongBits(b.valLoss()));
        assertEquals(a.rngState(), b.rngState());
        // the samples drawn after the resume (and those carried in the checkpoint) are the same
        assertEquals(a.samples(), b.samples());
        assertTrue(a.samples().stream().anyMatch(s -> s.iteration() > n));
        assertEquals(straight.sample(50, 0.8, 3), resumed.sample(50, 0.8, 3));
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        Corpus corpus = Corpus.of("song.txt", TEXT);
        Trainer fresh = new Trainer(corpus, config());
        Path file = dir.resolve("fresh.npz");
        Checkpoint.save(file, fresh);
        TrainerState before = fresh.exportState();
        Checkpoint cp = Checkpoint.load(file);
        TrainerState after = cp.state();
        assertEquals(before.config(), after.config());
        assertEquals(before.vocabulary(), after.vocabulary());
        assertTrue(Double.isNaN(after.lastLoss()));
        assertTrue(Double.isNaN(after.valLoss()));
        assertEquals(Checkpoint.FORMAT_VERSION, cp.formatVersion());
        assertEquals("song.txt", cp.corpus().name());
        assertEquals(Checkpoint.sha256(TEXT), cp.corpus().sha256());
        assertTrue(cp.sameCorpus(corpus));

        fresh.setLearningRate(0.05);
        fresh.setTemperature(0.7);
        for (int i = 0; i < 40; i++) {
            fresh.iterate();
        }
        Checkpoint.save(file, fresh);
        before = fresh.exportState();
        after = Checkpoint.load(file).state();
        assertEquals(before.learningRate(), after.learningRate());
        assertEquals(before.temperature(), after.temperature());
        assertEquals(before.lastLoss(), after.lastLoss());
        assertEquals(before.valLoss(), after.valLoss());
        assertEquals(before.elapsedNanos(), after.elapsedNanos());
        assertEquals(before.samples(), after.samples());
        assertEquals(before.optimizer(), after.optimizer());
        assertEquals(before.rngState(), after.rngState());
    }

    @Test
    void aModelLoadsWithoutACorpusAndGeneratesLikeTheTrainer() {
        Corpus corpus = Corpus.of("song.txt", TEXT);
        Trainer t = new Trainer(corpus, config());
        for (int i = 0; i < 60; i++) {
            t.iterate();
        }
        Path file = dir.resolve("m.npz");
        Checkpoint.save(file, t);
        ModelSnapshot m = Checkpoint.loadModel(file);
        assertEquals(60, m.iteration());
        assertEquals(corpus.vocabulary(), m.vocabulary());
        assertSameBits(t.modelSnapshot().parameters(), m.parameters());
        double[] h = new double[m.hiddenSize()];
        int[] a = Sampler.generate(m.newModel(), h, 0, 40, 1.0, Sampler.Mode.SAMPLE, 0, new Rng(9));
        int[] b = Sampler.generate(t.modelSnapshot().newModel(), new double[m.hiddenSize()], 0, 40, 1.0, Sampler.Mode.SAMPLE, 0, new Rng(9));
        assertArrayEquals(a, b);
    }

    @Test
    void savingReplacesTheOldFileAndLeavesNoTemporaryFiles() throws IOException {
        Corpus corpus = Corpus.of("song.txt", TEXT);
        Trainer t = new Trainer(corpus, config());
        Path file = dir.resolve("run.npz");
        Checkpoint.save(file, t);
        // a crash mid-save leaves at most a partial temporary file beside an intact checkpoint
        Files.write(dir.resolve(".run.npz.123.tmp"), Arrays.copyOf(Files.readAllBytes(file), 100));
        assertEquals(0, Checkpoint.load(file).state().iteration());
        Files.delete(dir.resolve(".run.npz.123.tmp"));
        for (int i = 0; i < 5; i++) {
            t.iterate();
        }
        Checkpoint.save(file, t);
        assertEquals(5, Checkpoint.load(file).state().iteration());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    // ---- bad input ----

    private Path saved() {
        Corpus corpus = Corpus.of("song.txt", TEXT);
        Trainer t = new Trainer(corpus, config());
        for (int i = 0; i < 3; i++) {
            t.iterate();
        }
        Path file = dir.resolve("ok.npz");
        Checkpoint.save(file, t);
        return file;
    }

    private static String loadError(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.load(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    public static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    public static Path rewrite(Path from, Path to, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> es = change.apply(entries(from));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : es.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.write(to, bytes.toByteArray());
        return to;
    }

    public static String metadata(Map<String, byte[]> es) {
        return new String(es.get("metadata.json"), StandardCharsets.UTF_8);
    }

    @Test
    void missingEmptyAndNonZipFilesAreRefusedClearly() throws IOException {
        assertTrue(loadError(dir.resolve("nope.npz")).contains("not found"));
        Path empty = Files.createFile(dir.resolve("empty.npz"));
        assertTrue(loadError(empty).contains("corrupt or truncated"), loadError(empty));
        Path text = Files.writeString(dir.resolve("text.npz"), "just some text, not a zip");
        assertTrue(loadError(text).contains("corrupt or truncated"));
        assertTrue(loadError(dir).contains("folder"));
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path ok = saved();
        byte[] all = Files.readAllBytes(ok);
        for (int cut : new int[] {all.length / 3, all.length / 2, all.length - 30}) {
            Path bad = Files.write(dir.resolve("cut.npz"), Arrays.copyOf(all, cut));
            String m = loadError(bad);
            assertTrue(m.contains("corrupt") || m.contains("truncated"), m);
        }
    }

    @Test
    void aCorruptedArrayIsRefusedByItsChecksum() throws IOException {
        Path ok = saved();
        byte[] all = Files.readAllBytes(ok);
        // flip a byte in the middle of the Whh data (stored uncompressed)
        int at = indexOf(all, "Whh.npy".getBytes(StandardCharsets.US_ASCII)) + 300;
        all[at] ^= 0x55;
        Path bad = Files.write(dir.resolve("flip.npz"), all);
        assertTrue(loadError(bad).contains("checksum"), loadError(bad));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void missingEntriesAreNamed() throws IOException {
        Path ok = saved();
        Path noWhy = rewrite(ok, dir.resolve("a.npz"), es -> {
            es.remove("Why.npy");
            return es;
        });
        assertTrue(loadError(noWhy).contains("Why.npy is missing"), loadError(noWhy));
        Path noMeta = rewrite(ok, dir.resolve("b.npz"), es -> {
            es.remove("metadata.json");
            return es;
        });
        assertTrue(loadError(noMeta).contains("metadata.json is missing"));
        Path noKey = rewrite(ok, dir.resolve("c.npz"), es -> {
            es.put("metadata.json", metadata(es).replace("\"rng_state\"", "\"rng_gone\"").getBytes(StandardCharsets.UTF_8));
            return es;
        });
        assertTrue(loadError(noKey).contains("lacks the key rng_state"), loadError(noKey));
        Path badJson = rewrite(ok, dir.resolve("d.npz"), es -> {
            es.put("metadata.json", metadata(es).substring(0, 100).getBytes(StandardCharsets.UTF_8));
            return es;
        });
        assertTrue(loadError(badJson).contains("corrupt metadata.json"), loadError(badJson));
    }

    @Test
    void wrongShapesAreRefused() throws IOException {
        Path ok = saved();
        Path bad = rewrite(ok, dir.resolve("shape.npz"), es -> {
            es.put("Wxh.npy", Npy.write(new Tensor("Wxh", 12, 3)));
            return es;
        });
        String m = loadError(bad);
        assertTrue(m.contains("wrong shape for Wxh: 12x3"), m);
        Path badHidden = rewrite(ok, dir.resolve("hshape.npz"), es -> {
            es.put("hprev.npy", Npy.write(new Tensor("hprev", 7, 1)));
            return es;
        });
        assertTrue(loadError(badHidden).contains("wrong shape for hprev"));
        Path notNpy = rewrite(ok, dir.resolve("notnpy.npz"), es -> {
            es.put("by.npy", "hello".getBytes(StandardCharsets.US_ASCII));
            return es;
        });
        assertTrue(loadError(notNpy).contains("by.npy"), loadError(notNpy));
    }

    @Test
    void aNewerFormatIsRefusedWithItsVersion() throws IOException {
        Path ok = saved();
        Path newer = rewrite(ok, dir.resolve("v2.npz"), es -> {
            es.put("metadata.json", metadata(es).replace("\"format_version\": " + Checkpoint.FORMAT_VERSION, "\"format_version\": 7").getBytes(StandardCharsets.UTF_8));
            return es;
        });
        assertEquals("checkpoint " + newer + " was written by a newer Unroll: format 7, this version reads up to " + Checkpoint.NEWEST_FORMAT_VERSION, loadError(newer));
    }

    @Test
    void nanOrInfiniteWeightsAreRefusedNamingTheArray() throws IOException {
        Path ok = saved();
        TrainerState s = Checkpoint.load(ok).state();
        Tensor whh = s.parameters().get(1).copy();
        whh.data[13] = Double.NaN;
        Path nan = rewrite(ok, dir.resolve("nan.npz"), es -> {
            es.put("Whh.npy", Npy.write(whh));
            return es;
        });
        assertEquals("checkpoint " + nan + " holds NaN values in Whh (first at row 1, column 1); a run that diverged cannot be loaded",
                loadError(nan));
        Tensor mby = s.memory().get(4).copy();
        mby.data[2] = Double.NEGATIVE_INFINITY;
        Path inf = rewrite(ok, dir.resolve("inf.npz"), es -> {
            es.put("mby.npy", Npy.write(mby));
            return es;
        });
        assertTrue(loadError(inf).contains("holds infinite values in mby"), loadError(inf));
    }

    @Test
    void staleTemporaryFilesOfKilledSavesAreRemovedByTheNextSave() throws IOException {
        Path file = saved();
        // a process that no longer runs (pid far beyond pid_max), an old-style name older than an hour, a live save of
        // this very process, another checkpoint's temporary, a file of the user's that looks alike
        Path dead = Files.write(dir.resolve(".ok.npz.2147483646-1x2y3z.tmp"), new byte[1000]);
        Path old = Files.write(dir.resolve(".ok.npz.abc123.tmp"), new byte[500]);
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L));
        Path fresh = Files.write(dir.resolve(".ok.npz.def456.tmp"), new byte[10]);
        Path live = Files.write(dir.resolve(".ok.npz." + ProcessHandle.current().pid() + "-q.tmp"), new byte[10]);
        Path other = Files.write(dir.resolve(".other.npz.2147483646-1x2y3z.tmp"), new byte[10]);
        Path mine = Files.write(dir.resolve(".ok.npz.notes.tmp.txt"), new byte[10]);
        Checkpoint.Removed removed = Checkpoint.removeStaleTemporaries(file);
        assertEquals(Set.of(dead, old), Set.copyOf(removed.files()));
        assertEquals(1500, removed.bytes());
        for (Path p : List.of(fresh, live, other, mine, file)) {
            assertTrue(Files.exists(p), p.toString());
        }
        // the next save cleans up by itself
        Path dead2 = Files.write(dir.resolve(".ok.npz.2147483645-zz.tmp"), new byte[10]);
        Checkpoint.save(file, Checkpoint.load(file).state(), Checkpoint.load(file).corpus());
        assertFalse(Files.exists(dead2));
        // the temporaries this version writes carry its process id and start time (issue 23: ids are reused)
        assertTrue(Checkpoint.temporaryName(file).matches("\\.ok\\.npz\\." + ProcessHandle.current().pid() + "-[0-9a-z]+-[0-9a-z]+\\.tmp"));
    }

    @Test
    void anotherVocabularyIsRefusedOnResume() {
        Path ok = saved();
        Checkpoint cp = Checkpoint.load(ok);
        Corpus other = Corpus.of("other.txt", "completely different text with qxz".repeat(10));
        BadInputException e = assertThrows(BadInputException.class, () -> cp.requireVocabularyOf(other, "checkpoint ok.npz"));
        assertTrue(e.getMessage().startsWith("checkpoint ok.npz was trained on another vocabulary"), e.getMessage());
        assertTrue(e.getMessage().contains("'q'"), e.getMessage());
        assertThrows(BadInputException.class, () -> cp.resume(other));
    }
}
