package dev.unroll.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.LearningRateDecay;
import dev.unroll.engine.train.Optimization;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

class RunSettingsCodecTest {
    /** Every field away from its default, doubles that print long, a seed beyond an int, a gated cell. */
    static final TrainingConfig ODD = new TrainingConfig(123, 37, 1e-5, 7_000_000_001L, 9, 311, 0.3333333333333333,
            -9_000_000_000L, 0.1 + 0.2, 17, 2.5, Cell.GRU);

    @Test
    void aConfigurationRoundTripsThroughTheMapTheTextAndJson() throws Json.SyntaxException {
        Map<String, Object> encoded = RunSettingsCodec.encode(ODD);
        assertEquals(List.of("hidden_size", "sequence_length", "learning_rate", "iterations", "sample_every", "sample_length",
                "temperature", "seed", "val_fraction", "eval_every", "clip", "cell"), List.copyOf(encoded.keySet()));
        assertEquals("gru", encoded.get("cell"));
        assertEquals(ODD, RunSettingsCodec.decode(encoded, TrainingConfig.defaults(), Set.of()));
        // as properties hold them: text
        Map<String, String> text = RunSettingsCodec.asText("config.", encoded);
        assertEquals("1.0E-5", text.get("config.learning_rate"));
        assertEquals(ODD, RunSettingsCodec.decode(RunSettingsCodec.withoutPrefix("config.", text), TrainingConfig.defaults(), Set.of()));
        // as the checkpoint holds them: JSON, whose integers come back as Long and doubles as Double
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(new String(Json.write(encoded), StandardCharsets.UTF_8));
        assertEquals(ODD, RunSettingsCodec.decode(json, TrainingConfig.defaults(), Set.of()));
        assertEquals(Double.doubleToLongBits(0.1 + 0.2), Double.doubleToLongBits(
                RunSettingsCodec.decode(json, TrainingConfig.defaults(), Set.of()).valFraction()));
    }

    @Test
    void theOptimizationRoundTripsAndIsWrittenOnlyWhereItDiffersFromTheSeeds() throws Json.SyntaxException {
        TrainingConfig adam = ODD.withOptimization(new Optimization(OptimizerKind.ADAM, ClipMode.NORM,
                new LearningRateDecay(LearningRateDecay.Kind.STEP, 333, 4_000_000_000L, 0.1 + 0.7, 0.25)));
        Map<String, Object> encoded = RunSettingsCodec.encode(adam);
        assertEquals(List.of("optimizer", "clip_mode", "lr_decay", "lr_decay_every", "lr_decay_start", "lr_decay_factor", "lr_min"),
                List.copyOf(encoded.keySet()).subList(12, encoded.size()));
        assertEquals("adam", encoded.get("optimizer"));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(new String(Json.write(encoded), StandardCharsets.UTF_8));
        assertEquals(adam, RunSettingsCodec.decode(json, TrainingConfig.defaults(), Set.of()));
        assertEquals(adam, RunSettingsCodec.decode(RunSettingsCodec.asText("", encoded), TrainingConfig.defaults(), Set.of()));
        // only what differs: RMSprop with a cosine decay writes two keys; the defaults none, as before optimizers existed
        TrainingConfig rms = TrainingConfig.defaults().withOptimization(Optimization.defaults().withOptimizer(OptimizerKind.RMSPROP)
                .withDecay(LearningRateDecay.none().withKind(LearningRateDecay.Kind.COSINE)));
        Map<String, Object> few = RunSettingsCodec.encode(rms);
        assertEquals("rmsprop", few.get("optimizer"));
        assertEquals("cosine", few.get("lr_decay"));
        assertEquals(13, few.size());
        assertEquals(11, RunSettingsCodec.encode(TrainingConfig.defaults()).size());
        Map<String, Object> bad = new HashMap<>(few);
        bad.put("optimizer", "sgd");
        assertEquals("optimizer: unknown optimizer 'sgd': use adagrad, rmsprop or adam",
                assertThrows(BadInputException.class, () -> RunSettingsCodec.decode(bad, TrainingConfig.defaults(), Set.of())).getMessage());
    }

