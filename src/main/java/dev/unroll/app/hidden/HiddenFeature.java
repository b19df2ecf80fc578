package dev.unroll.app.hidden;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Feature;
import dev.unroll.app.events.ProbeText;
import javafx.scene.Node;

/**
 * "Look inside": what each hidden unit does as the network reads a probe text, live while it
 * trains. The analysis is the engine's ({@code dev.unroll.engine.inspect}); this package draws it.
 */
public final class HiddenFeature implements Feature {
    private final HiddenModel model;
    private final HiddenView view;

    public HiddenFeature(AppContext context) {
        model = new HiddenModel(context);
        view = new HiddenView(context, model);
        // a talk script's probe text: read as if the user had typed it
        context.events().subscribe(ProbeText.class, p -> {
            model.ownTextProperty().set(p.text());
            model.sourceProperty().set(ProbeSource.OWN);
        });
    }

    @Override
    public String id() {
        return "hidden";
    }

    @Override
    public String title() {
        return "Hidden state";
    }

    @Override
    public Node node() {
        return view;
    }

    @Override
    public void setShowing(boolean showing) {
        model.setShowing(showing);
    }

    /** The view model (tests and the talk script drive it). */
    public HiddenModel model() {
        return model;
    }

    HiddenView view() {
        return view;
    }
}
