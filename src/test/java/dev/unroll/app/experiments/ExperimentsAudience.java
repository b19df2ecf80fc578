package dev.unroll.app.experiments;

import dev.unroll.app.core.Feature;
import java.util.List;
import org.jfree.data.xy.XYSeries;

/**
 * What the audience sees of the Experiments view, for tests outside its package (the talk's story):
 * the curves drawn and the table's rows as they show. Call on the JavaFX thread.
 */
public final class ExperimentsAudience {
    private final ExperimentsFeature feature;

    public ExperimentsAudience(Feature feature) {
        this.feature = (ExperimentsFeature) feature;
    }

    /** How many loss curves are drawn with at least {@code points} points each (0 when any has fewer). */
    public int curvesWithPoints(int points) {
        List<?> series = feature.view().dataset().getSeries();
        return series.stream().allMatch(s -> ((XYSeries) s).getItemCount() >= points) ? series.size() : 0;
    }

    /** The table's rows on screen, top to bottom: run id and the loss column's text as shown. */
    public List<String[]> tableRows() {
        return OriginalGridSlideTest.tableRows(feature.view());
    }
}
