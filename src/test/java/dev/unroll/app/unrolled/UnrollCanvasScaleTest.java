package dev.unroll.app.unrolled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Theme;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * However low the canvas (down to the chain's canvas in the presentation theme in a 1280x720 window, about 270 px,
     * down to 250 px), its row labels down the left edge never run into each other and the hidden columns keep room for
     * their three labels: the rows of edges give up height first. Before, at 230 px in large type, "h (24)",
     * "Wxh ↑", "Whh →" and "input x" stood over each other and the hidden columns were 25 px high.
     */
    @Test
    void theRowLabelsNeverOverlapAndTheHiddenColumnsKeepTheirRoom() {
        List<String> problems = new ArrayList<>();
        for (Theme theme : Theme.values()) {
            for (double h = 250; h <= 900; h += 10) {
                double s = UnrollCanvas.fittedScale(theme.scale(), h);
                double box = Math.min(47 * 0.62, 70 * s); // 25 steps across 1280 px
                UnrollCanvas.Rows r = UnrollCanvas.Rows.of(h, s, box);
                String at = theme + " at " + (int) h + " px: ";
                if (!(r.yTop() < r.yBottom() && r.yBottom() < r.hTop() && r.hTop() < r.hBottom() && r.hBottom() < r.xTop()
                        && r.xTop() < r.xBottom() && r.xBottom() < r.legendY())) {
                    problems.add(at + "rows out of order " + r);
                }
                if (h >= 260 && r.hBottom() - r.hTop() < UnrollCanvas.Rows.MIN_HIDDEN * s - 1e-9) {
                    problems.add(at + "the hidden columns are " + (int) (r.hBottom() - r.hTop()) + " px high");
                }
                List<UnrollCanvas.RowLabel> labels = r.labels(s, 24);
                for (int i = 0; i < labels.size(); i++) {
                    UnrollCanvas.RowLabel a = labels.get(i);
                    if (a.y() - half(a, s) < 0 || a.y() + half(a, s) > r.legendY()) {
                        problems.add(at + "\"" + a.text() + "\" leaves the chain's rows");
                    }
                    for (int j = i + 1; j < labels.size(); j++) {
                        UnrollCanvas.RowLabel b = labels.get(j);
                        double gap = Math.abs(a.y() - b.y()) - half(a, s) - half(b, s);
                        if (gap < 0) {
                            problems.add(at + "\"" + a.text() + "\" and \"" + b.text() + "\" overlap by " + (int) Math.ceil(-gap) + " px");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Half the height a label's line takes (its type size and a little leading). */
    private static double half(UnrollCanvas.RowLabel l, double s) {
        return l.size() * s * 1.2 / 2;
    }
}
