package dev.unroll.app.generate;

import dev.unroll.app.AppContext;
import dev.unroll.app.Feature;
import javafx.scene.Node;

/** "Generate": type a beginning, turn the temperature and watch the network write. */
public final class GenerateFeature implements Feature {
    private final GenerateModel model;
    private final GenerateView view;

    public GenerateFeature(AppContext context) {
        this.model = new GenerateModel(context);
        this.view = new GenerateView(context, model);
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
