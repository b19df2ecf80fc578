package dev.unroll.app.hidden;

import dev.unroll.app.ui.Toolbars;
import dev.unroll.app.ui.VisibleWhitespace;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.SpanFinder;
import dev.unroll.engine.inspect.TextFeature;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The unit finder. Features: for each built-in text feature, the units whose activation correlates
 * most with it, over every layer of a stacked model (click a row to pin its best unit, in its layer).
 * Span: the units on in the selected span and off elsewhere (LSTMVis), with the threshold to drag, and
 * the other places where the same units switch on together. Ids: hidden-feature-table,
 * hidden-finder-best (a stacked model's answer in words), hidden-span-label, hidden-threshold,
 * hidden-span-units, hidden-span-matches.
 */
final class FinderPanel {
    /** A unit's correlation with a feature, and the layer (0-based) the unit is in. */
    record LayerUnit(int layer, ProbeAnalysis.UnitCorrelation unit) {
    }

    /** One row of the feature table: the strongest units over every layer, strongest first. */
    record FeatureRow(TextFeature feature, List<LayerUnit> top) {
    }

    private final HiddenModel model;
    private final TableView<FeatureRow> table = new TableView<>();
    /** The span tab's lists keep at least this height (about three rows in large type). */
    static final double LIST_MIN_HEIGHT = 96;
    private final ListView<SpanFinder.Hit> hits = new ListView<>();
    private final ListView<SpanFinder.Match> matches = new ListView<>();
    private final Label spanLabel = new Label();
    private final Label best = new Label();
    private double scale = 1;
    private final VBox featuresBox;
    private final VBox spanBox;

    /**
     * The columns' widths at the theme's type size (1 = normal). The first three have a maximum too:
     * the resize policy shares spare width out in proportion, and it belongs to the runners-up.
     */
    void setScale(double scale) {
        this.scale = scale;
        // fixed widths that hold their texts: the key columns (feature, unit, r) come first and stay
        // whole; when the panel is narrow the table scrolls sideways to the runners-up; a stacked
        // model's units name their layer
        boolean stacked = model.layersProperty().get() > 1;
        double[] base = {150, stacked ? 130 : 90, 70, stacked ? 420 : 300};
        for (int i = 0; i < base.length; i++) {
            table.getColumns().get(i).setPrefWidth(base[i] * scale);
            table.getColumns().get(i).setMinWidth(base[i] * scale);
        }
    }

    FinderPanel(HiddenModel model, IntConsumer revealUnit, IntConsumer revealPosition) {
        this.model = model;
        table.setId("hidden-feature-table");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        TableColumn<FeatureRow, String> fc = new TableColumn<>("Feature");
        fc.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().feature().label()));
        TableColumn<FeatureRow, String> uc = new TableColumn<>("Best unit");
        uc.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().top().isEmpty() ? "\u2014"
                : unitName(c.getValue().top().get(0))));
        TableColumn<FeatureRow, Double> rc = new TableColumn<>("r");
        rc.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().top().isEmpty() ? Double.NaN
                : c.getValue().top().get(0).unit().r()));
        rc.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : Double.isNaN(v) ? "n/a" : String.format("%+.2f", v));
                getStyleClass().remove("hidden-strong");
                if (!empty && v != null && Math.abs(v) > 0.5) {
                    getStyleClass().add("hidden-strong");
                }
            }
        });
        TableColumn<FeatureRow, String> more = new TableColumn<>("Runners-up");
        more.setCellValueFactory(c -> {
            StringBuilder sb = new StringBuilder();
            List<LayerUnit> top = c.getValue().top();
            for (int i = 1; i < top.size(); i++) {
                sb.append(i > 1 ? ", " : "").append(unitName(top.get(i))).append(String.format(" %+.2f", top.get(i).unit().r()));
            }
            return new ReadOnlyStringWrapper(sb.toString());
        });
        table.getColumns().add(fc);
        table.getColumns().add(uc);
        table.getColumns().add(rc);
        table.getColumns().add(more);
        setScale(1);
        table.setPlaceholder(new Label("No probe analysed yet."));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null && !row.top().isEmpty()) {
                model.featureProperty().set(row.feature());
                LayerUnit u = row.top().get(0);
                model.showUnit(u.layer(), u.unit().unit()); // in its layer: the chooser follows
                revealUnit.accept(u.unit().unit());
            }
        });
        Label fHelp = new Label("Units that follow a feature of the text (Pearson r over the probe). Click a row to pin its best unit; n/a: constant in this probe.");
        fHelp.setWrapText(true);
        fHelp.setMinHeight(Region.USE_PREF_SIZE); // wraps instead of being cut to one line when the table is tall
        fHelp.getStyleClass().add("hidden-muted");
        VBox.setVgrow(table, Priority.ALWAYS);
        best.setId("hidden-finder-best");
        best.setWrapText(true);
        best.setMinHeight(Region.USE_PREF_SIZE);
        best.visibleProperty().bind(model.layersProperty().greaterThan(1));
        best.managedProperty().bind(best.visibleProperty());
        featuresBox = new VBox(6, fHelp, best, table);
        featuresBox.setPadding(new Insets(6));

        spanLabel.setId("hidden-span-label");
        spanLabel.setWrapText(true);
        spanLabel.setMinHeight(Region.USE_PREF_SIZE);
        Slider threshold = new Slider(0.05, 0.99, model.thresholdProperty().get());
        threshold.setId("hidden-threshold");
        threshold.valueProperty().bindBidirectional(model.thresholdProperty());
        threshold.setTooltip(new Tooltip("A unit is 'on' where its activation is above this level (high) or below minus it (low)"));
        HBox.setHgrow(threshold, Priority.ALWAYS);
        Label tv = new Label();
        tv.textProperty().bind(model.thresholdProperty().asString("%.2f"));
        tv.setMinWidth(40);
        ToggleGroup hl = new ToggleGroup();
        ToggleButton high = new ToggleButton("high");
        ToggleButton low = new ToggleButton("low");
        high.setId("hidden-find-high");
        low.setId("hidden-find-low");
        high.setToggleGroup(hl);
        low.setToggleGroup(hl);
        high.setSelected(model.findHighProperty().get());
        low.setSelected(!model.findHighProperty().get());
        hl.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            } else {
                model.findHighProperty().set(b == high);
            }
        });
        threshold.setMinWidth(80);
        // the level and the high/low choice wrap onto two lines in a narrow column instead of running past its edge
        FlowPane th = Toolbars.wrapping(6, Toolbars.group(new Label("Threshold"), threshold, tv), Toolbars.group(high, low));
        hits.setId("hidden-span-units");
        hits.setPlaceholder(placeholder("Select a span of the text (drag across characters)."));
        textCells(hits, h -> String.format("u%-4d %3.0f%% of the span \u00b7 %3.0f%% elsewhere \u00b7 mean %+.2f / %+.2f",
                h.unit(), 100 * h.inside(), 100 * h.outside(), h.meanIn(), h.meanOut()));
        hits.getSelectionModel().selectedItemProperty().addListener((o, a, h) -> {
            if (h != null) {
                model.pin(h.unit());
                revealUnit.accept(h.unit());
            }
        });
        matches.setId("hidden-span-matches");
        matches.setPlaceholder(placeholder("No other place where these units are on together."));
        textCells(matches, m -> String.format("%d\u2013%d  %s", m.from(), m.to() - 1, excerpt(m.from(), m.to())));
        matches.getSelectionModel().selectedItemProperty().addListener((o, a, m) -> {
            if (m != null) {
                revealPosition.accept(m.from());
            }
        });
        Label mh = new Label("Elsewhere, the top units are on together at:");
        mh.getStyleClass().add("hidden-section");
        mh.setWrapText(true);
        mh.setMinHeight(Region.USE_PREF_SIZE);
        VBox.setVgrow(hits, Priority.ALWAYS);
        matches.setPrefHeight(120);
        // a list keeps three rows (its placeholder's wrapped words) instead of collapsing to a cut line
        hits.setMinHeight(LIST_MIN_HEIGHT);
        matches.setMinHeight(LIST_MIN_HEIGHT);
        spanBox = new VBox(6, spanLabel, th, hits, mh, matches);
        spanBox.setPadding(new Insets(6));

        model.layerAnalysesProperty().addListener((o, a, b) -> updateTable());
        model.featureProperty().addListener((o, a, b) -> updateBest());
        model.layersProperty().addListener((o, a, b) -> setScale(scale));
        model.spanResultProperty().addListener((o, a, b) -> updateSpan());
        updateTable();
        updateSpan();
    }

    /** A list's placeholder: its words wrap within the list. */
    private static Label placeholder(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setPadding(new Insets(4, 8, 4, 8));
        return l;
    }

    VBox featuresNode() {
        return featuresBox;
    }

    VBox spanNode() {
        return spanBox;
    }

    ListView<SpanFinder.Hit> hitsList() {
        return hits;
    }

    private String excerpt(int from, int to) {
        ProbeAnalysis a = model.analysis();
        if (a == null) {
            return "";
        }
        int[] cps = a.result().probe().codePoints();
        StringBuilder sb = new StringBuilder();
        for (int t = from; t < Math.min(to, from + 40) && t < cps.length; t++) {
            sb.append(VisibleWhitespace.symbol(cps[t]));
        }
        return "\u201c" + sb + (to - from > 40 ? "\u2026" : "") + "\u201d";
    }

    private void updateTable() {
        List<ProbeAnalysis> all = model.layerAnalysesProperty().get();
        List<FeatureRow> rows = new ArrayList<>();
        if (!all.isEmpty()) {
            for (TextFeature f : TextFeature.values()) {
                rows.add(new FeatureRow(f, ranking(all, f, 4)));
            }
        }
        table.getItems().setAll(rows);
        updateBest();
    }

    /**
     * The units most correlated with a feature over every layer's analysis (by |r|, strongest first; on a tie
     * the lower layer's), at most n.
     */
    static List<LayerUnit> ranking(List<ProbeAnalysis> layers, TextFeature feature, int n) {
        List<LayerUnit> all = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            for (ProbeAnalysis.UnitCorrelation c : layers.get(k).ranking(feature, n)) {
                all.add(new LayerUnit(k, c));
            }
        }
        all.sort(Comparator.comparingDouble((LayerUnit u) -> -Math.abs(u.unit().r())));
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    /** "u37" for a one-layer model, "u37, layer 1" for a stacked one. */
    private String unitName(LayerUnit u) {
        return "u" + u.unit().unit() + (model.layersProperty().get() > 1 ? ", layer " + (u.layer() + 1) : "");
    }

    /** A stacked model's answer for the feature in words: "Unit 37 of layer 1 follows “inside quotes”, r = +0.82". */
    private void updateBest() {
        TextFeature f = model.featureProperty().get();
        FeatureRow row = table.getItems().stream().filter(r -> r.feature() == f).findFirst().orElse(null);
        if (row == null) {
            best.setText("");
        } else if (row.top().isEmpty()) {
            best.setText(String.format("\u201c%s\u201d is constant in this probe: no unit follows it.", f.label()));
        } else {
            LayerUnit u = row.top().get(0);
            best.setText(String.format(Locale.ROOT, "Unit %d of layer %d follows \u201c%s\u201d, r = %+.2f (searched: every layer's %s)",
                    u.unit().unit(), u.layer() + 1, f.label(), u.unit().r(), u.unit().layer().name()));
        }
    }

    /** The sentence naming the best unit of the feature and its layer (a stacked model's), "" otherwise. */
    Label bestLabel() {
        return best;
    }

    private void updateSpan() {
        SpanFinder.Result r = model.spanResultProperty().get();
        HiddenModel.Span s = model.spanProperty().get();
        if (r == null || s == null) {
            spanLabel.setText("No span selected: drag across characters in the text or the heatmap.");
            hits.setPlaceholder(placeholder("Select a span of the text (drag across characters)."));
            hits.getItems().clear();
            matches.getItems().clear();
            return;
        }
        spanLabel.setText(String.format("Span %d\u2013%d %s: %d unit%s %s there and not elsewhere", s.from(), s.to() - 1,
                excerpt(s.from(), s.to()), r.hits().size(), r.hits().size() == 1 ? "" : "s",
                model.findHighProperty().get() ? "high" : "low"));
        hits.setPlaceholder(placeholder(r.hits().isEmpty()
                ? "No unit is on in this span and off elsewhere at this threshold: lower it, or look for 'low' units."
                : ""));
        hits.getItems().setAll(r.hits());
        matches.getItems().setAll(r.matches());
    }

    /** Shows each item of {@code list} as the line {@code text} makes of it (an empty row: nothing). */
    private static <T> void textCells(ListView<T> list, Function<T, String> text) {
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        });
    }
}
