package dev.unroll.cli;

import static dev.unroll.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.unroll.cli.CliTestSupport.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleAndBenchTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path checkpoint;

    @BeforeAll
    static void train() throws IOException {
        corpus = Files.writeString(dir.resolve("corpus.txt"), TrainCommandTest.TEXT, StandardCharsets.UTF_8);
        checkpoint = dir.resolve("ck.npz");
        Result r = run("train", "--corpus-file", corpus.toString(), "--num-iterations", "400", "--hidden-size", "24",
                "--checkpoint", checkpoint.toString(), "--output-dir", dir.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
    }

    static String sample(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "sample";
        all[1] = "--checkpoint";
        all[2] = checkpoint.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        Result r = run(all);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().endsWith("\n"));
        return r.out().substring(0, r.out().length() - 1);
    }

    @Test
    void theSameSeedGivesTheSameTextAndThePrimeComesFirst() {
        String a = sample("--prime", "the cat ", "--length", "80", "--seed", "7");
        String b = sample("--prime", "the cat ", "--length", "80", "--seed", "7");
        String c = sample("--prime", "the cat ", "--length", "80", "--seed", "8");
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertTrue(a.startsWith("the cat "));
        assertEquals(8 + 80, a.codePointCount(0, a.length()));
    }

    @Test
    void argmaxIgnoresTheSeedAndTopKOneIsArgmax() {
        String a = sample("--prime", "hello", "--length", "50", "--argmax", "--seed", "1");
        String b = sample("--prime", "hello", "--length", "50", "--argmax", "--seed", "2");
        String k1 = sample("--prime", "hello", "--length", "50", "--top-k", "1", "--seed", "3");
        assertEquals(a, b);
        assertEquals(a, k1);
    }

    @Test
    void theHiddenStateAfterThePrimeMatters() {
        String a = sample("--prime", "ce frumoasă e ", "--length", "30", "--argmax");
        String b = sample("--prime", "a", "--length", "30", "--argmax");
        assertNotEquals(a.substring(a.length() - 30), b.substring(b.length() - 30));
    }

    @Test
    void withoutAPrimeTheTextStillHasTheRequestedLength() {
        String a = sample("--length", "60", "--seed", "4", "--temperature", "0.5");
        assertEquals(61, a.codePointCount(0, a.length()));
        assertEquals(a, sample("--length", "60", "--seed", "4", "--temperature", "0.5"));
    }

    @Test
    void benchPrintsTheMachineAndARowPerSize() {
        Result r = run("bench", "--corpus-file", corpus.toString(), "--hidden-sizes", "8,16", "--iterations", "30", "--warmup", "5");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("cores"), r.out());
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+vanilla\\s+8(\\s+[\\d.,]+){6}")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+vanilla\\s+16(\\s+[\\d.,]+){6}")), r.out());
        // characters per second: the iterations per second times the window's 25 characters (batch one)
        String[] row = r.out().lines().filter(l -> l.matches("\\s+vanilla\\s+8\\s.*")).findFirst().orElseThrow().strip().split("\\s+");
        double itPerSecond = Double.parseDouble(row[2].replace(",", ""));
        double charsPerSecond = Double.parseDouble(row[3].replace(",", ""));
        assertEquals(itPerSecond * 25, charsPerSecond, 25 * 0.05 + 0.5, "chars/s = it/s x T: " + String.join(" ", row));
    }

    @Test
    void helpAndVersionExitZero() {
        Result help = run("train", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--corpus-file"));
        assertTrue(help.out().contains("ni{iterations}-hs{hidden}"), help.out());
        Result version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("Unroll"));
    }
}
