package dev.unroll.app.unrolled;

import dev.unroll.app.core.Icons;
import dev.unroll.app.core.Theme;
import dev.unroll.app.fx.Animations;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.app.ui.Toolbars;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.engine.inspect.BpttTrace;
import dev.unroll.engine.inspect.SpectralTracker;
import dev.unroll.engine.inspect.StackWalk;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.WindowTrace;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.engine.train.TrainingStats;
import dev.unroll.render.Figure;
import dev.unroll.render.FigureGrid;
import dev.unroll.render.FigureStyle;
import dev.unroll.render.Pictures;

import javafx.animation.Animation;
import javafx.animation.Interpolator;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The unrolled-network view: three pages.
 * <ul>
 *   <li>Walk-through ({@code unrolled-page-walk}): the folded cell and its unrolling over the window,
 *       stepped forward then backward. Keys: Space play/pause, → step forward, ← step back,
 *       Home/End start/end, U fold/unroll, + / − speed, W load the newest training window.</li>
 *   <li>Gradient flow ({@code unrolled-page-flow}): ||dL/dh_t|| against t (live), ||dh_T/dh_t||,
 *       the spectral radius of Whh over iterations and its eigenvalues.</li>
 *   <li>Weights & gradients ({@code unrolled-page-weights}): heatmaps of Wxh, Whh, Why, their
 *       gradients and Adagrad memory; norms, update ratios and clipping over iterations.</li>
 * </ul>
 * Ids tests rely on: unrolled-canvas, unrolled-fold, unrolled-play, unrolled-step-forward,
 * unrolled-step-back, unrolled-start, unrolled-end, unrolled-speed, unrolled-source-window,
 * unrolled-source-text, unrolled-text, unrolled-message, unrolled-status, unrolled-description,
 * unrolled-placeholder, unrolled-flow-dh, unrolled-flow-radius, unrolled-flow-eigen, unrolled-stack-canvas (a stacked
 * model's walk-through: the grid of layers and steps), unrolled-weights-layer (a stacked model's layer on the weights page),
 * unrolled-heat-{Wxh,Whh,Why}-{value,grad,mem}, unrolled-chart-{params,grads,ratio,clipped}.
 */
final class UnrolledView extends BorderPane {
    /** Old ||dL/dh_t|| curves kept as fading ghosts on the gradient-flow chart. */
    private static final int GHOSTS = 6;

    private final UnrolledModel model;
    final UnrollCanvas chain;
    /** The gated cell's walk-through (LSTM, GRU), shown instead of {@link #chain} when the walk is gated. */
    final GatedCanvas gatedChain;
    /** A stacked model's walk-through (every cell), the grid of layers and steps, shown instead of the other two. */
    final StackCanvas stackChain;
    /** The flavor drawn on the unrolled cell (the talk's slide on flavors). */
    final ChoiceBox<Flavor> flavor = new ChoiceBox<>();
    private final Timeline unrollAnimation = Animations.track("unrolled-fold", new Timeline());
    final ToggleButton fold = new ToggleButton("Unroll");
    // the transport buttons draw icons from Ikonli's bundled font (a glyph such as ⏸ from the system's fonts is an
    // empty box where they lack it); their words are their tooltips and accessible texts
    final Button play = Icons.only(MaterialDesignP.PLAY, "Play");
    final Button stepForward = Icons.only(MaterialDesignS.STEP_FORWARD, "Step forward");
    final Button stepBack = Icons.only(MaterialDesignS.STEP_BACKWARD, "Step back");
    final Button start = Icons.only(MaterialDesignS.SKIP_PREVIOUS, "Start");
    final Button end = Icons.only(MaterialDesignS.SKIP_NEXT, "End");
    final Slider speed = new Slider(UnrolledModel.MIN_SPEED, UnrolledModel.MAX_SPEED, 4);
    final ToggleButton sourceWindow = new ToggleButton("Training window");
    final ToggleButton sourceText = new ToggleButton("Typed text");
    final TextField text = new TextField();
    final CheckBox follow = new CheckBox("Follow training");
    final Label message = new Label();
    final Label status = new Label();
    final Label description = new Label();
    final Label placeholder = new Label();
    final TabPane pages = new TabPane();

    final PlotCanvas flowDh = new PlotCanvas("unrolled-flow-dh", "How far back the error reaches: ‖dL/dh_t‖ against t", "time step t", true);
    final PlotCanvas flowRadius = new PlotCanvas("unrolled-flow-radius", "Spectral radius of Whh over training", "iteration", false);
    final PlotCanvas flowEigen = new PlotCanvas("unrolled-flow-eigen", "Eigenvalues of Whh (unit circle dashed)", "real part", false);
    final HeatmapCanvas[][] heat = new HeatmapCanvas[3][3];
    final PlotCanvas chartParams = new PlotCanvas("unrolled-chart-params", "Parameter norm ‖W‖", "iteration", false);
    final PlotCanvas chartGrads = new PlotCanvas("unrolled-chart-grads", "Gradient norm ‖dW‖ (clipped)", "iteration", true);
    final PlotCanvas chartRatio = new PlotCanvas("unrolled-chart-ratio", "Update ÷ parameter norm", "iteration", true);
    final PlotCanvas chartClipped = new PlotCanvas("unrolled-chart-clipped", "Fraction of gradient entries clipped", "iteration", false);
    final Label weightsNote = new Label();
    /** A stacked model's layer whose weight_ih_lk and weight_hh_lk the weights page shows (hidden for one layer). */
    final ChoiceBox<String> weightsLayer = new ChoiceBox<>();
    /** The layer the weights page shows, 0-based; -1 the top one. */
    private int weightsLayerShown = -1;
    private final HBox weightsLayerGroup;
    /** On the gradient flow page of a gated model, in place of the vanilla cell's Whh charts. */
    final Label flowVanillaOnly = new Label();
    private final Label flowExplain = new Label();
    /** The cell of the newest model: the pages show what belongs to it. */
    private Cell cell = Cell.VANILLA;
    /** The layers of the model shown: a stacked one's pages show its top layer and say so. */
    private int layers = 1;
    /** The matrices the statistics over iterations track, in their order: the first three parameters of the model. */
    private List<String> statsNames = TrainingStats.MATRICES;

