package dev.unroll.app.unrolled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The gated walk-through draws its large type smaller in a canvas too small for it, never below the normal size. */
class GatedCanvasScaleTest {
    @Test
    void theThemesTypeIsKeptWhereItFitsAndShrunkWhereItWouldCollide() {
        double big = 1.6; // the presentation theme's scale
        assertEquals(big, GatedCanvas.fittedScale(big, 1500, 900), 1e-12, "1920x1080: room for the large type");
        assertEquals(1100 / GatedCanvas.DESIGN_WIDTH, GatedCanvas.fittedScale(big, 1100, 900), 1e-12, "narrower: as large as fits");
        assertEquals(600 / GatedCanvas.DESIGN_HEIGHT, GatedCanvas.fittedScale(big, 1500, 600), 1e-12, "lower: as large as fits");
        assertEquals(1, GatedCanvas.fittedScale(big, 830, 400), 1e-12, "1280x720: the normal size, not smaller");
        assertEquals(1, GatedCanvas.fittedScale(1, 2000, 2000), 1e-12, "the normal themes keep their size");
    }
}
