package dev.unroll.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.Tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

class TrainingStatsTest {

    @Test
    void recordsNormsUpdateRatiosAndClippingOfTheLiveTensors() {
        Tensor w = new Tensor("Wxh", 1, 4, new double[] {3, 4, 0, 0});
        Tensor g = new Tensor("dWxh", 1, 4, new double[] {5, -5, 1, 0});
        Tensor m = new Tensor("mWxh", 1, 4, new double[] {25, 25, 4, 1});
        List<Tensor> params = List.of(w, w.copy(), w.copy(), new Tensor("bh", 1, 1), new Tensor("by", 1, 1));
        List<Tensor> grads = List.of(g, g.copy(), g.copy(), new Tensor("dbh", 1, 1, new double[] {5}), new Tensor("dby", 1, 1));
        List<Tensor> mem = List.of(m, m.copy(), m.copy(), new Tensor("m", 1, 1, new double[] {25}), new Tensor("m", 1, 1));
        TrainingStats stats = new TrainingStats(8, 1);
        stats.record(1, params, grads, mem, 0.1, 5.0);
        TrainingStats.View v = stats.view();
        assertEquals(1, v.size());
        assertEquals(5.0, v.paramNorm()[0][0], 1e-12);
        assertEquals(Math.sqrt(51), v.gradNorm()[1][0], 1e-12);
        double u = 0.1 * Math.sqrt(Math.pow(5 / Math.sqrt(25 + Adagrad.EPSILON), 2) * 2 + Math.pow(1 / Math.sqrt(4 + Adagrad.EPSILON), 2));
        assertEquals(u / 5.0, v.updateRatio()[2][0], 1e-12);
        assertEquals(0.5, v.clippedFraction()[0][0], 0.0);
        assertEquals(7.0 / 14.0, v.clippedAll()[0], 0.0);
        assertSame(v, stats.view(), "no copy without a new record");
    }

    @Test
    void staysBoundedByThinningAndDoublingTheStride() {
        TrainingStats stats = new TrainingStats(8, 2);
        List<Tensor> one = List.of(new Tensor("a", 1, 1), new Tensor("b", 1, 1), new Tensor("c", 1, 1));
        for (long it = 1; it <= 200; it++) {
            if (stats.due(it)) {
                stats.record(it, one, one, one, 0.1, 5);
            }
        }
        TrainingStats.View v = stats.view();
        assertTrue(v.size() <= 8);
        assertTrue(v.stride() >= 32, "stride " + v.stride());
        for (int i = 1; i < v.size(); i++) {
            assertTrue(v.iteration()[i] > v.iteration()[i - 1]);
        }
        assertEquals(200 - 200 % v.stride(), v.iteration()[v.size() - 1]);
    }

    @Test
    void theTrainerPublishesStatisticsOfItsWeights() {
        Corpus corpus = Corpus.of("t", "hello world, hello rnn. ".repeat(40));
        Trainer trainer = new Trainer(corpus, TrainingConfig.defaults().withHiddenSize(10).withSampleEvery(0).withSeed(2));
        for (int i = 0; i < TrainingStats.DEFAULT_STRIDE * 3; i++) {
            trainer.iterate();
        }
        TrainingSnapshot s = trainer.snapshot();
        TrainingStats.View v = s.stats();
        assertEquals(3, v.size());
        long last = 3L * TrainingStats.DEFAULT_STRIDE;
        assertEquals(last, v.iteration()[2]);
        ModelSnapshot m = s.model();
        assertEquals(last, m.iteration());
        assertEquals(m.parameter("Whh").norm(), v.paramNorm()[TrainingStats.View.indexOf("Whh")][2], 1e-12);
        assertEquals(m.gradient("dWhy").norm(), v.gradNorm()[TrainingStats.View.indexOf("Why")][2], 1e-12);
        assertTrue(v.updateRatio()[1][2] > 0 && v.updateRatio()[1][2] < 1);
    }
}
