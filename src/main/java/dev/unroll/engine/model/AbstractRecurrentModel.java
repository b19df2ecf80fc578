package dev.unroll.engine.model;

import java.util.List;

/**
 * The skeleton of the three models (the seed's {@link VanillaRnn}, the gated cells' {@link GatedRnn} and the stacked
 * {@link DeepRnn}), in the manner of {@link java.util.AbstractList}: the sizes, checked once, and the parameters with
 * their gradients in a fixed order, as {@link RecurrentModel} hands them out.
 */
abstract sealed class AbstractRecurrentModel implements RecurrentModel permits VanillaRnn, GatedRnn, DeepRnn {
    final int vocab;
    final int hidden;
    /** Set once by the subclass's constructor, when its tensors exist; never changed after. */
    List<Tensor> params = List.of();
    /** As {@link #params}: the gradients in the parameters' order. */
    List<Tensor> grads = List.of();

    /** @throws IllegalArgumentException when a size is below 1 */
    AbstractRecurrentModel(int vocabSize, int hiddenSize) {
        if (vocabSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        this.vocab = vocabSize;
        this.hidden = hiddenSize;
    }

    @Override
    public final int vocabSize() {
        return vocab;
    }

    @Override
    public final int hiddenSize() {
        return hidden;
    }

    @Override
    public final List<Tensor> parameters() {
        return params;
    }

    @Override
    public final List<Tensor> gradients() {
        return grads;
    }
}
