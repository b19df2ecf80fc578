package dev.unroll.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.generate.Sampler;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.Adam;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** Checkpoints written by earlier versions of the format must keep loading. */
class CheckpointFixtureTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(CheckpointFixtureTest.class.getResource("/checkpoints/" + name).toURI());
    }

    @Test
    void format1FixtureLoadsResumesAndGenerates() throws URISyntaxException {
        Checkpoint cp = Checkpoint.load(resource("format1-tiny.npz"));
        assertEquals(1, cp.formatVersion());
        TrainerState s = cp.state();
        assertEquals(40, s.iteration());
        assertEquals(100, s.pointer());
        assertEquals(8, s.config().hiddenSize());
        assertEquals(10, s.config().sequenceLength());
        assertEquals(1, s.config().seed());
        assertEquals(4629845416872938288L, Double.doubleToLongBits(s.smoothLoss()));
        assertEquals(-4621929617559336669L, Double.doubleToLongBits(s.parameters().get(0).data[0]));
        assertEquals(Long.parseUnsignedLong("17503078834657126637"), s.rngState());
        assertEquals(3, s.samples().size());
        assertEquals("format1-corpus.txt", cp.corpus().name());
        // the settings codec reads the first format's config whole; it had no output settings
        assertEquals(new TrainingConfig(8, 10, 0.1, 500_000, 15, 20, 1.0, 1, 0.0, 1000, 5.0).withIterations(s.config().iterations()),
                s.config());
        assertEquals(null, cp.outputs());

        Corpus corpus = Corpus.load(resource("format1-corpus.txt"));
        assertTrue(cp.sameCorpus(corpus));
        Trainer t = cp.resume(corpus);
        for (int i = 0; i < 10; i++) {
            assertTrue(Double.isFinite(t.iterate()));
        }
        assertEquals(50, t.iteration());

        ModelSnapshot m = Checkpoint.loadModel(resource("format1-tiny.npz"));
        int[] text = Sampler.generate(m.newModel(), new double[8], 0, 30, 1.0, Sampler.Mode.SAMPLE, 0, new Rng(2));
        assertEquals(30, m.vocabulary().decode(text).codePointCount(0, m.vocabulary().decode(text).length()));
    }

    /** Version 2, one fixture per cell; the figures are those {@link CheckpointFixtureGenerator} printed. */
    @ParameterizedTest
    @CsvSource({
        "vanilla, 4629845416872938288, -4621929617559336670, 4605582788144337857, 17503078834657126637",
        "lstm, 4629854955122019297, 4598440165077910352, -4615291472231737574, 6565838344030559577",
        "gru, 4629844890500684192, 4596650113127535747, 4603857162724613054, 8736419127173923945"})
    void format2FixturesLoadResumeAndGenerate(String cellName, long smoothBits, long firstWeightBits, long lastStateBits,
                                              String rng) throws URISyntaxException {
        Cell cell = Cell.parse(cellName);
        Path file = resource("format2-" + cellName + ".npz");
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(2, cp.formatVersion());
        TrainerState s = cp.state();
        assertEquals(cell, s.config().cell());
        assertEquals(cell, Cell.ofParameters(s.parameters()));
        assertEquals(Checkpoint.parameterNames(cell), s.parameters().stream().map(t -> t.name).toList());
        assertEquals(40, s.iteration());
        assertEquals(100, s.pointer());
        assertEquals(8, s.config().hiddenSize());
        assertEquals(cell.stateSize(8), s.hidden().length);
        assertEquals(smoothBits, Double.doubleToLongBits(s.smoothLoss()));
        assertEquals(firstWeightBits, Double.doubleToLongBits(s.parameters().get(0).data[0]));
        assertEquals(lastStateBits, Double.doubleToLongBits(s.hidden()[s.hidden().length - 1]));
        assertEquals(Long.parseUnsignedLong(rng), s.rngState());
        assertEquals(3, s.samples().size());

        // the fixture's run, redone now and saved again, gives the same arrays: the format did not drift
        Corpus corpus = Corpus.load(resource("format2-corpus.txt"));
        Trainer again = new Trainer(corpus, CheckpointFixtureGenerator.config().withCell(cell));
        for (int i = 0; i < CheckpointFixtureGenerator.ITERATIONS; i++) {
            again.iterate();
        }
        TrainerState now = again.exportState();
        for (int i = 0; i < s.parameters().size(); i++) {
            assertArrayEquals(now.parameters().get(i).data, s.parameters().get(i).data, s.parameters().get(i).name);
            assertArrayEquals(now.memory().get(i).data, s.memory().get(i).data, s.memory().get(i).name);
        }
        assertArrayEquals(now.hidden(), s.hidden());

        Trainer t = cp.resume(corpus);
        for (int i = 0; i < 10; i++) {
            assertTrue(Double.isFinite(t.iterate()));
        }
        assertEquals(50, t.iteration());

        ModelSnapshot m = Checkpoint.loadModel(file);
        assertEquals(cell, m.cell());
        int[] text = Sampler.generate(m.newModel(), new double[m.stateSize()], 0, 30, 1.0, Sampler.Mode.SAMPLE, 0, new Rng(2));
        assertEquals(30, text.length);
    }
    /**
     * Version 2 with the keys a default run leaves out (written before Jackson jr read the metadata):
     * Adam, norm clipping, a step decay, a validation loss, the command line's output settings, and a
     * vocabulary with a tab, quotes, a backslash and a character beyond the BMP.
     */
    @Test
    void format2OptionsFixtureLoadsItsOptionalKeysResumesAndGenerates() throws URISyntaxException {
        Path file = resource("format2-options.npz");
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(2, cp.formatVersion());
        TrainerState s = cp.state();
        assertEquals(CheckpointFixtureGenerator.optionsConfig(), s.config());
        assertEquals(CheckpointFixtureGenerator.OPTIONS_OUTPUTS, cp.outputs());
        assertEquals("adam", s.optimizer());
        assertEquals(4630264697472864359L, Double.doubleToLongBits(s.smoothLoss()));
        assertEquals(4615316631910671477L, Double.doubleToLongBits(s.valLoss()));
        assertEquals(Long.parseUnsignedLong("7571957868513032094"), s.rngState());
        assertEquals(37, s.vocabulary().size());
        assertEquals("\t\"\\\uD83D\uDE00", s.vocabulary().decode(new int[] {
            s.vocabulary().indexOf('\t'), s.vocabulary().indexOf('"'), s.vocabulary().indexOf('\\'), s.vocabulary().indexOf(0x1F600)}));
        assertEquals("nC\u00e2ek:S\\e: af?\u00e2hm\\sm", s.samples().get(0).text());
        assertEquals("ae hed\u0103sa   cSe\u00e2 \nk;", s.samples().get(2).text());

        Corpus corpus = Corpus.load(resource("format2-options-corpus.txt"));
        assertTrue(cp.sameCorpus(corpus));
        Trainer again = new Trainer(corpus, CheckpointFixtureGenerator.optionsConfig());
        for (int i = 0; i < CheckpointFixtureGenerator.ITERATIONS; i++) {
            again.iterate();
        }
        TrainerState now = again.exportState();
        for (int i = 0; i < s.parameters().size(); i++) {
            assertArrayEquals(now.parameters().get(i).data, s.parameters().get(i).data, s.parameters().get(i).name);
        }
        for (int i = 0; i < s.memory().size(); i++) {
            assertArrayEquals(now.memory().get(i).data, s.memory().get(i).data, s.memory().get(i).name);
        }
        Trainer t = cp.resume(corpus);
        for (int i = 0; i < 10; i++) {
            assertTrue(Double.isFinite(t.iterate()));
        }
        assertEquals(50, t.iteration());
        ModelSnapshot m = Checkpoint.loadModel(file);
        int[] text = Sampler.generate(m.newModel(), new double[m.stateSize()], 0, 30, 1.0, Sampler.Mode.SAMPLE, 0, new Rng(2));
        assertEquals(30, text.length);
    }

    /**
     * Version 3 (issue 27): an LSTM of 2 layers at batch 3 with dropout and Adam; the figures are those
     * {@link CheckpointFixtureGenerator#writeStacked} printed. It loads, its run redone today gives its
     * arrays, it resumes and generates.
     */
    @Test
    void format3FixtureLoadsResumesAndGenerates() throws URISyntaxException {
        Path file = resource("format3-stacked.npz");
        Checkpoint cp = Checkpoint.load(file);
        assertEquals(3, cp.formatVersion());
        TrainerState s = cp.state();
        assertEquals(CheckpointFixtureGenerator.stackedConfig(), s.config());
        assertEquals("weight_ih_l0", s.parameters().get(0).name);
        assertEquals(10, s.parameters().size());
        assertEquals(3 * 2 * 2 * 8, s.hidden().length);
        assertEquals(4629870659914913016L, Double.doubleToLongBits(s.smoothLoss()));
        assertEquals(4580814711321039741L, Double.doubleToLongBits(s.parameters().get(0).data[0]));
        assertEquals(4611338674945138650L, Double.doubleToLongBits(s.hidden()[s.hidden().length - 1]));
        assertEquals(Long.parseUnsignedLong("8666360217528229913"), s.rngState());
        assertEquals(10, s.pointer());
        assertEquals(3, s.samples().size());

        Corpus corpus = Corpus.load(resource("format3-corpus.txt"));
        Trainer again = new Trainer(corpus, CheckpointFixtureGenerator.stackedConfig());
        for (int i = 0; i < CheckpointFixtureGenerator.ITERATIONS; i++) {
            again.iterate();
        }
        TrainerState now = again.exportState();
        for (int i = 0; i < s.parameters().size(); i++) {
            assertArrayEquals(now.parameters().get(i).data, s.parameters().get(i).data, s.parameters().get(i).name);
        }
        for (int i = 0; i < s.memory().size(); i++) {
            assertArrayEquals(now.memory().get(i).data, s.memory().get(i).data, s.memory().get(i).name);
        }
        assertArrayEquals(now.hidden(), s.hidden());
        Trainer t = cp.resume(corpus);
        for (int i = 0; i < 10; i++) {
            assertTrue(Double.isFinite(t.iterate()));
        }
        assertEquals(50, t.iteration());
        ModelSnapshot m = Checkpoint.loadModel(file);
        assertEquals(2, m.layers());
        int[] text = Sampler.generate(m.newModel(), new double[m.stateSize()], 0, 30, 1.0, Sampler.Mode.SAMPLE, 0, new Rng(2));
        assertEquals(30, text.length);
    }

    /**
     * Every fixture's metadata.json, read and written again by today's code, is the same bytes: the
     * layout, the numbers and the escapes did not change with the JSON library.
     */
    @ParameterizedTest
    @ValueSource(strings = {"format1-tiny.npz", "format2-vanilla.npz", "format2-lstm.npz", "format2-gru.npz", "format2-options.npz",
        "format3-stacked.npz"})
    void aFixturesMetadataReadAndWrittenAgainIsTheSameBytes(String name) throws Exception {
        byte[] before;
        try (ZipFile zip = new ZipFile(resource(name).toFile())) {
            before = zip.getInputStream(zip.getEntry(Checkpoint.METADATA_ENTRY)).readAllBytes();
        }
        byte[] after = Json.write(Json.parse(new String(before, StandardCharsets.UTF_8)));
        assertEquals(new String(before, StandardCharsets.UTF_8), new String(after, StandardCharsets.UTF_8));
        assertArrayEquals(before, after);
    }
}
