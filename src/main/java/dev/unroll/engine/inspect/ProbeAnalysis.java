package dev.unroll.engine.inspect;

import dev.unroll.engine.model.ModelSnapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the hidden-state view shows about one probe at one set of weights, computed off the
 * UI thread in one go: the forward pass, per-unit statistics, the built-in text features and every
 * unit's correlation with each of them. Immutable once built (its arrays are not written again).
 *
 * @param result       the forward pass over the probe
 * @param stats        per-unit statistics and the activation histogram
 * @param features     each built-in feature over the passage (length T)
 * @param correlations each feature's Pearson r with every unit (length H, NaN where undefined)
 */
public record ProbeAnalysis(ProbeResult result, UnitStats stats, Map<TextFeature, double[]> features,
                            Map<TextFeature, double[]> correlations) {

    public ProbeAnalysis {
        features = Collections.unmodifiableMap(new EnumMap<>(features));
        correlations = Collections.unmodifiableMap(new EnumMap<>(correlations));
    }

    /** A unit's correlation with a feature; {@code layer} says whose unit it is (h, the LSTM's c, a gate). */
    public record UnitCorrelation(TextFeature feature, int unit, double r, ProbeLayer layer) {
    }

    /** Runs the probe on a copy of the snapshot's weights and analyses the activations. */
    public static ProbeAnalysis of(ModelSnapshot model, ProbeText probe) {
        return of(ProbeResult.run(model, probe));
    }

    public static ProbeAnalysis of(ProbeResult result) {
        Map<TextFeature, double[]> features = new EnumMap<>(TextFeature.class);
        Map<TextFeature, double[]> corr = new EnumMap<>(TextFeature.class);
        for (TextFeature f : TextFeature.values()) {
            double[] v = f.of(result.probe());
            features.put(f, v);
            corr.put(f, UnitStats.correlations(result, v));
        }
        return new ProbeAnalysis(result, UnitStats.of(result), features, corr);
    }

    public int hiddenSize() {
        return result.hiddenSize();
    }

    public int length() {
        return result.length();
    }

    /** The units most correlated with a feature (by |r|, strongest first), at most n. */
    public List<UnitCorrelation> ranking(TextFeature feature, int n) {
        double[] r = correlations.get(feature);
        int[] order = UnitOrder.byCorrelation(r);
        List<UnitCorrelation> out = new ArrayList<>();
        for (int i = 0; i < order.length && out.size() < n; i++) {
            if (!Double.isNaN(r[order[i]])) {
                out.add(new UnitCorrelation(feature, order[i], r[order[i]], result.layer()));
            }
        }
        return out;
    }

    /** The unit with the strongest |r| for a feature, or null when the feature is constant over the probe. */
    public UnitCorrelation best(TextFeature feature) {
        List<UnitCorrelation> top = ranking(feature, 1);
        return top.isEmpty() ? null : top.get(0);
    }

    /**
     * The probe read through each of the model's recurrent states ({@link ProbeLayer#states}: h, and for
     * the LSTM c), analysed; in that order. Safe on any thread: the snapshot is only read.
     */
    public static List<ProbeAnalysis> ofStates(ModelSnapshot model, ProbeText probe) {
        return ProbeResult.runLayers(model, probe, ProbeLayer.states(model.cell())).stream().map(ProbeAnalysis::of).toList();
    }

    /**
     * The unit with the strongest |r| for a feature over several analyses of one probe (several layers of
     * one model, say {@link #ofStates}); on a tie the earlier analysis's. Null when the feature is constant
     * over the probe.
     */
    public static UnitCorrelation best(List<ProbeAnalysis> analyses, TextFeature feature) {
        UnitCorrelation best = null;
        for (ProbeAnalysis a : analyses) {
            UnitCorrelation c = a.best(feature);
            if (c != null && (best == null || Math.abs(c.r()) > Math.abs(best.r()))) {
                best = c;
            }
        }
        return best;
    }
}
