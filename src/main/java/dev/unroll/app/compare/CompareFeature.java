package dev.unroll.app.compare;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.ViewFeature;
import dev.unroll.app.events.RunComparison;

/**
 * Compare: why gated cells remember longer. Vanilla, LSTM and GRU train on the chosen corpus at the
 * same number of weights, in parallel, on the engine's {@link dev.unroll.engine.compare.CellComparison}
 * (which also does the analysis, off the JavaFX thread); the view shows their loss curves with the
 * n-gram baseline, their vanishing-gradient curves, their samples at one iteration and the gated
 * cells' gate saturation, live.
 */
public final class CompareFeature extends ViewFeature {
    private final CompareModel model;
    private final CompareView view;

    public CompareFeature(AppContext context) {
        super("Compare cells");
        model = new CompareModel(context);
        view = view(new CompareView(model));
        // a talk slide's compare = start | stop
        context.events().subscribe(RunComparison.class, r -> {
            if (r.start()) {
                if (r.corpus() != null && !model.runningProperty().get()) {
                    model.corpusIdProperty().set(r.corpus());
                }
                model.start();
            } else {
                model.stop();
            }
        });
        onShowing(model::setShowing);
        onShowing(view::setShowing);
        closingNoteFrom(model::closingNote);
        onDispose(model::dispose); // stops a running comparison
    }

    public CompareModel model() {
        return model;
    }

    CompareView view() {
        return view;
    }
}
