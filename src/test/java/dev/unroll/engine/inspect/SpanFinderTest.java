package dev.unroll.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpanFinderTest {

    @Test
    void findsTheUnitsOnInTheSpanAndTheOtherPlacesTheySwitchOnTogether() {
        int T = 40;
        int H = 6;
        double[] h = new double[T * H];
        for (int t = 0; t < T; t++) {
            boolean a = t >= 5 && t < 10 || t >= 20 && t < 24;
            h[t * H + 2] = a ? 0.8 : -0.2;          // on exactly in both runs
            h[t * H + 4] = a || t == 30 ? 0.7 : 0;  // also at 30, alone
            h[t * H + 1] = 0.9;                      // always on: not specific
            h[t * H + 5] = a ? -0.9 : 0.1;           // low in the span
        }
        ProbeResult r = UnitStatsTest.synthetic("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", H, h);
        SpanFinder.Result res = SpanFinder.find(r, 5, 10, 0.5, true, 10);
        assertEquals(List.of(2, 4), res.hits().stream().map(SpanFinder.Hit::unit).toList());
        assertEquals(1.0, res.hits().get(0).inside());
        assertEquals(4.0 / 35, res.hits().get(0).outside(), 1e-12);
        assertArrayEquals(new int[] {2, 4}, res.pattern());
        assertEquals(List.of(new SpanFinder.Match(20, 24)), res.matches());

        SpanFinder.Result low = SpanFinder.find(r, 5, 10, 0.5, false, 10);
        assertEquals(List.of(5), low.hits().stream().map(SpanFinder.Hit::unit).toList());
        assertEquals(List.of(new SpanFinder.Match(20, 24)), low.matches());

        SpanFinder.Result strict = SpanFinder.find(r, 5, 10, 0.85, true, 10);
        assertTrue(strict.hits().isEmpty(), "no unit reaches 0.85 in the span except the unspecific one");
        assertEquals(0, SpanFinder.find(r, 12, 12, 0.5, true, 10).hits().size());
    }
}