    private final ArrayDeque<double[]> ghosts = new ArrayDeque<>();
    private long ghostIteration = -1;
    private double[] liveDh;
    /** The LSTM's live ||dL/dc_t|| (null for the other cells). */
    private double[] liveDc;
    private long liveIteration = -1;
    private Theme theme = Theme.LIGHT;
    private final Tab flowTab;
    private final Tab weightsTab;
    // what the pages not showing have not drawn yet: drawn when their page is selected
    private boolean flowStale;
    private SpectralTracker.History pendingSpectral;
    private ModelSnapshot pendingModel;
    private boolean modelStale;
    private TrainingStats.View pendingStats;
    private long pendingStatsIteration;

    UnrolledView(UnrolledModel model) {
        this.model = model;
        getStyleClass().add("unrolled-view");
        ViewStyles.attach(this);
        chain = new UnrollCanvas(model);
        gatedChain = new GatedCanvas(model);
        stackChain = new StackCanvas(model);
        Label layerLabel = new Label("Layer");
        layerLabel.setMinWidth(Region.USE_PREF_SIZE);
        weightsLayer.setMinWidth(Region.USE_PREF_SIZE);
        weightsLayer.setId("unrolled-weights-layer");
        weightsLayer.setTooltip(new Tooltip("The layer whose weight_ih and weight_hh are drawn (the top one first)"));
        weightsLayerGroup = Toolbars.group(layerLabel, weightsLayer);
        weightsLayerGroup.setVisible(false);
        weightsLayerGroup.setManaged(false);
        weightsLayer.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            int L = weightsLayer.getItems().size();
            int k = i.intValue() < 0 || i.intValue() == L - 1 ? -1 : i.intValue();
            if (k != weightsLayerShown) {
                weightsLayerShown = k;
                showModel(shownModel);
            }
        });
        chain.unrollProperty().set(0);

        Tab walk = new Tab("Walk-through", walkPage());
        walk.setId("unrolled-page-walk");
        Tab flow = new Tab("Gradient flow", flowPage());
        flow.setId("unrolled-page-flow");
        Tab weights = new Tab("Weights & gradients", weightsPage());
        weights.setId("unrolled-page-weights");
        for (Tab t : List.of(walk, flow, weights)) {
            t.setClosable(false);
        }
        pages.getTabs().addAll(walk, flow, weights);
        pages.setId("unrolled-pages");
        flowTab = flow;
        weightsTab = weights;
        // a page's charts and heatmaps are drawn while it is selected; the others only keep their newest data
        pages.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> drawStalePage());
        setCenter(pages);

        model.traceProperty().addListener((o, a, t) -> {
            refreshStatus();
            refreshFlowChart();
        });
        model.gatedProperty().addListener((o, a, t) -> {
            refreshStatus();
            refreshFlowChart();
        });
        model.stackProperty().addListener((o, a, t) -> {
            refreshStatus();
            refreshFlowChart();
        });
        model.positionProperty().addListener((o, a, b) -> refreshStatus());
        model.playingProperty().addListener((o, a, p) -> Icons.set(play, p ? MaterialDesignP.PAUSE : MaterialDesignP.PLAY, p ? "Pause" : "Play"));
        model.messageProperty().addListener((o, a, m) -> refreshStatus());
        model.descriptionProperty().addListener((o, a, m) -> refreshStatus());
        model.computingProperty().addListener((o, a, m) -> refreshStatus());
        refreshStatus();
    }

    // ---- pages ----

    private Region walkPage() {
        fold.setId("unrolled-fold");
        fold.setSelected(model.unrolledProperty().get());
        fold.selectedProperty().bindBidirectional(model.unrolledProperty());
        fold.selectedProperty().addListener((o, a, on) -> animateUnroll(on));
        play.setId("unrolled-play");
        stepForward.setId("unrolled-step-forward");
        stepBack.setId("unrolled-step-back");
        start.setId("unrolled-start");
        end.setId("unrolled-end");
        speed.setId("unrolled-speed");
        speed.setPrefWidth(120);
        speed.valueProperty().bindBidirectional(model.speedProperty());
        Label speedLabel = new Label();
        speedLabel.textProperty().bind(speed.valueProperty().asString("%.1f steps/s"));
        speedLabel.setMinWidth(Region.USE_PREF_SIZE);

        ToggleGroup src = new ToggleGroup();
        sourceWindow.setToggleGroup(src);
        sourceText.setToggleGroup(src);
        sourceWindow.setId("unrolled-source-window");
        sourceText.setId("unrolled-source-text");
        sourceWindow.setSelected(model.chosenSourceProperty().get() == UnrolledModel.Source.WINDOW);
        sourceText.setSelected(model.chosenSourceProperty().get() == UnrolledModel.Source.TEXT);
        // the toggles show the model's chosen source, one of them always selected (a click on the selected one keeps it)
        src.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                model.chosenSourceProperty().set(now == sourceText ? UnrolledModel.Source.TEXT : UnrolledModel.Source.WINDOW);
            }
        });
        model.chosenSourceProperty().addListener((o, a, v) -> (v == UnrolledModel.Source.TEXT ? sourceText : sourceWindow).setSelected(true));
        sourceText.setTooltip(new Tooltip("Unroll any text you type, from a zero hidden state"));
        text.textProperty().bindBidirectional(model.typedTextProperty());
        text.setId("unrolled-text");
        text.setPromptText("type a text to unroll, then Enter");
        text.setPrefColumnCount(22);
        follow.setId("unrolled-follow");
        follow.selectedProperty().bindBidirectional(model.followProperty());
        follow.setTooltip(new Tooltip("Take each new copy of the weights (and window) from training, except while playing"));

        HBox steps = new HBox(6, start, stepBack, play, stepForward, end);
        steps.setAlignment(Pos.CENTER_LEFT);
        HBox pace = new HBox(6, speed, speedLabel);
        pace.setAlignment(Pos.CENTER_LEFT);
        HBox sources = new HBox(6, sourceWindow, sourceText);
        sources.setAlignment(Pos.CENTER_LEFT);
        // the typed text's field takes at most half the view: in large type on a small screen it would run past the edge
        text.maxWidthProperty().bind(widthProperty().multiply(0.5));
        // the groups wrap onto more rows when the window is narrow, never cutting a button to "…" or running past the edge

        description.setId("unrolled-description");
        description.getStyleClass().add("unrolled-description");
        status.setId("unrolled-status");
        status.getStyleClass().add("unrolled-status");
        status.setWrapText(true); // a stack's backward line, in large type beside the side panel, takes a second line rather than "…"
        status.setMinHeight(Region.USE_PREF_SIZE);
        message.setId("unrolled-message");
        message.getStyleClass().add("unrolled-message");
        message.setWrapText(true);
        flavor.setId("unrolled-flavor");
        flavor.getItems().setAll(Flavor.values());
        flavor.valueProperty().bindBidirectional(chain.flavorProperty());
        Tooltip flavorTip = new Tooltip();
        flavorTip.textProperty().bind(Bindings.createStringBinding(() -> "The talk's flavors of recurrent networks on the same cell: where the"
                + " inputs and outputs are. Now " + chain.flavorProperty().get() + ": " + chain.flavorProperty().get().description(),
                chain.flavorProperty()));
        flavor.setTooltip(flavorTip);
        Label flavorNote = new Label();
        flavorNote.setId("unrolled-flavor-note");
        flavorNote.getStyleClass().add("unrolled-status");
        flavorNote.textProperty().bind(Bindings.createStringBinding(
                () -> chain.flavorProperty().get() + ": " + chain.flavorProperty().get().description(), chain.flavorProperty()));
        Label flavorLabel = new Label("Flavor");
        flavorLabel.setMinWidth(Region.USE_PREF_SIZE);
        flavor.setMinWidth(Region.USE_PREF_SIZE);
        flavorNote.setWrapText(true); // in large type it takes a second line rather than ending in "…"
        flavorNote.setMinWidth(0);
        // the flavor's choice sits in the tool bar (whose second row has room), not in a row of its own above the
        // chain: in large type at 1280x720 that row left the chain too low for its rows; what a flavor other than
        // the trained one means is said under the status (the trained one, many to many, is what the chain shows)
        HBox flavorGroup = Toolbars.group(flavorLabel, flavor);
        BooleanBinding oneLayerVanilla = model.gatedProperty().isNull().and(model.stackProperty().isNull());
        flavorGroup.visibleProperty().bind(oneLayerVanilla);
        flavorGroup.managedProperty().bind(flavorGroup.visibleProperty());
        flavorNote.visibleProperty().bind(oneLayerVanilla.and(chain.flavorProperty().isNotEqualTo(Flavor.MANY_TO_MANY)));
        flavorNote.managedProperty().bind(flavorNote.visibleProperty());
        VBox info = new VBox(2, description, status, message, flavorNote);
        info.setPadding(new Insets(2, 10, 4, 10));
        FlowPane bar = Toolbars.wrapping(18, fold, steps, pace, sources, text, follow, flavorGroup);
        bar.getStyleClass().add("unrolled-toolbar");
        bar.setPadding(new Insets(6, 8, 6, 8));

        placeholder.setId("unrolled-placeholder");
        placeholder.textProperty().bind(model.placeholderProperty());
        placeholder.getStyleClass().add("unrolled-placeholder");
        placeholder.setWrapText(true);
        placeholder.setMaxWidth(760);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(48, 48);
        BooleanBinding noWalk = model.traceProperty().isNull().and(model.gatedProperty().isNull()).and(model.stackProperty().isNull());
        busy.visibleProperty().bind(model.computingProperty().and(noWalk));
        placeholder.visibleProperty().bind(noWalk.and(model.computingProperty().not()));
        // a gated walk draws the cell's inside; the vanilla chain (and its flavor choice) then step aside
        // a stacked walk draws the grid of layers and steps
        gatedChain.visibleProperty().bind(model.gatedProperty().isNotNull());
        stackChain.visibleProperty().bind(model.stackProperty().isNotNull());
        chain.visibleProperty().bind(model.gatedProperty().isNull().and(model.stackProperty().isNull()));
        // the gated walk draws one step, the stacked one its whole grid: neither is a chain to fold
        fold.disableProperty().bind(model.gatedProperty().isNotNull().or(model.stackProperty().isNotNull()));
        StackPane canvasArea = new StackPane(chain, gatedChain, stackChain, placeholder, busy);
        canvasArea.setMinSize(0, 0);

        BorderPane page = new BorderPane(canvasArea);
        page.setTop(new VBox(bar, info));
        return page;
    }

    private Region flowPage() {
        flowRadius.setRefLines(1.0);
        flowRadius.setYMinFloor(0);
        flowRadius.setXMinFloor(0); // over training: from iteration 0, so one point is not a dot on an axis two iterations wide
        flowEigen.setComplexPlane(true);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(8));
        grid.add(flowDh, 0, 0, 1, 2);
        grid.add(flowRadius, 1, 0);
        grid.add(flowEigen, 1, 1);
        for (PlotCanvas p : List.of(flowDh, flowRadius, flowEigen)) {
            GridPane.setHgrow(p, Priority.ALWAYS);
            GridPane.setVgrow(p, Priority.ALWAYS);
            p.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        }
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setPercentWidth(58);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setPercentWidth(42);
        grid.getColumnConstraints().addAll(c0, c1);
        // both rows grow (as their charts ask); so does the gradient chart spanning them when a gated model hides the others
        for (int r = 0; r < 2; r++) {
            RowConstraints row = new RowConstraints();
            row.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(row);
        }
        flowVanillaOnly.setId("unrolled-flow-vanilla-only");
        flowVanillaOnly.getStyleClass().add("unrolled-explain");
        flowVanillaOnly.setWrapText(true);
        flowVanillaOnly.setPadding(new Insets(10));
        flowVanillaOnly.setAlignment(Pos.TOP_LEFT);
        flowVanillaOnly.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        grid.add(flowVanillaOnly, 1, 0, 1, 2);
        Label explain = flowExplain;
        explain.setId("unrolled-flow-explain");
        showCellOnFlowPage();
        explain.setWrapText(true);
        explain.getStyleClass().add("unrolled-explain");
        explain.setPadding(new Insets(0, 10, 6, 10));
        BorderPane page = new BorderPane(grid);
        page.setBottom(explain);
        return page;
    }

    private Region weightsPage() {
        String[] names = {"Wxh", "Whh", "Why"};
        String[] kinds = {"value", "grad", "mem"};
        String[] titles = {"", "d", "Adagrad memory of "};
        GridPane heatGrid = new GridPane();
        heatGrid.setHgap(6);
        heatGrid.setVgap(6);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                String title = c == 2 ? "mem " + names[r] : titles[c] + names[r];
                HeatmapCanvas h = new HeatmapCanvas("unrolled-heat-" + names[r] + "-" + kinds[c], title, c != 2);
                h.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
                GridPane.setHgrow(h, Priority.ALWAYS);
                GridPane.setVgrow(h, Priority.ALWAYS);
                heat[r][c] = h;
                heatGrid.add(h, c, r);
            }
        }
        GridPane charts = new GridPane();
        charts.setHgap(8);
        charts.setVgap(8);
        List<PlotCanvas> cs = List.of(chartParams, chartGrads, chartRatio, chartClipped);
        for (int i = 0; i < cs.size(); i++) {
            PlotCanvas p = cs.get(i);
            p.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
            GridPane.setHgrow(p, Priority.ALWAYS);
            GridPane.setVgrow(p, Priority.ALWAYS);
            charts.add(p, i % 2, i / 2);
        }
        chartParams.setYMinFloor(0);
        chartClipped.setYMinFloor(0);
        chartRatio.setRefLines(1e-3);
        HBox both = new HBox(10, heatGrid, charts);
        HBox.setHgrow(heatGrid, Priority.ALWAYS);
        HBox.setHgrow(charts, Priority.ALWAYS);
        heatGrid.setPrefWidth(600);
        charts.setPrefWidth(700);
        both.setPadding(new Insets(8));
        weightsNote.setId("unrolled-weights-note");
        weightsNote.getStyleClass().add("unrolled-description");
        weightsNote.setPadding(new Insets(4, 10, 0, 10));
        weightsNote.setWrapText(true);
        weightsNote.setMaxWidth(Double.MAX_VALUE);
        HBox top = new HBox(10, weightsLayerGroup, weightsNote);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(4, 0, 0, 10));
        HBox.setHgrow(weightsNote, Priority.ALWAYS);
        BorderPane page = new BorderPane(both);
        page.setTop(top);
        return page;
    }

    /** Vanilla: the Whh charts and their explanation; a gated cell: what its curves mean, and that those charts are the vanilla cell's. */
    private void showCellOnFlowPage() {
        boolean vanilla = cell == Cell.VANILLA && layers == 1;
        for (PlotCanvas p : List.of(flowRadius, flowEigen)) {
            p.setVisible(vanilla);
            p.setManaged(vanilla);
        }
        flowVanillaOnly.setVisible(!vanilla);
        flowVanillaOnly.setManaged(!vanilla);
        String name = cell.cliName().toUpperCase(Locale.ROOT);
        flowVanillaOnly.setText(vanilla ? "" : layers > 1
                ? "One curve per layer of the stacked " + cell.cliName() + ": ‖dL/dh_t‖ of layer k is the error reaching it at step t from"
                + " the window's whole loss, through the layers above and the later steps. The spectral radius of Whh,"
                + " its eigenvalues and ‖dh_T/dh_t‖ are drawn for a one-layer vanilla cell only."
                : "The spectral radius of Whh, its eigenvalues and ‖dh_T/dh_t‖ are drawn for the vanilla cell only: the "
                + name + " has no single Whh; its error goes back through gates that change at every step.");
        flowExplain.setText(cell == Cell.VANILLA
                ? "Going back one step multiplies the error by Whhᵀ·diag(1 − h²). A spectral radius of Whh below 1 makes it shrink "
                + "step after step; above 1 it can grow, unless saturated tanh units (h ≈ ±1, derivative ≈ 0) cut it off. "
                + "‖dL/dh_t‖ stays up because every step adds its own output's error; ‖∂ℓ_T/∂h_t‖ and ‖dh_T/dh_t‖ show how far back one error reaches."
                : cell == Cell.LSTM
                ? "Going back one step along the cell state multiplies the error by the forget gate f (no matrix, no tanh): where f ≈ 1 it "
                + "passes on almost unchanged, which is why ‖dL/dc_t‖ reaches far back. ‖dL/dh_t‖ is the error reaching h_t from every later loss."
                : "Going back one step, the GRU's error reaches h_t−1 directly through z ⊙ (the update gate, no matrix, no tanh), besides "
                + "the paths through its gates: where z ≈ 1, h_t−1 is carried on and so is its error. ‖dL/dh_t‖ is the error reaching h_t from every later loss.");
    }

    /**
     * The cell of the model shown (from each new model): the gradient flow page shows the Whh charts for
     * the vanilla cell and says they are the vanilla cell's for a gated one; the weights page names the cell's matrices.
     */
    void setCell(Cell c, int modelLayers, List<String> parameterNames) {
        // the trainer's statistics follow the input, recurrent and output matrices: Wxh, Whh, Why of the vanilla cell; a gated
        // or stacked model's first weight_ih and weight_hh and its Why, the last but one parameter (not its bias_ih, third)
        int n = parameterNames.size();
        statsNames = n < TrainingStats.MATRICES.size() ? List.copyOf(parameterNames)
                : c == Cell.VANILLA && modelLayers == 1 ? List.copyOf(parameterNames.subList(0, TrainingStats.MATRICES.size()))
                : List.of(parameterNames.get(0), parameterNames.get(1), parameterNames.get(n - 2));
        if (c == cell && modelLayers == layers) {
            return;
        }
        cell = c;
        layers = modelLayers;
        lastStats = null; // the statistics' legends name the new cell's matrices
        showCellOnFlowPage();
        refreshFlowChart();
    }

    // ---- behaviour ----

    void animateUnroll(boolean on) {
        unrollAnimation.stop();
        double from = chain.unrollProperty().get();
        double to = on ? 1 : 0;
        fold.setText(on ? "Fold" : "Unroll");
        unrollAnimation.getKeyFrames().setAll(
                new KeyFrame(Duration.ZERO, new KeyValue(chain.unrollProperty(), from)),
                new KeyFrame(Duration.seconds(1.4 * Math.abs(to - from) + 0.01), new KeyValue(chain.unrollProperty(), to, Interpolator.EASE_BOTH)));
        unrollAnimation.playFromStart();
    }

    /** Ends the fold/unroll animation where it would have ended (the view hides or closes). */
    void stopAnimations() {
        if (unrollAnimation.getStatus() == Animation.Status.RUNNING) {
            unrollAnimation.jumpTo(unrollAnimation.getTotalDuration());
            unrollAnimation.stop();
        }
    }

    Animation unrollAnimation() {
        return unrollAnimation;
    }

    /** Whether the page showing has charts to export (the gradient flow page, the weights page). */
    BooleanBinding pageHasPictures() {
        return Bindings.createBooleanBinding(() -> selected(flowTab) || selected(weightsTab),
                pages.getSelectionModel().selectedItemProperty());
    }

    /**
     * The charts and heatmaps of the page showing as one picture, in the exported pictures' style:
     * the gradient flow page's three charts (laid out as on screen), or the weights page's heatmaps (3x3) beside its four
     * charts; null on the walk-through page (its diagram is not a chart).
     */
    PictureExport.Picture pagePicture(FigureStyle style, long iteration) {
        String suffix = PictureExport.iterationSuffix(iteration);
        if (selected(flowTab) && cell != Cell.VANILLA) {
            return new PictureExport.Picture("unrolled-gradient-flow" + suffix, flowDh.figure(style));
        }
        if (selected(flowTab)) {
            return new PictureExport.Picture("unrolled-gradient-flow" + suffix,
                    new FigureGrid(List.of(flowDh.figure(style),
                            new FigureGrid(List.of(flowRadius.figure(style), flowEigen.figure(style)), 1, style)), 2, style));
        }
        if (selected(weightsTab)) {
            List<Figure> heats = new ArrayList<>();
            for (HeatmapCanvas[] row : heat) {
                for (HeatmapCanvas h : row) {
                    Figure f = h.figure(style);
                    if (f != null) {
                        heats.add(f);
                    }
                }
            }
            Figure charts = new FigureGrid(List.of(chartParams.figure(style), chartGrads.figure(style), chartRatio.figure(style),
                    chartClipped.figure(style)), 2, style);
            return new PictureExport.Picture("unrolled-weights" + suffix,
                    heats.isEmpty() ? charts : new FigureGrid(List.of(new FigureGrid(heats, 3, style), charts), 2, style));
        }
        return null;
    }

    /** Every chart of the view (each offers its own export in its context menu). */
    List<PlotCanvas> plots() {
        return List.of(flowDh, flowRadius, flowEigen, chartParams, chartGrads, chartRatio, chartClipped);
    }

    /** Every heatmap of the view, row by row. */
    List<HeatmapCanvas> heatmaps() {
        List<HeatmapCanvas> out = new ArrayList<>();
        for (HeatmapCanvas[] row : heat) {
            out.addAll(List.of(row));
        }
        return out;
    }

    void setTheme(Theme t) {
        theme = t;
        chain.themeProperty().set(t);
        gatedChain.themeProperty().set(t);
        stackChain.themeProperty().set(t);
        for (PlotCanvas p : List.of(flowDh, flowRadius, flowEigen, chartParams, chartGrads, chartRatio, chartClipped)) {
            p.setTheme(t);
        }
        for (HeatmapCanvas[] row : heat) {
            for (HeatmapCanvas h : row) {
                h.setTheme(t);
            }
        }
        refreshFlowChart();
    }

    private void refreshStatus() {
        description.setText(model.descriptionProperty().get());
        String pos = model.positionText();
        status.setText(model.computingProperty().get() && model.hasWalk() ? pos + "  (updating…)" : pos);
        message.setText(model.messageProperty().get());
        message.setVisible(!message.getText().isEmpty());
        message.setManaged(message.isVisible());
        boolean has = model.hasWalk();
        for (Button b : List.of(play, stepForward, stepBack, start, end)) {
            b.setDisable(!has);
        }
    }

    // ---- live data ----

    /** The newest training snapshot: live ||dL/dh_t|| and the statistics over iterations. */
    void showSnapshot(TrainingSnapshot s) {
        if (s == null) {
            return;
        }
        WindowTrace tr = s.trace();
        if (tr != null && s.iteration() != liveIteration) {
            liveIteration = s.iteration();
            liveDh = tr.dhNorms();
            liveDc = tr.gates().dcNorms();
            // keep a ghost about every 2% of the run's length so far (at least 50 iterations apart)
            long gap = Math.max(50, s.iteration() / 50);
            if (ghostIteration < 0 || s.iteration() - ghostIteration >= gap || s.iteration() < ghostIteration) {
                ghosts.addLast(liveDh);
                ghostIteration = s.iteration();
                while (ghosts.size() > GHOSTS) {
                    ghosts.removeFirst();
                }
            }
            refreshFlowChart();
        }
        showStats(s.stats(), s.iteration());
    }

    /** Forgets the live curves (a new run). */
    void clearLive() {
        ghosts.clear();
        ghostIteration = -1;
        liveDh = null;
        liveDc = null;
        liveIteration = -1;
        refreshFlowChart();
    }

    /** Whether a page is the selected one (already true in listeners to the selection, unlike Tab.isSelected). */
    private boolean selected(Tab page) {
        return pages.getSelectionModel().getSelectedItem() == page;
    }

    /** Draws, with the newest data, what the page just selected missed while another page showed. */
    /**
     * Selects a page by its short id ({@code walk}, {@code flow} or {@code weights}: the node id is
     * {@code unrolled-page-<id>}); an unknown id changes nothing.
     */
    void showPage(String id) {
        pages.getTabs().stream().filter(t -> ("unrolled-page-" + id).equals(t.getId())).findFirst()
                .ifPresent(t -> pages.getSelectionModel().select(t));
    }

    private void drawStalePage() {
        if (selected(flowTab)) {
            if (flowStale) {
                refreshFlowChart();
            }
            if (pendingSpectral != null) {
                showSpectral(pendingSpectral);
            }
        }
        if (selected(weightsTab)) {
            if (modelStale) {
                showModel(pendingModel);
            }
            if (pendingStats != null) {
                showStats(pendingStats, pendingStatsIteration);
            }
        }
    }

    private void refreshFlowChart() {
        if (!selected(flowTab)) {
            flowStale = true;
            return;
        }
        flowStale = false;
        Palette pal = Palette.of(theme);
        List<PlotCanvas.Series> series = new ArrayList<>();
        int g = 0;
        for (double[] d : ghosts) {
            g++;
            if (d == liveDh) {
                continue;
            }
            double a = 0.12 + 0.35 * g / GHOSTS;
            series.add(new PlotCanvas.Series(g == 1 ? "earlier iterations" : "", steps(d.length), d, Palette.fade(pal.series()[0], a), 1.5, false, false));
        }
        String note;
        if (liveDh != null) {
            series.add(new PlotCanvas.Series("‖dL/dh_t‖ now", steps(liveDh.length), liveDh, pal.series()[0], 3, false, false));
            if (liveDc != null) {
                series.add(new PlotCanvas.Series("‖dL/dc_t‖ now", steps(liveDc.length), liveDc, pal.series()[3], 3, false, false));
            }
            note = "live: the trainer's last window, iteration " + Pictures.count(liveIteration)
                    + (layers > 1 ? " · its top layer" : "");
        } else {
            note = "";
        }
        BpttTrace t = model.trace();
        if (t != null) {
            if (liveDh == null) {
                series.add(new PlotCanvas.Series("‖dL/dh_t‖", steps(t.length()), t.dhNorms(), pal.series()[0], 3, false, true));
            }
            series.add(new PlotCanvas.Series("‖∂ℓ_T/∂h_t‖ (last step's error only)", steps(t.length()), t.lastLossNorms(), pal.series()[2], 2.5, false, false));
            if (t.hasJacobians()) {
                series.add(new PlotCanvas.Series("‖dh_T/dh_t‖ (walk-through)", steps(t.length()), t.jacobianNorms(), pal.series()[1], 2.5, true, false));
            }
            note += (note.isEmpty() ? "" : " · ") + "walk-through: " + model.descriptionProperty().get()
                    + (t.hasJacobians() ? "" : " (Jacobian products skipped: too large)");
        }
        StackWalk stack = model.stack();
        if (stack != null) {
            // one curve per layer: the error reaching layer k at step t from the window's whole loss
            int L = stack.layerCount();
            for (int k = 0; k < L; k++) {
                WindowTrace layer = stack.layer(k);
                series.add(new PlotCanvas.Series(PositionText.layerName(k, L), steps(layer.length()), layer.dhNorms(),
                        pal.series()[k % pal.series().length], 2.5, false, false));
            }
            note += (note.isEmpty() ? "" : " · ") + "walk-through, ‖dL/dh_t‖ per layer: " + model.descriptionProperty().get();
        }
        WindowTrace gw = model.gated();
        if (gw != null) {
            // the gated walk's own error signals (the vanilla trace's Jacobian products have no gated counterpart here)
            series.add(new PlotCanvas.Series("‖dL/dh_t‖ (walk-through)", steps(gw.length()), gw.dhNorms(), pal.series()[0], 2.5, liveDh != null, liveDh == null));
            double[] dc = gw.gates().dcNorms();
            if (dc != null) {
                series.add(new PlotCanvas.Series("‖dL/dc_t‖ (walk-through)", steps(dc.length), dc, pal.series()[3], 2.5, true, liveDh == null));
            }
            note += (note.isEmpty() ? "" : " · ") + "walk-through: " + model.descriptionProperty().get();
        }
        flowDh.setNote(note);
        flowDh.setSeries(series);
    }

    private static double[] steps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    void showSpectral(SpectralTracker.History h) {
        if (!selected(flowTab)) {
            pendingSpectral = h;
            return;
        }
        pendingSpectral = null;
        Palette pal = Palette.of(theme);
        double[] x = new double[h.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = h.iteration()[i];
        }
        flowRadius.setNote(h.latest() == null ? "computed off the trainer's thread on copies of the weights"
                : String.format(Locale.ROOT, "iteration %,d: radius %.4f, ‖Whh‖₂ %.4f", h.latest().iteration(), h.latest().radius(), h.latest().spectralNorm()));
        flowRadius.setSeries(List.of(
                PlotCanvas.Series.line("max |λ(Whh)|", x, h.radius(), pal.series()[0]),
                new PlotCanvas.Series("‖Whh‖₂", x, h.spectralNorm(), Palette.fade(pal.series()[1], 0.8), 1.5, true, false)));
        if (h.latest() != null) {
            flowEigen.setNote("iteration " + Pictures.count(h.latest().iteration()) + " · " + h.latest().real().length + " eigenvalues");
            flowEigen.setSeries(List.of(new PlotCanvas.Series("λ", h.latest().real(), h.latest().imaginary(), pal.series()[0], 1, false, true)));
        } else {
            flowEigen.setSeries(List.of());
        }
    }

    /** The model the weights page shows (its layer chooser redraws it). */
    private ModelSnapshot shownModel;

    /**
     * The weights page's model: its input, recurrent and output matrices, a stacked model's of the layer
     * chosen (the top one until another is), with their norms.
     */
    void showModel(ModelSnapshot m) {
        pendingModel = m;
        modelStale = !selected(weightsTab);
        if (modelStale) {
            return;
        }
        pendingModel = null;
        shownModel = m;
        boolean stacked = m != null && m.layers() > 1;
        syncLayerChooser(stacked ? m.layers() : 1);
        boolean vanilla = !stacked && (m == null || m.cell() == Cell.VANILLA);
        // the input, recurrent and output matrices: a gated cell's stack its gates' rows (weight_ih is G·H x V);
        // a stacked model's are the chosen layer's (weight_ih_l1 is G·H x H: it reads the layer below)
        int layer = stacked ? (weightsLayerShown < 0 ? m.layers() - 1 : weightsLayerShown) : 0;
        String top = stacked ? "_l" + layer : "";
        String[] names = vanilla ? new String[] {"Wxh", "Whh", "Why"} : new String[] {"weight_ih" + top, "weight_hh" + top, "Why"};
        for (int r = 0; r < 3; r++) {
            int index = m == null ? -1 : parameterIndex(m, names[r]);
            heat[r][0].setTitle(names[r]);
            heat[r][1].setTitle("d" + names[r]);
            heat[r][2].setTitle("mem " + names[r]);
            heat[r][0].setTensor(m == null ? null : m.parameters().get(index));
            heat[r][1].setTensor(m == null || m.gradients().isEmpty() ? null : m.gradient("d" + names[r]));
            heat[r][2].setTensor(m == null || m.memory().size() <= index ? null : m.memory().get(index));
        }
        String gatedRows = vanilla ? "" : (stacked ? layerNote(m, layer, names) : "")
                + (m.cell() == Cell.VANILLA ? " Its biases bias_ih, bias_hh and by are not drawn."
                : " The " + m.cell().cliName().toUpperCase(Locale.ROOT) + "'s weight_ih and weight_hh stack its gates' rows ("
                + String.join(", ", m.cell().gateNames()) + ", " + m.hiddenSize() + " rows each); its biases bias_ih, bias_hh and by are not drawn.");
        weightsNote.setText(m == null ? "No model yet."
                : "Heatmaps: weights, last gradients and optimizer memory of iteration " + Pictures.count(m.iteration())
                + " (red positive, blue negative, scaled to the largest magnitude; memory on a square-root scale)." + gatedRows);
    }

    /** The layer chooser lists the model's layers (top one chosen when their number changes), shown for a stack only. */
    private void syncLayerChooser(int L) {
        if (weightsLayer.getItems().size() != L) {
            List<String> items = new ArrayList<>();
            for (int k = 0; k < L; k++) {
                items.add(PositionText.layerName(k, L));
            }
            weightsLayerShown = -1;
            weightsLayer.getItems().setAll(items);
            weightsLayer.getSelectionModel().select(L - 1);
        }
        weightsLayerGroup.setVisible(L > 1);
        weightsLayerGroup.setManaged(L > 1);
    }

    /** What the page says of a stacked model's layer shown: which it is, what it reads, its matrices' norms (the engine's). */
    private static String layerNote(ModelSnapshot m, int layer, String[] names) {
        StringBuilder b = new StringBuilder(" Showing ").append(PositionText.layerName(layer, m.layers())).append(" of ").append(m.layers())
                .append(layer == 0 ? ": its weight_ih reads the characters." : ": its weight_ih reads the hidden state of the layer below.");
        for (int r = 0; r < 2; r++) {
            b.append(String.format(Locale.ROOT, " ‖%s‖ %.3g", names[r], m.parameter(names[r]).norm()));
            if (!m.gradients().isEmpty()) {
                b.append(String.format(Locale.ROOT, ", ‖d%s‖ %.3g", names[r], m.gradient("d" + names[r]).norm()));
            }
            b.append(r == 0 ? ";" : ".");
        }
        return b.append(" The charts over iterations follow ").append(m.parameters().get(0).name).append(", ")
                .append(m.parameters().get(1).name).append(" and Why.").toString();
    }

    private TrainingStats.View lastStats;

    void showStats(TrainingStats.View v, long iteration) {
        if (v == null || v == lastStats) {
            return;
        }
        if (!selected(weightsTab)) {
            pendingStats = v;
            pendingStatsIteration = iteration;
            return;
        }
        pendingStats = null;
        lastStats = v;
        Palette pal = Palette.of(theme);
        double[] x = new double[v.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = v.iteration()[i];
        }
        String note = v.size() == 0 ? "" : "iteration " + Pictures.count(iteration) + " · every " + Pictures.count(v.stride()) + " it.";
        chartParams.setNote(note);
        chartGrads.setNote(note);
        chartRatio.setNote(note + (v.size() == 0 ? "" : " · ‖lr·g/√(mem+ε)‖ / ‖W‖, dashed 1e-3"));
        chartClipped.setNote(note);
        chartParams.setSeries(perMatrix(x, v.paramNorm(), pal));
        chartGrads.setSeries(perMatrix(x, v.gradNorm(), pal));
        chartRatio.setSeries(perMatrix(x, v.updateRatio(), pal));
        List<PlotCanvas.Series> clipped = new ArrayList<>(perMatrix(x, v.clippedFraction(), pal));
        clipped.add(new PlotCanvas.Series("all", x, v.clippedAll(), pal.foreground(), 1.5, true, false));
        chartClipped.setSeries(clipped);
    }

    private static int parameterIndex(ModelSnapshot m, String name) {
        for (int i = 0; i < m.parameters().size(); i++) {
            if (m.parameters().get(i).name.equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no parameter named " + name);
    }

    /** One line per tracked matrix, named as the model names it (Wxh, Whh, Why; weight_ih, weight_hh, bias_ih). */
    private List<PlotCanvas.Series> perMatrix(double[] x, double[][] ys, Palette pal) {
        List<PlotCanvas.Series> out = new ArrayList<>();
        for (int m = 0; m < ys.length; m++) {
            out.add(PlotCanvas.Series.line(m < statsNames.size() ? statsNames.get(m) : TrainingStats.MATRICES.get(m), x, ys[m], pal.series()[m]));
        }
        return out;
    }
}
