package dev.unroll.engine.inspect;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.Trainer;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far back a trained model reaches, measured on the validation tail of its corpus (the characters
 * {@link Trainer#validationLoss()} reads): the vanishing-gradient curve averaged over the tail's windows
 * ({@link VanishingGradient#overText}) and, for each of {@link #FEATURES}, the unit of its recurrent
 * states (h, and for the LSTM c) most correlated with the feature ({@link ProbeAnalysis#best(List, TextFeature)}).
 * These are the numbers that say which cell of a comparison remembers longer.
 *
 * @param gradient    the curve averaged over the tail's windows of T characters, read from a zero state
 * @param units       per feature the best unit over the states, or no entry when the feature is constant over the probe
 * @param probeLength the characters of the tail the units were correlated over
 */
public record LongRangeMeasures(VanishingGradient.Mean gradient, Map<TextFeature, ProbeAnalysis.UnitCorrelation> units,
                                int probeLength) {
    /** The long-range features of the structured corpus: inside quotes, and the bracket depth. */
    public static final List<TextFeature> FEATURES = List.of(TextFeature.IN_QUOTES, TextFeature.BRACKET_DEPTH);
    /** Characters before the tail the units' probe reads first (from a zero state), so it starts the tail in context. */
    public static final int WARMUP = 200;

    public LongRangeMeasures {
        units = Collections.unmodifiableMap(new EnumMap<>(units));
    }

    /**
     * The best unit for a feature as text: its layer, its index and Pearson's r ({@code "c 17, r = +0.840"}),
     * or {@code "(constant)"} when the feature does not vary over the probe.
     */
    public String unitText(TextFeature f) {
        return unitText(units.get(f));
    }

    /** A best unit as text ({@link #unitText(TextFeature)}); null is {@code "(constant)"}. */
    static String unitText(ProbeAnalysis.UnitCorrelation u) {
        return u == null ? "(constant)" : String.format(Locale.ROOT, "%s %d, r = %+.3f", u.layer().name(), u.unit(), u.r());
    }

    /**
     * Measures a model on the first {@code maxChars} characters of the validation tail of {@code corpus}
     * (the tail of floor(length x valFraction) characters, as the trainer holds it out; at most
     * {@link Trainer#validationSpan} of them). The gradient curve reads the tail from a zero state in
     * windows of {@code T} characters; the units' probe reads the {@value #WARMUP} characters before the
     * tail first. Safe on any thread: the snapshot is only read.
     *
     * @throws BadInputException when the tail holds no window of T characters and the one after it
     */
    public static LongRangeMeasures of(ModelSnapshot model, Corpus corpus, double valFraction, int T, int maxChars) {
        Tail tail = Tail.of(corpus, valFraction, T, maxChars);
        VanishingGradient.Mean gradient = VanishingGradient.overText(model, tail.codes(corpus), T, Integer.MAX_VALUE);
        ProbeText probe = tail.probe(model, corpus);
        return new LongRangeMeasures(gradient, bestUnits(ProbeAnalysis.ofStates(model, probe)), probe.length());
    }

    /** Per feature of {@link #FEATURES} the best unit over these analyses; no entry for a feature constant over the probe. */
    static Map<TextFeature, ProbeAnalysis.UnitCorrelation> bestUnits(List<ProbeAnalysis> states) {
        Map<TextFeature, ProbeAnalysis.UnitCorrelation> units = new EnumMap<>(TextFeature.class);
        for (TextFeature f : FEATURES) {
            ProbeAnalysis.UnitCorrelation best = ProbeAnalysis.best(states, f);
            if (best != null) {
                units.put(f, best);
            }
        }
        return units;
    }

    /**
     * The measured stretch of the validation tail: {@code span} characters from {@code start}.
     */
    record Tail(int start, int span) {

        /**
         * The first {@code maxChars} characters of the tail (at most {@link Trainer#validationSpan} of them).
         *
         * @throws BadInputException when they hold no window of T characters and the character after it
         */
        static Tail of(Corpus corpus, double valFraction, int T, int maxChars) {
            int n = corpus.length();
            int span = Math.min(Trainer.validationSpan(n, valFraction), maxChars);
            if (span < T + 1) {
                throw new BadInputException("the validation tail of " + corpus.name() + " holds " + span
                        + " character(s) to measure, fewer than a window of " + T + " and the character after it");
            }
            return new Tail(Trainer.trainingLength(n, valFraction), span);
        }

        /** The tail's codes (its first {@code limit} characters at most). */
        int[] codes(Corpus corpus, int limit) {
            return corpus.codes(start, start + Math.min(span, limit));
        }

        int[] codes(Corpus corpus) {
            return codes(corpus, span);
        }

        /** The units' probe: the tail, after the {@value LongRangeMeasures#WARMUP} characters before it. */
        ProbeText probe(ModelSnapshot model, Corpus corpus) {
            return ProbeText.of(model.vocabulary(), corpus.slice(Math.max(0, start - WARMUP), start),
                    corpus.slice(start, start + span), corpus.slice(start + span, Math.min(corpus.length(), start + span + 1)));
        }
    }
}
