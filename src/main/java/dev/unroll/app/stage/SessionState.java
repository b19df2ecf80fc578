package dev.unroll.app.stage;

import dev.unroll.engine.train.TrainingConfig;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the app remembers of the last session besides the theme and the window's bounds (which the
 * main window keeps in the preferences): the corpus, the side panel's settings, the selected view,
 * the split panes' dividers, the run that was autosaved to {@link SessionStore#runFile()}, and the
 * sweep the Experiments view showed.
 * Any field may be missing (null, NaN or empty): a missing field is simply not restored.
 *
 * @param bundledCorpus the id of a bundled corpus, or null
 * @param corpusFile    a corpus file, or null (at most one of the two is set)
 * @param config        the hyperparameters in the side panel, or null
 * @param speed         the speed limit in iterations per second (infinity: full speed), or NaN
 * @param selectedView  the id of the view that was showing, or null
 * @param dividers      divider positions (0 to 1) of split panes, by their node id
 * @param run           the autosaved run, or null
 * @param sweep         the sweep Experiments showed (a folder's path, or the shipped grid; see
 *                      {@link dev.unroll.app.events.ShowSweep}), or null
 */
public record SessionState(String bundledCorpus, Path corpusFile, TrainingConfig config, double speed,
                           String selectedView, Map<String, double[]> dividers, RunInfo run, String sweep) {

    public SessionState {
        Map<String, double[]> copy = new LinkedHashMap<>();
        if (dividers != null) {
            dividers.forEach((k, v) -> copy.put(k, v.clone()));
        }
        dividers = Collections.unmodifiableMap(copy);
    }

    /** A session without a sweep. */
    public SessionState(String bundledCorpus, Path corpusFile, TrainingConfig config, double speed,
                        String selectedView, Map<String, double[]> dividers, RunInfo run) {
        this(bundledCorpus, corpusFile, config, speed, selectedView, dividers, run, null);
    }

    /** Nothing remembered. */
    public static SessionState empty() {
        return new SessionState(null, null, null, Double.NaN, null, Map.of(), null, null);
    }

    public SessionState withRun(RunInfo r) {
        return new SessionState(bundledCorpus, corpusFile, config, speed, selectedView, dividers, r, sweep);
    }

    /**
     * The run saved in the session's checkpoint file, described so that the app can offer to resume it
     * without reading the file first.
     *
     * @param iteration  the iteration it was saved at
     * @param corpusName the name of the corpus it was trained on
     */
    public record RunInfo(long iteration, String corpusName) {
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SessionState s)) {
            return false;
        }
        if (dividers.size() != s.dividers.size()) {
            return false;
        }
        for (Map.Entry<String, double[]> e : dividers.entrySet()) {
            if (!Arrays.equals(e.getValue(), s.dividers.get(e.getKey()))) {
                return false;
            }
        }
        return Objects.equals(bundledCorpus, s.bundledCorpus) && Objects.equals(corpusFile, s.corpusFile)
                && Objects.equals(config, s.config) && Double.compare(speed, s.speed) == 0
                && Objects.equals(selectedView, s.selectedView) && Objects.equals(run, s.run)
                && Objects.equals(sweep, s.sweep);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bundledCorpus, corpusFile, config, speed, selectedView, dividers.keySet(), run, sweep);
    }

    @Override
    public String toString() {
        StringBuilder d = new StringBuilder();
        dividers.forEach((k, v) -> d.append(k).append('=').append(Arrays.toString(v)).append(' '));
        return "SessionState[corpus=" + (bundledCorpus != null ? bundledCorpus : corpusFile) + ", config=" + config
                + ", speed=" + speed + ", view=" + selectedView + ", dividers=" + d.toString().strip() + ", run=" + run + ", sweep=" + sweep + "]";
    }
}
