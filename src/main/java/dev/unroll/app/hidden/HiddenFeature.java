package dev.unroll.app.hidden;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.core.ViewFeature;
import dev.unroll.app.events.ProbeText;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.render.Pictures;
import javafx.scene.input.KeyCharacterCombination;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * "Look inside": what each hidden unit does as the network reads a probe text, live while it
 * trains. The analysis is the engine's ({@code dev.unroll.engine.inspect}); this package draws it.
 * Commands, scoped to this view: {@value #ZOOM_IN} (Ctrl+=), {@value #ZOOM_OUT} (Ctrl+−),
 * {@value #FIT} (Ctrl+0), {@value #REFRESH} and {@code hidden.export-picture} (the heatmap as PNG and SVG).
 */
public final class HiddenFeature extends ViewFeature {
    /** Command ids. */
    static final String ZOOM_IN = "hidden.zoom-in";
    static final String ZOOM_OUT = "hidden.zoom-out";
    static final String FIT = "hidden.fit";
    static final String REFRESH = "hidden.refresh";
    static final String EXPORT = PictureExport.commandId("hidden");
    private final AppContext context;
    private final HiddenModel model;
    private final HiddenView view;

    public HiddenFeature(AppContext context) {
        super("Hidden state");
        this.context = context;
        model = new HiddenModel(context);
        Commands c = context.commands();
        c.add(Command.of(ZOOM_IN, "Heatmap: zoom in", () -> view().zoom(1.25)).scope(id())
                .key(new KeyCharacterCombination("=", KeyCombination.SHORTCUT_DOWN)).key(new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN)));
        c.add(Command.of(ZOOM_OUT, "Heatmap: zoom out", () -> view().zoom(0.8)).scope(id())
                .key(new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN)).key(new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN)));
        c.add(Command.of(FIT, "Heatmap: fit", () -> view().fit()).scope(id())
                .key(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN)));
        c.add(Command.of(REFRESH, "Run the probe again", model::refresh).scope(id()));
        PictureExport.register(context, id(), "Export the hidden-state heatmap (PNG and SVG)…", this::picture,
                model.analysisProperty().isNotNull());
        view = view(new HiddenView(context, model));
        // a talk script's probe text: read as if the user had typed it
        context.events().subscribe(ProbeText.class, p -> {
            if (!p.isFor(id())) {
                return;
            }
            model.ownTextProperty().set(p.text());
            model.sourceProperty().set(ProbeSource.OWN);
        });
        onShowing(model::setShowing);
        onDispose(model::dispose); // ends the probe thread and withdraws the wish for weight copies
    }

    /**
     * The heatmap for export: every unit in the heatmap's row order by every character of the
     * probe, in the theme's style (null before the probe has run); a stacked run's names its layer.
     */
    PictureExport.Picture picture() {
        ProbeAnalysis a = model.analysis();
        int[] order = model.orderProperty().get();
        if (a == null || order == null || order.length != a.hiddenSize() || a.length() == 0) {
            return null;
        }
        RowOrder o = model.rowOrderProperty().get();
        String by = "by " + (o == RowOrder.CORRELATION ? "correlation with " + model.featureProperty().get() : o.toString());
        // a stacked run's picture says which layer it is, in its note and its file's name
        int layers = model.layersProperty().get();
        int k = model.shownLayerProperty().get();
        String layer = layers > 1 ? " · " + HiddenModel.layerName(k, layers) : "";
        return new PictureExport.Picture("hidden-state" + (layers > 1 ? "-layer" + (k + 1) : "") + PictureExport.iterationSuffix(a.result().iteration()),
                Pictures.hiddenState(a.result(), order, by + layer, PictureExport.style(context.theme().get())));
    }

    /** The view model (tests and the talk script drive it). */
    public HiddenModel model() {
        return model;
    }

    HiddenView view() {
        return view;
    }
}
