package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Checkpoint;
import dev.unroll.engine.Corpus;
import dev.unroll.engine.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a sweep is, written once into its folder ({@code sweep.properties}) so that it can be
 * resumed or opened later: the corpus (identified by its SHA-256, with where it came from), the
 * grid over its base configuration, and how the runs log and save.
 *
 * @param name            a title for people (the folder's name by default)
 * @param corpus          the corpus the runs train on
 * @param grid            the runs
 * @param options         how runs log, save and write their results
 */
public record SweepManifest(String name, CorpusRef corpus, SweepGrid grid, SweepOptions options) {
    public static final String FORMAT = "unroll-sweep";
    public static final int FORMAT_VERSION = 1;

    /**
     * @param name       the corpus's name (its file name or bundled title)
     * @param sha256     hex SHA-256 of its text as UTF-8
     * @param characters its length in characters
     * @param source     where to find it again: a file path, or "bundled:&lt;id&gt;"
     */
    public record CorpusRef(String name, String sha256, long characters, String source) {
        public static CorpusRef of(Corpus corpus, String source) {
            return new CorpusRef(corpus.name(), Checkpoint.sha256(corpus.text()), corpus.length(), source == null ? "" : source);
        }

        /** Whether a corpus is this very text. */
        public boolean matches(Corpus c) {
            return c.length() == characters && Checkpoint.sha256(c.text()).equals(sha256);
        }
    }

    public List<RunSpec> runs() {
        return grid.runs();
    }

    /** Whether another manifest describes the same runs on the same corpus (names and log settings may differ). */
    public boolean sameSweepAs(SweepManifest o) {
        return corpus.sha256.equals(o.corpus.sha256) && grid.equals(o.grid)
                && options.resultSamples() == o.options.resultSamples()
                && options.logEvery() == o.options.logEvery();
    }

    /** The manifest as text. */
    public String toText() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", String.valueOf(FORMAT_VERSION));
        m.put("name", name);
        m.put("corpus.name", corpus.name);
        m.put("corpus.sha256", corpus.sha256);
        m.put("corpus.characters", String.valueOf(corpus.characters));
        m.put("corpus.source", corpus.source);
        m.put("grid.hidden_sizes", join(grid.hiddenSizes()));
        m.put("grid.learning_rates", grid.learningRates().stream().map(Object::toString).collect(Collectors.joining(",")));
        m.put("grid.sequence_lengths", join(grid.sequenceLengths()));
        m.put("grid.seeds", join(grid.seeds()));
        TrainingConfig b = grid.base();
        m.put("base.iterations", String.valueOf(b.iterations()));
        m.put("base.sample_every", String.valueOf(b.sampleEvery()));
        m.put("base.sample_length", String.valueOf(b.sampleLength()));
        m.put("base.temperature", String.valueOf(b.temperature()));
        m.put("base.val_fraction", String.valueOf(b.valFraction()));
        m.put("base.eval_every", String.valueOf(b.evalEvery()));
        m.put("base.clip", String.valueOf(b.clip()));
        m.put("options.log_every", String.valueOf(options.logEvery()));
        m.put("options.checkpoint_every", String.valueOf(options.checkpointEvery()));
        m.put("options.result_samples", String.valueOf(options.resultSamples()));
        for (RunSpec r : runs()) {
            m.put("run." + r.id(), r.folderName());
        }
        return PropertiesText.write(" Unroll sweep manifest (" + FORMAT + " v" + FORMAT_VERSION + ")", m);
    }

    private static String join(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Reads a manifest; {@code what} names it in messages. */
    public static SweepManifest parse(String what, String text) {
        Map<String, String> m = PropertiesText.read(what, text);
        if (!FORMAT.equals(m.get("format"))) {
            throw new BadInputException(what + " is not an Unroll sweep manifest");
        }
        long version = PropertiesText.requireLong(m, what, "format_version");
        if (version > FORMAT_VERSION) {
            throw new BadInputException(what + " was written by a newer Unroll (sweep format " + version
                    + "; this one reads up to " + FORMAT_VERSION + ")");
        }
        CorpusRef corpus = new CorpusRef(PropertiesText.require(m, what, "corpus.name"), PropertiesText.require(m, what, "corpus.sha256"),
                PropertiesText.requireLong(m, what, "corpus.characters"), m.getOrDefault("corpus.source", ""));
        TrainingConfig d = TrainingConfig.defaults();
        TrainingConfig base = new TrainingConfig(d.hiddenSize(), d.sequenceLength(), d.learningRate(),
                PropertiesText.requireLong(m, what, "base.iterations"),
                (int) PropertiesText.requireLong(m, what, "base.sample_every"),
                (int) PropertiesText.requireLong(m, what, "base.sample_length"),
                PropertiesText.requireDouble(m, what, "base.temperature"), d.seed(),
                PropertiesText.requireDouble(m, what, "base.val_fraction"),
                (int) PropertiesText.requireLong(m, what, "base.eval_every"),
                PropertiesText.requireDouble(m, what, "base.clip"));
        SweepGrid grid = new SweepGrid(
                SweepGrid.parseInts("hidden sizes", PropertiesText.require(m, what, "grid.hidden_sizes")),
                SweepGrid.parseDoubles("learning rates", PropertiesText.require(m, what, "grid.learning_rates")),
                SweepGrid.parseInts("sequence lengths", PropertiesText.require(m, what, "grid.sequence_lengths")),
                SweepGrid.parseLongs("seeds", PropertiesText.require(m, what, "grid.seeds")), base);
        SweepOptions options = new SweepOptions(
                (int) PropertiesText.requireLong(m, what, "options.log_every"),
                PropertiesText.requireLong(m, what, "options.checkpoint_every"),
                (int) PropertiesText.requireLong(m, what, "options.result_samples"));
        return new SweepManifest(m.getOrDefault("name", ""), corpus, grid, options);
    }
}
