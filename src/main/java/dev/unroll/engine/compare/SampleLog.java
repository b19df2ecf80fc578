package dev.unroll.engine.compare;

import dev.unroll.engine.generate.Sample;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples of several runs that train at different speeds, kept so that each run's sample at one
 * and the same iteration can be shown: the newest iteration at which every run has published a
 * sample. Samples older than that iteration are dropped; a run that is far ahead keeps at most
 * {@value #MAX_KEPT} samples, thinned by dropping every other one between the shared iteration and
 * its newest (so the comparison falls back on an older shared iteration, never on none). Bounded
 * for runs of any length. Thread-safe: each run adds from its own thread.
 */
final class SampleLog {
    /** Samples kept per run at most. */
    static final int MAX_KEPT = 400;

    /**
     * The shared iteration and each run's sample there.
     *
     * @param iteration the newest iteration every run has a sample of, or -1 when there is none
     * @param texts     each run's sample at it, in run order (empty when there is none)
     */
    record Common(long iteration, List<String> texts) {
        static final Common NONE = new Common(-1, List.of());
    }

    private final List<TreeMap<Long, String>> runs = new ArrayList<>();
    private final long[] newest;

    SampleLog(int runCount) {
        newest = new long[runCount];
        for (int i = 0; i < runCount; i++) {
            runs.add(new TreeMap<>());
            newest[i] = -1;
        }
    }

    /** Records run {@code run}'s samples newer than those it recorded before (a snapshot's samples, oldest first). */
    synchronized void add(int run, List<Sample> samples) {
        TreeMap<Long, String> map = runs.get(run);
        for (Sample s : samples) {
            if (s.iteration() > newest[run]) {
                map.put(s.iteration(), s.text());
                newest[run] = s.iteration();
            }
        }
        Common c = common();
        for (TreeMap<Long, String> m : runs) {
            if (c.iteration() >= 0) {
                m.headMap(c.iteration(), false).clear();
            }
            if (m.size() > MAX_KEPT) {
                thin(m);
            }
        }
    }

    /** Drops every other sample after the oldest one kept, keeping the newest. */
    private static void thin(TreeMap<Long, String> m) {
        Long last = m.lastKey();
        Iterator<Map.Entry<Long, String>> it = m.entrySet().iterator();
        it.next();
        boolean drop = true;
        while (it.hasNext()) {
            Map.Entry<Long, String> e = it.next();
            if (drop && !e.getKey().equals(last)) {
                it.remove();
            }
            drop = !drop;
        }
    }

    /** Samples kept now for run {@code run}. */
    synchronized int size(int run) {
        return runs.get(run).size();
    }

    /** The newest iteration every run has a sample of, and the samples there. */
    synchronized Common common() {
        TreeMap<Long, String> first = runs.get(0);
        for (Long it : first.descendingKeySet()) {
            boolean all = true;
            for (TreeMap<Long, String> m : runs) {
                all &= m.containsKey(it);
            }
            if (all) {
                List<String> texts = new ArrayList<>();
                for (TreeMap<Long, String> m : runs) {
                    texts.add(m.get(it));
                }
                return new Common(it, texts);
            }
        }
        return Common.NONE;
    }
}
