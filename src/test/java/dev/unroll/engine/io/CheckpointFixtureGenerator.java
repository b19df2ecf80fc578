package dev.unroll.engine.io;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.Adam;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.Depth;
import dev.unroll.engine.train.LearningRateDecay;
import dev.unroll.engine.train.Optimization;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the checkpoint fixtures of the current format version into
 * {@code src/test/resources/checkpoints/}: one per cell, {@code format<N>-<cell>.npz} (version 1,
 * which knew only the vanilla cell, wrote {@code format1-tiny.npz}), each trained for 40 iterations
 * (hidden 8, sequence 10, seed 1, a sample every 15 iterations) on {@code format<N>-corpus.txt}.
 * {@link CheckpointFixtureTest} checks that every version's fixtures still load and resume.
 *
 * <p>Run it only when the format version is raised (never overwrite an older version's fixture):
 * <pre>
 *   mvn -q test-compile
 *   java -cp target/classes:target/test-classes dev.unroll.engine.io.CheckpointFixtureGenerator
 * </pre>
 * Format 3 (stacked layers and batches, {@link #stackedConfig()}) came beside format 2, which a default run still
 * writes; its fixture alone is written with the arguments {@code src/test/resources/checkpoints format3}.
 * then update the expected values in {@link CheckpointFixtureTest} from what it prints.
 *
 * <p>Besides one file per cell it writes {@code format<N>-options.npz}: the keys a default run leaves
 * out, on {@code format<N>-options-corpus.txt} (the corpus plus quotes, a backslash, a tab and a
 * character beyond the BMP): an LSTM with Adam, norm clipping and a step decay ({@link #optionsConfig()}),
 * a validation loss, and the output settings a command-line run records ({@link #OPTIONS_OUTPUTS}).
 */
public final class CheckpointFixtureGenerator {
    static final String CORPUS = "Mândră floare, mândră floare,\nunde-ți este dorul, soare?\n"
            + "The cat sat on the mat; the dog sat on the log.\n";
    static final int ITERATIONS = 40;

    private CheckpointFixtureGenerator() {
    }

    static final String OPTIONS_CORPUS = CORPUS + "She said \"stop\"\tC:\\cats \uD83D\uDE00 ok.\n";
    static final RunOutputs OPTIONS_OUTPUTS = new RunOutputs(7, 20, 2);

    static TrainingConfig optionsConfig() {
        return config().withCell(Cell.LSTM).withLearningRate(0.01).withValFraction(0.2).withEvalEvery(20)
                .withOptimization(new Optimization(OptimizerKind.ADAM, ClipMode.NORM,
                        new LearningRateDecay(LearningRateDecay.Kind.STEP, 10, 5, 0.5, 0.001)));
    }

    /** Format 3's fixture: an LSTM of 2 layers at batch 3 with dropout 0.25 and Adam. */
    static TrainingConfig stackedConfig() {
        return config().withCell(Cell.LSTM).withLearningRate(0.01).withDepth(new Depth(2, 3, 0.25))
                .withOptimization(new Optimization(OptimizerKind.ADAM, ClipMode.ELEMENTWISE, LearningRateDecay.none()));
    }

    static TrainingConfig config() {
        return TrainingConfig.defaults().withHiddenSize(8).withSequenceLength(10).withIterations(100)
                .withSampleEvery(15).withSampleLength(20).withSeed(1);
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "src/test/resources/checkpoints");
        Files.createDirectories(folder);
        if (args.length > 1 && args[1].equals("format3")) {
            writeStacked(folder);
            return;
        }
        if (args.length > 1 && args[1].equals("history")) {
            writeHistories(folder);
            return;
        }
        int v = Checkpoint.FORMAT_VERSION;
        Path corpusFile = folder.resolve("format" + v + "-corpus.txt");
        Files.writeString(corpusFile, CORPUS, StandardCharsets.UTF_8);
        Corpus corpus = Corpus.load(corpusFile);
        for (Cell cell : Cell.values()) {
            Trainer t = new Trainer(corpus, config().withCell(cell));
            for (int i = 0; i < ITERATIONS; i++) {
                t.iterate();
            }
            Path file = folder.resolve("format" + v + "-" + cell.cliName() + ".npz");
            Checkpoint.save(file, t);
            TrainerState s = t.exportState();
            System.out.println("wrote " + file + " (" + Files.size(file) + " bytes)");
            print(s);
        }
        Path optionsCorpusFile = folder.resolve("format" + v + "-options-corpus.txt");
        Files.writeString(optionsCorpusFile, OPTIONS_CORPUS, StandardCharsets.UTF_8);
        Corpus optionsCorpus = Corpus.load(optionsCorpusFile);
        Trainer t = new Trainer(optionsCorpus, optionsConfig());
        for (int i = 0; i < ITERATIONS; i++) {
            t.iterate();
        }
        Path file = folder.resolve("format" + v + "-options.npz");
        TrainerState s = t.exportState();
        Checkpoint.save(file, s, Checkpoint.CorpusInfo.of(optionsCorpus), OPTIONS_OUTPUTS);
        System.out.println("wrote " + file + " (" + Files.size(file) + " bytes)");
        print(s);
        System.out.println("  val loss bits " + Double.doubleToLongBits(s.valLoss()) + " = " + s.valLoss()
                + ", learning rate " + s.learningRate());
    }

    /** Format 3's fixture alone ({@code format3-stacked.npz} on {@code format3-corpus.txt}, the same text): the older ones stay. */
    static void writeStacked(Path folder) throws IOException {
        int v = Checkpoint.STACKED_FORMAT_VERSION;
        Path corpusFile = folder.resolve("format" + v + "-corpus.txt");
        Files.writeString(corpusFile, CORPUS, StandardCharsets.UTF_8);
        Corpus corpus = Corpus.load(corpusFile);
        Trainer t = new Trainer(corpus, stackedConfig());
        for (int i = 0; i < ITERATIONS; i++) {
            t.iterate();
        }
        Path file = folder.resolve("format" + v + "-stacked.npz");
        Checkpoint.save(file, t);
        System.out.println("wrote " + file + " (" + Files.size(file) + " bytes)");
        print(t.exportState());
    }

    /** The iterations of the history fixtures: past 200, so that the entry of 200 carries the sample drawn at 200. */
    static final int HISTORY_ITERATIONS = 210;

    /** The history fixtures' settings: as {@link #config()} with a sample every 50 iterations (so at 100 and 200). */
    static TrainingConfig historyConfig(boolean stacked) {
        TrainingConfig c = stacked ? stackedConfig() : config();
        return c.withSampleEvery(50);
    }

    /**
     * The run's history (issue 25) in format 2 and 3 ({@code format2-history.npz}, the vanilla cell, and
     * {@code format3-history.npz}, {@link #stackedConfig()}'s LSTM), {@value #HISTORY_ITERATIONS} iterations on
     * {@code format2-corpus.txt} and {@code format3-corpus.txt}: entries at 100 and 200.
     */
    static void writeHistories(Path folder) throws IOException {
        for (boolean stacked : new boolean[] {false, true}) {
            String v = stacked ? "format3" : "format2";
            Corpus corpus = Corpus.load(folder.resolve(v + "-corpus.txt"));
            Trainer t = new Trainer(corpus, historyConfig(stacked));
            for (int i = 0; i < HISTORY_ITERATIONS; i++) {
                t.iterate();
            }
            Path file = folder.resolve(v + "-history.npz");
            Checkpoint.save(file, t);
            System.out.println("wrote " + file + " (" + Files.size(file) + " bytes), history " + t.history().size());
            print(t.exportState());
        }
    }

    private static void print(TrainerState s) {
        System.out.println("  smooth loss bits " + Double.doubleToLongBits(s.smoothLoss()) + " = " + s.smoothLoss());
        System.out.println("  " + s.parameters().get(0).name + "[0] bits " + Double.doubleToLongBits(s.parameters().get(0).data[0]));
        System.out.println("  last state entry bits " + Double.doubleToLongBits(s.hidden()[s.hidden().length - 1]));
        System.out.println("  pointer " + s.pointer() + ", rng state " + Long.toUnsignedString(s.rngState())
                + ", samples " + s.samples().size());
    }
}
