package dev.unroll.app.unrolled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Theme;
import org.junit.jupiter.api.Test;

/**
 * The unrolled chain draws the presentation theme's large type smaller in a canvas too low for it:
 * given the talk at 1280x720, the hidden columns were slivers and "hidden h (100)" stood over
 * "input x" (seen by hand under a window manager); never below {@link UnrollCanvas#MIN_SCALE}.
 */
class UnrollCanvasScaleTest {
    /** The rows' heights at scale 1 (UnrollCanvas.Geometry): top margin, output, Why, hidden, Wxh, input, legend. */
    private static final double ROWS_AT_SCALE_1 = 46 + 56 + 64 + 30 + 58 + 50 + 30 + 22;

    @Test
    void theThemesTypeIsKeptWhereItFitsAndShrunkWhereItsRowsWouldCollide() {
        double big = Theme.PRESENTATION.scale();
        assertTrue(big > 1.2, "the presentation theme's type is large: " + big);
        assertEquals(big, UnrollCanvas.fittedScale(big, 700), 1e-12, "1920x1080: room for the large type");
        double at720 = UnrollCanvas.fittedScale(big, 325); // the chain's canvas in the talk at 1280x720
        assertTrue(at720 < big, "1280x720: smaller than the theme's type");
        assertTrue(ROWS_AT_SCALE_1 * at720 <= 325, "its rows fit: " + ROWS_AT_SCALE_1 * at720 + " px in 325");
        assertTrue(ROWS_AT_SCALE_1 <= UnrollCanvas.DESIGN_HEIGHT, "the design height holds every row");
        assertEquals(UnrollCanvas.MIN_SCALE, UnrollCanvas.fittedScale(big, 100), 1e-12, "never below the least legible size");
        assertEquals(1, UnrollCanvas.fittedScale(1, 900), 1e-12, "the normal themes keep their size where it fits");
    }
}
