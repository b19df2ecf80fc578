package dev.unroll.app.samples;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.ViewFeature;
import dev.unroll.app.events.GeneratedText;
import dev.unroll.app.fx.Throttle;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.util.Duration;

/**
 * "Samples": the samples drawn during training, newest first, and the texts the generation view
 * published as {@link GeneratedText}. Wires the context's snapshots and events to the
 * {@link SamplesModel}; the {@link SamplesView} shows it. Command, scoped to this view:
 * {@value #COPY} (Ctrl+C: the selected samples, or all when none is selected, to the clipboard).
 */
public final class SamplesFeature extends ViewFeature {
    /**
     * How often the list takes new samples while a run trains: at screen rate the list re-laid its
     * wrapped rows 30 times a second at 3,000 it/s (a sample every 100 iterations), and a TabPane lays
     * out its hidden tabs too. The trainer keeps its last {@value dev.unroll.engine.train.Trainer#SAMPLES_KEPT}
     * samples, so a merge every quarter second loses none below 80,000 it/s.
     */
    static final int MERGES_PER_SECOND = 4;
    /** Command id: copy the selected samples (all when none is selected). */
    public static final String COPY = "samples.copy";

    private final SamplesModel model = new SamplesModel();
    private final SamplesView view;
    private final Throttle merge;

    public SamplesFeature(AppContext context) {
        super("Samples");
        this.view = view(new SamplesView(model, () -> context.window().get()));
        context.commands().add(Command.of(COPY, "Copy samples", view::copy).scope(id())
                .key(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN)));
        // latest wins: the newest snapshot holds the samples since the last merge, and a reset (null) or a
        // new run is recognised from it alone. The live run's samples are merged wherever the timeline stands,
        // so none is lost while it stands at a kept iteration; the timeline only chooses which rows show
        this.merge = new Throttle("samples-merge", Duration.millis(1000.0 / MERGES_PER_SECOND),
                () -> model.merge(context.liveSnapshot().get()));
        context.liveSnapshot().addListener((obs, old, s) -> {
            if (s == null || old == null || s.state() != old.state()) {
                merge.runNow(); // a reset, a new run or a state change shows at once
            } else {
                merge.request();
            }
        });
        context.snapshot().addListener((obs, old, s) -> {
            if (s != null && s.historical()) {
                model.merge(s);
            } else {
                model.showLive();
            }
        });
        context.events().subscribe(GeneratedText.class, g -> model.addGenerated(g.iteration(), g.settings(), g.text()));
        onDispose(merge::cancel);
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
