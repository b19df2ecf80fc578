package dev.unroll.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.CheckpointTest;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.Tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Each optimizer's update against a reference written independently in the test (the textbook
 * forms of PyTorch's and torch/optim's documented formulas, not the production loops), and the
 * first step against numbers worked out by hand; global-norm clipping; the schedules' values.
 */
class OptimizersTest {
    private static final double LR = 0.01;
    private static final double[] P0 = {0.5, -0.25, 1.0, 0.0, -2.0};
    private static final double[][] GRADS = {
            {0.3, -1.2, 4.0, 1e-6, -0.02},
            {-0.1, -1.0, 3.5, 0.0, 0.5},
            {0.25, 0.9, -4.5, 2e-6, -0.75}};

    /** Runs {@code steps} updates of one 5-entry parameter with the gradients above; returns the parameter. */
    private static double[] run(Optimizer o, int steps) {
        Tensor p = new Tensor("w", 1, P0.length, P0.clone());
        Tensor g = new Tensor("dw", 1, P0.length);
        o.initialise(List.of(p));
        for (int s = 0; s < steps; s++) {
            System.arraycopy(GRADS[s], 0, g.data, 0, P0.length);
            o.step(List.of(p), List.of(g), LR);
        }
        return p.data;
    }

    private static void assertClose(double[] expected, double[] actual, double relative) {
        for (int i = 0; i < expected.length; i++) {
            double tol = relative * Math.max(1e-300, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, "entry " + i);
        }
    }

    @Test
    void adamsFirstStepMovesEveryEntryByTheRateAgainstItsGradientsSign() {
        // t = 1: m = 0.1 g, v = 0.001 g^2; m / (1 - 0.9) = g and sqrt(v / (1 - 0.999)) = |g|: the step is lr g / (|g| + eps),
        // the rate itself but for eps: 0.01 x 0.3 / (0.3 + 1e-8) = 0.0099999996667
        double[] p = run(new Adam(), 1);
        double[] g = GRADS[0];
        double[] expected = new double[P0.length];
        for (int i = 0; i < P0.length; i++) {
            expected[i] = P0[i] - LR * g[i] / (Math.abs(g[i]) + 1e-8);
        }
        assertClose(expected, p, 1e-12);
        assertEquals(0.49 + 0.01 * 1e-8 / (0.3 + 1e-8), p[0], 1e-15);
    }

