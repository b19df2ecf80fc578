package dev.unroll.app.unrolled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlotCanvasTest {

    @Test
    void iterationTicksNeverRepeatALabel() {
        // one point at iteration 300,000: the axis spans 299,999 .. 300,001
        List<Double> ticks = PlotCanvas.ticks(299_999, 300_001, false, 5);
        assertEquals(List.of("299,999", "300,000", "300,001"), PlotCanvas.xTickLabels(ticks, true));
        // a wide range keeps the compact labels
        assertEquals(List.of("0", "100k", "200k", "300k"), PlotCanvas.xTickLabels(PlotCanvas.ticks(0, 300_000, false, 4), true));
        // the complex plane's real axis keeps its fractions
        assertEquals(List.of("-1", "-0.5", "0", "0.5", "1"), PlotCanvas.xTickLabels(PlotCanvas.ticks(-1, 1, false, 4), false));
    }
}
