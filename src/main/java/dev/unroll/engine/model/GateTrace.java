package dev.unroll.engine.model;

import java.util.List;

/**
 * What a gated cell's gates did over a run of steps, copied out of the model: every gate's
 * activation per step and unit and, for the LSTM, the cell state c per step. Arrays are row-major
 * and owned by this record (nobody writes them after construction). For the vanilla cell, which
 * has no gates, {@code gates} is empty and the LSTM-only arrays are null.
 *
 * @param cell       the cell
 * @param hiddenSize H
 * @param length     T, the steps recorded
 * @param gates      activations, T x (G H): row t holds the G gate blocks of {@link Cell#gateNames()}
 *                   one after the other (LSTM i, f, g, o; GRU r, z, n), H units each
 * @param cells      LSTM: c_t for t = 1..T (T x H); otherwise null
 * @param c0         LSTM: the cell state the run started from (H); otherwise null
 * @param dcNorms    LSTM after a training window: ||dL/dc_t|| for t = 1..T (T), the error signal
 *                   reaching the cell state at step t (the window's whole loss); otherwise null
 */
public record GateTrace(Cell cell, int hiddenSize, int length, double[] gates, double[] cells, double[] c0,
                        double[] dcNorms) {

    public GateTrace {
        if (gates.length != length * cell.gateNames().size() * hiddenSize) {
            throw new IllegalArgumentException("gates hold " + gates.length + " values, expected T x G x H");
        }
    }

    /** No gates: the vanilla cell's trace of {@code length} steps. */
    public static GateTrace none(int hiddenSize, int length) {
        return new GateTrace(Cell.VANILLA, hiddenSize, length, new double[0], null, null, null);
    }

    /** The gate names, {@link Cell#gateNames()}. */
    public List<String> gateNames() {
        return cell.gateNames();
    }

    /** G, the number of gates recorded (0 for the vanilla cell). */
    public int gateCount() {
        return cell.gateNames().size();
    }

    /** The activation of gate {@code gate} (an index into {@link #gateNames()}) of {@code unit} at step t (0-based). */
    public double gate(int t, int gate, int unit) {
        return gates[(t * gateCount() + gate) * hiddenSize + unit];
    }

    /** LSTM: c of {@code unit} after step t (0-based). */
    public double cell(int t, int unit) {
        return cells[t * hiddenSize + unit];
    }
}