    @Test
    void outputSettingsRoundTrip() {
        RunOutputs o = new RunOutputs(7, 123_456_789_012L, 2);
        assertEquals(o, RunSettingsCodec.decode(RunSettingsCodec.encode(o), RunOutputs.defaults()));
        assertEquals(o, RunSettingsCodec.decode(RunSettingsCodec.withoutPrefix("options.",
                RunSettingsCodec.asText("options.", RunSettingsCodec.encode(o))), RunOutputs.defaults()));
    }

    @Test
    void omittedKeysAreNeitherWrittenNorRead() {
        Map<String, Object> base = RunSettingsCodec.encode(ODD, RunSettingsCodec.GRID_KEYS);
        assertEquals(Set.of("iterations", "sample_every", "sample_length", "temperature", "val_fraction", "eval_every", "clip"),
                base.keySet());
        TrainingConfig back = RunSettingsCodec.decode(base, TrainingConfig.defaults(), RunSettingsCodec.GRID_KEYS);
        assertEquals(ODD.withCell(Cell.VANILLA, 100).withSequenceLength(25).withLearningRate(0.1).withSeed(42), back);
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        Map<String, Object> m = new HashMap<>(RunSettingsCodec.encode(ODD));
        m.remove("sequence_length");
        assertEquals("sequence length is missing", assertThrows(BadInputException.class,
                () -> RunSettingsCodec.decode(m, TrainingConfig.defaults(), Set.of())).getMessage());
        Map<String, Object> t = new LinkedHashMap<>(RunSettingsCodec.encode(ODD));
        t.put("hidden_size", "lots");
        assertEquals("hidden size is not a whole number (lots)", assertThrows(BadInputException.class,
                () -> RunSettingsCodec.decode(t, TrainingConfig.defaults(), Set.of())).getMessage());
        t.put("hidden_size", 5_000_000_000L);
        assertEquals("hidden size is out of range (5000000000)", assertThrows(BadInputException.class,
                () -> RunSettingsCodec.decode(t, TrainingConfig.defaults(), Set.of())).getMessage());
        t.put("hidden_size", 12.5);
        assertEquals("hidden size is not a whole number (12.5)", assertThrows(BadInputException.class,
                () -> RunSettingsCodec.decode(t, TrainingConfig.defaults(), Set.of())).getMessage());
        t.put("hidden_size", 12);
        t.put("clip", "x");
        assertEquals("clip is not a number (x)", assertThrows(BadInputException.class,
                () -> RunSettingsCodec.decode(t, TrainingConfig.defaults(), Set.of())).getMessage());
        t.put("clip", -1.0);
        assertEquals("clip must be a positive finite number (got -1.0)", assertThrows(BadInputException.class,
                () -> RunSettingsCodec.decode(t, TrainingConfig.defaults(), Set.of())).getMessage());
    }

    @Test
    void theCellIsOptionalAndItsNameIsChecked() {
        assertEquals(false, RunSettingsCodec.encode(ODD.withCell(Cell.VANILLA)).containsKey("cell"));
        Map<String, Object> m = new LinkedHashMap<>(RunSettingsCodec.encode(ODD));
        m.remove("cell");
        assertEquals(Cell.VANILLA, RunSettingsCodec.decode(m, TrainingConfig.defaults(), Set.of()).cell());
        m.put("cell", "LSTM");
        assertEquals(Cell.LSTM, RunSettingsCodec.decode(m, TrainingConfig.defaults(), Set.of()).cell());
        m.put("cell", "tree");
        assertEquals("cell: unknown cell 'tree': use vanilla, lstm or gru", assertThrows(BadInputException.class,
                () -> RunSettingsCodec.decode(m, TrainingConfig.defaults(), Set.of())).getMessage());
        m.put("cell", "gru");
        m.put("hidden_size", 3000);
        assertEquals("hidden size must be between 1 and 2048 for the gru cell (got 3000)", assertThrows(BadInputException.class,
                () -> RunSettingsCodec.decode(m, TrainingConfig.defaults(), Set.of())).getMessage());
    }
}
