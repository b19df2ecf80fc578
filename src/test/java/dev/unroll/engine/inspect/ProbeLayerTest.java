package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Rng;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.Tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The probe read through the gated cells' other layers: c and every gate per character, checked
 * against the cell's equations (LSTM h = o tanh(c); GRU h = (1 - z) n + z h_prev) and against plain
 * steps from the state the warm-up leaves; the finder over h and c names the layer of its unit.
 */
class ProbeLayerTest {
    static final String WARMUP = "ab(c \"a";
    static final String PASSAGE = "bc\" (a(b)c) \"ab\"\nc(a) \"cc\" ab";

    /** A gated model on {@link ProbeResultTest#VOCAB} with weights large enough to leave the linear range. */
    static ModelSnapshot randomModel(Cell cell, int hidden, long seed) {
        Rng rng = new Rng(seed);
        RecurrentModel m = cell.create(ProbeResultTest.VOCAB.size(), hidden, rng);
        List<Tensor> ps = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            for (int i = 0; i < p.data.length; i++) {
                p.data[i] = rng.nextGaussian() * 0.8;
            }
            ps.add(p.copy());
        }
        return new ModelSnapshot(3, ProbeResultTest.VOCAB, ps, ps, List.of());
    }

    @Test
    void eachCellOffersItsStatesThenItsGates() {
        assertEquals(List.of("h"), ProbeLayer.of(Cell.VANILLA).stream().map(ProbeLayer::name).toList());
        assertEquals(List.of("h", "c", "input", "forget", "cell", "output"), ProbeLayer.of(Cell.LSTM).stream().map(ProbeLayer::name).toList());
        assertEquals(List.of("h", "reset", "update", "new"), ProbeLayer.of(Cell.GRU).stream().map(ProbeLayer::name).toList());
        assertEquals(List.of(ProbeLayer.H, ProbeLayer.C), ProbeLayer.states(Cell.LSTM));
        assertEquals(List.of(ProbeLayer.H), ProbeLayer.states(Cell.GRU));
        assertTrue(!ProbeLayer.C.belongsTo(Cell.GRU) && !ProbeLayer.gate(Cell.LSTM, 1).belongsTo(Cell.GRU));
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"LSTM", "GRU"})
    void layersFollowTheCellsEquationsFromTheWarmedUpState(Cell cell) {
        int H = 5;
        ModelSnapshot m = randomModel(cell, H, 17);
        ProbeText probe = ProbeText.of(m.vocabulary(), WARMUP, PASSAGE, "a");
        List<ProbeLayer> layers = ProbeLayer.of(cell);
        List<ProbeResult> rs = ProbeResult.runLayers(m, probe, layers);
        assertEquals(layers.size(), rs.size());
        ProbeResult h = ProbeResult.run(m, probe);
        assertArrayEquals(h.hidden(), rs.get(0).hidden(), 0, "h is run()'s");
        for (int i = 0; i < rs.size(); i++) {
            assertEquals(layers.get(i), rs.get(i).layer());
            assertArrayEquals(h.probs(), rs.get(i).probs(), 0, "every layer shares the predictions");
            assertEquals(H, rs.get(i).hiddenSize());
        }
        // plain steps from the state the warm-up leaves: h (and c) per character
        RecurrentModel rnn = m.newModel();
        double[] s = new double[rnn.stateSize()];
        double[] y = new double[rnn.vocabSize()];
        for (int x : probe.warmup()) {
            rnn.step(x, s, y);
        }
        int T = probe.length();
        double[] hPrev = Arrays.copyOf(s, H);
        for (int t = 0; t < T; t++) {
            rnn.step(probe.inputs()[t], s, y);
            for (int u = 0; u < H; u++) {
                assertEquals(s[u], rs.get(0).activation(t, u), 1e-12, "h t=" + t);
                if (cell == Cell.LSTM) {
                    double c = rs.get(1).activation(t, u);
                    double o = rs.get(5).activation(t, u);
                    assertEquals(s[H + u], c, 1e-12, "c t=" + t);
                    assertEquals(s[u], o * Math.tanh(c), 1e-12, "h = o tanh(c), t=" + t);
                    double i = rs.get(2).activation(t, u);
                    double f = rs.get(3).activation(t, u);
                    double g = rs.get(4).activation(t, u);
                    double cPrev = t == 0 ? cAfterWarmup(m, probe)[u] : rs.get(1).activation(t - 1, u);
                    assertEquals(c, f * cPrev + i * g, 1e-12, "c = f c_prev + i g, t=" + t);
                } else {
                    double z = rs.get(2).activation(t, u);
                    double n = rs.get(3).activation(t, u);
                    assertEquals(s[u], (1 - z) * n + z * hPrev[u], 1e-12, "h = (1 - z) n + z h_prev, t=" + t);
                }
            }
            hPrev = Arrays.copyOf(s, H);
        }
    }

    private static double[] cAfterWarmup(ModelSnapshot m, ProbeText probe) {
        RecurrentModel rnn = m.newModel();
        double[] s = new double[rnn.stateSize()];
        rnn.forward(probe.warmup(), null, s, null, null, null);
        return Arrays.copyOfRange(s, m.hiddenSize(), 2 * m.hiddenSize());
    }

    @Test
    void aLayerTheCellLacksIsRefusedInOneLine() {
        ModelSnapshot gru = randomModel(Cell.GRU, 3, 1);
        ProbeText probe = ProbeText.of(gru.vocabulary(), "", "abc", "");
        BadInputException e = assertThrows(BadInputException.class, () -> ProbeResult.runLayers(gru, probe, List.of(ProbeLayer.C)));
        assertEquals("the gru cell has no layer 'c'; it has [h, reset, update, new]", e.getMessage());
        assertThrows(BadInputException.class, () -> ProbeResult.runLayers(gru, probe, List.of(ProbeLayer.gate(Cell.LSTM, 1))));
        assertThrows(BadInputException.class, () -> ProbeResult.runLayers(ProbeResultTest.randomModel(3, 1), probe, List.of(ProbeLayer.C)));
    }

    @Test
    void theBestUnitOverHAndCNamesItsLayerAndIsTheStrongestOfBoth() {
        ModelSnapshot m = randomModel(Cell.LSTM, 6, 5);
        ProbeText probe = ProbeText.of(m.vocabulary(), WARMUP, PASSAGE + PASSAGE, "a");
        List<ProbeAnalysis> states = ProbeAnalysis.ofStates(m, probe);
        assertEquals(List.of(ProbeLayer.H, ProbeLayer.C), states.stream().map(a -> a.result().layer()).toList());
        for (TextFeature f : TextFeature.values()) {
            ProbeAnalysis.UnitCorrelation best = ProbeAnalysis.best(states, f);
            ProbeAnalysis.UnitCorrelation inH = states.get(0).best(f);
            ProbeAnalysis.UnitCorrelation inC = states.get(1).best(f);
            if (inH == null && inC == null) {
                continue;
            }
            ProbeAnalysis.UnitCorrelation expected = inC != null && (inH == null || Math.abs(inC.r()) > Math.abs(inH.r())) ? inC : inH;
            assertSame(expected.layer(), best.layer(), f.label());
            assertEquals(expected.unit(), best.unit(), f.label());
            // the r is the engine's: the layer's activations of that unit against the feature
            ProbeResult r = states.get(best.layer() == ProbeLayer.H ? 0 : 1).result();
            assertEquals(UnitStats.pearson(r.unit(best.unit()), f.of(probe)), best.r(), 1e-12, f.label());
        }
        ProbeAnalysis.UnitCorrelation q = ProbeAnalysis.best(states, TextFeature.IN_QUOTES);
        ProbeAnalysis.UnitCorrelation qc = states.get(1).best(TextFeature.IN_QUOTES);
        assertTrue(Math.abs(q.r()) >= Math.abs(qc.r()), "the best is at least c's best");
    }
}