    @Test
    void adamFollowsTorchOptimAdamsFormulasOverThreeSteps() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] p = P0.clone();
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= LR * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        Adam adam = new Adam();
        assertClose(p, run(adam, 3), 1e-12);
        assertEquals(3, adam.steps());
        // its state: exp_avg, exp_avg_sq, then the step count; the memory is exp_avg_sq
        assertEquals(List.of("exp_avg_w", "exp_avg_sq_w", Adam.STEP_NAME), adam.state().stream().map(x -> x.name).toList());
        assertClose(m, adam.state().get(0).data, 1e-12);
        assertClose(v, adam.memory().get(0).data, 1e-12);
        assertEquals(3.0, adam.state().get(2).data[0]);
    }

    @Test
    void rmspropsFirstStepIsTheRateOverTheRootOfFivePercent() {
        // avg = 0.05 g^2, so the step is lr g / (sqrt(0.05) |g| + 1e-8) = lr / 0.2236... for |g| >> 1e-8
        double[] p = run(new RmsProp(), 1);
        double[] g = GRADS[0];
        double[] expected = new double[P0.length];
        for (int i = 0; i < P0.length; i++) {
            expected[i] = P0[i] - LR * g[i] / (Math.sqrt(0.05) * Math.abs(g[i]) + 1e-8);
        }
        assertClose(expected, p, 1e-12);
        assertEquals(0.5 - 0.0447213529, p[0], 1e-10); // 0.01 x 0.3 / (0.2236068 x 0.3 + 1e-8)
    }

    @Test
    void rmspropFollowsCharRnnsOptimRmspropOverThreeSteps() {
        double alpha = 0.95;
        double[] p = P0.clone();
        double[] m = new double[p.length];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[t][i];
                m[i] = alpha * m[i] + (1 - alpha) * g * g;
                p[i] -= LR * g / (Math.sqrt(m[i]) + 1e-8);
            }
        }
        RmsProp r = new RmsProp();
        assertClose(p, run(r, 3), 1e-14);
        assertClose(m, r.memory().get(0).data, 1e-14);
        assertEquals("square_avg_w", r.state().get(0).name);
    }

    @Test
    void adagradIsUnchanged() {
        double[] p = P0.clone();
        double[] m = new double[p.length];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[t][i];
                m[i] += g * g;
                p[i] -= LR * g / Math.sqrt(m[i] + 1e-8);
            }
        }
        assertArrayEquals(p, run(new Adagrad(), 3));
    }

    @Test
    void copiesAreIndependentAndResetZeroesEverything() {
        Adam a = new Adam();
        run(a, 2);
        Adam c = a.copy();
        assertEquals(2, c.steps());
        assertArrayEquals(a.state().get(1).data, c.state().get(1).data);
        a.reset();
        assertEquals(0, a.steps());
        assertEquals(2, c.steps());
        assertNotEquals(0.0, c.memory().get(0).data[0]);
    }

    @Test
    void normClippingScalesAllGradientsTogetherAsClipGradNormDoes() {
        Tensor a = new Tensor("a", 1, 2, new double[] {3, 4});
        Tensor b = new Tensor("b", 1, 1, new double[] {12});
        // ||(3, 4, 12)|| = 13; to 6.5: every entry times 6.5 / (13 + 1e-6)
        double norm = ClipMode.clipByGlobalNorm(List.of(a, b), 6.5);
        assertEquals(13.0, norm, 1e-12);
        double coef = 6.5 / (13 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, 4 * coef}, a.data, 1e-15);
        assertArrayEquals(new double[] {12 * coef}, b.data, 1e-15);
        assertEquals(6.5, Math.sqrt(a.data[0] * a.data[0] + a.data[1] * a.data[1] + b.data[0] * b.data[0]), 1e-6);
        // under the bound: untouched, bit for bit
        double[] before = b.data.clone();
        assertEquals(12 * coef, ClipMode.clipByGlobalNorm(List.of(b), 100), 1e-12);
        assertArrayEquals(before, b.data);
        // a norm that overflows is reported, and the gradients are left as they are (the trainer stops the run)
        Tensor huge = new Tensor("h", 1, 2, new double[] {1e200, -3});
        assertEquals(Double.POSITIVE_INFINITY, ClipMode.clipByGlobalNorm(List.of(huge), 5));
        assertArrayEquals(new double[] {1e200, -3}, huge.data);
        // element-wise keeps the bound; norm clipping lets the model leave entries unclipped
        assertEquals(5.0, ClipMode.ELEMENTWISE.elementBound(5));
        assertEquals(Double.POSITIVE_INFINITY, ClipMode.NORM.elementBound(5));
    }

    @Test
    void stepDecayMultipliesAfterEveryMultipleOfItsIntervalFromItsStart() {
        // every 3 from 5: char-rnn decays after iterations 6 and 9 (multiples of 3 at or after 5)
        LearningRateDecay d = LearningRateDecay.none().withKind(LearningRateDecay.Kind.STEP).withEvery(3).withStart(5).withFactor(0.5);
        double[] rates = new double[11];
        for (int n = 0; n <= 10; n++) {
            rates[n] = d.rate(0.8, n, 1000);
        }
        assertArrayEquals(new double[] {0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2}, rates);
        // from the start (0): after every multiple of the interval
        LearningRateDecay fromZero = d.withStart(0).withFactor(0.97);
        assertEquals(0.1, fromZero.rate(0.1, 2, 1000));
        assertEquals(0.1 * 0.97, fromZero.rate(0.1, 3, 1000), 1e-16);
        assertEquals(0.1 * 0.97 * 0.97 * 0.97, fromZero.rate(0.1, 11, 1000), 1e-16);
    }

    @Test
    void cosineDecayGoesFromTheRateToTheMinimumOverTheRun() {
        LearningRateDecay d = LearningRateDecay.none().withKind(LearningRateDecay.Kind.COSINE).withMinimum(0.01);
        assertEquals(0.1, d.rate(0.1, 0, 1000), 1e-16);
        assertEquals(0.055, d.rate(0.1, 500, 1000), 1e-15);
        assertEquals(0.01 + 0.09 * (1 + Math.cos(Math.PI / 4)) / 2, d.rate(0.1, 250, 1000), 1e-15);
        assertEquals(0.01, d.rate(0.1, 1000, 1000), 1e-16);
        assertEquals(0.1, LearningRateDecay.none().rate(0.1, 999, 1000));
    }

    @Test
    void badScheduleSettingsAreRefusedByName() {
        LearningRateDecay d = LearningRateDecay.none();
        assertEquals("the decay interval must be at least 1 (got 0)", assertThrows(BadInputException.class, () -> d.withEvery(0)).getMessage());
        assertThrows(BadInputException.class, () -> d.withFactor(1.5));
        assertThrows(BadInputException.class, () -> d.withFactor(0));
        assertThrows(BadInputException.class, () -> d.withStart(-1));
        assertThrows(BadInputException.class, () -> d.withMinimum(Double.NaN));
        assertEquals("unknown optimizer 'sgd': use adagrad, rmsprop or adam",
                assertThrows(BadInputException.class, () -> OptimizerKind.parse("sgd")).getMessage());
    }

    @Test
    void theUpdateRatioChartedIsTheStepEachOptimizerTook() {
        Corpus corpus = Corpus.of("t", CheckpointTest.TEXT);
        for (OptimizerKind kind : OptimizerKind.values()) {
            for (Cell cell : Cell.values()) {
                TrainingConfig c = CheckpointTest.config().withCell(cell).withSampleEvery(0).withLearningRate(0.01)
                        .withOptimization(Optimization.defaults().withOptimizer(kind));
                Trainer t = new Trainer(corpus, c);
                for (int i = 0; i < TrainingStats.DEFAULT_STRIDE - 1; i++) {
                    t.iterate();
                }
                // the recurrent weight: Whh, or weight_hh, the second parameter of every cell and the second matrix charted
                double[] before = t.exportState().parameters().get(1).data;
                t.iterate();
                double[] after = t.exportState().parameters().get(1).data;
                double d2 = 0;
                double w2 = 0;
                for (int i = 0; i < after.length; i++) {
                    d2 += (after[i] - before[i]) * (after[i] - before[i]);
                    w2 += after[i] * after[i];
                }
                TrainingStats.View v = t.snapshot().stats();
                assertEquals(TrainingStats.DEFAULT_STRIDE, v.iteration()[v.size() - 1]);
                assertEquals(Math.sqrt(d2 / w2), v.updateRatio()[1][v.size() - 1], 1e-9 * Math.sqrt(d2 / w2), kind + " " + cell);
            }
        }
    }

    @Test
    void theTrainerUpdatesWithTheDecayedRate() {
        // a step decay of 0.5 after every iteration against a run whose rate is halved by hand after each: the same bits
        Corpus corpus = Corpus.of("t", CheckpointTest.TEXT);
        TrainingConfig base = CheckpointTest.config().withSampleEvery(0).withOptimization(Optimization.defaults().withOptimizer(OptimizerKind.ADAM));
        Trainer decayed = new Trainer(corpus, base.withOptimization(base.optimization().withDecay(
                LearningRateDecay.none().withKind(LearningRateDecay.Kind.STEP).withEvery(1).withFactor(0.5))));
        Trainer byHand = new Trainer(corpus, base);
        for (int i = 0; i < 5; i++) {
            assertEquals(byHand.learningRate(), decayed.effectiveLearningRate(), 1e-18);
            decayed.iterate();
            byHand.iterate();
            byHand.setLearningRate(byHand.learningRate() * 0.5);
        }
        CheckpointTest.assertSameBits(byHand.exportState().parameters(), decayed.exportState().parameters());
        assertEquals(0.1, decayed.learningRate());
        assertEquals(0.1 / 32, decayed.effectiveLearningRate(), 1e-18);
    }
}
