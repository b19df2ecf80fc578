package dev.unroll.app.experiments;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.ViewFeature;
import dev.unroll.app.events.ShowSweep;
import dev.unroll.app.ui.PictureExport;
import javafx.beans.binding.Bindings;

/**
 * Experiments: sweeps over hidden size, learning rate, sequence length and seed, run in the
 * background by the engine's sweep runner (the same one as {@code unroll sweep}), compared as
 * overlaid loss curves and a sortable table, saved in a workspace folder.
 */
public final class ExperimentsFeature extends ViewFeature {
    private final ExperimentsModel model;
    private final ExperimentsView view;

    public ExperimentsFeature(AppContext context) {
        super("Experiments");
        model = new ExperimentsModel(context);
        view = view(new ExperimentsView(model));
        PictureExport.register(context, id(), "Export the overlaid loss curves (PNG and SVG)…", () -> {
            var f = view.chartFigure();
            return f == null ? null : new PictureExport.Picture("experiments-loss-curves", f);
        }, Bindings.createBooleanBinding(() -> true));
        // a talk slide's sweep = original, and the last session's sweep
        context.events().subscribe(ShowSweep.class, s -> model.show(s.location()));
        onShowing(view::setShowing);
        closingNoteFrom(model::closingNote);
        // stops a running sweep, its runs saving their checkpoints first (see ExperimentsModel#dispose())
        onDispose(model::dispose);
    }

    public ExperimentsModel model() {
        return model;
    }

    ExperimentsView view() {
        return view;
    }
}
