package dev.unroll.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.engine.ModelSnapshot;
import dev.unroll.engine.Rng;
import dev.unroll.engine.Tensor;
import dev.unroll.engine.VanillaRnn;
import dev.unroll.engine.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VanillaStepTest {

    @Test
    void tanhAgreesWithMathTanh() {
        Rng rng = new Rng(5);
        for (int i = 0; i < 100_000; i++) {
            double x = rng.nextGaussian() * 6;
            assertEquals(Math.tanh(x), VanillaStep.tanh(x), 4e-16, "x = " + x);
        }
        for (double x : new double[] {0, -0.0, 1e-300, 19.999, 20, 20.001, 700, 1e308, -700, Double.MAX_VALUE}) {
            assertEquals(Math.tanh(x), VanillaStep.tanh(x), 4e-16, "x = " + x);
        }
    }

    @Test
    void stepAgreesWithTheModelsStepAlongAThousandSteps() {
        for (int hidden : new int[] {1, 7, 64, 130}) {
            Vocabulary vocabulary = Vocabulary.of("abcdefghij\n ");
            VanillaRnn rnn = new VanillaRnn(vocabulary.size(), hidden, new Rng(hidden));
            Rng rng = new Rng(9);
            List<Tensor> params = new ArrayList<>();
            for (Tensor t : rnn.parameters()) {
                for (int i = 0; i < t.data.length; i++) {
                    t.data[i] = rng.nextGaussian() * 0.3; // biases too, and large enough to saturate some units
                }
                params.add(t.copy());
            }
            VanillaStep fast = new VanillaStep(new ModelSnapshot(0, vocabulary, params, params, List.of()));
            double[] h1 = new double[hidden];
            double[] h2 = new double[hidden];
            double[] y1 = new double[vocabulary.size()];
            double[] y2 = new double[vocabulary.size()];
            for (int n = 0; n < 1000; n++) {
                int x = rng.nextInt(vocabulary.size());
                // from the same state (with weights this large the map is chaotic: rounding differences
                // would grow over many steps, as they would between any two summation orders)
                System.arraycopy(h1, 0, h2, 0, hidden);
                rnn.step(x, h1, y1);
                fast.step(x, h2, y2);
                assertArrayEquals(h1, h2, 1e-12, "hidden " + hidden + ", step " + n);
                assertArrayEquals(y1, y2, 1e-11, "hidden " + hidden + ", step " + n);
            }
        }
    }
}
