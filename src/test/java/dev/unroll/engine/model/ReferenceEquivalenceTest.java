package dev.unroll.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.Adagrad;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

/**
 * The optimised {@link VanillaRnn} against {@link ReferenceVanillaRnn}, the plain pre-optimisation
 * code.
 *
 * <p>Tolerance. The optimised model sums the same terms in another order (four rows per pass,
 * matrix products for the whole window), and each re-associated sum of n terms may differ by about
 * n ulps of its largest term. The differences then pass through tanh, softmax and T steps of
 * recurrence. We therefore compare every value against the size of its tensor,
 * {@code |a - b| <= TOL * max(|b|_inf, tiny)}, with {@code TOL = 1e-12}: thousands of ulps of
 * headroom over the ~1e-15 we observe, yet far below any real error (a wrong index or a stale
 * weight shows up at 1e-3 or worse). An entry-wise relative test would be meaningless for entries
 * that are sums cancelling to nearly zero.
 *
 * <p>Weights are drawn with a recurrent gain g (entries N(0, g^2/H)). For g &lt;= 1 the recurrence
 * does not amplify rounding and 1e-12 holds with a wide margin. For g = 2 the forward and backward
 * recurrences multiply any rounding difference by up to about g per step, so over T = 25 steps the
 * reference itself is ill-conditioned (its own result moves by ~1e-12 when its weights move by
 * 1e-15); there we allow {@value #CHAOTIC_TOL}.
 *
 * <p>Training runs are chaotic in the same sense, through Adagrad: an entry with a tiny gradient g
 * moves by lr g / sqrt(g^2 + 1e-8), up to 1000 g for lr = 0.1, so a 1e-16 difference grows about
 * tenfold every few iterations, and after ~50 iterations two runs whose weights differed by
 * 1e-15 (the reference against itself!) have window losses 10% apart. A run is therefore compared
 * step by step only at the start, and by its smooth loss (an average over ~1000 windows) after that.
 * Measured on the run below: the reference against itself with weights perturbed by 1e-15 drifts up
 * to 0.8% in smooth loss over 500 iterations, the optimised model against the reference up to 2%;
 * we allow {@value #SMOOTH_TOL}. A real error (a wrong index, a stale weight) breaks the first
 * iterations' 1e-12 check at once.
 */
public class ReferenceEquivalenceTest {
    public static final double TOL = 1e-12;
    public static final double CHAOTIC_TOL = 1e-10;
    /** Relative smooth-loss difference allowed over a 500-iteration run (see the class comment). */
    public static final double SMOOTH_TOL = 0.05;
    public static double worst;

    @AfterAll
    public static void report() {
        System.out.println("worst normwise difference seen: " + worst);
    }

    /** V, H, T: odd sizes, H not a multiple of the 4-row block or of a SIMD width, T = 1, V = 1. */
    public static final int[][] SHAPES = {
            {65, 100, 25}, {7, 5, 6}, {1, 3, 4}, {5, 1, 1}, {13, 37, 9}, {3, 130, 17}, {2, 2, 1}, {65, 250, 3}, {11, 6, 40},
    };

    @Test
    void trainWindowMatchesReference() {
        Rng rng = new Rng(20261128);
        for (int[] shape : SHAPES) {
            for (double gain : new double[] {0.01, 0.5, 1.0, 2.0}) {
                for (double clip : new double[] {5.0, 0.05}) {
                    compareWindow(rng, shape[0], shape[1], shape[2], gain / Math.sqrt(shape[1]), clip, gain > 1 ? CHAOTIC_TOL : TOL);
                }
            }
        }
    }

    private static void compareWindow(Rng rng, int V, int H, int T, double scale, double clip, double tol) {
        String what = "V=" + V + " H=" + H + " T=" + T + " scale=" + scale + " clip=" + clip;
        ReferenceVanillaRnn ref = new ReferenceVanillaRnn(V, H, rng);
        randomize(ref.parameters(), rng, scale);
        VanillaRnn fast = new VanillaRnn(V, H);
        fast.copyParametersFrom(ref);
        int[] data = randomData(rng, V, T + 3);
        int start = rng.nextInt(3);
        double[] h0 = new double[H];
        for (int i = 0; i < H; i++) {
            // a caller may start from any state, not only a tanh output: |h0| up to 3 with the small clip
            h0[i] = Math.tanh(rng.nextGaussian()) * (clip < 1 ? 3 : 1);
        }
        double[] hr = h0.clone();
        double[] hf = h0.clone();
        double lr = ref.trainWindow(data, start, T, hr, clip);
        double lf = fast.trainWindow(data, start, T, hf, clip);
        assertClose(new double[] {lr}, new double[] {lf}, tol, what + " loss");
        assertClose(hr, hf, tol, what + " h");
        assertTensorsClose(ref.gradients(), fast.gradients(), tol, what);
        assertTracesClose(ref.lastTrace(), fast.lastTrace(), tol, what);
    }

