package dev.unroll.cli;

import dev.unroll.engine.baseline.NGramBaseline;
import dev.unroll.engine.baseline.NGramModel;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.engine.train.Trainer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code unroll baseline}: the loss of character n-gram models (interpolated Kneser-Ney) on the
 * validation tail, one row per order, to compare with a network's validation loss.
 */
@Command(name = "baseline",
        description = {"Score character n-gram models (interpolated Kneser-Ney smoothing) fitted on the training part of a text"
                + " on its validation tail, in nats and bits per character: the counting a network should beat.",
                "The split and the scored characters are those of 'unroll train --val-fraction F' (its validation loss"
                        + " reads at most the first 10,000 characters of the tail, from a zero state)."})
final class BaselineCommand extends SubCommand {

    @Option(names = "--corpus-file", required = true, paramLabel = "FILE", description = "The text (UTF-8).")
    Path corpusFile;

    @Option(names = "--order", paramLabel = "ORDERS", defaultValue = "1..10",
            description = "n-gram orders to score: a range 1..20, a list 3,5,8 or one order (default: ${DEFAULT-VALUE}; at most "
                    + NGramModel.MAX_ORDER + ").")
    String order;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Fraction of the text's end held out and scored, above 0 and at most 0.5 (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--max-val-chars", paramLabel = "N", defaultValue = "" + Trainer.MAX_VALIDATION_CHARS,
            description = "Score at most this many validation characters (default: ${DEFAULT-VALUE}, as the trainer's validation loss).")
    int maxValChars;

    @Override
    public Integer call() {
        PrintWriter out = out();
        FlagChecks.aboveZeroAtMost("--val-fraction", valFraction, 0.5);
        FlagChecks.positive("--max-val-chars", maxValChars);
        List<Integer> orders = SweepGrid.parseInts("--order", order);
        for (int n : orders) {
            FlagChecks.ngramOrder("--order", n);
        }
        Corpus corpus = Corpus.load(corpusFile);
        NGramBaseline b = NGramBaseline.measure(corpus, valFraction, orders, maxValChars);
        out.println("corpus: " + corpus.name() + " (" + Text.count(corpus.length()) + " characters, vocabulary "
                + corpus.vocabulary().size() + "), fitted on the first " + Text.count(b.trainingChars()) + ", scored on "
                + Text.count(b.scoredChars()) + " validation characters");
        out.println("interpolated Kneser-Ney; fitted in " + Text.duration(b.fitNanos() / 1e9) + ", scored in "
                + Text.duration(b.scoreNanos() / 1e9));
        out.println();
        out.println(String.format("%6s %12s %9s %12s %10s", "order", "n-grams", "discount", "nats/char", "bits/char"));
        for (NGramBaseline.Row r : b.rows()) {
            out.println(String.format("%6d %12s %9s %12s %10s", r.order(), Text.count(r.distinct()), Text.fixed(r.discount(), 3),
                    Text.fixed(r.natsPerChar(), 4), Text.fixed(r.bitsPerChar(), 4)));
        }
        out.println();
        NGramBaseline.Row best = b.best();
        out.println("best: order " + best.order() + ", " + Text.fixed(best.natsPerChar(), 4) + " nats/char ("
                + Text.fixed(best.bitsPerChar(), 4) + " bits/char; a " + "window of 25 characters: "
                + Text.fixed(25 * best.natsPerChar(), 2) + ")");
        return UnrollCli.EXIT_OK;
    }
}
