package dev.unroll.cli;

import dev.unroll.engine.train.TrainingConfig;

import picocli.CommandLine.Option;

/**
 * The command line's {@code --learning-rate} for one run, a mixin shared by {@code train} and {@code bench}. A null
 * field was not given: the run keeps its base's rate (the default, or a resumed checkpoint's). ({@code compare-cells}
 * gives every cell one rate, with a default and a check of its own; {@code sweep} lists rates, an axis of its grid.)
 */
final class LearningRateFlag {

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "The optimizer's learning rate (default: 0.1).")
    Double rate;

    /** Refuses a rate that is not above 0 or not finite with one line naming the flag (status 2); nothing when none was given. */
    void check() {
        FlagChecks.positiveFinite("--learning-rate", rate);
    }

    /** Whether the flag was given. */
    boolean given() {
        return rate != null;
    }

    /** {@code base} with the rate given; {@code base} itself when none was. */
    TrainingConfig apply(TrainingConfig base) {
        return rate != null ? base.withLearningRate(rate) : base;
    }

    /** The rate given, else {@code dflt}. */
    double or(double dflt) {
        return rate != null ? rate : dflt;
    }
}
