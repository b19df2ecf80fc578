package dev.unroll.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The original experiment's results file: {@code ni{iterations}-hs{hidden}-is{sequence}-lr{rate}-{yyyy-MM-dd-HHmm}.txt}
 * (the rate as Python prints it: 0.1, 0.01, 1.0) holding N samples of the config's sample length,
 * separated by blank lines. The samples are drawn from the run's current weights and hidden state
 * without disturbing it ({@link Trainer#sample}), seeded from the run's seed, so the same run gives
 * the same file. Written by {@code unroll train}, by sweeps and by the app's File menu.
 */
public final class ResultsFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT);

    private ResultsFile() {
    }

    /** The file's name without a suffix for clashes or extension, e.g. {@code ni1000000-hs100-is25-lr0.1-2026-11-28-1530}. */
    public static String baseName(TrainingConfig c, long iterations, LocalDateTime when) {
        return "ni" + iterations + "-hs" + c.hiddenSize() + "-is" + c.sequenceLength() + "-lr" + rate(c.learningRate())
                + "-" + STAMP.format(when);
    }

    /** The file name for a run at an iteration, e.g. {@code ni20000-hs100-is25-lr0.1-2026-11-28-1605.txt}. */
    public static String fileName(long iterations, TrainingConfig c, LocalDateTime when) {
        return baseName(c, iterations, when) + ".txt";
    }

    /** A rate as Python's str() prints it: 0.1, 0.01, 0.001, 1.0. */
    public static String rate(double v) {
        String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /** {@code count} samples of the run's sample length at its current temperature. */
    public static List<String> samples(Trainer trainer, int count) {
        TrainingConfig c = trainer.config();
        long seed = c.seed() ^ 0x5DEECE66DL;
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(trainer.sample(c.sampleLength(), trainer.temperature(), seed + i));
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
     * Writes {@code count} samples of a run to {@code file} (replacing it).
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, Trainer trainer, int count) {
        try {
            Files.writeString(file, content(trainer, count), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results file " + file + ": " + e.getMessage(), e);
        }
    }
}
