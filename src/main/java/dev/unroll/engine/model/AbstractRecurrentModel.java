package dev.unroll.engine.model;

import java.util.List;

/**
 * The skeleton of the three models (the seed's {@link VanillaRnn} and the gated cells' {@link GatedRnn}, both one-layer
 * {@link SingleLayerRnn}s, and the stacked {@link DeepRnn}), in the manner of {@link java.util.AbstractList}: the sizes,
 * checked once, and the parameters with their gradients in a fixed order, as {@link RecurrentModel} hands them out.
 */
abstract sealed class AbstractRecurrentModel implements RecurrentModel permits SingleLayerRnn, DeepRnn {
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

    /** {@code c}, a new model of this one's kind and sizes, with this one's parameters and gradients copied in: a {@link #copy()}. */
    final <M extends RecurrentModel> M copyInto(M c) {
        List<Tensor> cp = c.parameters();
        List<Tensor> cg = c.gradients();
        for (int i = 0; i < params.size(); i++) {
            cp.get(i).copyFrom(params.get(i));
            cg.get(i).copyFrom(grads.get(i));
        }
        return c;
    }
}
