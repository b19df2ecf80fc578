package dev.unroll.app.shell;

import dev.unroll.engine.TrainingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A named set of hyperparameters. The original experiment ran nine settings (hidden 100, 250, 500
 * times learning rate 0.1, 0.01, 0.001; 1,000,000 iterations of 25 characters); "Quick demo" shows
 * learning within a minute on the default corpus.
 *
 * @param name   shown in the presets list
 * @param config the values the preset puts in the fields (seed, sample length and temperature included)
 */
public record Preset(String name, TrainingConfig config) {

    /** The app's default validation split and its evaluation interval. */
    public static final double APP_VAL_FRACTION = 0.05;
    public static final int APP_EVAL_EVERY = 500;

    /** Hidden 100, learning rate 0.1, 20,000 iterations, a sample every 200: the first thing a user runs. */
    public static final Preset QUICK_DEMO = new Preset("Quick demo (H 100, lr 0.1, 20k it)",
            new TrainingConfig(100, 25, 0.1, 20_000, 200, 200, 1.0, 42, APP_VAL_FRACTION, APP_EVAL_EVERY, 5.0));

    /** Quick demo first, then the original experiment's nine settings. */
    public static List<Preset> all() {
        List<Preset> out = new ArrayList<>();
        out.add(QUICK_DEMO);
        for (int hidden : new int[] {100, 250, 500}) {
            for (double lr : new double[] {0.1, 0.01, 0.001}) {
                out.add(new Preset("Original: H " + hidden + ", lr " + lr + ", 1M it",
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
