package dev.unroll.app.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Theme;

import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The one colour map: its table, its lookups, and legends drawn from that same table. */
@ExtendWith(ApplicationExtension.class)
class ColorMapTest {

    @Test
    void valuesMapToTheNearestEntryClampedWithZeroAndNaNInTheMiddle() {
        assertEquals(0, ColorMap.index(-1));
        assertEquals(ColorMap.SIZE / 2, ColorMap.index(0));
        assertEquals(ColorMap.SIZE - 1, ColorMap.index(1));
        assertEquals(0, ColorMap.index(-7.5));
        assertEquals(ColorMap.SIZE - 1, ColorMap.index(3));
        assertEquals(0, ColorMap.index(Double.NEGATIVE_INFINITY));
        assertEquals(ColorMap.SIZE - 1, ColorMap.index(Double.POSITIVE_INFINITY));
        assertEquals(ColorMap.SIZE / 2, ColorMap.index(Double.NaN));
        double step = 2.0 / (ColorMap.SIZE - 1);
        for (int i = 0; i < ColorMap.SIZE; i++) {
            double v = -1 + i * step;
            assertEquals(i, ColorMap.index(v), "entry of " + v);
            assertEquals(i, ColorMap.index(Math.min(1, v + 0.49 * step)), "just above " + v);
            assertEquals(i, ColorMap.index(Math.max(-1, v - 0.49 * step)), "just below " + v);
        }
    }

    @Test
    void negativeIsBlueZeroIsTheNeutralToneAndPositiveIsRedInBothThemes() {
        for (Theme theme : Theme.values()) {
            ColorMap map = ColorMap.of(theme);
            assertSame(map, ColorMap.of(theme), "one shared table per theme");
            assertEquals(ColorMap.pack(map.neutral()), map.argb(0), theme + ": 0 is the neutral tone");
            assertEquals(map.argb(0), map.argb(Double.NaN));
            Color lo = map.color(-1);
            Color hi = map.color(1);
            assertTrue(lo.getBlue() > lo.getRed(), theme + ": -1 is blue, " + lo);
            assertTrue(hi.getRed() > hi.getBlue(), theme + ": +1 is red, " + hi);
            // the further from 0, the further from the neutral tone
            double last = 0;
            for (int i = ColorMap.SIZE / 2; i < ColorMap.SIZE; i++) {
                double d = distance(map.argbAt(i), map.argb(0)) + distance(map.argbAt(ColorMap.SIZE - 1 - i), map.argb(0));
                assertTrue(d >= last - 1e-9, theme + ": entry " + i);
                last = d;
            }
            for (int i = 0; i < ColorMap.SIZE; i++) {
                assertEquals(0xff, map.argbAt(i) >>> 24, "opaque");
            }
        }
        assertSame(ColorMap.of(Theme.LIGHT), ColorMap.of(Theme.PRESENTATION), "the presentation theme is light");
        assertSame(ColorMap.of(Theme.LIGHT), ColorMap.of(null));
        assertNotEquals(ColorMap.of(Theme.LIGHT).argb(0), ColorMap.of(Theme.DARK).argb(0), "dark fades into a dark tone");
    }

    @Test
    void everyLookupGoesThroughTheSameTable() {
        ColorMap map = ColorMap.of(Theme.DARK);
        int[] table = map.table();
        double[] values = new double[1000];
        Random random = new Random(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        values[5] = Double.NaN;
        int[] bulk = new int[values.length];
        map.fill(values, 0, 1, values.length, bulk, 0);
        for (int i = 0; i < values.length; i++) {
            int c = table[ColorMap.index(values[i])];
            assertEquals(c, map.argb(values[i]));
            assertEquals(c, bulk[i]);
            assertEquals(ColorMap.unpack(c), map.color(values[i]));
        }
        // strided: every third value from the second, written at an offset
        int[] strided = new int[12];
        map.fill(values, 1, 3, 10, strided, 2);
        for (int k = 0; k < 10; k++) {
            assertEquals(map.argb(values[1 + 3 * k]), strided[2 + k]);
        }
        assertEquals(Color.BLACK, ColorMap.of(Theme.LIGHT).textOn(0), "dark text on the light neutral tone");
        assertEquals(Color.WHITE, ColorMap.of(Theme.DARK).textOn(0), "light text on the dark neutral tone");
    }

    @Test
    void theLegendIsTheTable() throws Exception {
        for (Theme theme : new Theme[] {Theme.LIGHT, Theme.DARK}) {
            ColorMap map = ColorMap.of(theme);
            Image img = onFx(map::legendImage);
            assertSame(img, onFx(map::legendImage), "built once");
            assertEquals(ColorMap.SIZE, (int) img.getWidth());
            int[] row = new int[ColorMap.SIZE];
            for (int x = 0; x < ColorMap.SIZE; x++) {
                row[x] = img.getPixelReader().getArgb(x, 0);
            }
            assertArrayEquals(map.table(), row);

            // drawn: signed quantities show the whole table, magnitudes its upper half
            PixelReader full = drawn(map, ColorMap.SIZE, -1, 1);
            for (int x = 0; x < ColorMap.SIZE; x++) {
                assertEquals(Integer.toHexString(map.argbAt(x)), Integer.toHexString(full.getArgb(x, 1)), theme + " signed legend, x " + x);
            }
            int half = ColorMap.SIZE / 2 + 1;
            PixelReader upper = drawn(map, half, 0, 1);
            for (int x = 0; x < half; x++) {
                assertEquals(Integer.toHexString(map.argbAt(ColorMap.SIZE / 2 + x)), Integer.toHexString(upper.getArgb(x, 1)),
                        theme + " magnitude legend, x " + x);
            }
        }
    }

    /** The legend for [from, to] drawn one pixel per entry on a canvas, as the screen shows it. */
    private static PixelReader drawn(ColorMap map, int width, double from, double to) throws Exception {
        return onFx(() -> {
            Canvas c = new Canvas(width, 3);
            map.drawLegend(c.getGraphicsContext2D(), 0, 0, width, 3, from, to);
            return c.snapshot(new SnapshotParameters(), null).getPixelReader();
        });
    }

    private static double distance(int a, int b) {
        double dr = (a >> 16 & 0xff) - (b >> 16 & 0xff);
        double dg = (a >> 8 & 0xff) - (b >> 8 & 0xff);
        double db = (a & 0xff) - (b & 0xff);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }
}
