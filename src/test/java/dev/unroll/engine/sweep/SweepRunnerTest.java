package dev.unroll.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.ResultsFile;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The sweep runner end to end on a small corpus: the table and files, resume after an
 * interruption, parallel equals sequential, bad input and a disk that fills up.
 */
class SweepRunnerTest {
    static final String TEXT = """
            Pe langa plopii fara sot adesea am trecut;
            Ma cunosteau vecinii toti - tu nu m-ai cunoscut.
            La geamul tau ce stralucea privii atat de des;
            O lume toata-ntelegea - tu nu m-ai inteles.
            """.repeat(6);
    static final Corpus CORPUS = Corpus.of("verses.txt", TEXT);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T15:30:00Z"), ZoneOffset.UTC);

    static SweepManifest manifest(List<Integer> hidden, List<Double> rates, long iterations) {
        TrainingConfig base = TrainingConfig.defaults().withIterations(iterations).withSequenceLength(10)
                .withSampleEvery(100).withSampleLength(40).withValFraction(0.1).withEvalEvery(250);
        SweepGrid grid = new SweepGrid(hidden, rates, List.of(10), List.of(7L), base);
        return new SweepManifest("test sweep", SweepManifest.CorpusRef.of(CORPUS, "memory"), grid,
                new SweepOptions(50, 300, 3));
    }

    static SweepManifest nine() {
        return manifest(List.of(8, 12, 16), List.of(0.1, 0.05, 1e7), 2000);
    }

    static List<RunResult> sweep(Path dir, SweepManifest m, int parallel, SweepStorage storage) throws InterruptedException {
        SweepRunner r = SweepRunner.create(dir, m, CORPUS, storage, SweepListener.NONE).clock(CLOCK);
        return r.run(parallel);
    }

    @Test
    void nineRunsWriteTheTableAndEveryRunsFiles(@TempDir Path tmp) throws Exception {
        SweepManifest m = nine();
        List<RunResult> results = sweep(tmp.resolve("s"), m, 2, new FileSweepStorage());
        assertEquals(9, results.size());
        SweepFolder f = new SweepFolder(tmp.resolve("s"));
        for (RunResult r : results) {
            double lr = r.spec().config().learningRate();
            if (lr > 1) {
                assertEquals(RunStatus.DIVERGED, r.status(), r.toString());
                assertTrue(r.divergedAt() >= 1 && r.divergedAt() <= 2000);
                assertEquals("N/A", r.lossText());
                assertTrue(r.message().contains("iteration " + r.divergedAt()), r.message());
            } else {
                assertEquals(RunStatus.FINISHED, r.status(), r.toString());
                assertEquals(2000, r.iteration());
                assertTrue(r.loss() > 0 && Double.isFinite(r.valLoss()) && r.bitsPerChar() > 0);
                assertTrue(Files.exists(f.checkpoint(r.spec())));
                String results1 = Files.readString(f.runDir(r.spec()).resolve(r.resultsFile()));
                assertEquals("ni2000-hs" + r.spec().config().hiddenSize() + "-is10-lr" + ResultsFile.rate(lr)
                        + "-2026-11-28-1530.txt", r.resultsFile());
                assertTrue(r.resultsFile().contains("-lr" + ResultsFile.rate(lr) + "-"));
                // three samples of 40 characters separated by blank lines (samples may hold newlines themselves)
                assertEquals(3 * 40 + 2 * 2 + 1, results1.codePointCount(0, results1.length()), results1);
                LossLog log = LossLog.parse("loss", Files.readString(f.lossCsv(r.spec())), Long.MAX_VALUE);
                assertEquals(40, log.size());
                assertEquals(2000, log.iterations()[39]);
            }
            RunResult onDisk = RunResult.parse(r.spec(), "record", Files.readString(f.runRecord(r.spec())));
            assertEquals(r, onDisk);
        }
        // the table: the original's columns, one row per run, N/A for diverged runs
        String md = Files.readString(f.summaryMarkdown());
        assertTrue(md.startsWith("# test sweep on verses.txt\n\n| run id | hidden size | learning rate | loss |"), md);
        assertTrue(md.contains("| 03 | 8 | 10000000 | N/A (diverged at " + results.get(2).divergedAt() + ") | vanilla |"), md);
        assertTrue(md.contains("| 01 | 8 | 0.1 | " + results.get(0).lossText() + " | vanilla | 10 | 7 |"), md);
        List<String> csv = Files.readAllLines(f.summaryCsv());
        assertEquals(10, csv.size());
        assertEquals(String.join(",", SweepSummary.CSV_COLUMNS), csv.get(0));
        assertTrue(csv.get(3).startsWith("03,8,10000000,N/A,vanilla,10,7,"), csv.get(3));
        assertTrue(csv.get(1).startsWith("01,8,0.1," + RunResult.number(results.get(0).loss(), 6) + ",vanilla,10,7,"), csv.get(1));
        // the folder reads back as it was written
        SweepRunner.Saved saved = SweepRunner.read(tmp.resolve("s"), new FileSweepStorage());
        assertEquals(results, saved.results());
        assertTrue(saved.manifest().sameSweepAs(m));
    }

