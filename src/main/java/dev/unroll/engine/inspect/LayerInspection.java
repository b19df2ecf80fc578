package dev.unroll.engine.inspect;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.DeepRnn;
import dev.unroll.engine.model.GateTrace;
import dev.unroll.engine.model.GradientFlow;
import dev.unroll.engine.model.LayerPass;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.WindowTrace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The inspections of a one-layer cell, per layer of a stacked model ({@link DeepRnn}), as engine data for
 * the app and the command line: probing layer k (its h, the LSTM's c, each gate) over a probe text, the
 * vanishing-gradient curve of every layer (the last prediction's loss backpropagated through the layers
 * and through time), gate saturation per layer (Karpathy, Johnson and Fei-Fei 2015, Fig. 4: one panel
 * per layer) and a training window seen from layer k. Every list has one entry per layer, layer 0 (the
 * one reading the characters) first.
 *
 * <p>Everything is computed in float64 from a copy of the snapshot's weights by {@link LayerPass}, in
 * evaluation mode (no dropout), so it is safe on any thread. A one-layer snapshot (the seed-exact
 * cells' parameters) is read as a stacked model of one layer with the same weights (the vanilla cell's
 * bh as bias_ih_l0, bias_hh_l0 zero), so the lists then hold what {@link ProbeResult},
 * {@link VanishingGradient} and {@link GateSaturation} give for the cell.
 */
public final class LayerInspection {

    private LayerInspection() {
    }

    /**
     * The snapshot's weights as a stacked model (a fresh copy): a {@link DeepRnn}'s as they are, a
     * one-layer cell's renamed to layer 0's.
     */
    public static DeepRnn model(ModelSnapshot model) {
        List<Tensor> ps = model.parameters();
        if (DeepRnn.isStacked(ps)) {
            return (DeepRnn) model.newModel();
        }
        Cell cell = model.cell();
        DeepRnn m = new DeepRnn(cell, model.vocabSize(), model.hiddenSize(), 1, 0.0);
        List<Tensor> mine = m.parameters();
        if (cell == Cell.VANILLA) {
            mine.get(0).copyFrom(model.parameter("Wxh"));
            mine.get(1).copyFrom(model.parameter("Whh"));
            mine.get(2).copyFrom(model.parameter("bh"));
        } else {
            mine.get(0).copyFrom(model.parameter("weight_ih"));
            mine.get(1).copyFrom(model.parameter("weight_hh"));
            mine.get(2).copyFrom(model.parameter("bias_ih"));
            mine.get(3).copyFrom(model.parameter("bias_hh"));
        }
        mine.get(4).copyFrom(model.parameter("Why"));
        mine.get(5).copyFrom(model.parameter("by"));
        return m;
    }

    /**
     * The probe read through layer {@code layer}'s activations {@code what} (h, the LSTM's c, gates; in
     * that order), as {@link ProbeResult#runLayers} reads a one-layer cell: the warm-up from a zero state,
     * then the passage; every result shares the output's predictions and losses.
     *
     * @throws BadInputException when the model has no such layer, or an activation is not the cell's
     */
    public static List<ProbeResult> probe(ModelSnapshot model, ProbeText probe, int layer, List<ProbeLayer> what) {
        checkLayer(model, layer);
        for (ProbeLayer l : what) {
            if (!l.belongsTo(model.cell())) {
                throw new BadInputException("the " + model.cell().cliName() + " cell has no layer '" + l.name()
                        + "'; it has " + ProbeLayer.of(model.cell()));
            }
        }
        DeepRnn m = model(model);
        LayerPass pass = passOver(m, probe);
        double[] loss = pass.stepLoss(targets(probe));
        double[] probs = pass.probs();
        GateTrace gates = pass.gates(layer);
        int H = m.hiddenSize();
        List<ProbeResult> out = new ArrayList<>();
        for (ProbeLayer l : what) {
            out.add(new ProbeResult(model.iteration(), model.vocabulary(), probe, activations(pass, gates, layer, l), probs, loss, H, l));
        }
        return List.copyOf(out);
    }

    /**
     * One signal of every layer over a probe, and every layer's gate saturation over the same passage: what a
     * view that lets one choose the layer needs, from one pass.
     *
     * @param results    per layer (layer 0 first) the probe read through the signal, as {@link #probe} gives it for that layer
     * @param saturation per layer the gate saturation over the probe's passage (after its warm-up, as the results),
     *                   as {@link #saturation(ModelSnapshot, int[])} counts it over a text read from a zero state
     */
    public record EveryLayer(List<ProbeResult> results, List<GateSaturation> saturation) {
        public EveryLayer {
            results = List.copyOf(results);
            saturation = List.copyOf(saturation);
        }
    }

    /**
     * The probe read through activations {@code what} (h, the LSTM's c or a gate) of every layer, with every
     * layer's gate saturation over the passage, from one pass: the warm-up from a zero state, then the passage.
     * The results are {@link #probe}'s for each layer, number for number. Safe on any thread.
     *
     * @throws BadInputException when the activation is not the cell's
     */
    public static EveryLayer everyLayer(ModelSnapshot model, ProbeText probe, ProbeLayer what) {
        if (!what.belongsTo(model.cell())) {
            throw new BadInputException("the " + model.cell().cliName() + " cell has no layer '" + what.name()
                    + "'; it has " + ProbeLayer.of(model.cell()));
        }
        DeepRnn m = model(model);
        LayerPass pass = passOver(m, probe);
        double[] loss = pass.stepLoss(targets(probe));
        double[] probs = pass.probs();
        List<ProbeResult> results = new ArrayList<>();
        List<GateSaturation> saturation = new ArrayList<>();
        for (int k = 0; k < m.layers(); k++) {
            GateTrace gates = pass.gates(k);
            double[] a = activations(pass, gates, k, what);
            results.add(new ProbeResult(model.iteration(), model.vocabulary(), probe, a, probs, loss, m.hiddenSize(), what));
            saturation.add(GateSaturation.of(gates));
        }
        return new EveryLayer(results, saturation);
    }

    /** The model's pass over the probe's passage, after the warm-up read from a zero state. */
    private static LayerPass passOver(DeepRnn m, ProbeText probe) {
        double[] state = new double[m.stateSize()];
        if (probe.warmup().length > 0) {
            LayerPass.run(m, probe.warmup(), state);
        }
        return LayerPass.run(m, probe.inputs(), state);
    }

    /** Step t's target: the passage's next character, and after its last the character that follows it (-1 if unknown). */
    private static int[] targets(ProbeText probe) {
        int T = probe.length();
        int[] targets = new int[T];
        for (int t = 0; t < T; t++) {
            targets[t] = t + 1 < T ? probe.inputs()[t + 1] : probe.next();
        }
        return targets;
    }

    /** Layer {@code layer}'s activations {@code what} from a pass (its gates given), T x H. */
    private static double[] activations(LayerPass pass, GateTrace gates, int layer, ProbeLayer what) {
        return switch (what.kind()) {
            case HIDDEN -> pass.hidden(layer);
            case CELL_STATE -> Arrays.copyOf(gates.cells(), gates.cells().length);
            case GATE -> gateActivations(gates, what.gate());
        };
    }

    private static double[] gateActivations(GateTrace trace, int gate) {
        int T = trace.length();
        int H = trace.hiddenSize();
        double[] a = new double[T * H];
        for (int t = 0; t < T; t++) {
            for (int u = 0; u < H; u++) {
                a[t * H + u] = trace.gate(t, gate, u);
            }
        }
        return a;
    }

    /** Layer {@code layer}'s recurrent states (h, and for the LSTM c) over the probe, analysed ({@link ProbeAnalysis#ofStates} per layer). */
    public static List<ProbeAnalysis> ofStates(ModelSnapshot model, ProbeText probe, int layer) {
        return probe(model, probe, layer, ProbeLayer.states(model.cell())).stream().map(ProbeAnalysis::of).toList();
    }

    /**
     * Gate saturation of every layer over a text read from a zero state (the paper reads the validation
     * text): per layer, per sigmoid gate and unit, the fraction of steps left-saturated (below
     * {@value GateSaturation#LOW}) and right-saturated (above {@value GateSaturation#HIGH}). The vanilla
     * cell has no gates: its entries count none.
     */
    public static List<GateSaturation> saturation(ModelSnapshot model, int[] text) {
        DeepRnn m = model(model);
        LayerPass pass = LayerPass.run(m, text, new double[m.stateSize()]);
        List<GateSaturation> out = new ArrayList<>();
        for (int k = 0; k < m.layers(); k++) {
            out.add(GateSaturation.of(pass.gates(k)));
        }
        return List.copyOf(out);
    }

    /**
     * The vanishing-gradient curve of every layer for one window: {@code inputs} read from {@code state}
     * (the model's whole state, layer 0 first; not modified), the loss of predicting {@code target} after
     * the last of them backpropagated through the layers and through time ({@link LayerPass#gradientFlow}).
     */
    public static List<GradientFlow> gradientFlow(ModelSnapshot model, int[] inputs, int target, double[] state) {
        return LayerPass.run(model(model), inputs, state.clone()).gradientFlow(target);
    }

    /**
     * Every layer's curve averaged over a whole text, as {@link VanishingGradient#overText} averages the
     * one-layer curve: windows of {@code T} characters read one after the other from a zero state, the state
     * carried on, each window's curve taken at the state it starts from; geometric means.
     *
     * @throws BadInputException when the text holds no whole window and the character after it
     */
    public static List<VanishingGradient.Mean> gradientOverText(ModelSnapshot model, int[] text, int T, int maxWindows) {
        int windows = VanishingGradient.windows(text, T, maxWindows);
        DeepRnn m = model(model);
        int L = m.layers();
        boolean lstm = m.cell() == Cell.LSTM;
        double[][] logDh = new double[L][T + 1];
        double[][] logDc = new double[L][T + 1];
        double[] state = new double[m.stateSize()];
        for (int w = 0; w < windows; w++) {
            List<GradientFlow> flows = LayerPass.run(m, Arrays.copyOfRange(text, w * T, (w + 1) * T), state)
                    .gradientFlow(text[(w + 1) * T]);
            for (int k = 0; k < L; k++) {
                GradientFlow f = flows.get(k);
                for (int j = 0; j <= T; j++) {
                    logDh[k][j] += Math.log(f.dh()[j]);
                    if (lstm) {
                        logDc[k][j] += Math.log(f.dc()[j]);
                    }
                }
            }
        }
        List<VanishingGradient.Mean> out = new ArrayList<>();
        for (int k = 0; k < L; k++) {
            out.add(new VanishingGradient.Mean(VanishingGradient.geometric(logDh[k], windows),
                    lstm ? VanishingGradient.geometric(logDc[k], windows) : null, windows));
        }
        return List.copyOf(out);
    }

    /**
     * A window seen from layer {@code layer}: {@code inputs} from the state {@code state0}, step t
     * predicting {@code inputs[t + 1]} and the last step {@code last}, as {@link GatedWalk#of} gives it for a
     * one-layer cell ({@link LayerPass#window}: the gradient norms of the window's summed loss). The
     * clipped fraction is that of the whole model's gradients of the window at {@code clip}.
     */
    public static WindowTrace window(ModelSnapshot model, int layer, int[] inputs, int last, double[] state0, double clip) {
        checkLayer(model, layer);
        DeepRnn m = model(model);
        if (inputs.length < 1 || state0.length != m.stateSize()) {
            throw new IllegalArgumentException("need at least one input and a state of " + m.stateSize()
                    + " (got " + inputs.length + ", " + state0.length + ")");
        }
        int[] data = Arrays.copyOf(inputs, inputs.length + 1);
        data[inputs.length] = last;
        return LayerPass.run(m, inputs, state0.clone()).window(layer, Arrays.copyOfRange(data, 1, data.length),
                clippedFraction(m, inputs, last, state0, clip));
    }

    /**
     * The fraction of {@code m}'s gradient entries beyond {@code clip} for the window of {@code inputs} then
     * {@code last} from {@code state0} (the model's whole state; not modified): the model's own training pass on a copy.
     */
    static double clippedFraction(DeepRnn m, int[] inputs, int last, double[] state0, double clip) {
        int[] data = Arrays.copyOf(inputs, inputs.length + 1);
        data[inputs.length] = last;
        DeepRnn grads = m.copy();
        grads.trainWindow(data, 0, inputs.length, state0.clone(), Double.POSITIVE_INFINITY);
        long clipped = 0;
        long all = 0;
        for (Tensor g : grads.gradients()) {
            for (double v : g.data) {
                clipped += Math.abs(v) > clip ? 1 : 0;
            }
            all += g.data.length;
        }
        return (double) clipped / all;
    }

    private static void checkLayer(ModelSnapshot model, int layer) {
        if (layer < 0 || layer >= model.layers()) {
            throw new BadInputException("the model has " + model.layers() + " layer" + (model.layers() == 1 ? "" : "s")
                    + " (0 to " + (model.layers() - 1) + "); there is no layer " + layer);
        }
    }
}
