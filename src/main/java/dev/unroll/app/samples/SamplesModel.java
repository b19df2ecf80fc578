package dev.unroll.app.samples;

import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the samples view shows: the samples drawn during training, newest first, and the texts the
 * generation view published, marked as generated with their settings. Samples are merged by
 * iteration from every snapshot handed to the UI, so none is lost between pulses; at most
 * {@value #MAX_ENTRIES} are kept. Lives on the JavaFX thread; holds no scene-graph node.
 */
public final class SamplesModel {
    static final int MAX_ENTRIES = 2000;

    /** One row: a training sample or a generated text. */
    public record Entry(long iteration, double smoothLoss, int sequenceLength, double temperature, String text,
                        boolean generated, String settings) {

        /** The row's heading: iteration, smooth loss (per window and per character) and temperature, or the generation settings. */
        public String header() {
            if (generated) {
                return "Generated" + (iteration >= 0 ? String.format(Locale.ROOT, " · weights of iteration %,d", iteration) : "")
                        + (settings.isEmpty() ? "" : " · " + settings);
            }
            return String.format(Locale.ROOT, "Iteration %,d · smooth loss %.2f (%.3f per char) · temperature %s",
                    iteration, smoothLoss, smoothLoss / sequenceLength, trim(temperature));
        }

        private static String trim(double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
    }

    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    /** The rows shown: all of them live; those up to the timeline's iteration while it stands at one. */
    private final FilteredList<Entry> shown = new FilteredList<>(entries, e -> true);
    private final ObservableList<Entry> readOnlyEntries = FXCollections.unmodifiableObservableList(shown);
    /** The iteration the timeline stands at, or -1 while live. */
    private long asOf = -1;
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper(this, "count");
    private long lastIteration = -1;
    private List<Sample> lastSamples;
    private Object runConfig;
    private long lastSnapshotIteration = -1;

    public SamplesModel() {
        updateCount();
    }

    /** The rows, newest first (read-only; the list the view shows). */
    public ObservableList<Entry> entryList() {
        return readOnlyEntries;
    }

    /** The entries listed, newest first, as a copy. */
    public List<Entry> entries() {
        return List.copyOf(shown);
    }

    /** "N samples" and, when there are any, ", M generated". */
    public ReadOnlyStringProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    /**
     * Takes the samples of a snapshot that are newer than those listed. A null snapshot (the run was
     * reset) removes the training samples; a new run that replaced the one listed does too. A
     * {@linkplain TrainingSnapshot#historical() historical} snapshot shows the run as of its iteration
     * instead ({@link #showAsOf}) until {@link #showLive()}; live snapshots merged meanwhile add rows that show then.
     */
    public void merge(TrainingSnapshot s) {
        if (s != null && s.historical()) {
            showAsOf(s);
            return;
        }
        if (s == null) {
            // the run was reset: its samples go with it
            entries.removeIf(e -> !e.generated());
            lastIteration = -1;
            lastSamples = null;
            runConfig = null;
            lastSnapshotIteration = -1;
            updateCount();
            return;
        }
        if (s.config() != runConfig && runConfig != null && s.iteration() < lastSnapshotIteration) {
            // another run replaced the one listed
            entries.removeIf(e -> !e.generated());
            lastIteration = -1;
        }
        runConfig = s.config();
        lastSnapshotIteration = s.iteration();
        List<Sample> samples = s.samples();
        if (samples == lastSamples || samples.isEmpty()) {
            return;
        }
        lastSamples = samples;
        int from = samples.size();
        while (from > 0 && samples.get(from - 1).iteration() > lastIteration) {
            from--;
        }
        if (from == samples.size()) {
            return;
        }
        List<Entry> fresh = new ArrayList<>(samples.size() - from);
        for (int i = samples.size() - 1; i >= from; i--) {
            Sample x = samples.get(i);
            fresh.add(new Entry(x.iteration(), x.smoothLoss(), s.sequenceLength(), x.temperature(), x.text(), false, ""));
        }
        lastIteration = samples.get(samples.size() - 1).iteration();
        entries.addAll(0, fresh);
        trim();
        updateCount();
    }

    /**
     * The run as of a kept iteration N ({@link TrainingSnapshot#historical()}): lists the training samples up
     * to N (the snapshot's, among them N's own, added where they are missing) and the texts generated from
     * weights up to N; the later rows stay, hidden, until a live snapshot shows them again.
     */
    private void showAsOf(TrainingSnapshot s) {
        for (Sample x : s.samples()) {
            int i = 0;
            while (i < entries.size() && (entries.get(i).generated() || entries.get(i).iteration() > x.iteration())) {
                i++;
            }
            if (i == entries.size() || entries.get(i).iteration() != x.iteration()) {
                entries.add(i, new Entry(x.iteration(), x.smoothLoss(), s.sequenceLength(), x.temperature(), x.text(), false, ""));
            }
        }
        long n = s.iteration();
        asOf = n;
        shown.setPredicate(e -> e.iteration() <= n);
        trim();
        updateCount();
    }

    /** Shows every row again (the timeline is back on the live run). */
    public void showLive() {
        if (asOf >= 0) {
            asOf = -1;
            shown.setPredicate(e -> true);
            updateCount();
        }
    }

    /** The iteration the list shows the run as of, or -1 while it shows the live run. */
    public long asOf() {
        return asOf;
    }

    /** Lists a generated text first, with the iteration of its weights (negative when unknown) and its settings. */
    public void addGenerated(long iteration, String settings, String text) {
        entries.add(0, new Entry(iteration, Double.NaN, 1, Double.NaN, text, true, settings));
        trim();
        updateCount();
    }

    /** The given entries (all when {@code chosen} is empty) as text: a "--- header ---" line, the text, a blank line. */
    public String text(List<Entry> chosen) {
        List<Entry> list = chosen.isEmpty() ? shown : chosen;
        StringBuilder sb = new StringBuilder();
        for (Entry e : list) {
            sb.append("--- ").append(e.header()).append(" ---\n").append(e.text()).append("\n\n");
        }
        return sb.toString();
    }

    /** Saves the given entries (all when {@code chosen} is empty) as UTF-8 text, in the form of {@link #text}. */
    public void save(Path file, List<Entry> chosen) throws IOException {
        Files.writeString(file, text(chosen), StandardCharsets.UTF_8);
    }

    private void trim() {
        if (entries.size() > MAX_ENTRIES) {
            entries.remove(MAX_ENTRIES, entries.size());
        }
    }

    private void updateCount() {
        long generated = shown.stream().filter(Entry::generated).count();
        count.set(shown.size() - generated + " samples" + (generated > 0 ? ", " + generated + " generated" : ""));
    }
}
