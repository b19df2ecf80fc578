package dev.unroll.engine.model;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.CliNamed;
import dev.unroll.engine.CliNames;
import dev.unroll.engine.Rng;

import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * The recurrent cells the engine can train, each behind {@link RecurrentModel} with the same
 * character-level frame around it (one-hot input, softmax output Why/by, summed cross-entropy):
 * <ul>
 *   <li>{@link #VANILLA}: min-char-rnn's tanh RNN, {@link VanillaRnn} (parameters Wxh, Whh, Why, bh, by);</li>
 *   <li>{@link #LSTM}: {@code torch.nn.LSTM}'s cell, {@link Lstm} (weight_ih, weight_hh, bias_ih, bias_hh, Why, by);</li>
 *   <li>{@link #GRU}: {@code torch.nn.GRU}'s cell, {@link Gru} (the same names).</li>
 * </ul>
 */
public enum Cell implements CliNamed {
    VANILLA(1, 1, List.of(), new int[0]),
    LSTM(4, 2, List.of("input", "forget", "cell", "output"), new int[] {0, 1, 3}),
    GRU(3, 1, List.of("reset", "update", "new"), new int[] {0, 1});

    /** The largest hidden size of the vanilla cell. */
    public static final int MAX_HIDDEN = 4096;
    /**
     * The largest hidden size of a gated cell: its recurrent weight has 4H (LSTM) or 3H (GRU) rows,
     * so at 2048 it holds as many numbers as the vanilla cell's at {@value #MAX_HIDDEN}.
     */
    public static final int MAX_GATED_HIDDEN = 2048;


    private final int blocks;
    private final int statesPerUnit;
    private final List<String> gateNames;
    private final int[] sigmoidGates;

    Cell(int blocks, int statesPerUnit, List<String> gateNames, int[] sigmoidGates) {
        this.blocks = blocks;
        this.statesPerUnit = statesPerUnit;
        this.gateNames = gateNames;
        this.sigmoidGates = sigmoidGates;
    }

    /**
     * Row blocks of the recurrent weight: 1 for the vanilla cell (Whh is H x H), 4 for the LSTM
     * (i, f, g, o) and 3 for the GRU (r, z, n), whose weight_hh is gates() H x H. (The vanilla cell's
     * one block is its tanh layer: it has no gates to name, see {@link #gateNames()}.)
     */
    public int gates() {
        return blocks;
    }

    /**
     * The gate blocks of the recurrent weight, in PyTorch's row order: input, forget, cell (g),
     * output for the LSTM; reset, update, new (n) for the GRU; none for the vanilla cell (its tanh
     * layer is the hidden state itself).
     */
    public List<String> gateNames() {
        return gateNames;
    }

    /**
     * Indices into {@link #gateNames()} of the gates that are sigmoids, with values in (0, 1): the
     * LSTM's input, forget and output gates, the GRU's reset and update gates (the LSTM's g and the
     * GRU's n are tanh). A fresh copy.
     */
    public int[] sigmoidGates() {
        return sigmoidGates.clone();
    }

    /** The length of the recurrent state carried between windows: H, or 2H for the LSTM (h, then c). */
    public int stateSize(int hiddenSize) {
        return statesPerUnit * hiddenSize;
    }

    /**
     * The cell with this command-line name (case and surrounding blanks ignored).
     *
     * @throws BadInputException for any other name, naming the three accepted ones
     */
    public static Cell parse(String name) {
        return CliNames.parse(values(), Cell::cliName, "cell", name);
    }

    /**
     * A new model with initialised weights drawn from {@code rng}: for {@link #VANILLA} exactly
     * {@code new VanillaRnn(vocab, hidden, rng)} (the seed's N(0,1) x 0.01, biases zero), for the
     * gated cells PyTorch's initialisation, every tensor uniform in [-1/sqrt(H), 1/sqrt(H)) (see {@link Lstm}, {@link Gru}).
     */
    public RecurrentModel create(int vocab, int hidden, Rng rng) {
        return switch (this) {
            case VANILLA -> new VanillaRnn(vocab, hidden, rng);
            case LSTM -> new Lstm(vocab, hidden, rng);
            case GRU -> new Gru(vocab, hidden, rng);
        };
    }

    /** A new model of this cell with every parameter zero (to copy weights into). */
    public RecurrentModel createZero(int vocab, int hidden) {
        return switch (this) {
            case VANILLA -> new VanillaRnn(vocab, hidden);
            case LSTM -> new Lstm(vocab, hidden);
            case GRU -> new Gru(vocab, hidden);
        };
    }

    /**
     * Weights and biases of a model of this cell, output layer included:
     * <pre>
     *   vanilla:  H V + H^2 + H  +  V H + V                     (Wxh, Whh, bh, Why, by)
     *   gated:    G (H V + H^2 + 2 H)  +  V H + V                (weight_ih, weight_hh, bias_ih, bias_hh, Why, by; G = 4 or 3)
     * </pre>
     */
    public long parameterCount(int vocab, int hidden) {
        long v = vocab;
        long h = hidden;
        long recurrent = this == VANILLA ? h * v + h * h + h : blocks * (h * v + h * h + 2 * h);
        return recurrent + v * h + v;
    }

    /** The largest hidden size this cell accepts ({@link #MAX_HIDDEN} or {@link #MAX_GATED_HIDDEN}). */
    public int maxHidden() {
        return this == VANILLA ? MAX_HIDDEN : MAX_GATED_HIDDEN;
    }

    /**
     * The hidden size whose model of this cell has the {@link #parameterCount parameter count} closest to
     * {@code target} (the smaller one on a tie), for a vocabulary of {@code vocab}: how two cells are
     * compared "at the same number of weights".
     *
     * @throws BadInputException when {@code target} lies below the count at hidden size 1 or above the
     *                           count at {@link #maxHidden()}; the message gives both ends
     */
    public int hiddenSizeMatching(int vocab, long target) {
        return hiddenSizeMatching(vocab, target, 1);
    }

    /**
     * {@link #hiddenSizeMatching(int, long)} for a model of {@code layers} stacked layers: with more than one,
     * the count is the stacked model's ({@link DeepRnn#parameterCount}); with one, this cell's.
     *
     * @throws BadInputException as {@link #hiddenSizeMatching(int, long)}
     */
    public int hiddenSizeMatching(int vocab, long target, int layers) {
        int max = maxHidden();
        LongUnaryOperator count = h -> layers == 1 ? parameterCount(vocab, (int) h) : DeepRnn.parameterCount(this, vocab, (int) h, layers);
        long low = count.applyAsLong(1);
        long high = count.applyAsLong(max);
        if (target < low || target > high) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%,d parameters is out of range for the %s cell%s with %d characters: from %,d (hidden 1) to %,d (hidden %d)",
                    target, cliName(), layers == 1 ? "" : " of " + layers + " layers", vocab, low, high, max));
        }
        int lo = 1;
        int hi = max; // the smallest hidden size whose count reaches the target lies in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (count.applyAsLong(mid) >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (lo > 1 && target - count.applyAsLong(lo - 1) <= count.applyAsLong(lo) - target) {
            return lo - 1;
        }
        return lo;
    }

    /**
     * The cell whose parameters these are, told by their names and shapes: Wxh first for the
     * vanilla cell; weight_ih first for a gated one, whose weight_hh has 4 (LSTM) or 3 (GRU) times
     * as many rows as columns; weight_ih_l0 first for a stacked model ({@link DeepRnn#ofParameters}).
     *
     * @throws BadInputException when the list is no cell's parameters
     */
    public static Cell ofParameters(List<Tensor> parameters) {
        if (DeepRnn.isStacked(parameters)) {
            return DeepRnn.ofParameters(parameters, 0.0).cell();
        }
        if (parameters.size() == 5 && parameters.get(0).name.equals("Wxh")) {
            return VANILLA;
        }
        if (parameters.size() == 6 && parameters.get(0).name.equals("weight_ih") && parameters.get(1).name.equals("weight_hh")) {
            Tensor whh = parameters.get(1);
            if (whh.rows == 4 * whh.cols) {
                return LSTM;
            }
            if (whh.rows == 3 * whh.cols) {
                return GRU;
            }
        }
        throw new BadInputException("the parameters " + parameters + " are those of no known cell");
    }

    /**
     * Bytes a training run of the cell allocates, an upper bound (checked against the arrays a
     * {@code Trainer} and two exported states hold, per cell, by {@code RunMemoryTest}). With P the
     * cell's {@link #parameterCount parameter count}:
     * <pre>
     *   10 P          parameters, gradients, Adagrad's memory (3 P); the model's transposed copies
     *                 of the weights (at most 2 P); two exported states of parameters and memory,
     *                 one saved and one kept in case of a blow-up (4 P); 1 P to spare
     *   T (4H + 3V)   vanilla window: h_t, Why^T dy_t, da_t; logits, dy_t (with V to spare)
     *   T (12H + 3V)  gated window: h_t, Why^T dy_t (2H); the gate activations and the gradients of the
     *                 pre-activations (LSTM: 4H + 4H, and c_t, tanh c_t; GRU: 4H + 3H + 3H); logits, dy_t
     * </pre>
     * in doubles, plus 2 G H + 4 (H + V) doubles of scratch vectors.
     */
    public long trainingBytes(int hidden, int vocab, int sequence) {
        long h = hidden;
        long v = vocab;
        long perStep = this == VANILLA ? 4 * h + 3 * v : 12 * h + 3 * v;
        long scratch = 2L * gates() * h + 4 * (h + v);
        return 8 * (10 * parameterCount(vocab, hidden) + (long) sequence * perStep + scratch);
    }
}
