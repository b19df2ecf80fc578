package dev.unroll.engine.inspect;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ModelSnapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LongRangeMeasures} for one layer of a model, and its gate saturation: what a comparison reports
 * per layer of a stacked model (one entry for a one-layer cell), measured on the validation tail.
 *
 * @param layer      the layer, 0 the one reading the characters
 * @param gradient   the layer's vanishing-gradient curve averaged over the tail's windows
 *                   ({@link LayerInspection#gradientOverText}: the last prediction's loss through the layers above and through time)
 * @param saturation the layer's gate saturation over the start of the tail ({@link LayerInspection#saturation})
 * @param units      per feature of {@link LongRangeMeasures#FEATURES} the layer's best unit of h (and the LSTM's c),
 *                   or no entry when the feature is constant over the probe
 */
public record LayerMeasures(int layer, VanishingGradient.Mean gradient, GateSaturation saturation,
                            Map<TextFeature, ProbeAnalysis.UnitCorrelation> units) {

    public LayerMeasures {
        units = Collections.unmodifiableMap(new EnumMap<>(units));
    }

    /**
     * Every layer measured on the first {@code maxChars} characters of the validation tail of {@code corpus}
     * (as {@link LongRangeMeasures#of} reads it: windows of {@code T} characters from a zero state for the
     * gradient, the {@value LongRangeMeasures#WARMUP} characters before the tail first for the units), gate
     * saturation on the first {@code saturationChars} of them. Layer 0 first. Safe on any thread.
     *
     * @throws BadInputException when the tail holds no window of T characters and the character after it
     */
    public static List<LayerMeasures> of(ModelSnapshot model, Corpus corpus, double valFraction, int T, int maxChars,
                                         int saturationChars) {
        LongRangeMeasures.Tail tail = LongRangeMeasures.Tail.of(corpus, valFraction, T, maxChars);
        List<VanishingGradient.Mean> gradients = LayerInspection.gradientOverText(model, tail.codes(corpus), T, Integer.MAX_VALUE);
        List<GateSaturation> saturation = LayerInspection.saturation(model, tail.codes(corpus, saturationChars));
        ProbeText probe = tail.probe(model, corpus);
        List<LayerMeasures> out = new ArrayList<>();
        for (int k = 0; k < gradients.size(); k++) {
            out.add(new LayerMeasures(k, gradients.get(k), saturation.get(k),
                    LongRangeMeasures.bestUnits(LayerInspection.ofStates(model, probe, k))));
        }
        return List.copyOf(out);
    }

    /** The best unit for a feature as text, as {@link LongRangeMeasures#unitText}. */
    public String unitText(TextFeature f) {
        return LongRangeMeasures.unitText(units.get(f));
    }

    /**
     * The mean over units of the fraction of steps gate {@code gate} (an index into the saturation's gates) is
     * left-saturated; {@link #meanRight} the same right-saturated: the two coordinates of the paper's Fig. 4
     * averaged over a layer's units.
     */
    public double meanLeft(int gate) {
        return mean(saturation.left()[gate]);
    }

    /** See {@link #meanLeft}. */
    public double meanRight(int gate) {
        return mean(saturation.right()[gate]);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
