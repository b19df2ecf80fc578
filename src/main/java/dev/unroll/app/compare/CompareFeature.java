package dev.unroll.app.compare;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Feature;
import javafx.scene.Node;

/**
 * Compare: why gated cells remember longer. Vanilla, LSTM and GRU train on the chosen corpus at the
 * same number of weights, in parallel, on the engine's {@link dev.unroll.engine.compare.CellComparison}
 * (which also does the analysis, off the JavaFX thread); the view shows their loss curves with the
 * n-gram baseline, their vanishing-gradient curves, their samples at one iteration and the gated
 * cells' gate saturation, live.
 */
public final class CompareFeature implements Feature {
    private final CompareModel model;
    private final CompareView view;

    public CompareFeature(AppContext context) {
        model = new CompareModel(context);
        view = new CompareView(model);
        // a talk slide's compare = start | stop
        context.events().subscribe(dev.unroll.app.events.RunComparison.class, r -> {
            if (r.start()) {
                if (r.corpus() != null && !model.runningProperty().get()) {
                    model.corpusIdProperty().set(r.corpus());
                }
                model.start();
            } else {
                model.stop();
            }
        });
    }

    @Override
    public String id() {
        return "compare";
    }

    @Override
    public String title() {
        return "Compare cells";
    }

    @Override
    public Node node() {
        return view;
    }

    @Override
    public void setShowing(boolean showing) {
        model.setShowing(showing);
        view.setShowing(showing);
    }

    @Override
    public String closingNote() {
        return model.closingNote();
    }

    /** Stops a running comparison. */
    @Override
    public void dispose() {
        model.dispose();
    }

    public CompareModel model() {
        return model;
    }

    CompareView view() {
        return view;
    }
}
