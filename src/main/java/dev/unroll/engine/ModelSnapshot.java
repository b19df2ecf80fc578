package dev.unroll.engine;

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
 * @param parameters Wxh, Whh, Why, bh, by (copies)
 * @param gradients  the last iteration's clipped gradients, same order (copies; zeros if none yet)
 * @param memory     the optimizer's state, same order (copies; empty if not recorded)
 */
public record ModelSnapshot(long iteration, Vocabulary vocabulary, List<Tensor> parameters,
                            List<Tensor> gradients, List<Tensor> memory) {

    public ModelSnapshot {
        parameters = List.copyOf(parameters);
        gradients = List.copyOf(gradients);
        memory = List.copyOf(memory);
    }

    public int hiddenSize() {
        return parameters.get(1).rows;
    }

    public int vocabSize() {
        return vocabulary.size();
    }

    /** The parameter with this name (Wxh, Whh, Why, bh, by). */
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

    /** A new, independent model holding these weights. */
    public VanillaRnn newModel() {
        VanillaRnn m = new VanillaRnn(vocabSize(), hiddenSize());
        List<Tensor> ps = m.parameters();
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).copyFrom(parameters.get(i));
        }
        return m;
    }
}
