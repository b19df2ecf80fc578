package dev.unroll.engine.io;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.Precision;
import dev.unroll.engine.train.Adagrad;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.LearningRateDecay;
import dev.unroll.engine.train.Optimization;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainingConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one codec for a run's settings ({@link TrainingConfig} and {@link RunOutputs}): each field's
 * key, type, text form and validation are written here once, and every file that stores settings
 * goes through it: the checkpoint's {@code metadata.json} (the map as a JSON object, written and
 * read by {@link Json}), the sweep manifest ({@code base.*} and {@code options.*} properties)
 * and the app's session ({@code config.*} properties).
 *
 * <p>Keys are snake case ({@code hidden_size}, {@code learning_rate}, ...). Values are
 * {@link Integer}, {@link Long} or {@link Double} when encoded, and the names of the cell ({@code "lstm"}),
 * optimizer, clipping mode and learning-rate decay as {@link String}s; when decoding, a value may be such a number or its text (as properties files
 * hold them). Doubles are written with
 * {@link Double#toString}, which parses back to the same bits.
 *
 * <p>Versions: the fields of the first file formats are required when decoding (a file that lacks
 * one is damaged); fields added since are optional and take the fallback's value, so files written
 * before them still load. Unknown keys are ignored, so older readers read newer files.
 */
public final class RunSettingsCodec {
    private RunSettingsCodec() {
    }

    private enum Kind { INT, LONG, DOUBLE, CELL, OPTIMIZER, CLIP_MODE, LR_DECAY, PRECISION }

    /**
     * One setting.
     *
     * @param key      its key in every file
     * @param kind     its type
     * @param required whether every file of the first format has it (fields added later are optional)
     * @param get      its value in a record; null: not written (the value a file without the key means)
     */
    private record Field<R>(String key, Kind kind, boolean required, Function<R, Object> get, BiFunction<R, Object, R> with) {
    }

    private static final List<Field<TrainingConfig>> CONFIG = List.of(
            new Field<>("hidden_size", Kind.INT, true, TrainingConfig::hiddenSize, (c, v) -> c.withHiddenSize((Integer) v)),
            new Field<>("sequence_length", Kind.INT, true, TrainingConfig::sequenceLength, (c, v) -> c.withSequenceLength((Integer) v)),
            new Field<>("learning_rate", Kind.DOUBLE, true, TrainingConfig::learningRate, (c, v) -> c.withLearningRate((Double) v)),
            new Field<>("iterations", Kind.LONG, true, TrainingConfig::iterations, (c, v) -> c.withIterations((Long) v)),
            new Field<>("sample_every", Kind.INT, true, TrainingConfig::sampleEvery, (c, v) -> c.withSampleEvery((Integer) v)),
            new Field<>("sample_length", Kind.INT, true, TrainingConfig::sampleLength, (c, v) -> c.withSampleLength((Integer) v)),
            new Field<>("temperature", Kind.DOUBLE, true, TrainingConfig::temperature, (c, v) -> c.withTemperature((Double) v)),
            new Field<>("seed", Kind.LONG, true, TrainingConfig::seed, (c, v) -> c.withSeed((Long) v)),
            new Field<>("val_fraction", Kind.DOUBLE, true, TrainingConfig::valFraction, (c, v) -> c.withValFraction((Double) v)),
            new Field<>("eval_every", Kind.INT, true, TrainingConfig::evalEvery, (c, v) -> c.withEvalEvery((Integer) v)),
            new Field<>("clip", Kind.DOUBLE, true, TrainingConfig::clip, (c, v) -> c.withClip((Double) v)),
            // added with the gated cells (checkpoint format 2): written for a gated cell only, so a vanilla run's
            // files read as before cells existed; a file without it holds a vanilla run
            new Field<>("cell", Kind.CELL, false, c -> c.cell() == Cell.VANILLA ? null : c.cell().cliName(),
                    (c, v) -> c.withCell((Cell) v)),
            // added with the optimizers: each written only when it differs from the default (Adagrad, element-wise
            // clipping, no decay), so a default run's files read as before; a file without them holds the defaults
            new Field<>("optimizer", Kind.OPTIMIZER, false, c -> unlessDefault(opt(c).optimizer().cliName(), OptimizerKind.ADAGRAD.cliName()),
                    (c, v) -> c.withOptimization(opt(c).withOptimizer((OptimizerKind) v))),
            new Field<>("clip_mode", Kind.CLIP_MODE, false, c -> unlessDefault(opt(c).clipMode().cliName(), ClipMode.ELEMENTWISE.cliName()),
                    (c, v) -> c.withOptimization(opt(c).withClipMode((ClipMode) v))),
            new Field<>("lr_decay", Kind.LR_DECAY, false, c -> unlessDefault(decay(c).kind().cliName(), LearningRateDecay.Kind.NONE.cliName()),
                    (c, v) -> withDecay(c, decay(c).withKind((LearningRateDecay.Kind) v))),
            new Field<>("lr_decay_every", Kind.LONG, false, c -> unlessDefault(decay(c).every(), LearningRateDecay.none().every()),
                    (c, v) -> withDecay(c, decay(c).withEvery((Long) v))),
            new Field<>("lr_decay_start", Kind.LONG, false, c -> unlessDefault(decay(c).start(), LearningRateDecay.none().start()),
                    (c, v) -> withDecay(c, decay(c).withStart((Long) v))),
            new Field<>("lr_decay_factor", Kind.DOUBLE, false, c -> unlessDefault(decay(c).factor(), LearningRateDecay.none().factor()),
                    (c, v) -> withDecay(c, decay(c).withFactor((Double) v))),
            new Field<>("lr_min", Kind.DOUBLE, false, c -> unlessDefault(decay(c).minimum(), LearningRateDecay.none().minimum()),
                    (c, v) -> withDecay(c, decay(c).withMinimum((Double) v))),
            // added with stacked layers and batches (checkpoint format 3): written only when they differ from one layer,
            // batch 1, no dropout, so a default run's files read as before; layers before dropout (which needs two)
            new Field<>("layers", Kind.INT, false, c -> unlessDefault(c.depth().layers(), 1),
                    (c, v) -> c.withDepth(new Depth((Integer) v, c.depth().batchSize(), c.depth().dropout(), c.depth().precision()))),
            new Field<>("batch_size", Kind.INT, false, c -> unlessDefault(c.depth().batchSize(), 1),
                    (c, v) -> c.withDepth(new Depth(c.depth().layers(), (Integer) v, c.depth().dropout(), c.depth().precision()))),
            new Field<>("dropout", Kind.DOUBLE, false, c -> unlessDefault(c.depth().dropout(), 0.0),
                    (c, v) -> c.withDepth(new Depth(c.depth().layers(), c.depth().batchSize(), (Double) v, c.depth().precision()))),
            new Field<>("precision", Kind.PRECISION, false, c -> unlessDefault(c.depth().precision().cliName(), Precision.F64.cliName()),
                    (c, v) -> c.withDepth(c.depth().withPrecision((Precision) v))));

    private static final List<Field<RunOutputs>> OUTPUTS = List.of(
            new Field<>("log_every", Kind.LONG, true, RunOutputs::logEvery, (o, v) -> o.withLogEvery((Long) v)),
            new Field<>("checkpoint_every", Kind.LONG, true, RunOutputs::checkpointEvery, (o, v) -> o.withCheckpointEvery((Long) v)),
            new Field<>("result_samples", Kind.INT, true, RunOutputs::resultSamples, (o, v) -> o.withResultSamples((Integer) v)));

    /** The keys of the training settings that a sweep's grid sets per run (so its manifest's base leaves them out). */
    public static final Set<String> GRID_KEYS = Set.of("cell", "hidden_size", "learning_rate", "sequence_length", "seed");

    /** A configuration as an ordered map of key to value (Integer, Long or Double; the cell's name as a String). */
    public static Map<String, Object> encode(TrainingConfig c) {
        return encode(CONFIG, c, Set.of());
    }

    /** The same, without the keys in {@code omit}. */
    public static Map<String, Object> encode(TrainingConfig c, Set<String> omit) {
        return encode(CONFIG, c, omit);
    }

    /** Output settings as an ordered map of key to value. */
    public static Map<String, Object> encode(RunOutputs o) {
        return encode(OUTPUTS, o, Set.of());
    }

    /**
     * Reads a configuration: each key of {@code values} over {@code fallback}'s value.
     *
     * @param values   key to value (a number or its text); keys not of ours are ignored
     * @param fallback the value of every optional key that is absent and of every key in {@code omit}
     * @param omit     keys this file does not store (they keep {@code fallback}'s values)
     * @throws BadInputException naming the setting, when a required key is missing, a value is not of
     *                           its type, or the configuration is invalid
     */
    public static TrainingConfig decode(Map<String, ?> values, TrainingConfig fallback, Set<String> omit) {
        return decode(CONFIG, values, fallback, omit);
    }

    /** Reads output settings, as {@link #decode(Map, TrainingConfig, Set)} does. */
    public static RunOutputs decode(Map<String, ?> values, RunOutputs fallback) {
        return decode(OUTPUTS, values, fallback, Set.of());
    }

    /** A value as text for a properties file: the same text as in JSON. */
    public static String text(Object value) {
        return value instanceof Double d ? Double.toString(d) : String.valueOf(value);
    }

    /** An encoded map with every value as {@link #text}, keys prefixed (e.g. "config."). */
    public static Map<String, String> asText(String prefix, Map<String, Object> encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        encoded.forEach((k, v) -> out.put(prefix + k, text(v)));
        return out;
    }

    /** The entries of {@code values} whose key starts with {@code prefix}, the prefix removed. */
    public static Map<String, String> withoutPrefix(String prefix, Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static Optimization opt(TrainingConfig c) {
        return c.optimization();
    }

    private static LearningRateDecay decay(TrainingConfig c) {
        return c.optimization().decay();
    }

    private static TrainingConfig withDecay(TrainingConfig c, LearningRateDecay d) {
        return c.withOptimization(c.optimization().withDecay(d));
    }

    /** The value, or null (not written) when it is the default. */
    private static Object unlessDefault(Object value, Object dflt) {
        return value.equals(dflt) ? null : value;
    }

    private static <R> Map<String, Object> encode(List<Field<R>> fields, R r, Set<String> omit) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field<R> f : fields) {
            if (!omit.contains(f.key())) {
                Object v = f.get().apply(r);
                if (v != null) {
                    m.put(f.key(), v);
                }
            }
        }
        return m;
    }

    private static <R> R decode(List<Field<R>> fields, Map<String, ?> values, R fallback, Set<String> omit) {
        // every value read first, so a missing or mistyped key is named before any range is checked
        Map<Field<R>, Object> read = new LinkedHashMap<>();
        for (Field<R> f : fields) {
            if (omit.contains(f.key())) {
                continue;
            }
            Object v = values.get(f.key());
            if (v != null) {
                read.put(f, value(f, v));
            } else if (f.required()) {
                throw new BadInputException(name(f) + " is missing");
            }
        }
        R r = fallback;
        for (Map.Entry<Field<R>, Object> e : read.entrySet()) {
            r = e.getKey().with().apply(r, e.getValue());
        }
        return r;
    }

    private static String name(Field<?> f) {
        return f.key().replace('_', ' ');
    }

    private static Object value(Field<?> f, Object v) {
        String text = v instanceof String s ? s.strip() : null;
        switch (f.kind()) {
            case INT, LONG -> {
                Long n = null;
                if (v instanceof Long || v instanceof Integer) {
                    n = ((Number) v).longValue();
                } else if (text != null) {
                    try {
                        n = Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        n = null;
                    }
                }
                if (n == null) {
                    throw new BadInputException(name(f) + " is not a whole number (" + text(v) + ")");
                }
                if (f.kind() == Kind.LONG) {
                    return n;
                }
                if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                    throw new BadInputException(name(f) + " is out of range (" + n + ")");
                }
                return (int) (long) n;
            }
            case CELL, OPTIMIZER, CLIP_MODE, LR_DECAY, PRECISION -> {
                String s = String.valueOf(v);
                try {
                    return switch (f.kind()) {
                        case CELL -> Cell.parse(s);
                        case OPTIMIZER -> OptimizerKind.parse(s);
                        case CLIP_MODE -> ClipMode.parse(s);
                        case PRECISION -> Precision.parse(s);
                        default -> LearningRateDecay.Kind.parse(s);
                    };
                } catch (BadInputException e) {
                    throw new BadInputException(name(f) + ": " + e.getMessage());
                }
            }
            default -> {
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException | NullPointerException e) {
                    throw new BadInputException(name(f) + " is not a number (" + text(v) + ")");
                }
            }
        }
    }
}
