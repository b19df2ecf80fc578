package dev.unroll.app.generate;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Feature;
import dev.unroll.app.events.ProbeText;
import javafx.scene.Node;

/** "Generate": type a beginning, turn the temperature and watch the network write. */
public final class GenerateFeature implements Feature {
    private final GenerateModel model;
    private final GenerateView view;

    public GenerateFeature(AppContext context) {
        this.model = new GenerateModel(context);
        this.view = new GenerateView(context, model);
        // a talk script's probe text is the prime, as if the user had typed it
        context.events().subscribe(ProbeText.class, p -> model.primeProperty().set(p.text()));
    }

    @Override
    public String id() {
        return "generate";
    }

    @Override
    public String title() {
        return "Generate";
    }

    @Override
    public Node node() {
        return view;
    }

    @Override
    public void setShowing(boolean showing) {
        if (showing) {
            model.showing();
        }
    }

    public GenerateModel model() {
        return model;
    }
}
