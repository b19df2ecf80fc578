package dev.unroll.engine.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The LSTMVis question: which units are on in a span of the text and off elsewhere, and where else
 * do they switch on together? A unit is "on" at a character when its activation is at least the
 * threshold (looking for high units) or at most minus the threshold (looking for low units).
 */
public final class SpanFinder {
    /** A unit counts as covering the span when it is on for at least this fraction of it. */
    public static final double MIN_COVERAGE = 0.8;
    /** A unit must be on this much more often in the span than elsewhere (inside - outside) to count. */
    public static final double MIN_SPECIFICITY = 0.25;
    /** At most this many of the best units define the pattern searched for elsewhere. */
    public static final int PATTERN_UNITS = 5;

    private SpanFinder() {
    }

    /**
     * A unit that fits the span.
     *
     * @param unit    the unit's index
     * @param inside  fraction of the span's characters where it is on
     * @param outside fraction of the other characters where it is on
     * @param meanIn  mean activation inside the span
     * @param meanOut mean activation outside it (NaN if the span is the whole text)
     */
    public record Hit(int unit, double inside, double outside, double meanIn, double meanOut) {
        /** How specific the unit is to the span: inside - outside (1 for a perfect fit). */
        public double score() {
            return inside - outside;
        }
    }

    /** A run of characters [from, to) where every pattern unit is on. */
    public record Match(int from, int to) {
        public int length() {
            return to - from;
        }
    }

    /**
     * @param hits    units on in the span and less on elsewhere, best first
     * @param pattern the units (at most {@value #PATTERN_UNITS}) whose joint activation defines a match
     * @param matches other runs where all pattern units are on, not overlapping the span, longest first
     */
    public record Result(List<Hit> hits, int[] pattern, List<Match> matches) {
    }

    /**
     * @param r         the probe's activations
     * @param from      first character of the span (inclusive)
     * @param to        end of the span (exclusive)
     * @param threshold activation level in [0, 1]
     * @param high      look for units high in the span (true) or low (false)
     * @param maxHits   at most this many hits are returned
     */
    public static Result find(ProbeResult r, int from, int to, double threshold, boolean high, int maxHits) {
        int T = r.length();
        int H = r.hiddenSize();
        from = Math.max(0, from);
        to = Math.min(T, to);
        if (to <= from) {
            return new Result(List.of(), new int[0], List.of());
        }
        int span = to - from;
        int rest = T - span;
        double[] h = r.hidden();
        List<Hit> hits = new ArrayList<>();
        for (int u = 0; u < H; u++) {
            int onIn = 0;
            int onOut = 0;
            double sumIn = 0;
            double sumOut = 0;
            for (int t = 0; t < T; t++) {
                double v = h[t * H + u];
                boolean on = high ? v >= threshold : v <= -threshold;
                if (t >= from && t < to) {
                    sumIn += v;
                    if (on) {
                        onIn++;
                    }
                } else {
                    sumOut += v;
                    if (on) {
                        onOut++;
                    }
                }
            }
            double in = (double) onIn / span;
            double out = rest == 0 ? 0 : (double) onOut / rest;
            if (in >= MIN_COVERAGE && in - out >= MIN_SPECIFICITY) {
                hits.add(new Hit(u, in, out, sumIn / span, rest == 0 ? Double.NaN : sumOut / rest));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::unit));
        if (hits.size() > maxHits) {
            hits = new ArrayList<>(hits.subList(0, maxHits));
        }
        int k = Math.min(PATTERN_UNITS, hits.size());
        int[] pattern = new int[k];
        for (int i = 0; i < k; i++) {
            pattern[i] = hits.get(i).unit();
        }
        List<Match> matches = new ArrayList<>();
        if (k > 0) {
            int start = -1;
            for (int t = 0; t <= T; t++) {
                boolean all = t < T;
                for (int i = 0; all && i < k; i++) {
                    double v = h[t * H + pattern[i]];
                    all = high ? v >= threshold : v <= -threshold;
                }
                if (all && start < 0) {
                    start = t;
                } else if (!all && start >= 0) {
                    if (t <= from || start >= to) {
                        matches.add(new Match(start, t));
                    }
                    start = -1;
                }
            }
            matches.sort(Comparator.comparingInt(Match::length).reversed().thenComparingInt(Match::from));
        }
        return new Result(List.copyOf(hits), pattern, List.copyOf(matches));
    }
}
