package dev.unroll.engine.inspect;

import dev.unroll.engine.model.Cell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which per-unit activations of a model a probe is read through: the hidden state h (every cell),
 * the LSTM's cell state c, or one of a gated cell's gates ({@link Cell#gateNames()}). Each has H
 * units, so every analysis of a {@link ProbeResult} (statistics, correlations, the unit finder, the
 * span finder) works on any layer unchanged.
 *
 * @param kind what the layer is
 * @param gate for {@link Kind#GATE} the gate's index into {@link Cell#gateNames()}, otherwise -1
 * @param name how the layer is named in text: {@code h}, {@code c}, or the gate's name ({@code forget}, {@code update}, ...)
 * @param sigmoid whether the layer is a sigmoid gate (values in (0, 1), saturated near either end), not a tanh gate or a state
 */
public record ProbeLayer(Kind kind, int gate, String name, boolean sigmoid) {

    /** The kinds of layers. */
    public enum Kind {
        /** The hidden state h_t, the output layer's input (every cell). */
        HIDDEN,
        /** The LSTM's cell state c_t. */
        CELL_STATE,
        /** One gate's activations (LSTM i, f, g, o; GRU r, z, n). */
        GATE
    }

    /** The hidden state h, which every cell has. */
    public static final ProbeLayer H = new ProbeLayer(Kind.HIDDEN, -1, "h", false);
    /** The LSTM's cell state c. */
    public static final ProbeLayer C = new ProbeLayer(Kind.CELL_STATE, -1, "c", false);

    public ProbeLayer {
        if ((kind == Kind.GATE) != (gate >= 0)) {
            throw new IllegalArgumentException("a gate layer has a gate index, the others -1 (got " + kind + ", " + gate + ")");
        }
        if (sigmoid && kind != Kind.GATE) {
            throw new IllegalArgumentException("only a gate is a sigmoid layer");
        }
    }

    /** The gate of {@code cell} with index {@code gate} into {@link Cell#gateNames()}. */
    public static ProbeLayer gate(Cell cell, int gate) {
        return new ProbeLayer(Kind.GATE, gate, cell.gateNames().get(gate), Arrays.stream(cell.sigmoidGates()).anyMatch(g -> g == gate));
    }

    /** The recurrent states of a cell: h, and for the LSTM c after it. */
    public static List<ProbeLayer> states(Cell cell) {
        return cell == Cell.LSTM ? List.of(H, C) : List.of(H);
    }

    /** Every layer a model of the cell offers: its {@link #states}, then each gate in {@link Cell#gateNames()} order. */
    public static List<ProbeLayer> of(Cell cell) {
        List<ProbeLayer> out = new ArrayList<>(states(cell));
        for (int g = 0; g < cell.gateNames().size(); g++) {
            out.add(gate(cell, g));
        }
        return List.copyOf(out);
    }

    /** Whether a model of {@code cell} has this layer. */
    public boolean belongsTo(Cell cell) {
        return switch (kind) {
            case HIDDEN -> true;
            case CELL_STATE -> cell == Cell.LSTM;
            case GATE -> gate < cell.gateNames().size() && cell.gateNames().get(gate).equals(name);
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
