package dev.unroll.engine.model;

import dev.unroll.engine.corpus.Vocabulary;

import java.util.List;

/**
 * A frozen copy of a model's weights at one iteration, with its vocabulary (and, when the trainer
 * made it, the latest gradients and the optimizer's memory). Views inspect and generate from it
 * without ever touching the live model. The tensors are copies that nobody writes; treat them as
 * read-only. Each inspection method works on a fresh model built from them, so a snapshot can be
 * shared by several threads.
 *
 * @param iteration  the iteration the weights belong to (the number of updates applied)
 * @param vocabulary the model's characters
 * @param parameters the model's parameters in its order (copies): Wxh, Whh, Why, bh, by for the vanilla
 *                   cell, weight_ih, weight_hh, bias_ih, bias_hh, Why, by for a gated one (see {@link Cell}),
 *                   weight_ih_l0, ..., Why, by for a stacked one ({@link DeepRnn})
 * @param gradients  the last iteration's clipped gradients, same order (copies; zeros if none yet)
 * @param memory     the optimizer's memory ({@code engine.train.Optimizer.memory()}: per parameter, its record of squared gradients), same order (copies; empty if not recorded)
 */
public record ModelSnapshot(long iteration, Vocabulary vocabulary, List<Tensor> parameters,
                            List<Tensor> gradients, List<Tensor> memory) {

    public ModelSnapshot {
        parameters = List.copyOf(parameters);
        gradients = List.copyOf(gradients);
        memory = List.copyOf(memory);
    }

    /** H: the recurrent weight (Whh, or weight_hh) has H columns. */
    public int hiddenSize() {
        return parameters.get(1).cols;
    }

    /** The cell these weights belong to, told from the parameters' names and shapes. */
    public Cell cell() {
        return Cell.ofParameters(parameters);
    }

    /** Stacked layers: 1 for the seed-exact cells' parameters, L for a {@link DeepRnn}'s. */
    public int layers() {
        return DeepRnn.isStacked(parameters) ? (parameters.size() - 2) / 4 : 1;
    }

    /**
     * Length of the model's state vector (H, or 2H for the LSTM; times the layers of a stacked model),
     * see {@link RecurrentModel#stateSize()}.
     */
    public int stateSize() {
        return layers() * cell().stateSize(hiddenSize());
    }

    public int vocabSize() {
        return vocabulary.size();
    }

    /** The parameter with this name (Wxh, Whh, Why, bh, by; or weight_ih, ...). */
    public Tensor parameter(String name) {
        return find(parameters, name);
    }

    /** The gradient of a parameter (dWxh, dWhh, ...). */
    public Tensor gradient(String name) {
        return find(gradients, name);
    }

    private static Tensor find(List<Tensor> list, String name) {
        for (Tensor t : list) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no tensor named " + name);
    }

    /** A new, independent model of the snapshot's cell holding these weights. */
    public RecurrentModel newModel() {
        RecurrentModel m = DeepRnn.isStacked(parameters) ? DeepRnn.ofParameters(parameters, 0.0)
                : cell().createZero(vocabSize(), hiddenSize());
        List<Tensor> ps = m.parameters();
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).copyFrom(parameters.get(i));
        }
        return m;
    }
}
