package dev.unroll.app.generate;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.ViewFeature;
import dev.unroll.app.events.GenerateNow;
import dev.unroll.app.events.GenerationTemperature;
import dev.unroll.app.events.ProbeText;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Candidate;
import dev.unroll.engine.generate.Generation;
import dev.unroll.render.BarsFigure;

import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Generate": type a beginning, turn the temperature and watch the network write. Commands, scoped
 * to this view: {@value #GENERATE} (Ctrl+Enter, which starts training elsewhere) and {@value #STOP}
 * (Escape: stops generating, or else clears the selected character).
 */
public final class GenerateFeature extends ViewFeature {
    /** Command ids. */
    static final String GENERATE = "generate.run";
    static final String STOP = "generate.stop";
    private final GenerateModel model;
    private final GenerateView view;
    private final AppContext context;

    public GenerateFeature(AppContext context) {
        super("Generate");
        this.model = new GenerateModel(context);
        context.commands().add(Command.of(GENERATE, "Generate", model::generate).scope(id())
                .key(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN)));
        context.commands().add(Command.of(STOP, "Stop generating, else clear the selection", this::stopOrDeselect).scope(id())
                .key(new KeyCodeCombination(KeyCode.ESCAPE))
                .enabledWhen(model.runningProperty().or(model.selectedProperty().greaterThanOrEqualTo(0))));
        this.view = view(new GenerateView(context, model));
        this.context = context;
        String export = PictureExport.register(context, id(), "Export the distribution of the selected character (PNG and SVG)…",
                this::picture, model.selectedProperty().greaterThanOrEqualTo(0)).id();
        Node distribution = view.lookup("#distribution");
        if (distribution != null) {
            PictureExport.installContextMenu(context, distribution, this::picture, export);
        }
        // a talk script's probe text is the prime, as if the user had typed it
        context.events().subscribe(ProbeText.class, p -> {
            if (p.isFor(id())) {
                model.primeProperty().set(p.text());
            }
        });
        // a [generate] slide's temperature is Generate's, as if the user had set it
        context.events().subscribe(GenerationTemperature.class, t -> model.temperatureProperty().set(t.temperature()));
        // a [generate] slide's generate = on: write as the slide comes up
        context.events().subscribe(GenerateNow.class, g -> model.generate());
        onShowing(on -> {
            if (on) {
                model.showing();
            }
        });
        onDispose(model::dispose); // stops generation and its threads
    }

    /** Escape in Generate: stops generating; when nothing is generating, clears the selected character. */
    private void stopOrDeselect() {
        if (model.runningProperty().get()) {
            model.stop();
        } else {
            model.select(-1);
        }
    }

    /**
     * The distribution the selected character was drawn from, for export: the candidates at the
     * current temperature as bars, their probabilities when drawn as marks, the drawn one
     * highlighted (null while no character is selected).
     */
    PictureExport.Picture picture() {
        List<Candidate> top = model.distributionProperty().get();
        Generation g = model.main().generation();
        int i = model.selectedProperty().get();
        if (top.isEmpty() || g == null || i < 0) {
            return null;
        }
        int drawn = g.indexAt(i);
        List<BarsFigure.Bar> bars = new ArrayList<>();
        for (Candidate c : top) {
            bars.add(new BarsFigure.Bar(Vocabulary.describe(c.symbol().codePointAt(0)), c.probability(),
                    model.probabilityWhenDrawn(c.index()), c.index() == drawn));
        }
        String title = String.format(Locale.ROOT, "Character %,d: %s", i + 1, Vocabulary.describe(g.vocabulary().codePoint(drawn)));
        String note = String.format(Locale.ROOT, "next-character probabilities at T %.2f; marks: when drawn (T %.2f)",
                model.temperatureProperty().get(), g.settings().temperature());
        return new PictureExport.Picture("generate-distribution-char" + (i + 1),
                new BarsFigure(title, note, bars, PictureExport.style(context.theme().get()), 480));
    }

    public GenerateModel model() {
        return model;
    }
}
