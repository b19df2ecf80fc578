package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.cli.CliTestSupport.Result;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.TrainerState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The cell flags of train, sample and bench. */
class CellCommandsTest {
    @TempDir
    Path dir;

    private Path corpus() throws IOException {
        return Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
    }

    private Result train(Path corpus, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--corpus-file", corpus.toString(), "--sequence-length", "10", "--sample-frequency", "7", "--sample-size", "15", "--num-samples", "2",
                "--output-dir", dir.resolve("out").toString(), "--quiet"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void aResumedRunEndsBitForBitWhereAStraightOneDoes(Cell cell) throws IOException {
        Path corpus = corpus();
        Path straight = dir.resolve("straight.npz");
        Path half = dir.resolve("half.npz");
        Path resumed = dir.resolve("resumed.npz");
        assertEquals(0, train(corpus, "--cell", cell.cliName(), "--hidden-size", "12", "--num-iterations", "60", "--checkpoint", straight.toString()).status());
        assertEquals(0, train(corpus, "--cell", cell.cliName(), "--hidden-size", "12", "--num-iterations", "27", "--checkpoint", half.toString()).status());
        Result r = run("train", "--corpus-file", corpus.toString(), "--resume", half.toString(), "--num-iterations", "60",
                "--checkpoint", resumed.toString(), "--num-samples", "2", "--output-dir", dir.resolve("out").toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        TrainerState a = Checkpoint.load(straight).state();
        TrainerState b = Checkpoint.load(resumed).state();
        assertEquals(cell, b.config().cell());
        assertEquals(60, b.iteration());
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).data, b.parameters().get(i).data, a.parameters().get(i).name);
            assertArrayEquals(a.memory().get(i).data, b.memory().get(i).data, a.memory().get(i).name);
        }
        assertArrayEquals(a.hidden(), b.hidden());
        assertEquals(a.rngState(), b.rngState());
        assertEquals(a.samples(), b.samples());
        assertEquals(Double.doubleToLongBits(a.smoothLoss()), Double.doubleToLongBits(b.smoothLoss()));

