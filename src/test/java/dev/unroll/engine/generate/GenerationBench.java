package dev.unroll.engine.generate;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.VanillaRnn;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark harness (not a test): time to generate 10,000 characters at instant pace with a
 * vanilla RNN of hidden size 500 and the 65 characters of Tiny Shakespeare, with logits kept per
 * character. Weights are random (N(0,1) x 0.05, seeded): the arithmetic per character does not
 * depend on their values. Run:
 * <pre>
 *   mvn -B -q test-compile
 *   java -cp target/classes:target/test-classes dev.unroll.engine.generate.GenerationBench [hidden] [chars] [rounds]
 * </pre>
 */
public final class GenerationBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GenerationBench() {
    }

    public static void main(String[] args) {
        int hidden = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int chars = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        StringBuilder sb = new StringBuilder();
        for (char c = ' '; sb.length() < 64; c++) {
            sb.append(c);
        }
        sb.append('\n');
        Vocabulary vocabulary = Vocabulary.of(sb.toString());
        VanillaRnn rnn = new VanillaRnn(vocabulary.size(), hidden, new Rng(1));
        for (Tensor t : rnn.parameters()) {
            for (int i = 0; i < t.data.length; i++) {
                t.data[i] *= 5;
            }
        }
        List<Tensor> params = new ArrayList<>();
        for (Tensor t : rnn.parameters()) {
            params.add(t.copy());
        }
        ModelSnapshot model = new ModelSnapshot(0, vocabulary, params, params, List.of());
        GenerationSettings settings = new GenerationSettings("ROMEO:", chars, 0.8, Sampler.Mode.SAMPLE, 0, 7, -1);
        System.out.printf(Locale.ROOT, "hidden %d, vocabulary %d, %,d characters, %d rounds after 3 warm-up rounds%n",
                hidden, vocabulary.size(), chars, rounds);
        for (int r = 0; r < 3; r++) {
            Generation.start(model, settings).runToEnd();
        }
        double best = Double.MAX_VALUE;
        double sum = 0;
        double bestCpu = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            Generation g = Generation.start(model, settings);
            g.runToEnd();
            double ms = (System.nanoTime() - t0) / 1e6;
            double cpuMs = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
            bestCpu = Math.min(bestCpu, cpuMs);
            if (g.size() != chars) {
                throw new AssertionError("generated " + g.size());
            }
            best = Math.min(best, ms);
            sum += ms;
        }
        // for comparison: the model's own step (VanillaRnn.step through Sampler.generate), no logits kept
        double baseCpu = Double.MAX_VALUE;
        RecurrentModel plain = model.newModel();
        int[] primeIdx = vocabulary.encode("ROMEO:");
        for (int r = 0; r < Math.max(3, rounds / 2); r++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            double[] h = new double[hidden];
            double[] y = new double[vocabulary.size()];
            for (int i = 0; i < primeIdx.length - 1; i++) {
                plain.step(primeIdx[i], h, y);
            }
            Sampler.generate(plain, h, primeIdx[primeIdx.length - 1], chars, 0.8, Sampler.Mode.SAMPLE, 0, new Rng(7));
            baseCpu = Math.min(baseCpu, (THREADS.getCurrentThreadCpuTime() - c0) / 1e6);
        }
        System.out.printf(Locale.ROOT, "VanillaRnn.step through Sampler.generate: best thread CPU time %.1f ms%n", baseCpu);
        System.out.printf(Locale.ROOT, "Generation: wall: best %.1f ms, mean %.1f ms per %,d characters (%.0f chars/s at best); "
                + "thread CPU time: best %.1f ms (the machine is shared: CPU time is the steadier figure)%n",
                best, sum / rounds, chars, chars / best * 1000, bestCpu);
    }
}
