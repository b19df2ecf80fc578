package dev.unroll.engine.inspect;

import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.GateTrace;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;

import java.util.ArrayList;
import java.util.List;

/**
 * How often each unit's sigmoid gates are saturated, as in Karpathy, Johnson and Fei-Fei 2015
 * ("Visualizing and Understanding Recurrent Networks", Fig. 4): for each gate and unit, the fraction
 * of steps at which the gate is left-saturated (activation below {@value #LOW}) and right-saturated
 * (above {@value #HIGH}). A unit whose forget gate is right-saturated most of the time remembers
 * across long spans; one that is never saturated acts as a plain feed-forward unit.
 *
 * <p>The gates are the sigmoid ones ({@link Cell#sigmoidGates()}): the LSTM's input, forget and
 * output gates, the GRU's reset and update gates. The vanilla cell has none.
 *
 * @param cell  the cell
 * @param gates the names of the gates counted, in order
 * @param left  left[g][unit]: fraction of steps with gate g of the unit below {@value #LOW}
 * @param right right[g][unit]: fraction of steps with it above {@value #HIGH}
 * @param steps the steps counted
 */
public record GateSaturation(Cell cell, List<String> gates, double[][] left, double[][] right, int steps) {
    /** Below this a sigmoid gate counts as left-saturated (shut). */
    public static final double LOW = 0.1;
    /** Above this a sigmoid gate counts as right-saturated (open). */
    public static final double HIGH = 0.9;

    public GateSaturation {
        gates = List.copyOf(gates);
    }

    /** Counts over the steps of a gate trace (a training window's, or {@link RecurrentModel#forwardGates}'). */
    public static GateSaturation of(GateTrace trace) {
        Cell cell = trace.cell();
        int[] sig = cell.sigmoidGates();
        int H = trace.hiddenSize();
        int T = trace.length();
        List<String> names = new ArrayList<>();
        double[][] left = new double[sig.length][H];
        double[][] right = new double[sig.length][H];
        for (int s = 0; s < sig.length; s++) {
            names.add(cell.gateNames().get(sig[s]));
            for (int t = 0; t < T; t++) {
                for (int u = 0; u < H; u++) {
                    double a = trace.gate(t, sig[s], u);
                    if (a < LOW) {
                        left[s][u]++;
                    } else if (a > HIGH) {
                        right[s][u]++;
                    }
                }
            }
            for (int u = 0; u < H && T > 0; u++) {
                left[s][u] /= T;
                right[s][u] /= T;
            }
        }
        return new GateSaturation(cell, names, left, right, T);
    }

    /**
     * Counts over a text read from a zero state (the paper uses the validation text) on a fresh copy
     * of the snapshot's weights; safe on any thread.
     */
    public static GateSaturation ofText(ModelSnapshot model, int[] text) {
        RecurrentModel m = model.newModel();
        return of(m.forwardGates(text, new double[m.stateSize()]));
    }
}
