package dev.unroll.engine.sweep;

import dev.unroll.engine.TrainingConfig;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * INTEGRATION(cli): the results file of the original experiment, until the command line's writer
 * lands on main; then this class is deleted and the runner calls that one.
 * Name {@code ni{iterations}-hs{hidden}-is{sequence}-lr{rate}-{yyyy-MM-dd-HHmm}.txt}; content: the
 * samples separated by blank lines.
 */
final class ResultsFile {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");

    private ResultsFile() {
    }

    static String fileName(TrainingConfig c, LocalDateTime when) {
        return "ni" + c.iterations() + "-hs" + c.hiddenSize() + "-is" + c.sequenceLength() + "-lr"
                + SweepGrid.formatRate(c.learningRate()) + "-" + STAMP.format(when) + ".txt";
    }

    static String content(List<String> samples) {
        return String.join("\n\n", samples) + "\n";
    }
}
