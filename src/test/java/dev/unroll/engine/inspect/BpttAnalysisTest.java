package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.model.VanillaRnn;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

class BpttAnalysisTest {
    private static final Corpus CORPUS = Corpus.of("t", "the cat sat on the mat, the rat ate the hat. ".repeat(40));

    /** Weights after some training, so that nothing is near zero or symmetric. */
    private static ModelSnapshot trained(int hidden, double lr, int iterations) {
        Trainer trainer = new Trainer(CORPUS, TrainingConfig.defaults().withHiddenSize(hidden).withSequenceLength(20)
                .withLearningRate(lr).withSampleEvery(0).withIterations(10_000).withSeed(11));
        for (int i = 0; i < iterations; i++) {
            trainer.iterate();
        }
        return trainer.modelSnapshot();
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @Test
    void intermediatesEqualTheTrainersBackpropagationOnTheSameWeightsAndWindow() {
        ModelSnapshot model = trained(24, 0.1, 150);
        int[] data = CORPUS.encoded();
        int start = 57;
        int T = 20;
        double[] h0 = new double[24];
        for (int i = 0; i < h0.length; i++) {
            h0[i] = 0.3 * Math.sin(i + 1.0);
        }
        RecurrentModel rnn = model.newModel();
        rnn.trainWindow(data, start, T, h0.clone(), 5.0);
        WindowTrace expected = rnn.lastTrace();

        BpttTrace got = BpttAnalysis.compute(model, Arrays.copyOfRange(data, start, start + T),
                Arrays.copyOfRange(data, start + 1, start + T + 1), h0, 5.0, true);

        assertArrayEquals(expected.inputs(), got.inputs());
        assertArrayEquals(expected.targets(), got.targets());
        assertClose(expected.hidden(), got.hidden(), 1e-12, "hidden");
        assertClose(expected.probs(), got.probs(), 1e-12, "probs");
        assertClose(expected.stepLoss(), got.stepLoss(), 1e-12, "stepLoss");
        assertClose(expected.dhNorms(), got.dhNorms(), 1e-10, "dhNorms");
        assertClose(expected.dhRawNorms(), got.dhRawNorms(), 1e-10, "dhRawNorms");
        assertEquals(expected.clippedFraction(), got.clippedFraction(), 0.0);
        for (int g = 0; g < 5; g++) {
            assertClose(rnn.gradients().get(g).data, got.gradients().get(g).data, 1e-10, BpttTrace.GRADIENT_NAMES.get(g));
        }
        // the per-step parts add up: dh_t's norm lies between |out - next| and out + next
        for (int t = 0; t < T; t++) {
            assertTrue(got.dhNorms()[t] <= got.fromOutputNorms()[t] + got.fromNextNorms()[t] + 1e-12);
            assertEquals(expected.inputs()[t] >= 0, true);
            double max = 0;
            for (int k = 0; k < got.vocabSize(); k++) {
                max = Math.max(max, got.prob(t, k));
            }
            assertEquals(max, got.prob(t, got.predicted()[t]), 0.0);
        }
        assertEquals(0.0, got.fromNextNorms()[T - 1]);
        assertEquals(expected.loss(), got.loss(), 1e-10);
    }

    @Test
    void clippingMatchesTheTrainerWhenTheBoundBites() {
        ModelSnapshot model = trained(16, 0.1, 60);
        int[] data = CORPUS.encoded();
        RecurrentModel rnn = model.newModel();
        rnn.trainWindow(data, 0, 30, new double[16], 0.05);
        BpttTrace got = BpttAnalysis.compute(model, Arrays.copyOfRange(data, 0, 30), Arrays.copyOfRange(data, 1, 31),
                new double[16], 0.05, false);
        assertTrue(got.clippedFraction() > 0, "a tight bound clips something");
        assertEquals(rnn.lastTrace().clippedFraction(), got.clippedFraction(), 0.0);
        for (int g = 0; g < 5; g++) {
            assertClose(rnn.gradients().get(g).data, got.gradients().get(g).data, 1e-10, BpttTrace.GRADIENT_NAMES.get(g));
            for (double v : got.gradients().get(g).data) {
                assertTrue(Math.abs(v) <= 0.05);
            }
        }
        assertTrue(Double.isNaN(got.jacobianNorms()[0]), "jacobians not asked for");
    }

    @Test
    void jacobianNormsAreTheSpectralNormsOfTheProductsOfStepJacobians() {
        ModelSnapshot model = trained(6, 0.3, 80);
        int[] data = CORPUS.encoded();
        int T = 8;
        BpttTrace got = BpttAnalysis.compute(model, Arrays.copyOfRange(data, 3, 3 + T), Arrays.copyOfRange(data, 4, 4 + T),
                new double[6], 5.0, true);
        assertTrue(got.hasJacobians());
        int H = 6;
        DMatrixRMaj whh = new DMatrixRMaj(H, H, true, model.parameter("Whh").data);
        DMatrixRMaj product = CommonOps_DDRM.identity(H);
        assertEquals(1.0, got.jacobianNorms()[T - 1], 1e-12);
        assertEquals(got.fromOutputNorms()[T - 1], got.lastLossNorms()[T - 1], 1e-12);
        // e_T = dloss_T/dh_T, from the trace's own last-step output error
        DMatrixRMaj eT = new DMatrixRMaj(H, 1);
        double[] why = model.parameter("Why").data;
        int V = got.vocabSize();
        for (int j = 0; j < H; j++) {
            double v = 0;
            for (int k = 0; k < V; k++) {
                v += why[k * H + j] * (got.prob(T - 1, k) - (k == got.targets()[T - 1] ? 1 : 0));
            }
            eT.set(j, 0, v);
        }
        for (int t = T - 2; t >= 0; t--) {
            DMatrixRMaj j = whh.copy();
            for (int i = 0; i < H; i++) {
                double h = got.hidden(t + 1, i);
                for (int c = 0; c < H; c++) {
                    j.set(i, c, j.get(i, c) * (1 - h * h));
                }
            }
            DMatrixRMaj next = new DMatrixRMaj(H, H);
            CommonOps_DDRM.mult(product, j, next);
            product = next;
            assertEquals(NormOps_DDRM.normP2(product), got.jacobianNorms()[t], 1e-8 * Math.max(1e-12, NormOps_DDRM.normP2(product)),
                    "step " + t);
            // dloss_T/dh_t = (dh_T/dh_t)^T dloss_T/dh_T
            DMatrixRMaj e = new DMatrixRMaj(H, 1);
            CommonOps_DDRM.multTransA(product, eT, e);
            assertEquals(NormOps_DDRM.normF(e), got.lastLossNorms()[t], 1e-10 * Math.max(1, NormOps_DDRM.normF(e)), "last-step error at " + t);
        }
    }

    @Test
    void typedTextLeavesOutUnknownCharactersAndNeedsTwoKnownOnes() {
        ModelSnapshot model = trained(8, 0.1, 5);
        BpttTrace t = BpttAnalysis.ofText(model, "thé cat", 5.0);
        assertEquals("th cat".length() - 1, t.length());
        assertEquals(model.vocabulary().indexOf('t'), t.inputs()[0]);
        assertEquals(model.vocabulary().indexOf('h'), t.targets()[0]);
        assertEquals(model.vocabulary().indexOf(' '), t.targets()[1]);
        BadInputException e = assertThrows(BadInputException.class, () -> BpttAnalysis.ofText(model, "é€t", 5.0));
        assertTrue(e.getMessage().contains("'é'"), e.getMessage());
    }

    @Test
    void anUntrainedModelIsStillAModel() {
        ModelSnapshot zero = new ModelSnapshot(0, CORPUS.vocabulary(), new VanillaRnn(CORPUS.vocabulary().size(), 5).parameters(),
                new VanillaRnn(CORPUS.vocabulary().size(), 5).gradients(), List.<Tensor>of());
        BpttTrace t = BpttAnalysis.ofText(zero, "the cat", 5.0);
        assertEquals(Math.log(CORPUS.vocabulary().size()), t.stepLoss()[0], 1e-12);
        assertEquals(0.0, t.jacobianNorms()[0], 0.0);
    }
}
