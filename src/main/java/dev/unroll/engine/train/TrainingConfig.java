package dev.unroll.engine.train;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;

/**
 * Everything that defines a training run. Defaults are those of the original experiment's run.py
 * (min-char-rnn): hidden 100, sequence 25, learning rate 0.1, 500,000 iterations, a sample of 200
 * characters every 100 iterations, no validation split. Invalid values are refused with a
 * {@link BadInputException} that names the setting.
 *
 * @param hiddenSize       H, units in the tanh hidden layer (1 to {@value #MAX_HIDDEN})
 * @param sequenceLength   T, characters per window unrolled by backpropagation through time (1 to {@value #MAX_SEQUENCE})
 * @param learningRate     the optimizer's step size (before any decay); a positive finite number; may change during a run
 * @param iterations       windows to train on (one optimizer step each)
 * @param sampleEvery      publish a sample every this many iterations (0: never)
 * @param sampleLength     characters per published sample
 * @param temperature      softmax temperature of published samples; positive, finite; may change during a run
 * @param seed             seeds weight initialisation and sampling: same seed, same run, bit for bit
 * @param valFraction      fraction of the corpus tail held out for validation, in [0, 0.5]
 * @param evalEvery        compute the validation loss every this many iterations (ignored without a split)
 * @param clip             the clip bound (5 in the original): with element-wise clipping (the default) every
 *                         gradient entry is clipped to [-clip, clip]; with norm clipping the gradients'
 *                         global 2-norm is scaled down to at most clip ({@link ClipMode})
 * @param cell             the recurrent cell: {@link Cell#VANILLA} (min-char-rnn's, the default), {@link Cell#LSTM}
 *                         or {@link Cell#GRU}; a gated cell's hidden size is at most {@value #MAX_GATED_HIDDEN}
 * @param optimization     the optimizer, the clipping mode and the learning-rate decay ({@link Optimization#defaults()}:
 *                         Adagrad, element-wise, none, the seed's)
 * @param depth            layers, batch size and dropout ({@link Depth#single()}: one layer, batch 1, the seed's path)
 */
