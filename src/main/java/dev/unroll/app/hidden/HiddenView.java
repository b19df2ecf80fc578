package dev.unroll.app.hidden;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Icons;
import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.MessageLine;
import dev.unroll.app.ui.Toolbars;
import dev.unroll.app.ui.ViewScroll;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeLayer;
import dev.unroll.engine.inspect.TextFeature;
import dev.unroll.engine.model.Cell;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/**
 * The "Look inside" view: probe settings on top; the heatmap; below it the coloured text beside the
 * unit finder and the saturation panel; on the right what is under the pointer. Node ids tests rely
 * on: hidden-view, hidden-source, hidden-own-text, hidden-live, hidden-cadence, hidden-refresh,
 * hidden-order, hidden-feature, hidden-predictions, hidden-message, hidden-status, hidden-busy,
 * hidden-export-heatmap, hidden-export-text, hidden-tabs (tabs hidden-tab-features, hidden-tab-span,
 * hidden-tab-saturation), hidden-layer (a stacked model's layer chooser), hidden-quantity, on the Saturation
 * page of a stacked gated model hidden-saturation-layers and hidden-saturation-signal (which of
 * {@link LayerSaturationCanvas} and {@link SaturationCanvas} shows), plus those of {@link UnitHeatmapCanvas},
 * {@link ProbeTextCanvas}, {@link InfoPanel}, {@link FinderPanel}.
 */
final class HiddenView extends BorderPane {
    private final AppContext context;
    private final HiddenModel model;
    private final UnitHeatmapCanvas heatmap;
    private final ProbeTextCanvas text;
    private final SaturationCanvas saturation;
    private final LayerSaturationCanvas layerSaturation;
    private final InfoPanel info;
    private final SplitPane bottom = new SplitPane();
    private final FinderPanel finder;
    private final TabPane tabs = new TabPane();
    /** The least height of the heatmap with the text and finder below it; below it the view scrolls. */
    static final double MIN_CENTER_HEIGHT = 560;
    private final Tab spanTab;
    /** A unit to bring into view once the layer chosen for it shows, or -1. */
    private int revealAfterSwitch = -1;

    HiddenView(AppContext context, HiddenModel model) {
        this.context = context;
        this.model = model;
        setId("hidden-view");
        getStyleClass().add("hidden-view");
        ViewStyles.attach(this);
        Palette palette = Palette.of(context.theme().get());
        heatmap = new UnitHeatmapCanvas(model, palette);
        text = new ProbeTextCanvas(model, palette);
        saturation = new SaturationCanvas(model, palette);
        info = new InfoPanel(model);
        finder = new FinderPanel(model, this::revealUnit, t -> text.reveal(t));

        Tab features = new Tab("Units by feature", finder.featuresNode());
        features.setId("hidden-tab-features");
        spanTab = new Tab("Units in a span", finder.spanNode());
        spanTab.setId("hidden-tab-span");
        layerSaturation = new LayerSaturationCanvas(model, context.theme().get());
        Tab sat = new Tab("Saturation", saturationPage());
        sat.setId("hidden-tab-saturation");
        tabs.getTabs().addAll(features, spanTab, sat);
        tabs.getTabs().forEach(t -> t.setClosable(false));
        tabs.setId("hidden-tabs");

        // below the text, not drawn over its last line
        Label textHint = new Label(
                "Click a row of the heatmap (or a unit in the finder) to colour the text by that unit.");
        textHint.setId("hidden-text-hint");
        textHint.getStyleClass().add("hidden-muted");
        textHint.setWrapText(true);
        textHint.setMinHeight(Region.USE_PREF_SIZE);
        textHint.setPadding(new Insets(2, 8, 4, 8));
        textHint.visibleProperty().bind(Bindings.isEmpty(model.pinned()));
        textHint.managedProperty().bind(textHint.visibleProperty());
        VBox textBox = new VBox(text, textHint);
        VBox.setVgrow(text, Priority.ALWAYS);
        bottom.getItems().addAll(textBox, tabs);
        SplitPane main = new SplitPane(heatmap, bottom);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.52);
        // the heatmap, the text and the finder keep room to read; below it the view scrolls instead of squeezing them
        main.setMinHeight(MIN_CENTER_HEIGHT);
        ScrollPane infoScroll = new ScrollPane(info);
        infoScroll.setFitToWidth(true);
        infoScroll.getStyleClass().add("hidden-info-scroll");
        infoScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        BorderPane content = new BorderPane(main, toolbar(), infoScroll, null, null);
        ScrollPane scroll = ViewScroll.of(content, "hidden-scroll", true); // in large type on a small screen it scrolls sideways too, nothing cut
        setCenter(scroll);

