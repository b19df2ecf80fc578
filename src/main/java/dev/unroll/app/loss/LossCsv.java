package dev.unroll.app.loss;

import dev.unroll.engine.LossHistory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The loss history as CSV, one row per point (an iteration, or the last iteration of a decimated
 * bucket), validation losses on the rows of their iteration (or rows of their own):
 * {@code iteration,loss_window,loss_window_min,loss_window_max,smooth_window,smooth_per_char,smooth_bpc,val_per_char,val_bpc}.
 */
final class LossCsv {
    private LossCsv() {
    }

    static void write(Path file, LossHistory.View v, int sequenceLength) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("iteration,loss_window,loss_window_min,loss_window_max,smooth_window,smooth_per_char,smooth_bpc,val_per_char,val_bpc\n");
            double ln2 = Math.log(2);
            int i = 0;
            int j = 0;
            int n = v.size();
            int m = v.valIteration().length;
            while (i < n || j < m) {
                long it = i < n ? v.iteration()[i] : Long.MAX_VALUE;
                long vit = j < m ? v.valIteration()[j] : Long.MAX_VALUE;
                StringBuilder row = new StringBuilder();
                row.append(Math.min(it, vit));
                if (it <= vit) {
                    double sm = v.smooth()[i];
                    row.append(',').append(num(v.loss()[i])).append(',').append(num(v.lossMin()[i])).append(',')
                            .append(num(v.lossMax()[i])).append(',').append(num(sm)).append(',')
                            .append(num(sm / sequenceLength)).append(',').append(num(sm / sequenceLength / ln2));
                    i++;
                } else {
                    row.append(",,,,,,");
                }
                if (vit <= it) {
                    row.append(',').append(num(v.valLoss()[j])).append(',').append(num(v.valLoss()[j] / ln2));
                    j++;
                } else {
                    row.append(",,");
                }
                w.write(row.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.6g", d);
    }
}
