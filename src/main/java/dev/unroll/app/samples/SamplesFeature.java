package dev.unroll.app.samples;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Feature;
import dev.unroll.app.events.GeneratedText;
import javafx.scene.Node;

/**
 * "Samples": the samples drawn during training, newest first, and the texts the generation view
 * published as {@link GeneratedText}. Wires the context's snapshots and events to the
 * {@link SamplesModel}; the {@link SamplesView} shows it.
 */
public final class SamplesFeature implements Feature {
    private final SamplesModel model = new SamplesModel();
    private final SamplesView view;

    public SamplesFeature(AppContext context) {
        this.view = new SamplesView(model, () -> context.window().get());
        context.snapshot().addListener((obs, old, s) -> model.merge(s));
        context.events().subscribe(GeneratedText.class, g -> model.addGenerated(g.iteration(), g.settings(), g.text()));
    }

    @Override
    public String id() {
        return "samples";
    }

    @Override
    public String title() {
        return "Samples";
    }

    @Override
    public Node node() {
        return view;
    }

    /** The rows, the copy and the export. */
    public SamplesModel model() {
        return model;
    }

    /** The view: selection, copy and save. */
    public SamplesView view() {
        return view;
    }
}