        model.spanProperty().addListener((o, a, s) -> {
            if (s != null) {
                tabs.getSelectionModel().select(spanTab);
            }
        });
        model.orderProperty().addListener((o, a, b) -> {
            if (revealAfterSwitch >= 0 && model.shownLayerProperty().get() == model.layerProperty().get()) {
                int unit = revealAfterSwitch;
                revealAfterSwitch = -1;
                heatmap.reveal(-1, unit);
                heatmap.draw();
            }
        });
        model.pinned().addListener((ListChangeListener<Integer>) c -> {
            if (!model.pinned().isEmpty()) {
                revealUnit(model.pinned().get(0));
            }
        });
        context.theme().addListener((o, a, t) -> applyTheme(t));
        applyTheme(context.theme().get());
    }

    private void applyTheme(Theme t) {
        Palette p = Palette.of(t);
        heatmap.setPalette(p);
        text.setPalette(p);
        saturation.setPalette(p);
        layerSaturation.setTheme(t);
        pseudoClassStateChanged(PseudoClass.getPseudoClass("presentation"), t == Theme.PRESENTATION);
        finder.setScale(t == null ? 1 : t.scale());
        // in large type the finder's four columns need more of the width; the text's lines are short
        bottom.setDividerPositions(t != null && t.scale() > 1 ? 0.45 : 0.58);
    }

    /**
     * The Saturation page: the chosen signal's three panels; for a stacked gated model, by default, the gates
     * of every layer as the 2015 paper's Fig. 4 instead, with a choice between the two on top.
     */
    private Node saturationPage() {
        ToggleGroup which = new ToggleGroup();
        // short words: the page is often a corner of the window, and in large type the plots need its height
        ToggleButton perLayer = new ToggleButton("Per layer");
        perLayer.setId("hidden-saturation-layers");
        perLayer.setTooltip(new Tooltip("Every layer's gates as Fig. 4 of Karpathy, Johnson and Fei-Fei 2015: one panel per layer"));
        ToggleButton signal = new ToggleButton();
        signal.setId("hidden-saturation-signal");
        signal.setTooltip(new Tooltip("The saturation of what the heatmap shows, in the layer chosen (as for a one-layer run)"));
        // names what the heatmap shows: "h, layer 2", "forget, layer 1"
        signal.textProperty().bind(Bindings.createStringBinding(() -> {
            ProbeAnalysis a = model.analysis();
            return (a == null ? "h" : a.result().layer().name()) + ", layer " + (model.shownLayerProperty().get() + 1);
        }, model.analysisProperty(), model.shownLayerProperty()));
        perLayer.setToggleGroup(which);
        signal.setToggleGroup(which);
        perLayer.setSelected(true);
        which.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one of the two is always shown
            }
        });
        FlowPane choice = Toolbars.wrapping(6, perLayer, signal); // one above the other in a narrow page, not cut
        choice.setPadding(new Insets(4, 6, 2, 6));
        BooleanBinding stackedGates = Bindings.createBooleanBinding(() -> !model.layerSaturationProperty().get().isEmpty(),
                model.layerSaturationProperty());
        choice.visibleProperty().bind(stackedGates);
        choice.managedProperty().bind(choice.visibleProperty());
        layerSaturation.visibleProperty().bind(stackedGates.and(perLayer.selectedProperty()));
        layerSaturation.managedProperty().bind(layerSaturation.visibleProperty()); // its least size counts only while it shows
        saturation.visibleProperty().bind(layerSaturation.visibleProperty().not());
        StackPane panels = new StackPane(saturation, layerSaturation);
        return new BorderPane(panels, choice, null, null, null);
    }

    private void revealUnit(int unit) {
        heatmap.reveal(-1, unit);
        heatmap.draw();
        // a unit of another layer (the unit finder's): its rows come with that layer's order
        revealAfterSwitch = model.shownLayerProperty().get() != model.layerProperty().get() ? unit : -1;
    }

    private Node toolbar() {
        ComboBox<ProbeSource> source = new ComboBox<>();
        source.getItems().setAll(ProbeSource.values());
        source.valueProperty().bindBidirectional(model.sourceProperty());
        source.setId("hidden-source");
        source.setTooltip(new Tooltip("Probe a passage of the corpus, or your own text"));

        Spinner<Integer> start = new Spinner<>(0, Integer.MAX_VALUE, Math.max(0, model.passageStartProperty().get()), 100);
        start.setEditable(true);
        start.setId("hidden-start");
        start.setTooltip(new Tooltip("Where the passage starts in the corpus (character)"));
        model.passageStartProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0 && b.intValue() != start.getValue()) {
                start.getValueFactory().setValue(b.intValue());
            }
        });
        start.valueProperty().addListener((o, a, b) -> model.passageStartProperty().set(b));
        Button valTail = new Button("Validation tail");
        valTail.setId("hidden-val-tail");
        valTail.setTooltip(new Tooltip("Start the passage where the held-out validation text begins"));
        valTail.setOnAction(e -> {
            int v = model.validationStart();
            if (v >= 0) {
                model.passageStartProperty().set(v);
            }
        });
        Spinner<Integer> length = new Spinner<>(1, HiddenModel.MAX_LENGTH, model.passageLengthProperty().get(), 50);
        length.setEditable(true);
        length.setId("hidden-length");
        length.valueProperty().addListener((o, a, b) -> model.passageLengthProperty().set(b));
        Spinner<Integer> warm = new Spinner<>(0, 10_000, model.warmupProperty().get(), 50);
        warm.setEditable(true);
        warm.setId("hidden-warmup");
        warm.setTooltip(new Tooltip("Characters of the corpus read before the passage to set up the hidden state (0: start from zeros)"));
        warm.valueProperty().addListener((o, a, b) -> model.warmupProperty().set(b));
        start.disableProperty().bind(model.sourceProperty().isEqualTo(ProbeSource.OWN));
        length.disableProperty().bind(model.sourceProperty().isEqualTo(ProbeSource.OWN));
        valTail.disableProperty().bind(model.sourceProperty().isEqualTo(ProbeSource.OWN));

        ToggleButton live = new ToggleButton();
        live.setId("hidden-live");
        live.selectedProperty().bindBidirectional(model.liveProperty());
        live.textProperty().bind(Bindings.when(model.liveProperty()).then("Live").otherwise("Frozen"));
        Runnable liveIcon = () -> Icons.beside(live, model.liveProperty().get() ? MaterialDesignR.RECORD : MaterialDesignP.PAUSE);
        model.liveProperty().addListener((o, a, b) -> liveIcon.run());
        liveIcon.run();
        live.setTooltip(new Tooltip("Follow training, or freeze on the weights shown for inspection"));
        Spinner<Integer> cadence = new Spinner<>(1, 1_000_000, model.cadenceProperty().get(), 100);
        cadence.setEditable(true);
        cadence.setId("hidden-cadence");
        cadence.setTooltip(new Tooltip("While live, update every this many iterations"));
        cadence.valueProperty().addListener((o, a, b) -> model.cadenceProperty().set(b));
        Button refresh = new Button("Refresh");
        refresh.setId("hidden-refresh");
        context.commands().decorate(refresh, HiddenFeature.REFRESH, "Run the probe again");

        ComboBox<RowOrder> order = new ComboBox<>();
        order.getItems().setAll(RowOrder.values());
        order.valueProperty().bindBidirectional(model.rowOrderProperty());
        order.setId("hidden-order");
        order.setTooltip(new Tooltip("How the heatmap orders its rows"));
        ComboBox<TextFeature> feature = new ComboBox<>();
        feature.getItems().setAll(TextFeature.values());
        feature.valueProperty().bindBidirectional(model.featureProperty());
        feature.setId("hidden-feature");
        feature.setTooltip(new Tooltip("The feature rows are ordered by, when ordering by correlation"));

        Button zin = context.commands().decorate(Icons.only(MaterialDesignM.MAGNIFY_PLUS_OUTLINE, "Zoom in"), HiddenFeature.ZOOM_IN, "Zoom in (or Ctrl+wheel)");
        Button zout = context.commands().decorate(Icons.only(MaterialDesignM.MAGNIFY_MINUS_OUTLINE, "Zoom out"), HiddenFeature.ZOOM_OUT, "Zoom out");
        Button fit = context.commands().decorate(Icons.beside(new Button("Fit"), MaterialDesignF.FIT_TO_PAGE_OUTLINE), HiddenFeature.FIT, "Automatic zoom");
        ToggleButton preds = new ToggleButton("Predictions");
        preds.setId("hidden-predictions");
        preds.selectedProperty().bindBidirectional(model.showPredictionsProperty());
        preds.setTooltip(new Tooltip("Show the model's top 5 next characters and the loss under each character"));
        Button exportHeat = new Button("Export heatmap\u2026");
        exportHeat.setId("hidden-export-heatmap");
        context.commands().decorate(exportHeat, HiddenFeature.EXPORT,
                "Save the whole heatmap as a PNG at twice the screen's resolution and as an SVG");
        Button exportText = new Button("Export text\u2026");
        exportText.setId("hidden-export-text");
        exportText.setOnAction(e -> exportDialog("text", text::export));
        exportText.disableProperty().bind(model.analysisProperty().isNull());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setId("hidden-busy");
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.busyProperty());

        // each label stays with its field when the rows wrap ("every 500 it." is never split)
        FlowPane row1 = Toolbars.wrapping(12, Toolbars.group(new Label("Probe"), source), Toolbars.group(new Label("from"), start, valTail),
                Toolbars.group(new Label("length"), length), Toolbars.group(new Label("warm-up"), warm),
                Toolbars.group(live, new Label("every"), cadence, new Label("it.")), Toolbars.group(refresh, busy));
        // for a gated model: h, the LSTM's c or a gate (the choice of a vanilla model is h alone, not shown)
        ComboBox<ProbeLayer> quantity = new ComboBox<>();
        quantity.setConverter(new StringConverter<>() {
            @Override
            public String toString(ProbeLayer l) {
                return l == null ? "" : HiddenModel.label(l);
            }

            @Override
            public ProbeLayer fromString(String s) {
                return null;
            }
        });
        quantity.setId("hidden-quantity");
        quantity.setTooltip(new Tooltip("What the heatmap, the coloured text, the unit finder and the saturation show:"
                + " the hidden state h, the LSTM's cell state c, or one gate's activation"));
        // not bound both ways: replacing the items clears the list's value, which must not clear the model's
        quantity.valueProperty().addListener((o, a, q) -> {
            if (q != null) {
                model.quantityProperty().set(q);
            }
        });
        model.quantityProperty().addListener((o, a, q) -> quantity.setValue(q));
        Runnable quantities = () -> {
            quantity.getItems().setAll(ProbeLayer.of(model.cellProperty().get()));
            quantity.setValue(model.quantityProperty().get());
        };
        model.cellProperty().addListener((o, a, b) -> quantities.run());
        quantities.run();
        Node show = Toolbars.group(new Label("Show"), quantity);
        show.visibleProperty().bind(model.cellProperty().isNotEqualTo(Cell.VANILLA));
        show.managedProperty().bind(show.visibleProperty());
        FlowPane row2 = Toolbars.wrapping(12, layerChooser(), show, Toolbars.group(new Label("Rows by"), order, feature),
                Toolbars.group(new Label("Zoom"), zout, zin, fit), Toolbars.group(preds, exportHeat, exportText));

        TextArea own = new TextArea();
        own.setId("hidden-own-text");
        own.setPromptText("Type or paste the text to probe");
        own.setPrefRowCount(3);
        own.setWrapText(true);
        own.textProperty().bindBidirectional(model.ownTextProperty());
        own.visibleProperty().bind(model.sourceProperty().isEqualTo(ProbeSource.OWN));
        own.managedProperty().bind(own.visibleProperty());

        Label message = MessageLine.of("hidden-message", model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        Label status = MessageLine.of("hidden-status", model.statusProperty());
        status.setMinHeight(Region.USE_PREF_SIZE);

        VBox top = new VBox(6, row1, row2, own, status, message);
        top.setPadding(new Insets(8));
        top.getStyleClass().add("hidden-toolbar");
        return top;
    }

    /**
     * A stacked model's layer chooser: "1", ..., "2 (top)"; hidden for one layer. Its items follow the model's
     * depth, and a choice of the model (the unit finder's, a new model's top layer) shows in it.
     */
    private Node layerChooser() {
        ComboBox<Integer> layer = new ComboBox<>();
        layer.setId("hidden-layer");
        layer.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer k) {
                return k == null ? "" : (k + 1) + (k == model.layersProperty().get() - 1 ? " (top)" : "");
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        layer.setTooltip(new Tooltip("Which layer of the stack the heatmap, the coloured text and the Saturation page show:"
                + " 1 reads the characters, the top one feeds the prediction. The unit finder searches every layer."));
        // as the quantity chooser: replacing the items clears the list's value, which must not clear the model's
        layer.valueProperty().addListener((o, a, k) -> {
            if (k != null) {
                model.layerProperty().set(k);
            }
        });
        model.layerProperty().addListener((o, a, k) -> layer.setValue(k.intValue()));
        Runnable items = () -> {
            List<Integer> ks = new ArrayList<>();
            for (int k = 0; k < model.layersProperty().get(); k++) {
                ks.add(k);
            }
            layer.getItems().setAll(ks);
            layer.setValue(model.layerProperty().get());
        };
        model.layersProperty().addListener((o, a, b) -> items.run());
        items.run();
        Node group = Toolbars.group(new Label("Layer"), layer);
        group.visibleProperty().bind(model.layersProperty().greaterThan(1));
        group.managedProperty().bind(group.visibleProperty());
        return group;
    }

    /** Zooms the heatmap by a factor (the feature's zoom commands). */
    void zoom(double factor) {
        heatmap.zoom(factor);
    }

    /** Fits the heatmap to its room (the feature's fit command). */
    void fit() {
        heatmap.fit();
    }

    private void exportDialog(String what, Supplier<WritableImage> image) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the " + what + " as PNG");
        ProbeAnalysis a = model.analysis();
        fc.setInitialFileName("hidden-" + what + (a == null ? "" : "-it" + a.result().iteration()) + ".png");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File f = fc.showSaveDialog(context.window().get());
        if (f != null) {
            try {
                export(image.get(), f.toPath());
            } catch (IOException | RuntimeException ex) {
                new Alert(Alert.AlertType.ERROR,
                        "Could not write " + f + ": " + ex.getMessage()).showAndWait();
            }
        }
    }

    static void export(WritableImage img, Path file) throws IOException {
        if (img == null) {
            throw new IOException("nothing to export yet");
        }
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
    }

    void exportText(Path file) throws IOException {
        export(text.export(), file);
    }

    UnitHeatmapCanvas heatmap() {
        return heatmap;
    }

    ProbeTextCanvas text() {
        return text;
    }

    InfoPanel info() {
        return info;
    }

    FinderPanel finder() {
        return finder;
    }
}
