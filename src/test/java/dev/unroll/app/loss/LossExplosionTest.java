package dev.unroll.app.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.train.LossHistory;

import org.junit.jupiter.api.Test;

/** Issue 13: where the loss exploded, so the chart keeps the range of the curve before it. */
class LossExplosionTest {
    private static LossHistory.View history(double... losses) {
        LossHistory h = new LossHistory();
        double smooth = losses[0];
        for (int i = 0; i < losses.length; i++) {
            smooth = Double.isFinite(losses[i]) ? 0.7 * smooth + 0.3 * losses[i] : losses[i];
            h.add(i + 1, losses[i], smooth);
        }
        return h.view();
    }

    @Test
    void anExplosionIsALossOverTenTimesTheLowestSmoothLossOrNotFinite() {
        assertEquals(-1, LossView.explosionOnset(history(104, 260, 90, 80, 70, 75, 66)), "an early spike of 2.5x is learning, not an explosion");
        assertEquals(6, LossView.explosionOnset(history(104, 90, 80, 70, 68, 66, 900, 8_500)), "900 after a smooth loss of about 70");
        assertEquals(3, LossView.explosionOnset(history(104, 90, 80, Double.POSITIVE_INFINITY)));
        assertEquals(-1, LossView.explosionOnset(history(5)));
    }

    /** Issue 22: the blow-up was given as 4442 (message), 4,437 (the chart's mark of the onset) and 4,441 (status). */
    @Test
    void aDivergedRunIsMarkedAtItsLastIterationAsTheStatusBarSaysIt() {
        LossHistory.View exploding = history(104, 90, 80, 70, 68, 66, 900, 8_500); // the onset at iteration 7, the last at 8
        assertEquals(new LossView.Mark(8, "loss became infinite after iteration 8"), LossView.explosionMark(exploding, true));
        assertEquals(new LossView.Mark(7, "loss exploded at iteration 7"), LossView.explosionMark(exploding, false),
                "a loss that exploded and lives on is marked where it exploded");
        assertEquals(null, LossView.explosionMark(history(104, 90, 80), false));
    }

    @Test
    void anInfiniteLossIsAGapInTheChartNotAnInfiniteAxis() {
        double inf = Double.POSITIVE_INFINITY;
        long[] it = {1, 2, 3, 4};
        double[] loss = {104, 90, inf, Double.NaN};
        for (int buckets : new int[] {100, 2}) { // every point kept, and thinned into buckets
            LossBuckets.Series s = LossBuckets.of(it, loss, loss, loss, loss, 1.0, null, buckets);
            for (double[] values : new double[][] {s.mean(), s.min(), s.max(), s.last()}) {
                for (int i = 0; i < s.size(); i++) {
                    assertTrue(!Double.isInfinite(values[i]), "point " + i + " of " + s.size() + " is " + values[i]);
                }
            }
        }
        assertEquals(104, LossBuckets.of(it, loss, loss, loss, loss, 1.0, null, 100).mean()[0]);
    }
}