    @Test
    void forwardAndStepMatchReference() {
        Rng rng = new Rng(77);
        for (int[] shape : SHAPES) {
            int V = shape[0];
            int H = shape[1];
            int T = shape[2];
            String what = "V=" + V + " H=" + H + " T=" + T;
            ReferenceVanillaRnn ref = new ReferenceVanillaRnn(V, H, rng);
            randomize(ref.parameters(), rng, 1.0 / Math.sqrt(H));
            VanillaRnn fast = new VanillaRnn(V, H);
            fast.copyParametersFrom(ref);
            int[] in = randomData(rng, V, T);
            int[] tg = randomData(rng, V, Math.max(0, T - 1)); // shorter than the inputs: the last step has no target
            double[] hr = new double[H];
            double[] hf = new double[H];
            double[] hsR = new double[T * H];
            double[] hsF = new double[T * H];
            double[] pR = new double[T * V];
            double[] pF = new double[T * V];
            double[] lR = new double[T];
            double[] lF = new double[T];
            double a = ref.forward(in, tg, hr, hsR, pR, lR);
            double b = fast.forward(in, tg, hf, hsF, pF, lF);
            assertClose(new double[] {a}, new double[] {b}, what + " forward loss");
            assertClose(hr, hf, what + " forward h");
            assertClose(hsR, hsF, what + " forward hs");
            assertClose(pR, pF, what + " forward probs");
            assertClose(lR, lF, what + " forward step losses");
            double[] yR = new double[V];
            double[] yF = new double[V];
            for (int x : in) {
                ref.step(x, hr, yR);
                fast.step(x, hf, yF);
                assertClose(hr, hf, what + " step h");
                assertClose(yR, yF, what + " step logits");
            }
        }
    }

    /**
     * The model's transposed copies must never go stale: parameters changed in place between calls
     * (as the optimizer, a checkpoint restore or {@link RecurrentModel#copyParametersFrom} do) are
     * seen by the very next trainWindow and forward.
     */
    @Test
    void inPlaceParameterChangesAreSeenImmediately() {
        Rng rng = new Rng(5);
        int V = 9;
        int H = 21;
        int T = 7;
        ReferenceVanillaRnn ref = new ReferenceVanillaRnn(V, H, rng);
        VanillaRnn fast = new VanillaRnn(V, H);
        fast.copyParametersFrom(ref);
        int[] data = randomData(rng, V, 40);
        Adagrad oa = new Adagrad();
        Adagrad ob = new Adagrad();
        oa.initialise(ref.parameters());
        ob.initialise(fast.parameters());
        double[] hr = new double[H];
        double[] hf = new double[H];
        for (int round = 0; round < 6; round++) {
            assertClose(new double[] {ref.trainWindow(data, round * 5, T, hr, 5)},
                    new double[] {fast.trainWindow(data, round * 5, T, hf, 5)}, "round " + round);
            assertTensorsClose(ref.gradients(), fast.gradients(), "round " + round);
            oa.step(ref.parameters(), ref.gradients(), 0.5);
            ob.step(fast.parameters(), fast.gradients(), 0.5);
            if (round == 2) {
                // a checkpoint-style restore: new values for every parameter, written in place
                ReferenceVanillaRnn other = new ReferenceVanillaRnn(V, H, rng);
                randomize(other.parameters(), rng, 0.5);
                ref.copyParametersFrom(other);
                fast.copyParametersFrom(other);
            }
            if (round == 4) {
                // a single entry of Whh and of Why, changed by hand
                ref.whh().data[3] += 0.25;
                fast.whh().data[3] += 0.25;
                ref.why().data[H + 1] -= 0.5;
                fast.why().data[H + 1] -= 0.5;
            }
            int[] in = Arrays.copyOfRange(data, 0, 12);
            int[] tg = Arrays.copyOfRange(data, 1, 13);
            assertClose(new double[] {ref.forward(in, tg, new double[H], null, null, null)},
                    new double[] {fast.forward(in, tg, new double[H], null, null, null)}, "forward after round " + round);
        }
    }

