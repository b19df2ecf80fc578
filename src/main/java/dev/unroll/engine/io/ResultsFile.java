package dev.unroll.engine.io;

import dev.unroll.engine.Rng;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The original experiment's results file: {@code ni{iterations}-hs{hidden}-is{sequence}-lr{rate}-{yyyy-MM-dd-HHmm}.txt}
 * (the rate as Python's str() prints it: 0.1, 0.01, 1.0, 1e-05) holding N samples of the config's
 * sample length, separated by blank lines. Each sample follows a character drawn at random from the
 * vocabulary, as the original's do; they are drawn from the run's current weights and hidden state
 * without disturbing it ({@link Trainer#sample(int, int, double, Rng)}), with a generator seeded
 * from the run's seed, so the same run gives the same file. Written by {@code unroll train}, by sweeps and by the app's File menu.
 */
public final class ResultsFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT);

    private ResultsFile() {
    }

    /**
     * The file's name without a suffix for clashes or extension, e.g. {@code ni1000000-hs100-is25-lr0.1-2026-11-28-1530};
     * a stacked or batched run names its layers and batch size as char-rnn's flags do, after the hidden size
     * ({@code ni20000-hs128-nl2-bs50-is50-lr0.002-…}), so its samples are not taken for a one-layer run's.
     */
    public static String baseName(TrainingConfig c, long iterations, LocalDateTime when) {
        return "ni" + iterations + "-hs" + c.hiddenSize() + c.depth().nameParts("") + "-is" + c.sequenceLength() + "-lr" + rate(c.learningRate())
                + "-" + STAMP.format(when);
    }

    /** The file name for a run at an iteration, e.g. {@code ni20000-hs100-is25-lr0.1-2026-11-28-1605.txt}. */
    public static String fileName(long iterations, TrainingConfig c, LocalDateTime when) {
        return baseName(c, iterations, when) + ".txt";
    }

    /**
     * A rate as Python's str() prints a float, as the original's file names have it: the shortest
     * digits that read back the same, plain from 1e-4 up to 1e16 (0.1, 0.001, 0.0001, 1.0, 250.0),
     * else in exponent form with a signed two-digit exponent (1e-05, 2.5e-07, 1e+16).
     */
    public static String rate(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = d.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    /**
     * {@code count} samples of the run's sample length at its current temperature, each following a
     * character drawn uniformly from the vocabulary, as the original's run.py draws them
     * ({@code np.random.randint(vocab_size)}), with one generator seeded from the run's seed.
     */
    public static List<String> samples(Trainer trainer, int count) {
        TrainingConfig c = trainer.config();
        Rng random = new Rng(c.seed() ^ 0x5DEECE66DL);
        int vocab = trainer.corpus().vocabulary().size();
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int first = random.nextInt(vocab);
            out.add(trainer.sample(first, c.sampleLength(), trainer.temperature(), random));
        }
        return out;
    }

    /** The file's text: the samples separated by blank lines, ending with a new line. */
    public static String text(List<String> samples) {
        return samples.isEmpty() ? "" : String.join("\n\n", samples) + "\n";
    }

    /** The file's text for {@code count} samples of a run. */
    public static String content(Trainer trainer, int count) {
        return text(samples(trainer, count));
    }

    /**
     * Writes {@code count} samples of a run to {@code file}, replacing it atomically: the text goes
     * to a temporary file in the same folder that is then moved over the target, so a full disk
     * leaves the old file or none, never half of one.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, Trainer trainer, int count) {
        try {
            writeAtomically(file, content(trainer, count), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results file " + file + ": " + reason(e), e);
        }
    }

    /**
     * Writes a new results file in {@code dir} named {@code baseName.txt} (or {@code baseName-2.txt},
     * ... when taken), atomically as {@link #write} does; never replaces a file.
     *
     * @return the file written
     * @throws UncheckedIOException when it cannot be written (nothing is left behind)
     */
    public static Path writeNew(Path dir, String baseName, String text) {
        Path file = dir.resolve(baseName + ".txt");
        for (int k = 2; ; k++) {
            try {
                writeAtomically(file, text, false);
                return file;
            } catch (FileAlreadyExistsException taken) {
                file = dir.resolve(baseName + "-" + k + ".txt");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the results file " + file + ": " + reason(e), e);
            }
        }
    }

    private static void writeAtomically(Path file, String text, boolean replace) throws IOException {
        // not Files.createTempFile, whose files are private (0600): this one gets the usual permissions
        Path tmp = AtomicFiles.temporaryBeside(file);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (replace) {
                AtomicFiles.moveIntoPlace(tmp, file);
            } else {
                // a hard link never replaces: the name is taken or the whole file appears at once
                try {
                    Files.createLink(file, tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, file);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
