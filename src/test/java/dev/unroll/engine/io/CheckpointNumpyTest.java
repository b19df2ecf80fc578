package dev.unroll.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * numpy's {@code np.load} opens a checkpoint: every array has min-char-rnn's shape and values, and
 * the metadata entry comes back as bytes holding JSON. Skipped when python3 with numpy is absent.
 */
class CheckpointNumpyTest {

    @TempDir
    Path dir;

    static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void numpyLoadsTheCheckpoint() throws Exception {
        assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
        Corpus corpus = Corpus.of("song.txt", CheckpointTest.TEXT);
        Trainer t = new Trainer(corpus, CheckpointTest.config());
        for (int i = 0; i < 30; i++) {
            t.iterate();
        }
        Path file = dir.resolve("run.npz");
        Checkpoint.save(file, t);
        TrainerState s = t.exportState();
        Path script = Files.writeString(dir.resolve("check.py"), String.join("\n",
                "import json, sys, numpy as np",
                "z = np.load(sys.argv[1])",
                "meta = json.loads(z['metadata.json'].decode('utf-8'))",
                "for k in ['Wxh','Whh','Why','bh','by','mWxh','mWhh','mWhy','mbh','mby','hprev']:",
                "    a = z[k]",
                "    assert a.dtype == np.float64, (k, a.dtype)",
                "    print(k, 'x'.join(str(d) for d in a.shape), repr(float(a.sum())))",
                "print('meta', meta['format_version'], meta['iteration'], meta['hidden_size'], meta['vocab_size'], meta['rng_state'])",
                "print('vocab', ''.join(chr(c) for c in meta['vocabulary']) == open(sys.argv[2], encoding='utf-8').read())",
                "print('Wxh01', repr(float(z['Wxh'][0, 1])))",
                ""), StandardCharsets.UTF_8);
        Path vocab = Files.writeString(dir.resolve("vocab.txt"), corpus.vocabulary().asString(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("python3", script.toString(), file.toString(), vocab.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        int H = 12;
        int V = corpus.vocabulary().size();
        assertContains(out, "Wxh " + H + "x" + V + " ");
        assertContains(out, "Whh " + H + "x" + H + " ");
        assertContains(out, "Why " + V + "x" + H + " ");
        assertContains(out, "bh " + H + "x1 ");
        assertContains(out, "by " + V + "x1 ");
        assertContains(out, "mWhy " + V + "x" + H + " ");
        assertContains(out, "hprev " + H + "x1 ");
        assertContains(out, "meta " + Checkpoint.FORMAT_VERSION + " 30 " + H + " " + V + " " + Long.toUnsignedString(s.rngState()));
        assertContains(out, "vocab True");
        // Python's repr of a float is its shortest round-trip form, as is Java's for this value's bits
        double w = s.parameters().get(0).get(0, 1);
        String line = out.lines().filter(l -> l.startsWith("Wxh01 ")).findFirst().orElseThrow();
        assertEquals(w, Double.parseDouble(line.substring(6)));
    }

    private static void assertContains(String out, String part) {
        if (!out.contains(part)) {
            throw new AssertionError("expected \"" + part + "\" in:\n" + out);
        }
    }
}