    /** 500 iterations of the real trainer against the same loop over the reference model. */
    @Test
    void trainerLossesFollowTheReference() {
        Corpus corpus = Corpus.of("shakespeare-ish", ("First Citizen: Before we proceed any further, hear me speak. "
                + "All: Speak, speak. First Citizen: You are all resolved rather to die than to famish? ").repeat(30));
        int H = 37;
        int T = 25;
        TrainingConfig config = TrainingConfig.defaults().withHiddenSize(H).withSequenceLength(T).withIterations(500).withSampleEvery(0);
        Trainer trainer = new Trainer(corpus, config);
        int V = corpus.vocabulary().size();
        ReferenceVanillaRnn ref = new ReferenceVanillaRnn(V, H, new Rng(config.seed()));
        assertTensorsEqual(ref.parameters(), trainer.model().parameters());
        Adagrad opt = new Adagrad();
        opt.initialise(ref.parameters());
        int[] data = corpus.encoded();
        double[] h = new double[H];
        double smooth = config.initialSmoothLoss(V);
        int p = 0;
        double worst = 0;
        for (int n = 0; n < 500; n++) {
            if (p + T + 1 >= data.length) {
                p = 0;
                Arrays.fill(h, 0);
            }
            double loss = ref.trainWindow(data, p, T, h, config.clip());
            smooth = smooth * 0.999 + loss * 0.001;
            opt.step(ref.parameters(), ref.gradients(), config.learningRate());
            p += T;
            double got = trainer.iterate();
            if (n < 3) {
                assertEquals(loss, got, TOL * loss, "window loss at iteration " + n);
            }
            assertEquals(smooth, trainer.smoothLoss(), SMOOTH_TOL * smooth, "smooth loss at iteration " + n);
            worst = Math.max(worst, Math.abs(smooth - trainer.smoothLoss()) / smooth);
        }
        System.out.println("worst relative smooth-loss difference over 500 iterations: " + worst);
        assertTrue(smooth < config.initialSmoothLoss(V) * 0.9, "the run learned something: " + smooth);
    }

    // ---- helpers ----

    public static void randomize(List<Tensor> ts, Rng rng, double scale) {
        for (Tensor t : ts) {
            for (int i = 0; i < t.data.length; i++) {
                t.data[i] = rng.nextGaussian() * scale;
            }
        }
    }

    public static int[] randomData(Rng rng, int V, int n) {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = rng.nextInt(V);
        }
        return d;
    }

    public static void assertClose(double[] expected, double[] actual, String what) {
        assertClose(expected, actual, TOL, what);
    }

    public static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double v : expected) {
            if (!Double.isNaN(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        scale = Math.max(scale, Double.MIN_NORMAL);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) {
                continue;
            }
            worst = Math.max(worst, Math.abs(e - a) / scale);
            assertTrue(Math.abs(e - a) <= tol * scale, what + "[" + i + "]: expected " + e + " got " + a
                    + " (difference " + Math.abs(e - a) / scale + " of the largest entry " + scale + ")");
        }
    }

    public static void assertTensorsClose(List<Tensor> expected, List<Tensor> actual, String what) {
        assertTensorsClose(expected, actual, TOL, what);
    }

    public static void assertTensorsClose(List<Tensor> expected, List<Tensor> actual, double tol, String what) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            Tensor e = expected.get(k);
            Tensor a = actual.get(k);
            assertEquals(e.rows, a.rows, e.name);
            assertEquals(e.cols, a.cols, e.name);
            assertClose(e.data, a.data, tol, what + " " + e.name);
        }
    }

    public static void assertTensorsEqual(List<Tensor> expected, List<Tensor> actual) {
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k).data, actual.get(k).data, expected.get(k).name);
        }
    }

    public static void assertTracesClose(WindowTrace e, WindowTrace a, double tol, String what) {
        assertArrayEquals(e.inputs(), a.inputs(), what + " trace inputs");
        assertArrayEquals(e.targets(), a.targets(), what + " trace targets");
        assertEquals(e.hiddenSize(), a.hiddenSize());
        assertEquals(e.vocabSize(), a.vocabSize());
        assertClose(e.h0(), a.h0(), tol, what + " trace h0");
        assertClose(e.hidden(), a.hidden(), tol, what + " trace hidden");
        assertClose(e.probs(), a.probs(), tol, what + " trace probs");
        assertClose(e.stepLoss(), a.stepLoss(), tol, what + " trace step loss");
        assertClose(e.dhNorms(), a.dhNorms(), tol, what + " trace dh norms");
        assertClose(e.dhRawNorms(), a.dhRawNorms(), tol, what + " trace da norms");
        assertEquals(e.clippedFraction(), a.clippedFraction(), 0.0, what + " clipped fraction");
    }
}
