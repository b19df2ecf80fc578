package dev.unroll.engine.model;

import java.util.List;

/**
 * A character-level recurrent model as the trainer sees it: parameters with matching gradients,
 * one training window (forward, backpropagation through time, clipping), a forward pass for
 * inspection and one step for sampling. {@link VanillaRnn}, {@link Lstm} and {@link Gru} implement it
 * (see {@link Cell}); the trainer, the sampler and the views see only this interface.
 *
 * <p>The recurrent state. Every method that carries a state between steps or windows takes it as
 * one {@code double[]} of {@link #stateSize()} entries (called {@code hidden} below): the hidden
 * state h (H entries) first, then whatever else the cell carries, for the LSTM its cell state c
 * (H more). A state of all zeros is the start state of every cell. Code that shows "the hidden
 * state" reads the first {@link #hiddenSize()} entries.
 *
 * <p>Not thread-safe: a model is owned by one thread (the trainer's). Other threads work on
 * {@link #copy()}s, which the trainer hands out inside {@link ModelSnapshot}s.
 */
public interface RecurrentModel {

    int vocabSize();

    /** H: units of the hidden state h, the output layer's input. */
    int hiddenSize();

    /** Length of the state vector the methods below carry: H, or 2H for the LSTM (h, then c). */
    default int stateSize() {
        return hiddenSize();
    }

    /** Which cell this is; by default told from the parameters' names and shapes ({@link Cell#ofParameters}). */
    default Cell cell() {
        return Cell.ofParameters(parameters());
    }

    /** The parameters in a fixed order; {@link #gradients()} lists their gradients in the same order. */
    List<Tensor> parameters();

    List<Tensor> gradients();

    /**
     * One training window: inputs {@code data[start .. start+length)}, targets shifted by one.
     * Runs the forward pass from the state {@code hidden} ({@link #stateSize()} entries),
     * backpropagates through time, writes the gradients (each entry clipped to [-clip, clip]) and
     * leaves the last state in {@code hidden}.
     *
     * @return the window's loss, the sum over its characters of -log p(target)
     */
    double trainWindow(int[] data, int start, int length, double[] hidden, double clip);

    /** Intermediates of the last {@link #trainWindow}, copied (the model keeps reusing its buffers). */
    WindowTrace lastTrace();

    /**
     * Forward pass only over {@code inputs}. Writes h_t into {@code hsOut} (length x H, may be null)
     * and p_t into {@code probsOut} (length x V, may be null); leaves the last state in
     * {@code hidden} ({@link #stateSize()} entries). Where {@code targets} has an entry for a step (it may be shorter than the
     * inputs, or null) that step's loss is added to the result and stored in {@code lossOut}.
     *
     * @return the sum of -log p(target) over the steps that have a target
     */
    double forward(int[] inputs, int[] targets, double[] hidden, double[] hsOut, double[] probsOut, double[] lossOut);

    /**
     * Forward pass over {@code inputs} from the state {@code hidden} (left holding the last state)
     * that records every gate's activation per step and, for the LSTM, c per step, for inspection.
     * The vanilla cell has no gates: its trace is {@link GateTrace#none}.
     */
    GateTrace forwardGates(int[] inputs, double[] hidden);

    /**
     * The vanishing-gradient curve of a window: reads {@code inputs} from the state {@code hidden}
     * (not modified), takes the loss of the last step alone, -log p_T({@code target}), and
     * backpropagates it exactly through the window. The gradients are node gradients of the
     * computation graph: dL/dh_t through every path from h_t, and for the LSTM dL/dc_t through
     * h_t = o_t tanh(c_t) and through c_{t+1}.
     *
     * <p>Reuses the model's window buffers: {@link #lastTrace()} is not meaningful afterwards, so
     * call it on a copy (as the inspection code does). {@link #gradients()} are not changed.
     */
    GradientFlow gradientFlow(int[] inputs, int target, double[] hidden);

    /**
     * One step for sampling: reads {@code input}, updates the state {@code hidden} ({@link #stateSize()}
     * entries), writes the logits y into {@code logitsOut}.
     */
    void step(int input, double[] hidden, double[] logitsOut);

    /**
     * Steps for a run of sampling on the parameters as they are now: the same math as
     * {@link #step}, but a model may first lay its weights out for speed. The stepper is valid
     * until the parameters change (the optimizer's next update); make a new one then.
     */
    default Stepper stepper() {
        return this::step;
    }

    /** One sampling step, as {@link RecurrentModel#step}. */
    @FunctionalInterface
    interface Stepper {
        void step(int input, double[] hidden, double[] logitsOut);
    }

    /** A deep copy: weights and gradients; buffers are fresh. */
    RecurrentModel copy();

    /** Copies all parameter values from a model of the same shape. */
    default void copyParametersFrom(RecurrentModel other) {
        List<Tensor> mine = parameters();
        List<Tensor> theirs = other.parameters();
        for (int i = 0; i < mine.size(); i++) {
            mine.get(i).copyFrom(theirs.get(i));
        }
    }
}
