package dev.unroll.engine;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The results file of the original experiment: {@code N} samples of the trained model, separated
 * by blank lines, in a file named {@code ni{iterations}-hs{hidden}-is{sequence}-lr{rate}-{yyyy-MM-dd-HHmm}.txt}
 * (the rate as Python prints it: 0.1, 0.01, 1.0). Used by {@code unroll train} and by sweeps.
 */
public final class ResultsFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT);

    private ResultsFile() {
    }

    /** The file's name without a suffix for clashes, e.g. {@code ni1000000-hs100-is25-lr0.1-2026-11-28-1530}. */
    public static String baseName(TrainingConfig c, long iterations, LocalDateTime when) {
        return "ni" + iterations + "-hs" + c.hiddenSize() + "-is" + c.sequenceLength() + "-lr" + rate(c.learningRate())
                + "-" + STAMP.format(when);
    }

    /** The samples: {@code n} texts of the config's sample length drawn from the trainer's current state, blank lines between. */
    public static String content(Trainer trainer, int n) {
        TrainingConfig c = trainer.config();
        StringBuilder sb = new StringBuilder();
        long sampleSeed = c.seed() ^ 0x5DEECE66DL;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append("\n\n");
            }
            sb.append(trainer.sample(c.sampleLength(), trainer.temperature(), sampleSeed + i));
        }
        if (n > 0) {
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A rate as Python's str() prints it: 0.1, 0.01, 0.001, 1.0. */
    public static String rate(double v) {
        String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }
}
