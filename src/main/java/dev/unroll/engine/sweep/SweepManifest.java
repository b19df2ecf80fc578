package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.RunOutputs;
import dev.unroll.engine.io.RunSettingsCodec;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainingConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a sweep is, written once into its folder ({@code sweep.properties}) so that it can be
 * resumed or opened later: the corpus (identified by its SHA-256, with where it came from), the
 * grid over its base configuration ({@code base.*}: every run setting but the grid's, written by
 * {@link RunSettingsCodec}), and how the runs log and save ({@code options.*}, the same codec).
 *
 * <p>Versions. Format 1 has the axes cell, hidden size, learning rate, sequence length and seed; the
 * layers, batch size and optimizer are the base's. Format 2 adds {@code grid.layers},
 * {@code grid.batch_sizes} and {@code grid.optimizers}, written only when the grid varies one of them
 * (then the manifest says format 2, which an Unroll that cannot read them refuses); a grid that does
 * not vary them is written as format 1, as before.
 *
 * @param name            a title for people (the folder's name by default)
 * @param corpus          the corpus the runs train on
 * @param grid            the runs
 * @param options         how runs log, save and write their results
 */
public record SweepManifest(String name, CorpusRef corpus, SweepGrid grid, SweepOptions options) {
    public static final String FORMAT = "unroll-sweep";
    public static final int FORMAT_VERSION = 2;
    private static final String BASE = "base.";
    private static final String OPTIONS = "options.";

    /**
     * @param name       the corpus's name (its file name or bundled title)
     * @param sha256     hex SHA-256 of its text as UTF-8
     * @param characters its length in characters
     * @param source     where to find it again: a file path, or "bundled:&lt;id&gt;"
     */
    public record CorpusRef(String name, String sha256, long characters, String source) {
        public static CorpusRef of(Corpus corpus, String source) {
            return new CorpusRef(corpus.name(), corpus.sha256(), corpus.length(), source == null ? "" : source);
        }

        /** Whether a corpus is this very text. */
        public boolean matches(Corpus c) {
            return c.length() == characters && c.sha256().equals(sha256);
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
        m.put("format_version", String.valueOf(grid.variesDepthOrOptimizer() ? FORMAT_VERSION : 1));
        m.put("name", name);
        m.put("corpus.name", corpus.name);
        m.put("corpus.sha256", corpus.sha256);
        m.put("corpus.characters", String.valueOf(corpus.characters));
        m.put("corpus.source", corpus.source);
        if (!grid.cells().equals(List.of(Cell.VANILLA))) { // a vanilla-only sweep's manifest reads as before cells existed
            m.put("grid.cells", grid.cells().stream().map(Cell::cliName).collect(Collectors.joining(",")));
        }
        if (grid.variesDepthOrOptimizer()) { // otherwise they are the base's, as in format 1
            m.put("grid.layers", join(grid.layers()));
            m.put("grid.batch_sizes", join(grid.batchSizes()));
            m.put("grid.optimizers", grid.optimizers().stream().map(OptimizerKind::cliName).collect(Collectors.joining(",")));
        }
        m.put("grid.hidden_sizes", join(grid.hiddenSizes()));
        m.put("grid.learning_rates", grid.learningRates().stream().map(Object::toString).collect(Collectors.joining(",")));
        m.put("grid.sequence_lengths", join(grid.sequenceLengths()));
        m.put("grid.seeds", join(grid.seeds()));
        m.putAll(RunSettingsCodec.asText(BASE, RunSettingsCodec.encode(grid.base(), RunSettingsCodec.GRID_KEYS)));
        m.putAll(RunSettingsCodec.asText(OPTIONS, RunSettingsCodec.encode(options.outputs())));
        for (RunSpec r : runs()) {
            m.put("run." + r.id(), r.folderName());
        }
        return PropertiesText.write(" Unroll sweep manifest (" + FORMAT + " v" + m.get("format_version") + ")", m);
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
        TrainingConfig base;
        SweepOptions options;
        try {
            base = RunSettingsCodec.decode(RunSettingsCodec.withoutPrefix(BASE, m), TrainingConfig.defaults(), RunSettingsCodec.GRID_KEYS);
            options = SweepOptions.of(RunSettingsCodec.decode(RunSettingsCodec.withoutPrefix(OPTIONS, m), RunOutputs.defaults()));
        } catch (BadInputException e) {
            throw new BadInputException(what + " has invalid run settings: " + e.getMessage());
        }
        SweepGrid grid = new SweepGrid(
                SweepGrid.parseCells("cells", m.getOrDefault("grid.cells", Cell.VANILLA.cliName())),
                SweepGrid.parseInts("layers", m.getOrDefault("grid.layers", String.valueOf(base.depth().layers()))),
                SweepGrid.parseInts("hidden sizes", PropertiesText.require(m, what, "grid.hidden_sizes")),
                SweepGrid.parseInts("batch sizes", m.getOrDefault("grid.batch_sizes", String.valueOf(base.depth().batchSize()))),
                SweepGrid.parseOptimizers("optimizers", m.getOrDefault("grid.optimizers", base.optimization().optimizer().cliName())),
                SweepGrid.parseDoubles("learning rates", PropertiesText.require(m, what, "grid.learning_rates")),
                SweepGrid.parseInts("sequence lengths", PropertiesText.require(m, what, "grid.sequence_lengths")),
                SweepGrid.parseLongs("seeds", PropertiesText.require(m, what, "grid.seeds")), base);
        return new SweepManifest(m.getOrDefault("name", ""), corpus, grid, options);
    }
}
