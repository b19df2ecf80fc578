package dev.unroll.app.compare;

import dev.unroll.app.core.Feature;
import java.util.List;
import org.jfree.data.xy.XYSeries;

/**
 * What the audience sees of the Compare cells view, for tests outside its package (the talk's
 * story): the vanishing-gradient curves the view has drawn. Call on the JavaFX thread.
 */
public final class CompareAudience {
    private final CompareFeature feature;

    public CompareAudience(Feature feature) {
        this.feature = (CompareFeature) feature;
    }

    /** How many vanishing-gradient curves the view draws with at least two points each (0 when any has fewer). */
    public int gradientCurves() {
        List<?> series = feature.view().gradients().getSeries();
        return series.stream().allMatch(s -> ((XYSeries) s).getItemCount() >= 2) ? series.size() : 0;
    }
}
