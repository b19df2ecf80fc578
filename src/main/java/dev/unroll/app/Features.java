package dev.unroll.app;

import dev.unroll.app.compare.CompareFeature;
import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Feature;
import dev.unroll.app.core.ViewFeature;
import dev.unroll.app.experiments.ExperimentsFeature;
import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.hidden.HiddenFeature;
import dev.unroll.app.loss.LossFeature;
import dev.unroll.app.samples.SamplesFeature;
import dev.unroll.app.unrolled.UnrolledFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The main window's views, in the order of the tabs (and of a talk): the one list of them. Each
 * feature package adds its one line here; a feature that is not built is not listed. Tests that need
 * the list of views read {@link #ids()}.
 *
 * <p>A view's id is the name of its package ({@link ViewFeature#idOf}), so the list can be read
 * without building anything (no JavaFX toolkit needed).
 */
public final class Features {
    private record Entry(Class<? extends Feature> type, Function<AppContext, Feature> factory) {
        String id() {
            return ViewFeature.idOf(type);
        }
    }

    private static final List<Entry> VIEWS = List.of(
            new Entry(LossFeature.class, LossFeature::new),
            new Entry(SamplesFeature.class, SamplesFeature::new),
            new Entry(UnrolledFeature.class, UnrolledFeature::new),
            new Entry(HiddenFeature.class, HiddenFeature::new),
            new Entry(GenerateFeature.class, GenerateFeature::new),
            new Entry(ExperimentsFeature.class, ExperimentsFeature::new),
            new Entry(CompareFeature.class, CompareFeature::new));

    private Features() {
    }

    /** The views' ids, in the order of the tabs. */
    public static List<String> ids() {
        return VIEWS.stream().map(Entry::id).toList();
    }

    /** Builds every view's feature, in the order of the tabs. */
    public static List<Feature> create(AppContext context) {
        List<Feature> features = new ArrayList<>();
        for (Entry v : VIEWS) {
            Feature f = v.factory().apply(context);
            if (!f.id().equals(v.id())) {
                throw new IllegalStateException(v.type().getSimpleName() + " says its id is " + f.id() + ", its package " + v.id());
            }
            features.add(f);
        }
        return features;
    }
}