        Result s = run("sample", "--checkpoint", resumed.toString(), "--prime", "the ", "--length", "40", "--seed", "3");
        assertEquals(0, s.status(), s.err());
        assertEquals(44, s.out().strip().codePointCount(0, s.out().strip().length()));
    }

    @Test
    void matchParamsPicksTheClosestHiddenSizeAndPrintsBothCounts() throws IOException {
        Path corpus = corpus();
        int v = Corpus.load(corpus).vocabulary().size();
        long target = Cell.VANILLA.parameterCount(v, 40);
        Result r = train(corpus, "--cell", "lstm", "--match-params", String.valueOf(target), "--num-iterations", "3",
                "--checkpoint", dir.resolve("m.npz").toString());
        assertEquals(0, r.status(), r.err());
        int h = CellFlags.matchHidden(Cell.LSTM, v, target);
        assertTrue(r.out().contains("--match-params " + Text.count(target) + ": lstm with hidden size " + h + " has "
                + Text.count(Cell.LSTM.parameterCount(v, h)) + " parameters"), r.out());
        assertEquals(h, Checkpoint.load(dir.resolve("m.npz")).state().config().hiddenSize());
        assertTrue(r.out().contains("lstm, hidden " + h), r.out());
    }

    @Test
    void matchHiddenIsTheClosest() {
        for (Cell cell : Cell.values()) {
            for (int v : new int[] {1, 30, 65, 300}) {
                for (long target = cell.parameterCount(v, 1); target < cell.parameterCount(v, 300); target = target * 5 / 4 + 7) {
                    int h = CellFlags.matchHidden(cell, v, target);
                    long err = Math.abs(cell.parameterCount(v, h) - target);
                    if (h > 1) {
                        assertTrue(Math.abs(cell.parameterCount(v, h - 1) - target) > err, cell + " " + v + " " + target);
                    }
                    assertTrue(Math.abs(cell.parameterCount(v, h + 1) - target) >= err, cell + " " + v + " " + target);
                }
                assertEquals(1, CellFlags.matchHidden(cell, v, cell.parameterCount(v, 1)));
                assertEquals(CellFlags.maxHidden(cell), CellFlags.matchHidden(cell, v, cell.parameterCount(v, CellFlags.maxHidden(cell))));
            }
        }
    }

    @Test
    void benchMeasuresEachCell() throws IOException {
        Result r = run("bench", "--corpus-file", corpus().toString(), "--cells", "vanilla,lstm,gru", "--hidden-sizes", "8",
                "--iterations", "20", "--warmup", "2");
        assertEquals(0, r.status(), r.err());
        for (String c : List.of("vanilla", "lstm", "gru")) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+" + c + "\\s+8(\\s+[\\d.,]+){6}")), r.out());
        }
    }

    @Test
    void badCellInputEndsWithOneLine() throws IOException {
        Path corpus = corpus();
        Path gru = dir.resolve("gru.npz");
        assertEquals(0, train(corpus, "--cell", "gru", "--hidden-size", "12", "--num-iterations", "3", "--checkpoint", gru.toString()).status());
        has(train(corpus, "--cell", "rnn").assertOneLineError(2), "--cell: unknown cell 'rnn': use vanilla, lstm or gru");
        has(train(corpus, "--cell", "lstm", "--match-params", "5").assertOneLineError(2),
                "--match-params: 5 parameters is out of range for the lstm cell with");
        has(train(corpus, "--cell", "gru", "--match-params", "100000000000").assertOneLineError(2), "(hidden 2048)");
        has(train(corpus, "--match-params", "0").assertOneLineError(2), "--match-params must be a positive number");
        has(run("train", "--corpus-file", corpus.toString(), "--cell", "lstm", "--hidden-size", "3000", "--quiet")
                .assertOneLineError(2), "hidden size must be between 1 and 2048 for the lstm cell (got 3000)");
        has(train(corpus, "--hidden-size", "12", "--match-params", "5000").assertOneLineError(2), "give either --hidden-size or --match-params");
        has(run("train", "--corpus-file", corpus.toString(), "--resume", gru.toString(), "--cell", "lstm", "--quiet")
                .assertOneLineError(2), "--cell lstm differs from the resumed checkpoint's gru");
        has(run("train", "--corpus-file", corpus.toString(), "--resume", gru.toString(), "--match-params", "900", "--quiet")
                .assertOneLineError(2), "leave it out when resuming");
        has(run("bench", "--corpus-file", corpus.toString(), "--cells", "lstm,foo").assertOneLineError(2), "--cells: unknown cell 'foo'");
        has(run("bench", "--corpus-file", corpus.toString(), "--cells", "gru,gru").assertOneLineError(2), "--cells lists gru twice");
        has(run("bench", "--corpus-file", corpus.toString(), "--cells", "lstm,").assertOneLineError(2), "--cells: empty value");
        has(run("bench", "--corpus-file", corpus.toString(), "--cells", "gru", "--hidden-sizes", "3000").assertOneLineError(2),
                "--hidden-sizes must be between 1 and 2048 for the gru cell (got 3000)");
    }

    private static void has(String line, String part) {
        assertTrue(line.contains(part), "expected \"" + part + "\" in: " + line);
    }

    @Test
    void sweepTakesCellsAsAGridAxisWithACellColumn() throws IOException {
        Path corpus = corpus();
        Path out = dir.resolve("sweep");
        String[] args = {"sweep", "--corpus-file", corpus.toString(), "--cells", "vanilla,lstm,gru", "--hidden-sizes", "8",
                "--learning-rates", "0.1", "--sequence-lengths", "10", "--num-iterations", "40", "--sample-frequency", "0",
                "--num-samples", "1", "--parallel", "1", "--output-dir", out.toString(), "--quiet"};
        Result r = run(args);
        assertEquals(0, r.status(), r.err());
        String md = Files.readString(out.resolve("summary.md"));
        for (String cell : List.of("01 vanilla", "02 lstm", "03 gru")) {
            String[] idCell = cell.split(" ");
            String row = "\\| " + idCell[0] + " \\| 8 \\| 0\\.1 \\| [\\d.]+ \\| " + idCell[1] + " \\| .*";
            assertTrue(md.lines().anyMatch(l -> l.matches(row)), row + " in " + md);
        }
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(csv.get(0).startsWith("run_id,hidden_size,learning_rate,loss,cell,"), csv.get(0));
        assertTrue(csv.get(2).matches("02,8,0\\.1,[\\d.]+,lstm,.*"), csv.get(2));
        assertEquals(Cell.LSTM, Checkpoint.load(out.resolve("runs/02-lstm-hs8-lr0.1-is10-seed42/checkpoint.npz")).state().config().cell());
        assertEquals(Cell.GRU, Checkpoint.load(out.resolve("runs/03-gru-hs8-lr0.1-is10-seed42/checkpoint.npz")).state().config().cell());
        assertTrue(Files.readString(out.resolve("sweep.properties")).contains("grid.cells=vanilla,lstm,gru"));
        Result again = run("sweep", "--resume", out.toString(), "--quiet");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("(3 already done, kept)"), again.err());

        has(run("sweep", "--corpus-file", corpus.toString(), "--cells", "lstm,rnn", "--output-dir", dir.resolve("s2").toString())
                .assertOneLineError(2), "--cells: unknown cell 'rnn'");
        has(run("sweep", "--corpus-file", corpus.toString(), "--cells", "vanilla,gru", "--hidden-sizes", "100,3000",
                "--output-dir", dir.resolve("s3").toString()).assertOneLineError(2), "hidden size must be between 1 and 2048 for the gru cell");
        has(run("sweep", "--resume", out.toString(), "--cells", "gru").assertOneLineError(2), "leave out the grid flags");
    }
}
