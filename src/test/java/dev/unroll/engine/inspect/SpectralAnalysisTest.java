package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

class SpectralAnalysisTest {

    @Test
    void rotationScalingHasRadiusItsScale() {
        double r = 1.3;
        double a = 0.7;
        Tensor m = new Tensor("Whh", 2, 2, new double[] {r * Math.cos(a), -r * Math.sin(a), r * Math.sin(a), r * Math.cos(a)});
        SpectralResult s = SpectralAnalysis.eigenvalues(m, 5);
        assertEquals(r, s.radius(), 1e-12);
        assertEquals(r, s.spectralNorm(), 1e-9);
        double[] im = s.imaginary().clone();
        Arrays.sort(im);
        assertEquals(-r * Math.sin(a), im[0], 1e-12);
        assertEquals(r * Math.sin(a), im[1], 1e-12);
        assertEquals(5, s.iteration());
    }

    @Test
    void triangularMatrixHasItsDiagonalAsEigenvalues() {
        Tensor m = new Tensor("Whh", 3, 3, new double[] {0.3, 4.0, -2.0, 0, -1.7, 8.0, 0, 0, 0.9});
        assertEquals(1.7, SpectralAnalysis.spectralRadius(m), 1e-12);
        // the norm of a non-normal matrix exceeds its radius
        assertTrue(SpectralAnalysis.eigenvalues(m, 0).spectralNorm() > 8);
    }

    @Test
    void diagonalMatrix() {
        Tensor m = new Tensor("Whh", 4, 4);
        double[] d = {0.2, -0.95, 0.5, 0.01};
        for (int i = 0; i < 4; i++) {
            m.data[i * 4 + i] = d[i];
        }
        SpectralResult s = SpectralAnalysis.eigenvalues(m, 0);
        assertEquals(0.95, s.radius(), 1e-14);
        assertEquals(0.95, s.spectralNorm(), 1e-9);
        double[] re = s.real().clone();
        Arrays.sort(re);
        assertEquals(-0.95, re[0], 1e-14);
        assertEquals(0.5, re[3], 1e-14);
    }

    @Test
    void trackerAnalysesOffersOnItsOwnThreadAndKeepsAnOrderedHistory() throws Exception {
        Corpus corpus = Corpus.of("t", "abcabcabd ".repeat(50));
        Trainer trainer = new Trainer(corpus, TrainingConfig.defaults().withHiddenSize(12).withSampleEvery(0).withSeed(3));
        AtomicReference<String> thread = new AtomicReference<>();
        try (SpectralTracker tracker = new SpectralTracker(4, h -> thread.set(Thread.currentThread().getName()))) {
            ModelSnapshot last = null;
            for (int k = 0; k < 10; k++) {
                trainer.iterate();
                last = trainer.modelSnapshot();
                tracker.offer(last);
                tracker.offer(last); // the same iteration twice is analysed once at most
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((tracker.history().latest() == null || tracker.history().latest().iteration() != 10) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            SpectralTracker.History h = tracker.history();
            assertEquals(10, h.latest().iteration());
            assertTrue(h.size() <= 4 && h.size() >= 1);
            for (int i = 1; i < h.size(); i++) {
                assertTrue(h.iteration()[i] > h.iteration()[i - 1]);
            }
            assertEquals(SpectralAnalysis.spectralRadius(last.parameter("Whh")), h.radius()[h.size() - 1], 1e-12);
            assertEquals("unroll-spectral", thread.get());
            tracker.clear();
            assertEquals(0, tracker.history().size());
        }
    }
}
