package dev.unroll.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.unroll.engine.Rng;

import org.junit.jupiter.api.Test;

class VanillaRnnStepperTest {

    @Test
    void eachStepAgreesWithStepAlongFiveHundredSteps() {
        for (int hidden : new int[] {1, 5, 64, 131}) {
            int vocab = 11;
            VanillaRnn rnn = new VanillaRnn(vocab, hidden, new Rng(hidden));
            Rng rng = new Rng(3);
            for (Tensor t : rnn.parameters()) {
                for (int i = 0; i < t.data.length; i++) {
                    t.data[i] = rng.nextGaussian() * 0.3; // biases too, large enough to saturate some units
                }
            }
            double[] h1 = new double[hidden];
            double[] h2 = new double[hidden];
            double[] y1 = new double[vocab];
            double[] y2 = new double[vocab];
            RecurrentModel.Stepper stepper = rnn.stepper();
            for (int n = 0; n < 500; n++) {
                int x = (n * 7 + n / 3) % vocab;
                System.arraycopy(h1, 0, h2, 0, hidden); // one step from the same state: a chaotic run would amplify rounding
                rnn.step(x, h1, y1);
                stepper.step(x, h2, y2);
                for (int i = 0; i < hidden; i++) {
                    assertEquals(h1[i], h2[i], 1e-12, "h at step " + n + ", H = " + hidden);
                }
                for (int k = 0; k < vocab; k++) {
                    assertEquals(y1[k], y2[k], 1e-12, "y at step " + n + ", H = " + hidden);
                }
            }
        }
    }

    @Test
    void aNewStepperSeesChangedWeights() {
        VanillaRnn rnn = new VanillaRnn(4, 6, new Rng(1));
        double[] before = new double[4];
        rnn.stepper().step(2, new double[6], before);
        rnn.by().data[0] += 1.0;
        rnn.whh().data[3] += 0.5;
        double[] after = new double[4];
        double[] expected = new double[4];
        rnn.stepper().step(2, new double[6], after);
        rnn.step(2, new double[6], expected);
        assertNotEquals(before[0], after[0]);
        for (int k = 0; k < 4; k++) {
            assertEquals(expected[k], after[k], 1e-12);
        }
    }
}
