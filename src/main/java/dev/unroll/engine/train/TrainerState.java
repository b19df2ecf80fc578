package dev.unroll.engine.train;

import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.Tensor;

import java.util.List;
import java.util.Optional;

/**
 * Everything needed to continue a run exactly where it stopped: what a checkpoint holds. The
 * tensors are copies owned by this record.
 *
 * @param config       the run's configuration
 * @param vocabulary   the characters the model was trained on
 * @param optimizer    the optimizer's name ({@link OptimizerKind#cliName()}: "adagrad", "rmsprop" or "adam")
 * @param parameters   the model's parameters in its order (Wxh, Whh, Why, bh, by for the vanilla cell; see {@link Cell})
 * @param memory       the optimizer's state ({@link Optimizer#state()}: one array per parameter in parameter order,
 *                     for Adam both moments and its step count)
 * @param hidden       the state carried into the next window ({@link RecurrentModel#stateSize()}: h, and for the LSTM c after it)
 * @param pointer      the data pointer: where the next window starts
 * @param iteration    iterations done
 * @param smoothLoss   the smooth loss
 * @param lastLoss     the last window's loss (NaN before the first)
 * @param valLoss      the last validation loss (NaN if none)
 * @param rngState     the random generator's state (sampling continues identically)
 * @param learningRate the learning rate in effect (it may have been changed during the run)
 * @param temperature  the sampling temperature in effect
 * @param elapsedNanos training time so far
 * @param samples      the most recent samples
 * @param history      the weights kept at earlier iterations ({@link RunHistory}), oldest first; empty when none
 */
public record TrainerState(TrainingConfig config, Vocabulary vocabulary, String optimizer,
                           List<Tensor> parameters, List<Tensor> memory, double[] hidden,
                           int pointer, long iteration, double smoothLoss, double lastLoss, double valLoss,
                           long rngState, double learningRate, double temperature, long elapsedNanos,
                           List<Sample> samples, List<HistoryEntry> history) {

    public TrainerState {
        parameters = List.copyOf(parameters);
        memory = List.copyOf(memory);
        samples = List.copyOf(samples);
        history = List.copyOf(history);
    }

    /** A state without a history (a run saved before histories, or one that keeps none). */
    public TrainerState(TrainingConfig config, Vocabulary vocabulary, String optimizer,
                        List<Tensor> parameters, List<Tensor> memory, double[] hidden,
                        int pointer, long iteration, double smoothLoss, double lastLoss, double valLoss,
                        long rngState, double learningRate, double temperature, long elapsedNanos,
                        List<Sample> samples) {
        this(config, vocabulary, optimizer, parameters, memory, hidden, pointer, iteration, smoothLoss, lastLoss, valLoss,
                rngState, learningRate, temperature, elapsedNanos, samples, List.of());
    }

    /**
     * This state at another learning rate, in the configuration and in effect (how a diverged run goes
     * back to its last healthy state with a lower rate); everything else is this state's.
     */
    public TrainerState withLearningRate(double rate) {
        return new TrainerState(config.withLearningRate(rate), vocabulary, optimizer, parameters, memory, hidden, pointer,
                iteration, smoothLoss, lastLoss, valLoss, rngState, rate, temperature, elapsedNanos, samples, history);
    }

    /**
     * The weights as of iteration n: the newest of the history's entries and this state's own weights (at
     * {@link #iteration()}) that is at or before n, as a snapshot at its iteration; empty when all are after n.
     */
    public Optional<ModelSnapshot> modelAt(long n) {
        if (n >= iteration) {
            return Optional.of(modelSnapshot());
        }
        HistoryEntry best = null;
        for (HistoryEntry e : history) {
            if (e.iteration() <= n) {
                best = e;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.model(vocabulary));
    }

    /** The weights as a snapshot, for generating or inspecting without a corpus. */
    public ModelSnapshot modelSnapshot() {
        List<Tensor> zeros = parameters.stream().map(p -> new Tensor("d" + p.name, p.rows, p.cols)).toList();
        return new ModelSnapshot(iteration, vocabulary, parameters, zeros,
                OptimizerKind.parse(optimizer).memoryOf(memory, parameters.size()));
    }
}
