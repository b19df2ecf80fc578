package dev.unroll.app.generate;

import dev.unroll.app.ui.VisibleWhitespace;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.generate.Candidate;
import dev.unroll.engine.generate.Generation;
import dev.unroll.engine.generate.Sampler;
import dev.unroll.render.BarsFigure;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;

/**
 * The selected character's distribution: the ten most likely next characters at the current
 * temperature as bars (a thin mark shows each one's probability at the temperature the character
 * was drawn with), recomputed from the stored logits as the temperature moves. Clicking a bar, or
 * typing a character, continues the text from there with that character (a what-if).
 *
 * <p>Ids: {@code distribution}, {@code distribution-title}, {@code bar-0} .. {@code bar-9} (rows, most
 * likely first), {@code whatif-char}, {@code whatif-go}.
 */
final class DistributionPane extends VBox {
    private final GenerateModel model;
    private final Label title = new Label();
    private final Label detail = new Label();
    private final VBox bars = new VBox();
    private final TextField typed = new TextField();

    DistributionPane(GenerateModel model) {
        this.model = model;
        setId("distribution");
        getStyleClass().add("distribution");
        title.setId("distribution-title");
        title.getStyleClass().add("distribution-title");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        detail.getStyleClass().add("distribution-detail");
        detail.setWrapText(true);
        detail.setMinHeight(Region.USE_PREF_SIZE);
        bars.getStyleClass().add("bars");
        typed.setId("whatif-char");
        typed.setPrefColumnCount(3);
        typed.setPromptText("char");
        typed.setTooltip(new Tooltip("Type one character to put at the selected position, then Enter"));
        Button go = new Button("Continue with it");
        go.setId("whatif-go");
        go.setOnAction(e -> model.pick(typed.getText()));
        typed.setOnAction(e -> model.pick(typed.getText()));
        Label whatIf = new Label("What if:");
        HBox typeRow = new HBox(8, whatIf, typed, go);
        typeRow.setAlignment(Pos.CENTER_LEFT);
        typeRow.getStyleClass().add("whatif-row");
        typeRow.visibleProperty().bind(model.selectedProperty().greaterThanOrEqualTo(0));
        typeRow.managedProperty().bind(typeRow.visibleProperty());
        getChildren().addAll(title, detail, bars, typeRow);
        model.distributionProperty().addListener((obs, o, d) -> refresh());
        refresh();
    }

    private void refresh() {
        List<Candidate> top = model.distributionProperty().get();
        Generation g = model.main().generation();
        int i = model.selectedProperty().get();
        bars.getChildren().clear();
        if (top.isEmpty() || g == null || i < 0) {
            title.setText("Click a generated character");
            detail.setText("to see the distribution it was drawn from, and to try another character there.");
            return;
        }
        int drawn = g.indexAt(i);
        String context = tail(g, i);
        title.setText(String.format(Locale.ROOT, "Character %,d: %s", i + 1, Vocabulary.describe(g.vocabulary().codePoint(drawn))));
        double drawnT = g.settings().temperature();
        String how = switch (g.settings().mode()) {
            case ARGMAX -> "chosen by argmax";
            case SAMPLE -> String.format(Locale.ROOT, "drawn at T %.2f", drawnT);
            case TOP_K -> String.format(Locale.ROOT, "drawn among the top %d at T %.2f", g.settings().topK(), drawnT);
        };
        String picked = g.wasPicked(i) ? "picked by you (what-if)" : how;
        detail.setText(String.format(Locale.ROOT, "after \u201c%s\u201d, %s. Bars: next-character probabilities at T %.2f%s",
                context, picked, model.temperatureProperty().get(),
                g.settings().mode() == Sampler.Mode.ARGMAX ? "." : "; marks: at the drawing temperature."));
        double max = top.get(0).probability();
        for (int r = 0; r < top.size(); r++) {
            Candidate c = top.get(r);
            bars.getChildren().add(row(r, c, max, c.index() == drawn));
        }
    }

    private static String tail(Generation g, int i) {
        String before = g.primeText() + g.text(0, i);
        int from = Math.max(0, before.length() - 12);
        String t = VisibleWhitespace.inText(before.substring(from));
        return (from > 0 ? "\u2026" : "") + t;
    }

    private HBox row(int rank, Candidate c, double max, boolean drawn) {
        Label symbol = new Label(Vocabulary.describe(c.symbol().codePointAt(0)));
        symbol.getStyleClass().add("bar-symbol");
        symbol.setMinWidth(Region.USE_PREF_SIZE);
        Region fill = new Region();
        fill.getStyleClass().add("bar-fill");
        Region mark = new Region();
        mark.getStyleClass().add("bar-mark");
        double then = model.probabilityWhenDrawn(c.index());
        Pane track = new Pane(fill, mark) {
            @Override
            protected void layoutChildren() {
                double w = getWidth();
                double h = getHeight();
                fill.resizeRelocate(0, 2, Math.max(1, w * c.probability()), h - 4);
                mark.setVisible(Double.isFinite(then));
                mark.resizeRelocate(Math.min(w - 3, w * (Double.isFinite(then) ? then : 0)), 0, 3, h);
            }
        };
        track.getStyleClass().add("bar-track");
        track.setMinWidth(60);
        HBox.setHgrow(track, Priority.ALWAYS);
        Label pct = new Label(percent(c.probability()));
        pct.getStyleClass().add("bar-value");
        pct.setMinWidth(Region.USE_PREF_SIZE);
        StackPane pctBox = new StackPane(pct);
        pctBox.getStyleClass().add("bar-value-box");
        pctBox.setAlignment(Pos.CENTER_RIGHT);
        HBox row = new HBox(8, symbol, track, pctBox);
        row.setId("bar-" + rank);
        row.getStyleClass().add("bar-row");
        if (drawn) {
            row.getStyleClass().add("drawn");
        }
        row.setAlignment(Pos.CENTER_LEFT);
        Tooltip.install(row, new Tooltip("Continue with " + Vocabulary.describe(c.symbol().codePointAt(0))
                + " here" + (Double.isFinite(then) ? String.format(Locale.ROOT, " (it had %s when drawn)", percent(then)) : "")));
        row.setOnMouseClicked(e -> {
            // the what-if shows the character chosen, as if typed there
            typed.setText(c.symbol());
            model.pick(c.index());
        });
        return row;
    }

    static String percent(double p) {
        return BarsFigure.percent(p);
    }
}
