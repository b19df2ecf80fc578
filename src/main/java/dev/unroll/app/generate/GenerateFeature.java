package dev.unroll.app.generate;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Feature;
import dev.unroll.app.events.ProbeText;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * "Generate": type a beginning, turn the temperature and watch the network write. Commands, scoped
 * to this view: {@value #GENERATE} (Ctrl+Enter, which starts training elsewhere) and {@value #STOP}
 * (Escape, while generating).
 */
public final class GenerateFeature implements Feature {
    /** Command ids. */
    static final String GENERATE = "generate.run";
    static final String STOP = "generate.stop";
    private final GenerateModel model;
    private final GenerateView view;

    public GenerateFeature(AppContext context) {
        this.model = new GenerateModel(context);
        context.commands().add(Command.of(GENERATE, "Generate", model::generate).scope(id())
                .key(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN)));
        context.commands().add(Command.of(STOP, "Stop generating", model::stop).scope(id())
                .key(new KeyCodeCombination(KeyCode.ESCAPE)).enabledWhen(model.runningProperty()));
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

    /** Stops generation and its threads. */
    @Override
    public void dispose() {
        model.dispose();
    }

    public GenerateModel model() {
        return model;
    }
}
