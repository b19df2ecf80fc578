package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Every kind of bad input ends with status 2 and exactly one line on stderr. */
class BadInputTest {
    @TempDir
    Path dir;
    Path good;
    Path checkpoint;

    @BeforeEach
    void setUp() throws IOException {
        good = Files.writeString(dir.resolve("good.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        checkpoint = dir.resolve("ck.npz");
        assertEquals(0, run("train", "--corpus-file", good.toString(), "--num-iterations", "5", "--hidden-size", "6",
                "--checkpoint", checkpoint.toString(), "--output-dir", dir.resolve("out").toString(), "--quiet").status());
    }

    private String train(String... extra) {
        String[] args = new String[extra.length + 1];
        args[0] = "train";
        System.arraycopy(extra, 0, args, 1, extra.length);
        return run(args).assertOneLineError(2);
    }

    private String trainGood(String... extra) {
        String[] args = Arrays.copyOf(new String[] {"--corpus-file", good.toString(), "--output-dir", dir.resolve("out").toString(),
                "--quiet", "--num-iterations", "5"}, 7 + extra.length);
        System.arraycopy(extra, 0, args, 7, extra.length);
        return train(args);
    }

    private static void has(String line, String part) {
        assertTrue(line.contains(part), "expected \"" + part + "\" in: " + line);
    }

    @Test
    void corpusProblems() throws IOException {
        has(train("--corpus-file", dir.resolve("missing.txt").toString()), "corpus file not found");
        has(train("--corpus-file", Files.createFile(dir.resolve("empty.txt")).toString()), "empty.txt is empty");
        has(train("--corpus-file", Files.write(dir.resolve("bin.txt"), new byte[] {'a', 'b', 0, 'c'}).toString()),
                "looks binary: NUL byte at offset 2");
        has(train("--corpus-file", Files.write(dir.resolve("latin1.txt"), new byte[] {'a', 'b', 'c', (byte) 0xE9, 'd'}).toString()),
                "not valid UTF-8: bad byte at offset 3");
        has(train("--corpus-file", Files.writeString(dir.resolve("short.txt"), "too short").toString()), "too short");
        has(train("--corpus-file", dir.toString()), "is a folder");
        has(train("--corpus-file", Files.write(dir.resolve("wide.txt"), "cu o traist\u0103 \u0219i cu flori\n".repeat(20)
                .getBytes(StandardCharsets.UTF_16LE)).toString()), "wide.txt is UTF-16 (little-endian) text, not UTF-8: save it as UTF-8");
    }

    @Test
    void unreadableCorpus() throws IOException {
        Path locked = Files.writeString(dir.resolve("locked.txt"), TrainCommandTest.TEXT);
        assumeFalse(!locked.toFile().setReadable(false, false) || Files.isReadable(locked), "cannot make a file unreadable here (root?)");
        has(train("--corpus-file", locked.toString()), "permission denied");
    }

    @Test
    void settingsOutOfRange() {
        has(trainGood("--hidden-size", "0"), "--hidden-size must be a positive number");
        has(trainGood("--sequence-length", "-3"), "--sequence-length must be a positive number");
        has(train("--corpus-file", good.toString(), "--num-iterations", "0"), "--num-iterations must be a positive number");
        has(trainGood("--learning-rate", "0"), "--learning-rate must be a positive finite number");
        has(trainGood("--learning-rate", "-0.1"), "--learning-rate must be a positive finite number");
        has(trainGood("--learning-rate", "NaN"), "--learning-rate must be a positive finite number");
        has(trainGood("--learning-rate", "Infinity"), "--learning-rate must be a positive finite number");
        has(trainGood("--learning-rate", "fast"), "'fast' is not a double");
        has(trainGood("--hidden-size", "many"), "'many' is not an int");
        has(trainGood("--sequence-length", "100000"), "sequence length must be between 1 and");
        has(trainGood("--val-fraction", "0.9"), "--val-fraction must be between 0 and 0.5");
    }

    @Test
    void unknownFlagsAndMissingOnes() {
        has(trainGood("--hiden-size", "3"), "Unknown options: '--hiden-size'");
        has(trainGood("--bogus"), "Unknown option: '--bogus'");
        has(train(), "Missing required option: '--corpus-file");
        has(run("trian").assertOneLineError(2), "Unmatched argument");
        has(run("sample").assertOneLineError(2), "Missing required option: '--checkpoint");
    }

    @Test
    void checkpointProblemsWhenResuming() throws IOException {
        has(trainGood("--resume", dir.resolve("none.npz").toString()), "checkpoint file not found");
        byte[] all = Files.readAllBytes(checkpoint);
        Path cut = Files.write(dir.resolve("cut.npz"), Arrays.copyOf(all, all.length / 2));
        has(trainGood("--resume", cut.toString()), "corrupt or truncated");
        byte[] flipped = all.clone();
        // a byte of Wxh's values: the first entry's data starts after its 30-byte zip header, its name and the
        // 128-byte .npy header (a byte in a zip header field that readers ignore, such as a time stamp, is no corruption)
        flipped[30 + "Wxh.npy".length() + 128 + 40] ^= 0x40;
        Path corrupt = Files.write(dir.resolve("corrupt.npz"), flipped);
        has(trainGood("--resume", corrupt.toString()), "corrupt");
        Path notZip = Files.writeString(dir.resolve("text.npz"), "hello");
        has(trainGood("--resume", notZip.toString()), "corrupt or truncated");
        Path other = Files.writeString(dir.resolve("other.txt"), "zzz yyy xxx qqq ".repeat(40));
        has(train("--corpus-file", other.toString(), "--resume", checkpoint.toString(), "--quiet"),
                "was trained on another vocabulary");
    }

    @Test
    void sampleProblems() throws IOException {
        has(run("sample", "--checkpoint", dir.resolve("none.npz").toString()).assertOneLineError(2), "checkpoint file not found");
        has(run("sample", "--checkpoint", checkpoint.toString(), "--prime", "the Zen \u00c7").assertOneLineError(2),
                "not in the model's vocabulary: 'Z', '\u00c7'");
        has(run("sample", "--checkpoint", checkpoint.toString(), "--argmax", "--top-k", "3").assertOneLineError(2), "exclude each other");
        has(run("sample", "--checkpoint", checkpoint.toString(), "--temperature", "0").assertOneLineError(2), "--temperature");
        has(run("sample", "--checkpoint", checkpoint.toString(), "--length", "0").assertOneLineError(2), "--length");
        has(run("sample", "--checkpoint", good.toString()).assertOneLineError(2), "corrupt or truncated");
    }

    @Test
    void benchProblems() {
        has(run("bench", "--corpus-file", dir.resolve("none.txt").toString()).assertOneLineError(2), "corpus file not found");
        has(run("bench", "--corpus-file", good.toString(), "--hidden-sizes", "10,0").assertOneLineError(2), "--hidden-sizes");
        has(run("bench", "--corpus-file", good.toString(), "--hidden-sizes", "10,x").assertOneLineError(2), "'x' is not an int");
    }
}
