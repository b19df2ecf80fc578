package dev.unroll.app;

import dev.unroll.app.core.Feature;
import dev.unroll.app.core.AppContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The main window's views, in the order of the tabs (and of a talk). Each feature package adds
 * its one line here; a feature that is not built is not listed.
 */
public final class Features {
    private Features() {
    }

    public static List<Feature> create(AppContext context) {
        List<Feature> features = new ArrayList<>();
        features.add(new dev.unroll.app.loss.LossFeature(context));
        features.add(new dev.unroll.app.samples.SamplesFeature(context));
        features.add(new dev.unroll.app.unrolled.UnrolledFeature(context));
        features.add(new dev.unroll.app.hidden.HiddenFeature(context));
        features.add(new dev.unroll.app.generate.GenerateFeature(context));
        features.add(new dev.unroll.app.experiments.ExperimentsFeature(context));
        features.add(new dev.unroll.app.compare.CompareFeature(context));
        return features;
    }
}
