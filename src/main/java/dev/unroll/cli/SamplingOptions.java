package dev.unroll.cli;

import static java.util.Objects.requireNonNullElse;

import dev.unroll.engine.train.TrainingConfig;

import picocli.CommandLine.Option;

/**
 * The settings that {@code train} and {@code sweep} share beyond the grid: samples, validation and
 * temperature. A null field was not given on the command line; the command takes the default (or,
 * when resuming, the saved run's value).
 */
final class SamplingOptions {

    @Option(names = "--sample-size", paramLabel = "N", description = "Characters per sample (default: 200).")
    Integer sampleSize;

    @Option(names = "--sample-frequency", paramLabel = "N", description = "Draw a sample every N iterations while training, 0 for never (default: 100).")
    Integer sampleFrequency;

    @Option(names = "--val-fraction", paramLabel = "F", description = "Hold out this fraction of the text's end for validation, 0 to 0.5 (default: 0).")
    Double valFraction;

    @Option(names = "--eval-every", paramLabel = "N", description = "Measure the validation loss every N iterations (default: 1000).")
    Integer evalEvery;

    @Option(names = "--temperature", paramLabel = "T", description = "Softmax temperature of the samples (default: 1.0).")
    Double temperature;

    /** Refuses values out of range with one line naming the flag (status 2). */
    void check() {
        FlagChecks.positive("--sample-size", sampleSize);
        FlagChecks.positive("--eval-every", evalEvery);
        FlagChecks.positiveFinite("--temperature", temperature);
        if (valFraction != null && !(valFraction >= 0 && valFraction <= 0.5)) {
            throw CliExit.badInput("--val-fraction must be between 0 and 0.5 (got " + valFraction + ")");
        }
        FlagChecks.notNegative("--sample-frequency", sampleFrequency);
    }

    /**
     * A run's settings: the ones passed, these options where given and {@code fallback}'s where not
     * (the defaults for a new run, the checkpoint's when resuming), with {@code fallback}'s cell, clip, optimization and depth.
     * The constructor checks the whole.
     */
    TrainingConfig config(int hiddenSize, int sequenceLength, double learningRate, long iterations, long seed, TrainingConfig fallback) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations,
                requireNonNullElse(sampleFrequency, fallback.sampleEvery()), requireNonNullElse(sampleSize, fallback.sampleLength()),
                requireNonNullElse(temperature, fallback.temperature()), seed, requireNonNullElse(valFraction, fallback.valFraction()),
                requireNonNullElse(evalEvery, fallback.evalEvery()), fallback.clip(), fallback.cell(), fallback.optimization(), fallback.depth());
    }
}