    @Test
    void parallelRunsEqualTheSameRunsOneAtATime(@TempDir Path tmp) throws Exception {
        SweepManifest m = manifest(List.of(8, 16), List.of(0.1, 0.05), 1200);
        List<RunResult> one = sweep(tmp.resolve("one"), m, 1, new FileSweepStorage());
        List<RunResult> two = sweep(tmp.resolve("two"), m, 2, new FileSweepStorage());
        assertSameOutcome(tmp.resolve("one"), one, tmp.resolve("two"), two);
    }

    @Test
    void anInterruptedSweepResumesToTheResultsOfAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        SweepManifest m = nine();
        List<RunResult> clean = sweep(tmp.resolve("clean"), m, 2, new FileSweepStorage());

        // interrupt: one run at a time; stop everything once runs 1 and 2 are done and run 3 is mid-way
        Path dir = tmp.resolve("cut");
        AtomicBoolean cut = new AtomicBoolean();
        SweepRunner[] holder = new SweepRunner[1];
        SweepListener stopper = new SweepListener() {
            @Override
            public void onSnapshot(RunSpec run, TrainingSnapshot s) {
                if (run.number() == 4 && s.iteration() >= 700 && cut.compareAndSet(false, true)) {
                    holder[0].cancelAll();
                }
            }
        };
        holder[0] = SweepRunner.create(dir, m, CORPUS, new FileSweepStorage(), stopper).clock(CLOCK).publishInterval(0);
        List<RunResult> first = holder[0].run(1);
        assertTrue(cut.get());
        for (int i = 0; i < 3; i++) {
            assertTrue(first.get(i).status().isFinal(), first.get(i).toString());
        }
        RunResult mid = first.get(3);
        assertEquals(RunStatus.STOPPED, mid.status());
        assertTrue(mid.iteration() >= 700 && mid.iteration() < 2000, mid.toString());
        for (int i = 4; i < 9; i++) {
            assertEquals(RunStatus.STOPPED, first.get(i).status());
            assertEquals(0, first.get(i).iteration());
        }
        SweepFolder f = new SweepFolder(dir);
        assertTrue(Files.exists(f.checkpoint(mid.spec())));
        Map<Path, byte[]> finishedFiles = new HashMap<>();
        Map<Path, FileTime> times = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            try (Stream<Path> files = Files.list(f.runDir(first.get(i).spec()))) {
                for (Path p : files.toList()) {
                    finishedFiles.put(p, Files.readAllBytes(p));
                    times.put(p, Files.getLastModifiedTime(p));
                }
            }
        }

        // resume: finished runs untouched, the interrupted one continues from its checkpoint
        Map<Integer, Long> firstIteration = new ConcurrentHashMap<>();
        SweepListener watcher = new SweepListener() {
            @Override
            public void onSnapshot(RunSpec run, TrainingSnapshot s) {
                firstIteration.putIfAbsent(run.number(), s.iteration());
            }
        };
        List<RunResult> resumed = SweepRunner.resume(dir, CORPUS, new FileSweepStorage(), watcher).clock(CLOCK).run(2);
        assertEquals(mid.iteration(), firstIteration.get(4));
        assertFalse(firstIteration.containsKey(1), "a finished run was trained again");
        for (Map.Entry<Path, byte[]> e : finishedFiles.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), e.getKey() + " changed");
            assertEquals(times.get(e.getKey()), Files.getLastModifiedTime(e.getKey()));
        }
        assertSameOutcome(tmp.resolve("clean"), clean, dir, resumed);
    }

    /** Same statuses, losses, loss logs and results-file texts; timings may differ. */
    static void assertSameOutcome(Path dirA, List<RunResult> a, Path dirB, List<RunResult> b) throws IOException {
        assertEquals(a.size(), b.size());
        SweepFolder fa = new SweepFolder(dirA);
        SweepFolder fb = new SweepFolder(dirB);
        for (int i = 0; i < a.size(); i++) {
            RunResult x = a.get(i);
            RunResult y = b.get(i);
            assertEquals(x.status(), y.status(), x.spec().id());
            assertEquals(x.iteration(), y.iteration());
            assertEquals(x.divergedAt(), y.divergedAt());
            assertEquals(Double.doubleToLongBits(x.loss()), Double.doubleToLongBits(y.loss()), x.spec().id());
            assertEquals(Double.doubleToLongBits(x.valLoss()), Double.doubleToLongBits(y.valLoss()));
            assertEquals(x.resultsFile(), y.resultsFile());
            assertEquals(lossesOnly(fa.lossCsv(x.spec())), lossesOnly(fb.lossCsv(y.spec())), x.spec().id());
            if (!x.resultsFile().isEmpty()) {
                assertEquals(Files.readString(fa.runDir(x.spec()).resolve(x.resultsFile())),
                        Files.readString(fb.runDir(y.spec()).resolve(y.resultsFile())));
            }
        }
    }

    /** The loss log without its last column (the speed, which depends on the machine's load). */
    static List<String> lossesOnly(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void refusesAnUnwritableFolderAndAFolderHoldingAnotherSweep(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "not a folder");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SweepRunner.create(file.resolve("sweep"), nine(), CORPUS, new FileSweepStorage(), null));
        assertTrue(e.getMessage().startsWith("cannot write the sweep folder " + file.resolve("sweep")), e.getMessage());

        SweepManifest small = manifest(List.of(8), List.of(0.1), 100);
        sweep(tmp.resolve("s"), small, 1, new FileSweepStorage());
        BadInputException other = assertThrows(BadInputException.class,
                () -> SweepRunner.create(tmp.resolve("s"), nine(), CORPUS, new FileSweepStorage(), null));
        assertTrue(other.getMessage().contains("already holds a different sweep"), other.getMessage());

        Corpus another = Corpus.of("other.txt", TEXT + "x");
        BadInputException wrongCorpus = assertThrows(BadInputException.class,
                () -> SweepRunner.resume(tmp.resolve("s"), another, new FileSweepStorage(), null));
        assertTrue(wrongCorpus.getMessage().contains("was trained on verses.txt"), wrongCorpus.getMessage());

        BadInputException notSweep = assertThrows(BadInputException.class,
                () -> SweepRunner.read(tmp, new FileSweepStorage()));
        assertTrue(notSweep.getMessage().contains("is not a sweep folder"), notSweep.getMessage());
    }

    /** Issue 16 item 11: a sequence length the corpus is too short for is refused before any run, not after the others. */
    @Test
    void aGridWithASequenceLengthTooLongForTheCorpusIsRefusedUpFront(@TempDir Path tmp) {
        TrainingConfig base = TrainingConfig.defaults().withIterations(50).withValFraction(0.1);
        SweepGrid grid = new SweepGrid(List.of(8), List.of(0.1), List.of(10, 5000), List.of(7L), base);
        SweepManifest m = new SweepManifest("too long", SweepManifest.CorpusRef.of(CORPUS, "memory"), grid, SweepOptions.defaults());
        BadInputException e = assertThrows(BadInputException.class,
                () -> SweepRunner.create(tmp.resolve("s"), m, CORPUS, new FileSweepStorage(), SweepListener.NONE));
        assertEquals("verses.txt is too short for sequence length 5000 in the grid: " + (CORPUS.length() - (int) (CORPUS.length() * 0.1))
                + " training characters (after holding out " + (int) (CORPUS.length() * 0.1) + " for validation), but a window of"
                + " sequence length 5000 needs at least 5001", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("s")), "nothing written");
    }

    /** The file system that fills up: writes whose path matches fail with "No space left on device" while armed. */
    static final class FillingDisk implements SweepStorage {
        final FileSweepStorage real = new FileSweepStorage();
        volatile Predicate<Path> full = p -> false;
        final AtomicInteger refused = new AtomicInteger();

        private void check(Path p) throws IOException {
            if (full.test(p)) {
                refused.incrementAndGet();
                throw new FileSystemException(p.toString(), null, "No space left on device");
            }
        }

        @Override
        public void createDirectories(Path dir) throws IOException {
            real.createDirectories(dir);
        }

        @Override
        public void writeText(Path file, String text) throws IOException {
            check(file);
            real.writeText(file, text);
        }

        /** Rewriting a small file in place needs no new space: it goes through on the full disk too. */
        @Override
        public void overwriteText(Path file, String text) throws IOException {
            real.overwriteText(file, text);
        }

        @Override
        public String readText(Path file) throws IOException {
            return real.readText(file);
        }

        @Override
        public boolean exists(Path file) {
            return real.exists(file);
        }

        @Override
        public void saveCheckpoint(Path file, TrainerState state, Corpus corpus) throws IOException {
            check(file);
            real.saveCheckpoint(file, state, corpus);
        }

        @Override
        public TrainerState loadCheckpoint(Path file, Corpus corpus) throws IOException {
            return real.loadCheckpoint(file, corpus);
        }

        @Override
        public void delete(Path file) throws IOException {
            real.delete(file);
        }
    }

    @Test
    void aDiskThatFillsUpFailsTheRunInProgressCleanlyAndLosesNothing(@TempDir Path tmp) throws Exception {
        SweepManifest m = manifest(List.of(8, 12, 16), List.of(0.1), 1000);
        List<RunResult> clean = sweep(tmp.resolve("clean"), m, 1, new FileSweepStorage());

        Path dir = tmp.resolve("full");
        FillingDisk disk = new FillingDisk();
        List<String> messages = new ArrayList<>();
        SweepListener l = new SweepListener() {
            @Override
            public void onSnapshot(RunSpec run, TrainingSnapshot s) {
                // the disk fills up while run 2 trains: every write from then on fails
                if (run.number() == 2 && s.iteration() >= 400) {
                    disk.full = p -> true;
                }
            }

            @Override
            public void onMessage(String message) {
                synchronized (messages) {
                    messages.add(message);
                }
            }
        };
        SweepRunner r = SweepRunner.create(dir, m, CORPUS, disk, l).clock(CLOCK).publishInterval(0);
        List<RunResult> res = r.run(1);
        assertEquals(RunStatus.FINISHED, res.get(0).status());
        RunResult failed = res.get(1);
        assertEquals(RunStatus.FAILED, failed.status());
        assertTrue(failed.message().contains("No space left on device"), failed.message());
        assertTrue(failed.message().startsWith("could not write " + dir.resolve("runs").resolve(failed.spec().folderName())),
                failed.message());
        assertEquals(RunStatus.FAILED, res.get(2).status());
        assertTrue(disk.refused.get() > 0);
        assertTrue(messages.stream().anyMatch(s -> s.startsWith("could not write the summary")), messages.toString());
        // issue 16 item 8: the runner knows the summary is not on disk, so no one names it as written
        assertTrue(r.summaryProblem() != null && r.summaryProblem().contains("No space left on device"), r.summaryProblem());
        // run 1 is intact on disk; run 2 kept its last good checkpoint (iteration 300)
        SweepFolder f = new SweepFolder(dir);
        assertEquals(clean.get(0).loss(), RunResult.parse(res.get(0).spec(), "r", Files.readString(f.runRecord(res.get(0).spec()))).loss());
        assertEquals(lossesOnly(new SweepFolder(tmp.resolve("clean")).lossCsv(clean.get(0).spec())),
                lossesOnly(f.lossCsv(res.get(0).spec())));
        assertTrue(Files.exists(f.checkpoint(failed.spec())));
        // issue 23: the record of the run that failed while training says so, not "running" (run 3 never got one)
        assertEquals(RunStatus.FAILED, RunResult.parse(failed.spec(), "r", Files.readString(f.runRecord(failed.spec()))).status());
        try (Stream<Path> left = Files.walk(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "temporary files left");
        }

        // space is freed: resuming finishes the sweep with the uninterrupted sweep's results
        disk.full = p -> false;
        List<RunResult> resumed = SweepRunner.resume(dir, CORPUS, disk, null).clock(CLOCK).run(2);
        assertSameOutcome(tmp.resolve("clean"), clean, dir, resumed);
        assertNotEquals(0, resumed.get(1).trainingNanos());
        assertTrue(r.await(1, TimeUnit.SECONDS));
    }
}
