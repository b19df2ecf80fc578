package dev.unroll.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 13: round, readable axis labels (100k, 150k; 10²), never "1e+05, 2e+05" or "7943.282". */
class TickLabelsTest {
    @Test
    void countsAreCompactFromAThousandSoTicksReadAlike() {
        assertEquals("0", TickLabels.count(0));
        assertEquals("950", TickLabels.count(950));
        assertEquals("9k", TickLabels.count(9_000));
        assertEquals("2.5k", TickLabels.count(2_500));
        assertEquals("12.5k", TickLabels.count(12_500));
        assertEquals("100k", TickLabels.count(100_000));
        assertEquals("150k", TickLabels.count(150_000));
        assertEquals("1.5M", TickLabels.count(1_500_000));
        assertEquals("0.25", TickLabels.count(0.25));
    }

    @Test
    void logAxesShowPowersOfTen() {
        assertEquals("1", TickLabels.logValue(1));
        assertEquals("10²", TickLabels.logValue(100));
        assertEquals("10⁴", TickLabels.logValue(10_000));
        assertEquals("10⁻³", TickLabels.logValue(0.001));
        assertEquals("7,940", TickLabels.logValue(7943.282));
        assertEquals("2.5", TickLabels.logValue(2.5));
        assertEquals("10⁵", TickLabels.countFormat() == null ? "" : TickLabels.logFormat().format(1e5));
        assertEquals("150k", TickLabels.countFormat().format(150_000));
    }
}
