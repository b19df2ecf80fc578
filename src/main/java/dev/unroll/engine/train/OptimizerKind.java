package dev.unroll.engine.train;

import dev.unroll.engine.CliNamed;
import dev.unroll.engine.CliNames;
import dev.unroll.engine.model.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The optimizers a run can train with: {@link #ADAGRAD} (min-char-rnn's, the default), {@link #RMSPROP}
 * (char-rnn's) and {@link #ADAM} (torch-rnn's and nanoGPT's, with {@code torch.optim.Adam}'s defaults). Each one's
 * {@link #cliName()} is also its optimizer's {@link Optimizer#name()}.
 */
public enum OptimizerKind implements CliNamed {
    ADAGRAD(Adagrad::new),
    RMSPROP(RmsProp::new),
    ADAM(Adam::new);

    private final Supplier<Optimizer> factory;

    OptimizerKind(Supplier<Optimizer> factory) {
        this.factory = factory;
    }

    /** A new optimizer of this kind, not yet initialised. */
    public Optimizer create() {
        return factory.get();
    }

    /**
     * The names of the optimizer's state arrays in a checkpoint, in {@link Optimizer#state()}'s order,
     * for parameters saved under {@code parameterNames}: Adagrad's {@code m<name>} (min-char-rnn's
     * {@code mWxh}), RMSprop's {@code square_avg_<name>}, Adam's {@code exp_avg_<name>} for each
     * parameter, then {@code exp_avg_sq_<name>} for each, then {@value Adam#STEP_NAME} (PyTorch's
     * state names). Each optimizer's names are its own, so no reader mistakes one for another's.
     */
    public List<String> stateNames(List<String> parameterNames) {
        List<String> names = new ArrayList<>();
        switch (this) {
            case ADAGRAD -> parameterNames.forEach(n -> names.add("m" + n));
            case RMSPROP -> parameterNames.forEach(n -> names.add("square_avg_" + n));
            case ADAM -> {
                parameterNames.forEach(n -> names.add("exp_avg_" + n));
                parameterNames.forEach(n -> names.add("exp_avg_sq_" + n));
                names.add(Adam.STEP_NAME);
            }
        }
        return names;
    }

    /**
     * The per-parameter memory ({@link Optimizer#memory()}) within a saved state list of this optimizer
     * for {@code parameterCount} parameters: the whole list, or for Adam its second moments.
     */
    public List<Tensor> memoryOf(List<Tensor> state, int parameterCount) {
        if (this != ADAM) {
            return state;
        }
        return state.size() >= 2 * parameterCount ? state.subList(parameterCount, 2 * parameterCount) : List.of();
    }

    /** The kind of a name (case and surrounding blanks ignored). */
    public static OptimizerKind parse(String name) {
        return CliNames.parse(values(), OptimizerKind::cliName, "optimizer", name);
    }
}