public record TrainingConfig(
        int hiddenSize,
        int sequenceLength,
        double learningRate,
        long iterations,
        int sampleEvery,
        int sampleLength,
        double temperature,
        long seed,
        double valFraction,
        int evalEvery,
        double clip,
        Cell cell,
        Optimization optimization,
        Depth depth) {

    /** The largest vanilla hidden size ({@link Cell#MAX_HIDDEN}). */
    public static final int MAX_HIDDEN = Cell.MAX_HIDDEN;
    /** The largest gated hidden size ({@link Cell#MAX_GATED_HIDDEN}). */
    public static final int MAX_GATED_HIDDEN = Cell.MAX_GATED_HIDDEN;
    public static final int MAX_SEQUENCE = 10_000;
    public static final long MAX_ITERATIONS = 1_000_000_000_000L;
    public static final int MAX_SAMPLE_LENGTH = 1_000_000;

    public TrainingConfig {
        require(hiddenSize >= 1 && hiddenSize <= MAX_HIDDEN, "hidden size must be between 1 and " + MAX_HIDDEN + " (got " + hiddenSize + ")");
        require(sequenceLength >= 1 && sequenceLength <= MAX_SEQUENCE, "sequence length must be between 1 and " + MAX_SEQUENCE + " (got " + sequenceLength + ")");
        require(Double.isFinite(learningRate) && learningRate > 0, "learning rate must be a positive finite number (got " + learningRate + ")");
        require(iterations >= 1 && iterations <= MAX_ITERATIONS, "iterations must be positive (got " + iterations + ")");
        require(sampleEvery >= 0, "sample frequency must not be negative (got " + sampleEvery + ")");
        require(sampleLength >= 1 && sampleLength <= MAX_SAMPLE_LENGTH, "sample length must be between 1 and " + MAX_SAMPLE_LENGTH + " (got " + sampleLength + ")");
        require(Double.isFinite(temperature) && temperature > 0, "temperature must be a positive finite number (got " + temperature + ")");
        require(valFraction >= 0 && valFraction <= 0.5, "validation fraction must be between 0 and 0.5 (got " + valFraction + ")");
        require(evalEvery >= 1, "eval-every must be positive (got " + evalEvery + ")");
        require(Double.isFinite(clip) && clip > 0, "clip must be a positive finite number (got " + clip + ")");
        require(cell != null, "the cell is missing");
        require(cell == Cell.VANILLA || hiddenSize <= MAX_GATED_HIDDEN, "hidden size must be between 1 and " + MAX_GATED_HIDDEN
                + " for the " + (cell == null ? "" : cell.cliName()) + " cell (got " + hiddenSize + ")");
        require(optimization != null, "the optimizer settings are missing");
        require(depth != null, "the layers and batch settings are missing");
    }

    /** A configuration of one layer at batch 1 ({@link Depth#single()}), the seed's path. */
    public TrainingConfig(int hiddenSize, int sequenceLength, double learningRate, long iterations, int sampleEvery,
                          int sampleLength, double temperature, long seed, double valFraction, int evalEvery, double clip, Cell cell,
                          Optimization optimization) {
        this(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction,
                evalEvery, clip, cell, optimization, Depth.single());
    }

    /** A configuration with the seed's optimization: Adagrad, element-wise clipping, no decay. */
    public TrainingConfig(int hiddenSize, int sequenceLength, double learningRate, long iterations, int sampleEvery,
                          int sampleLength, double temperature, long seed, double valFraction, int evalEvery, double clip, Cell cell) {
        this(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction,
                evalEvery, clip, cell, Optimization.defaults());
    }

    /** A vanilla-RNN configuration (the settings before cells existed). */
    public TrainingConfig(int hiddenSize, int sequenceLength, double learningRate, long iterations, int sampleEvery,
                          int sampleLength, double temperature, long seed, double valFraction, int evalEvery, double clip) {
        this(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction,
                evalEvery, clip, Cell.VANILLA);
    }

    /** The original experiment's run.py defaults. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(100, 25, 0.1, 500_000, 100, 200, 1.0, 42, 0.0, 1000, 5.0, Cell.VANILLA, Optimization.defaults());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }

    public TrainingConfig withHiddenSize(int v) {
        return new TrainingConfig(v, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction, evalEvery, clip, cell, optimization, depth);
    }

    public TrainingConfig withSequenceLength(int v) {
        return new TrainingConfig(hiddenSize, v, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction, evalEvery, clip, cell, optimization, depth);
    }

    public TrainingConfig withLearningRate(double v) {
        return new TrainingConfig(hiddenSize, sequenceLength, v, iterations, sampleEvery, sampleLength, temperature, seed, valFraction, evalEvery, clip, cell, optimization, depth);
    }

    public TrainingConfig withIterations(long v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, v, sampleEvery, sampleLength, temperature, seed, valFraction, evalEvery, clip, cell, optimization, depth);
    }

    public TrainingConfig withSampleEvery(int v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, v, sampleLength, temperature, seed, valFraction, evalEvery, clip, cell, optimization, depth);
    }

    public TrainingConfig withSampleLength(int v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, v, temperature, seed, valFraction, evalEvery, clip, cell, optimization, depth);
    }

    public TrainingConfig withTemperature(double v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, v, seed, valFraction, evalEvery, clip, cell, optimization, depth);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, v, valFraction, evalEvery, clip, cell, optimization, depth);
    }

    public TrainingConfig withValFraction(double v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, v, evalEvery, clip, cell, optimization, depth);
    }

    public TrainingConfig withEvalEvery(int v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction, v, clip, cell, optimization, depth);
    }

    public TrainingConfig withCell(Cell v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction, evalEvery, clip, v, optimization, depth);
    }

    public TrainingConfig withClip(double v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction, evalEvery, v, cell, optimization, depth);
    }

    public TrainingConfig withOptimization(Optimization v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction, evalEvery, clip, cell, v, depth);
    }

    public TrainingConfig withDepth(Depth v) {
        return new TrainingConfig(hiddenSize, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction, evalEvery, clip, cell, optimization, v);
    }

    /** Another cell and hidden size at once (each alone might not fit the other's limit). */
    public TrainingConfig withCell(Cell v, int hidden) {
        return new TrainingConfig(hidden, sequenceLength, learningRate, iterations, sampleEvery, sampleLength, temperature, seed, valFraction, evalEvery, clip, v, optimization, depth);
    }

    /**
     * Weights and biases of the model these settings train, output layer included: the seed-exact cell's
     * ({@link Cell#parameterCount}) for one layer at batch 1 in float64, the stacked model's
     * ({@link DeepRnn#parameterCount}) otherwise.
     */
    public long parameterCount(int vocabSize) {
        return depth.isSingle() ? cell.parameterCount(vocabSize, hiddenSize)
                : DeepRnn.parameterCount(cell, vocabSize, hiddenSize, depth.layers());
    }

    /**
     * Bytes a run of these settings allocates for training on {@code vocabSize} characters, an upper bound:
     * {@link Cell#trainingBytes} for one layer at batch 1, {@link DeepRnn#trainingBytes} otherwise.
     */
    public long trainingBytes(int vocabSize) {
        return depth.isSingle() ? cell.trainingBytes(hiddenSize, vocabSize, sequenceLength)
                : DeepRnn.trainingBytes(cell, vocabSize, hiddenSize, depth.layers(), depth.batchSize(), sequenceLength);
    }

    /**
     * Bytes the run's history can take on {@code vocabSize} characters with the trainer's default budget
     * ({@link RunHistory#mostBytes}): a copy of the weights per scheduled iteration up to {@link #iterations()}, at most
     * {@link RunHistory#DEFAULT_BUDGET_BYTES}.
     */
    public long historyBytes(int vocabSize) {
        long p = depth.isSingle() ? cell.parameterCount(vocabSize, hiddenSize)
                : DeepRnn.parameterCount(cell, vocabSize, hiddenSize, depth.layers());
        return RunHistory.mostBytes(p, iterations, RunHistory.DEFAULT_BUDGET_BYTES);
    }

    /** The loss of a window whose every prediction is uniform: -log(1/V) * T, where smooth loss starts. */
    public double initialSmoothLoss(int vocabSize) {
        return -Math.log(1.0 / vocabSize) * sequenceLength;
    }
}
