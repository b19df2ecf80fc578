package dev.unroll.cli;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Sampler;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.train.TrainingConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code unroll sample}: generates text from a checkpoint. The model reads the prime from a zero
 * hidden state, then generates from the prime's last character; the output is the prime followed
 * by the generated characters. Without a prime, the first character is drawn uniformly from the
 * vocabulary.
 */
@Command(name = "sample",
        description = {"Generate text from a checkpoint: prints the prime followed by the generated characters."})
final class SampleCommand extends SubCommand {

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A checkpoint written by 'unroll train --checkpoint'.")
    Path checkpoint;

    @Option(names = "--prime", paramLabel = "TEXT", defaultValue = "", description = "Text the model reads before generating (every character must be in its vocabulary).")
    String prime;

    @Option(names = "--length", paramLabel = "N", defaultValue = "200", description = "Characters to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "Softmax temperature: lower is more conservative (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--argmax", description = "Always take the most likely character (deterministic).")
    boolean argmax;

    @Option(names = "--top-k", paramLabel = "K", description = "Draw only among the K most likely characters.")
    Integer topK;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the sampling: same seed, same text (default: random).")
    Long seed;

    @Override
    public Integer call() {
        PrintWriter out = out();
        FlagChecks.between("--length", length, 1, TrainingConfig.MAX_SAMPLE_LENGTH);
        FlagChecks.positiveFinite("--temperature", temperature);
        FlagChecks.positive("--top-k", topK);
        if (argmax && topK != null) {
            throw CliExit.badInput("--argmax and --top-k exclude each other; give one");
        }
        ModelSnapshot snapshot = Checkpoint.loadModel(checkpoint);
        Vocabulary vocabulary = snapshot.vocabulary();
        Set<Integer> missing = vocabulary.missingFrom(prime);
        if (!missing.isEmpty()) {
            throw CliExit.badInput("the prime has characters that are not in the model's vocabulary: "
                    + Vocabulary.describe(missing));
        }
        Rng rng = new Rng(seed != null ? seed : System.nanoTime() ^ Double.doubleToLongBits(Math.random()));
        RecurrentModel model = snapshot.newModel();
        double[] h = new double[model.stateSize()];
        double[] logits = new double[model.vocabSize()];
        String text = prime;
        int[] idx = vocabulary.encode(prime);
        if (idx.length == 0) {
            idx = new int[] {rng.nextInt(vocabulary.size())};
            text = vocabulary.symbol(idx[0]);
        }
        for (int i = 0; i < idx.length - 1; i++) {
            model.step(idx[i], h, logits);
        }
        Sampler.Mode mode = argmax ? Sampler.Mode.ARGMAX : topK != null ? Sampler.Mode.TOP_K : Sampler.Mode.SAMPLE;
        int[] generated = Sampler.generate(model, h, idx[idx.length - 1], length, temperature, mode, topK == null ? 0 : topK, rng);
        out.println(text + vocabulary.decode(generated));
        out.flush();
        return UnrollCli.EXIT_OK;
    }
}
