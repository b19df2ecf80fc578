package dev.unroll.app.shell;

import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.Precision;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.Optimization;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainingConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A named set of hyperparameters. The original experiment ran nine settings (hidden 100, 250, 500
 * times learning rate 0.1, 0.01, 0.001; 1,000,000 iterations of 25 characters); "Quick demo" shows
 * learning within a minute on the default corpus. The cells' trio trains a vanilla RNN, an LSTM and a
 * GRU with the Quick demo's other settings at about {@value #TRIO_WEIGHTS} weights each on the bundled
 * Romanian verses ({@value #BUNDLED_VOCABULARY} characters): the hidden sizes are
 * {@link Cell#hiddenSizeMatching} of that count.
 *
 * @param name      shown in the presets list (and matched by a talk script's {@code preset =})
 * @param shortName shown in the closed presets box, where the side panel's width has room for a few
 *                  words only (the fields below it give the rest)
 * @param config    the values the preset puts in the fields (seed, sample length and temperature included)
 */
public record Preset(String name, String shortName, TrainingConfig config) {

    /** The app's default validation split and its evaluation interval. */
    public static final double APP_VAL_FRACTION = 0.05;
    public static final int APP_EVAL_EVERY = 500;

    /** Hidden 100, learning rate 0.1, 20,000 iterations, a sample every 200: the first thing a user runs. */
    public static final Preset QUICK_DEMO = new Preset("Quick demo · min-char-rnn: vanilla 100, batch 1 (lr 0.1, 20k it)", "Quick demo",
            new TrainingConfig(100, 25, 0.1, 20_000, 200, 200, 1.0, 42, APP_VAL_FRACTION, APP_EVAL_EVERY, 5.0));

    /**
     * char-rnn's settings (Karpathy's Lua char-rnn, as nanoGPT's shakespeare_char recipe and the README's
     * speed table run it): a 2-layer LSTM of 128 units trained on 50 streams of 50 characters, Adam at 2e-3,
     * gradients clipped by their norm at 5, in float32; 5,000 iterations (250,000 characters a layer's
     * stream sees), a sample every 200.
     */
    public static final Preset CHAR_RNN = new Preset("char-rnn: 2-layer LSTM 128, batch 50 (Adam 2e-3, clip norm 5, f32, 5k it)",
            "char-rnn: 2-layer LSTM",
            new TrainingConfig(128, 50, 2e-3, 5_000, 200, 200, 1.0, 42, APP_VAL_FRACTION, APP_EVAL_EVERY, 5.0, Cell.LSTM,
                    Optimization.defaults().withOptimizer(OptimizerKind.ADAM).withClipMode(ClipMode.NORM),
                    new Depth(2, 50, 0.0, Precision.F32)));

    /** The weight count the cells' trio is matched at. */
    public static final long TRIO_WEIGHTS = 25_000;
    /** The vocabulary of the bundled default corpus (the Romanian verses), which the trio is matched for. */
    public static final int BUNDLED_VOCABULARY = 65;

    /**
     * The Quick demo's settings for a cell, at the hidden size whose model has about
     * {@value #TRIO_WEIGHTS} weights on the bundled verses; its name says the cell, H and the count
     * (the side panel's weights row gives the exact count for the chosen corpus).
     */
    public static Preset trio(Cell cell) {
        int hidden = cell.hiddenSizeMatching(BUNDLED_VOCABULARY, TRIO_WEIGHTS);
        String shortName = HyperparametersPanel.cellName(cell) + ", H " + hidden;
        return new Preset(shortName + ": ~25k weights", shortName, QUICK_DEMO.config().withCell(cell, hidden));
    }

    /** Quick demo (min-char-rnn's settings) first, char-rnn's stacked run, then the vanilla/LSTM/GRU trio at matched weights, then the original experiment's nine settings. */
    public static List<Preset> all() {
        List<Preset> out = new ArrayList<>();
        out.add(QUICK_DEMO);
        out.add(CHAR_RNN);
        for (Cell c : Cell.values()) {
            out.add(trio(c));
        }
        for (int hidden : new int[] {100, 250, 500}) {
            for (double lr : new double[] {0.1, 0.01, 0.001}) {
                out.add(new Preset("Original: H " + hidden + ", lr " + lr + ", 1M it", "H " + hidden + ", lr " + lr,
                        new TrainingConfig(hidden, 25, lr, 1_000_000, 1000, 200, 1.0, 42, APP_VAL_FRACTION, 5000, 5.0)));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return name;
    }
}
