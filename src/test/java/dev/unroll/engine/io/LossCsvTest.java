package dev.unroll.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.engine.sweep.LossLog;
import dev.unroll.engine.train.LossHistory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The one loss-CSV format: rows as released versions wrote them, read back and written again byte for byte. */
class LossCsvTest {

    static String fixture(String name) throws IOException {
        try (InputStream in = LossCsvTest.class.getResourceAsStream("/losscsv/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aLossFileOfTheReleasedFormatIsWrittenBackUnchanged() throws IOException {
        String released = fixture("train-2026-11.csv");
        LossLog log = LossLog.parse("fixture", released, Long.MAX_VALUE);
        assertEquals(7, log.size());
        assertEquals(released, log.toCsv());
    }

    @Test
    void rowsWriteExactDoublesOneDecimalSpeedsAndEmptyCellsForUnknowns() {
        assertEquals("50,18.489167875237335,32.889169664322345,,739.5\n",
                LossCsv.appendRow(new StringBuilder(), 50, 18.489167875237335, 32.889169664322345, Double.NaN, 739.46).toString());
        assertEquals("100,0.1,1.0E-7,2.6632794527702535,\n",
                LossCsv.appendRow(new StringBuilder(), 100, 0.1, 1e-7, 2.6632794527702535, Double.NaN).toString());
        assertEquals("7,,Infinity,,\n",
                LossCsv.appendRow(new StringBuilder(), 7, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY).toString());
        assertEquals("3,1.5,2.0,0.25,20625.4\n", LossCsv.appendRow(new StringBuilder("x"), 3, 1.5, 2, 0.25, 20625.35).substring(1));
    }

    @Test
    void aHistoryIsOneRowPerPointWithTheLatestValidationLoss() {
        LossHistory.View v = new LossHistory.View(new long[] {1, 2, 3, 4}, new double[] {40, 30, 20, 10},
                new double[] {40, 30, 20, 10}, new double[] {40, 30, 20, 10}, new double[] {41, 40.9, 40.7, 40.4},
                new long[] {2, 4}, new double[] {3.5, 3.25});
        assertEquals(LossCsv.HEADER + "\n"
                + "1,40.0,41.0,,\n"
                + "2,30.0,40.9,3.5,\n"
                + "3,20.0,40.7,3.5,\n"
                + "4,10.0,40.4,3.25,\n", LossCsv.of(v));
        assertEquals(LossCsv.HEADER + "\n", LossCsv.of(LossHistory.View.EMPTY));
        // the app's export reads back as a loss log too
        LossLog back = LossLog.parse("export", LossCsv.of(v), Long.MAX_VALUE);
        assertEquals(4, back.size());
        assertEquals(3.25, back.valLosses()[3]);
    }
}
