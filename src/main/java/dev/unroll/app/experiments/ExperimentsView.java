package dev.unroll.app.experiments;

import dev.unroll.app.core.Icons;
import dev.unroll.app.core.Theme;
import dev.unroll.app.fx.Throttle;
import dev.unroll.app.ui.ColorMap;
import dev.unroll.app.ui.FormGrid;
import dev.unroll.app.ui.MessageLine;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.app.ui.Toolbars;
import dev.unroll.app.ui.ViewScroll;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.engine.sweep.RunResult;
import dev.unroll.engine.sweep.RunStatus;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.render.ChartFigure;
import dev.unroll.render.FigureStyle;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The Experiments view: the grid form on the left; on the right the loss curves of every run
 * overlaid (one colour per run, a legend naming every run's cell when the grid has several, runs
 * toggled in the table), the runs table (progress bar,
 * pause and cancel per run; sortable, sorted by loss, the best run highlighted) and the selected
 * run's samples with "Open in views".
 *
 * <p>Node ids (for tests and the talk script): {@code exp-cells}, {@code exp-hidden}, {@code exp-rates},
 * {@code exp-seq}, {@code exp-seeds}, {@code exp-iterations}, {@code exp-val},
 * {@code exp-parallel}, {@code exp-preset}, {@code exp-run}, {@code exp-cancel-all},
 * {@code exp-resume}, {@code exp-export-plan}, {@code exp-open}, {@code exp-workspace}, {@code exp-workspace-choose},
 * {@code exp-chart}, {@code exp-smooth}, {@code exp-units}, {@code exp-table},
 * {@code exp-samples}, {@code exp-open-run}, {@code exp-message}, {@code exp-title}; in each
 * table row, {@code exp-progress-NN}, {@code exp-pause-NN}, {@code exp-cancel-NN} (NN the run id).
 */
final class ExperimentsView extends BorderPane {
    private static final PseudoClass BEST = PseudoClass.getPseudoClass("best");
    private static final Duration CHART_INTERVAL = Duration.millis(250);
    /** Points drawn per curve at most. */
    private static final int MAX_POINTS = 1500;

    private final ExperimentsModel model;
    private final XYSeriesCollection dataset = new XYSeriesCollection();
    private final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final TableView<RunRow> table = new TableView<>();
    private final TextArea samples = new TextArea();
    private double[] columnWidths = new double[0];
    private VBox form;
    private SplitPane bottomSplit;
    /** The chart over the table and samples. */
    private SplitPane centerPane;
    /** The least width of the chart, table and samples beside the form in large type (times the theme's text scale). */
    static final double CENTER_MIN_WIDTH = 480;
    private VBox sampleBox;
    private boolean dirty = true;
    private boolean showing;
    private final Throttle chartThrottle = new Throttle("experiments-chart", CHART_INTERVAL, this::redrawIfDirty);

    /** The view's title: what is shown, or what a sweep is while presenting. */
    private final Label title = new Label();

    /** The title as it reads now (tests: it sits in a split pane, found by a lookup only once that pane is skinned). */
    String titleText() {
        return title.getText();
    }

    ExperimentsView(ExperimentsModel model) {
        this.model = model;
        getStyleClass().add("experiments");
        ViewStyles.attach(this);

        NumberAxis x = new NumberAxis("iteration");
        NumberAxis y = new NumberAxis("loss");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.getLegend().setPosition(RectangleEdge.RIGHT);
        viewer = new ChartViewer(chart);
        viewer.setId("exp-chart");
        viewer.setMinSize(200, 160);

        // the chart, table and samples keep a least width beside the grid's form; a narrower view (large type,
        // a small window) scrolls sideways instead of squeezing the table's words to one letter per line
        centerPane = center();
        ScrollPane scroll = ViewScroll.of(new BorderPane(centerPane, null, null, null, form()), "exp-scroll", true);
        setCenter(scroll);
        setBottom(MessageLine.of("exp-message", model.messageProperty()));

        model.smoothProperty().addListener((o, a, b) -> invalidate());
        model.unitsProperty().addListener((o, a, b) -> invalidate());
        model.curveVersionProperty().addListener((o, a, b) -> invalidate());
        model.context().theme().addListener((o, a, t) -> applyTheme(t));
        applyTheme(model.context().theme().get());
    }

    /**
     * The overlay chart as it shows now, for export: a copy of the chart with a copy of its curves
     * (so it can be drawn off the JavaFX thread while the runs go on), at its size on screen; null
     * while there is no curve.
     */
    ChartFigure chartFigure() {
        if (dataset.getSeriesCount() == 0) {
            return null;
        }
        try {
            JFreeChart copy = (JFreeChart) chart.clone();
            XYPlot plot = copy.getXYPlot();
            plot.setDataset((XYSeriesCollection) dataset.clone());
            if (copy.getLegend() != null) {
                copy.getLegend().setSources(new LegendItemSource[] {plot});
            }
            return new ChartFigure(copy, Math.max(400, viewer.getWidth()), Math.max(250, viewer.getHeight()));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the chart cannot be copied", e);
        }
    }

    /** The curves changed: redraw soon (at most {@link #CHART_INTERVAL} apart), when the view shows. */
    private void invalidate() {
        dirty = true;
        if (showing) {
            chartThrottle.request();
        }
    }

    /** The tab shows or hides: a hidden chart is not redrawn; it catches up when shown. */
    void setShowing(boolean on) {
        showing = on;
        if (on && dirty) {
            chartThrottle.request();
        } else if (!on) {
            chartThrottle.cancel();
        }
    }

    private void redrawIfDirty() {
        if (dirty && showing) {
            dirty = false;
            redraw();
        }
    }

    // ---- the form ----

    private VBox form() {
        GridPane g = new GridPane();
        FormGrid.shape(g, "exp-grid").setMinWidth(80);
        int row = 0;
        row = field(g, row, "Cells", "exp-cells", model.cellsProperty(), "Recurrent cells: vanilla, lstm, gru, or a list of them (vanilla,lstm,gru)");
        row = field(g, row, "Hidden sizes", "exp-hidden", model.hiddenSizesProperty(), "Hidden units H: a list (100,250,500) or a range (100..500:200)");
        row = field(g, row, "Learning rates", "exp-rates", model.learningRatesProperty(), "Adagrad learning rates: a list (0.1,0.01,0.001)");
        row = field(g, row, "Sequence lengths", "exp-seq", model.sequenceLengthsProperty(), "Characters per BPTT window T: a list or a range");
        row = field(g, row, "Seeds", "exp-seeds", model.seedsProperty(), "Random seeds: a list or a range (1..3)");
        row = field(g, row, "Iterations", "exp-iterations", model.iterationsProperty(), "Windows trained per run");
        row = field(g, row, "Validation", "exp-val", model.valFractionProperty(), "Fraction of the corpus tail held out for the validation loss (0 to 0.5)");
        Spinner<Integer> parallel = new Spinner<>(1, 64, model.parallelProperty().get());
        parallel.setId("exp-parallel");
        parallel.setEditable(true);
        parallel.setTooltip(new Tooltip("Runs trained at once, each on one core (default: the number of cores)"));
        parallel.valueProperty().addListener((o, a, b) -> model.parallelProperty().set(b));
        g.addRow(row++, new Label("Parallel"), parallel);
        parallel.setMaxWidth(Double.MAX_VALUE);

        Label size = new Label();
        size.getStyleClass().add("exp-hint");
        size.textProperty().bind(Bindings.createStringBinding(() -> {
            try {
                return model.grid().size() + " runs";
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        }, model.cellsProperty(), model.hiddenSizesProperty(), model.learningRatesProperty(), model.sequenceLengthsProperty(), model.seedsProperty(),
                model.iterationsProperty(), model.valFractionProperty()));
        size.setWrapText(true);

        Button preset = new Button("Original nine runs");
        preset.setId("exp-preset");
        preset.setTooltip(new Tooltip("The talk's grid: hidden 100/250/500 x learning rate 0.1/0.01/0.001, 25 characters, 1,000,000 iterations"));
        preset.setOnAction(e -> model.presetOriginal());
        preset.setMaxWidth(Double.MAX_VALUE);

        Button run = new Button("Run sweep");
        run.setId("exp-run");
        run.setDefaultButton(true);
        run.getStyleClass().add("accent");
        run.setMaxWidth(Double.MAX_VALUE);
        run.setTooltip(new Tooltip("Train every run of the grid in the background, in a new folder of the workspace"));
        run.disableProperty().bind(model.runningProperty());
        run.setOnAction(e -> model.start());

        Button cancelAll = new Button("Cancel all");
        cancelAll.setId("exp-cancel-all");
        cancelAll.setMaxWidth(Double.MAX_VALUE);
        cancelAll.setTooltip(new Tooltip("Stop every run; each keeps its checkpoint, so Resume continues the sweep"));
        cancelAll.disableProperty().bind(model.runningProperty().not());
        cancelAll.setOnAction(e -> model.cancelAll());

        Button resume = new Button("Resume");
        resume.setId("exp-resume");
        resume.setMaxWidth(Double.MAX_VALUE);
        resume.setTooltip(new Tooltip("Continue the unfinished runs of this sweep from their checkpoints"));
        resume.disableProperty().bind(model.resumableProperty().not().or(model.runningProperty()));
        resume.setOnAction(e -> model.resumeSweep());

        Button exportPlan = new Button("Export plan…");
        exportPlan.setId("exp-export-plan");
        exportPlan.setMaxWidth(Double.MAX_VALUE);
        exportPlan.setTooltip(new Tooltip("Write the grid, without training it, as commands for GNU parallel, a SLURM job array"
                + " and a Kubernetes Indexed Job, in a new folder; 'unroll sweep --collect' gathers what they train"));
        exportPlan.setOnAction(e -> chooseFolder("Export the plan into a new folder in…", true, model::exportPlan));

        Button open = new Button("Open sweep…");
        open.setId("exp-open");
        open.setMaxWidth(Double.MAX_VALUE);
        open.setTooltip(new Tooltip("Open a sweep folder written by the app or by 'unroll sweep'"));
        open.disableProperty().bind(model.runningProperty());
        open.setOnAction(e -> chooseFolder("Open a sweep folder", true, model::open));

        Label ws = new Label();
        ws.setId("exp-workspace");
        ws.getStyleClass().add("exp-hint");
        ws.textProperty().bind(Bindings.createStringBinding(() -> String.valueOf(model.workspaceProperty().get()), model.workspaceProperty()));
        ws.setWrapText(true);
        ws.setMinHeight(Region.USE_PREF_SIZE); // the whole path, on as many lines as it needs
        Button choose = new Button("Workspace…");
        choose.setId("exp-workspace-choose");
        choose.setMaxWidth(Double.MAX_VALUE);
        choose.setTooltip(new Tooltip("The folder where new sweeps are saved"));
        choose.setOnAction(e -> chooseFolder("Workspace for sweeps", false, model.workspaceProperty()::set));

        Label heading = new Label("Grid");
        heading.getStyleClass().add("exp-heading");
        Label wsHeading = new Label("Workspace");
        wsHeading.getStyleClass().add("exp-heading");
        VBox box = new VBox(8, heading, g, size, preset, run, new HBox(6, cancelAll, resume), exportPlan, new Region(), wsHeading, ws, choose, open);
        ((HBox) box.getChildren().get(5)).getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
        box.getStyleClass().add("exp-form");
        // a talk shows the sweep, not the form: nobody types a grid on a slide, and the table gets the width for its losses
        box.visibleProperty().bind(model.context().presenting().not());
        box.managedProperty().bind(box.visibleProperty());
        box.setPadding(new Insets(10));
        form = box;
        box.setPrefWidth(300);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static int field(GridPane g, int row, String label, String id, StringProperty p, String tip) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(p);
        f.setTooltip(new Tooltip(tip));
        f.setPrefColumnCount(10);
        g.addRow(row, new Label(label), f);
        GridPane.setHgrow(f, Priority.ALWAYS);
        return row + 1;
    }

    // ---- chart, table, samples ----

    private SplitPane center() {
        CheckBox smooth = new CheckBox("Smooth");
        smooth.setId("exp-smooth");
        smooth.selectedProperty().bindBidirectional(model.smoothProperty());
        smooth.setTooltip(new Tooltip("Smooth loss (0.999 moving average, as min-char-rnn prints) or the raw window losses"));
        ComboBox<ExperimentsModel.Units> units = new ComboBox<>();
        units.setId("exp-units");
        units.getItems().setAll(ExperimentsModel.Units.values());
        units.valueProperty().bindBidirectional(model.unitsProperty());
        units.setTooltip(new Tooltip("Loss summed over the window (the original's numbers) or per character"));
        title.setId("exp-title");
        title.getStyleClass().add("exp-heading");
        title.textProperty().bind(model.titleProperty());
        // the chart's settings keep their words; a long title (a sweep's folder, corpus and size) gives way instead,
        // ending in '…' (the whole of it in its tooltip): in a wrapping bar its full width was the bar's least width,
        // and at 1280x720 the chart's pane grew over the grid's form
        title.setMinWidth(0);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(title.textProperty());
        title.setTooltip(whole);
        HBox bar = new HBox(16, title, Toolbars.group(smooth, new Label("Units"), units));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 6, 10));
        VBox chartBox = new VBox(bar, viewer);
        VBox.setVgrow(viewer, Priority.ALWAYS);

        buildTable();
        samples.setId("exp-samples");
        samples.setEditable(false);
        samples.setWrapText(true);
        samples.getStyleClass().add("exp-samples");
        samples.promptTextProperty().bind(Bindings.when(model.context().presenting())
                .then("A run's samples show here: what it writes after training.").otherwise("Click a run to see its samples"));
        Button openRun = new Button("Open in views");
        openRun.setId("exp-open-run");
        openRun.setTooltip(new Tooltip("Load the selected run's checkpoint into the generation, hidden-state and unrolled views"));
        openRun.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        openRun.setOnAction(e -> model.openInViews(table.getSelectionModel().getSelectedItem()));
        Label sh = new Label("Samples");
        sh.getStyleClass().add("exp-heading");
        HBox sampleBar = new HBox(8, sh, new Region(), openRun);
        HBox.setHgrow(sampleBar.getChildren().get(1), Priority.ALWAYS);
        sampleBar.setAlignment(Pos.CENTER_LEFT);
        sampleBox = new VBox(6, sampleBar, samples);
        sampleBox.setPadding(new Insets(6));
        VBox.setVgrow(samples, Priority.ALWAYS);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null) {
                model.samplesOf(r, samples::setText);
            }
            styleSeries();
        });

        SplitPane bottom = new SplitPane(table, sampleBox);
        bottomSplit = bottom;
        bottom.setDividerPositions(0.72);
        SplitPane split = new SplitPane(chartBox, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        return split;
    }

    private void buildTable() {
        table.setId("exp-table");
        Label empty = new Label();
        // in a talk nobody is at the form: the empty table says what a sweep is, not what to press
        empty.textProperty().bind(Bindings.when(model.context().presenting())
                .then("Each run of the grid becomes a row here, ranked by its final loss, and a curve above.")
                .otherwise("Define a grid and press Run sweep, or open a sweep folder."));
        empty.setWrapText(true);
        table.setPlaceholder(empty);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<RunRow, Boolean> shown = new TableColumn<>("");
        shown.setSortable(false);
        shown.setCellValueFactory(c -> c.getValue().shownProperty());
        shown.setCellFactory(c -> new TableCell<>() {
            private final CheckBox box = new CheckBox();
            private final Rectangle swatch = new Rectangle(12, 12);
            private RunRow bound;

            @Override
            protected void updateItem(Boolean v, boolean empty) {
                super.updateItem(v, empty);
                RunRow r = runOf(this, empty);
                if (bound != null) {
                    box.selectedProperty().unbindBidirectional(bound.shownProperty());
                }
                bound = r;
                if (r == null) {
                    setGraphic(null);
                    return;
                }
                box.selectedProperty().bindBidirectional(r.shownProperty());
                box.setTooltip(new Tooltip("Show run " + r.spec().id() + " in the chart"));
                swatch.setFill(color(r.index()));
                setGraphic(new HBox(4, swatch, box));
            }
        });
        shown.setPrefWidth(52);
        shown.setMaxWidth(60);

        TableColumn<RunRow, String> id = text("Run", r -> r.spec().id());
        TableColumn<RunRow, String> cell = text("Cell", r -> r.spec().config().cell().cliName());
        TableColumn<RunRow, Number> hidden = number("Hidden", r -> r.spec().config().hiddenSize());
        TableColumn<RunRow, Number> lr = new TableColumn<>("Learning rate");
        lr.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().spec().config().learningRate()));
        lr.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : SweepGrid.formatRate(v.doubleValue()));
            }
        });
        TableColumn<RunRow, Number> seq = number("T", r -> r.spec().config().sequenceLength());
        TableColumn<RunRow, Number> seed = number("Seed", r -> r.spec().config().seed());

        TableColumn<RunRow, Number> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(c -> c.getValue().progressProperty());
        progress.setCellFactory(c -> new RunGraphicCell<>() {
            private final ProgressBar bar = new ProgressBar(0);

            {
                bar.setMaxWidth(Double.MAX_VALUE);
            }

            @Override
            Node show(RunRow r, Number v) {
                bar.setId("exp-progress-" + r.spec().id());
                bar.setProgress(v == null ? 0 : v.doubleValue());
                return bar;
            }
        });
        progress.setPrefWidth(140);

        // sorted by the run's rank (its loss once it has ended), shown live: rows stay put while runs train
        TableColumn<RunRow, Number> loss = new TableColumn<>("Loss");
        loss.setCellValueFactory(c -> c.getValue().rankProperty());
        loss.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                RunRow r = runOf(this, empty);
                textProperty().unbind();
                if (r == null) {
                    setText(null);
                } else {
                    textProperty().bind(Bindings.createStringBinding(() -> lossText(r),
                            r.lossProperty(), r.statusProperty(), r.resultProperty()));
                }
            }
        });
        loss.setComparator((a, b) -> Double.compare(a.doubleValue(), b.doubleValue()));
        Label lossHeader = new Label("Loss");
        lossHeader.setTooltip(new Tooltip("Smooth loss at the end (live while training); N/A when the run diverged. "
                + "Sorted by loss, ended runs come first; runs still training keep their places until they end"));
        loss.setText(null);
        loss.setGraphic(lossHeader);

        TableColumn<RunRow, Number> val = new TableColumn<>("Val. loss");
        val.setCellValueFactory(c -> c.getValue().valLossProperty());
        val.setCellFactory(c -> formatted(3));
        TableColumn<RunRow, Number> bpc = new TableColumn<>("Bits/char");
        bpc.setCellValueFactory(c -> Bindings.createDoubleBinding(() -> {
            RunRow r = c.getValue();
            double v = r.valLossProperty().get();
            return Double.isFinite(v) ? v / Math.log(2) : r.lossProperty().get() / r.spec().config().sequenceLength() / Math.log(2);
        }, c.getValue().valLossProperty(), c.getValue().lossProperty()));
        bpc.setCellFactory(c -> formatted(3));
        TableColumn<RunRow, Number> speed = new TableColumn<>("Iter/s");
        speed.setCellValueFactory(c -> c.getValue().speedProperty());
        speed.setCellFactory(c -> formatted(0));
        TableColumn<RunRow, String> time = new TableColumn<>("Time");
        time.setCellValueFactory(c -> c.getValue().timeProperty());
        TableColumn<RunRow, String> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> Bindings.createStringBinding(() -> {
            RunRow r = c.getValue();
            String s = r.status().label();
            return r.messageProperty().get().isEmpty() ? s : s + ": " + r.messageProperty().get();
        }, c.getValue().statusProperty(), c.getValue().messageProperty()));
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                setTooltip(empty || v == null ? null : new Tooltip(v));
            }
        });

        TableColumn<RunRow, RunStatus> actions = new TableColumn<>("");
        actions.setSortable(false);
        actions.setCellValueFactory(c -> c.getValue().statusProperty());
        actions.setCellFactory(c -> new RunGraphicCell<>() {
            private final Button pause = Icons.only(MaterialDesignP.PAUSE, "Pause");
            private final Button cancel = Icons.only(MaterialDesignC.CLOSE, "Stop the run");
            private final HBox box = new HBox(4, pause, cancel);

            {
                pause.getStyleClass().add("exp-small");
                cancel.getStyleClass().add("exp-small");
                pause.setOnAction(e -> {
                    RunRow r = getTableRow().getItem();
                    if (r != null) {
                        if (r.pausedProperty().get()) {
                            model.resume(r);
                        } else {
                            model.pause(r);
                        }
                        update(r);
                    }
                });
                cancel.setOnAction(e -> {
                    RunRow r = getTableRow().getItem();
                    if (r != null) {
                        model.cancel(r);
                    }
                });
            }

            private void update(RunRow r) {
                boolean live = model.runningProperty().get() && !r.status().isOver();
                pause.setDisable(!live);
                cancel.setDisable(!live);
                boolean paused = r.pausedProperty().get();
                if (Icons.iconOf(pause) != (paused ? MaterialDesignP.PLAY : MaterialDesignP.PAUSE)) {
                    Icons.set(pause, paused ? MaterialDesignP.PLAY : MaterialDesignP.PAUSE, paused ? "Resume" : "Pause");
                }
            }

            @Override
            Node show(RunRow r, RunStatus v) {
                pause.setId("exp-pause-" + r.spec().id());
                cancel.setId("exp-cancel-" + r.spec().id());
                pause.setTooltip(new Tooltip("Pause or resume run " + r.spec().id()));
                cancel.setTooltip(new Tooltip("Stop run " + r.spec().id() + " (its checkpoint is kept)"));
                update(r);
                return box;
            }
        });
        actions.setPrefWidth(80);
        model.runningProperty().addListener((o, a, b) -> table.refresh());

        // the run's pause and cancel buttons sit beside its progress bar, so they stay in view when
        // a narrow window or large presentation type scrolls the table's right-hand columns away
        table.getColumns().setAll(List.of(shown, id, cell, hidden, lr, seq, seed, progress, actions, loss, val, bpc, speed, time, status));
        // minimum widths in units of the normal font (headers in bold), scaled with the theme (presentation type is larger)
        double[] widths = {52, 44, 62, 58, 124, 36, 50, 110, 76, 66, 70, 72, 56, 60, 80};
        columnWidths = widths;
        SortedList<RunRow> sorted = new SortedList<>(model.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        loss.setSortType(TableColumn.SortType.ASCENDING);
        table.getSortOrder().add(loss);

        table.setRowFactory(t -> new TableRow<>() {
            private final ChangeListener<Boolean> bestListener = (o, a, b) -> pseudoClassStateChanged(BEST, b);

            @Override
            protected void updateItem(RunRow r, boolean empty) {
                RunRow old = getItem();
                if (old != null) {
                    old.bestProperty().removeListener(bestListener);
                }
                super.updateItem(r, empty);
                if (r != null && !empty) {
                    r.bestProperty().addListener(bestListener);
                    pseudoClassStateChanged(BEST, r.bestProperty().get());
                } else {
                    pseudoClassStateChanged(BEST, false);
                }
            }
        });
        model.rows().addListener((ListChangeListener<RunRow>) ch -> {
            while (ch.next()) {
                for (RunRow r : ch.getAddedSubList()) {
                    r.shownProperty().addListener((o, a, b) -> invalidate());
                }
            }
        });
    }

    private static String lossText(RunRow r) {
        return r.lossText();
    }

    private static TableColumn<RunRow, String> text(String title, Function<RunRow, String> f) {
        TableColumn<RunRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
        return c;
    }

    /** The run in {@code cell}'s row, or null in an empty row. */
    private static RunRow runOf(TableCell<RunRow, ?> cell, boolean empty) {
        return empty || cell.getTableRow() == null ? null : cell.getTableRow().getItem();
    }

    /** A cell that shows a graphic for the run in its row ({@link #show}), and none in an empty row. */
    private abstract static class RunGraphicCell<T> extends TableCell<RunRow, T> {
        @Override
        protected void updateItem(T v, boolean empty) {
            super.updateItem(v, empty);
            RunRow r = runOf(this, empty);
            setGraphic(r == null ? null : show(r, v));
        }

        /** Sets the graphic up for run {@code r}, the cell's value {@code v}; the graphic. */
        abstract Node show(RunRow r, T v);
    }

    private static TableColumn<RunRow, Number> number(String title, ToLongFunction<RunRow> f) {
        TableColumn<RunRow, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(f.applyAsLong(v.getValue())));
        return c;
    }

    private static TableCell<RunRow, Number> formatted(int digits) {
        return new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : RunResult.number(v.doubleValue(), digits));
            }
        };
    }

    /**
     * The colour of the run at {@code index} in the current theme, the same in the chart and in the table's
     * swatch: the theme palette's series colours, readable on the theme's background (they repeat after the last).
     */
    Color color(int index) {
        return ColorMap.unpack(model.context().theme().get().palette().seriesColor(index));
    }

    private java.awt.Color awt(int index) {
        return PictureExport.style(model.context().theme().get()).seriesColor(index);
    }

    // ---- drawing the curves ----

    private void redraw() {
        boolean smooth = model.smoothProperty().get();
        boolean perChar = model.unitsProperty().get() == ExperimentsModel.Units.PER_CHAR;
        boolean manyCells = model.rows().stream().map(r -> r.spec().config().cell()).distinct().count() > 1;
        chart.setNotify(false);
        try {
            dataset.removeAllSeries();
            for (RunRow r : model.rows()) {
                XYSeries s = new XYSeries(manyCells ? r.spec().labelWithCell() : r.spec().label(), false, true);
                RunRow.Curve c = r.curveProperty().get();
                int n = c.size();
                int step = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
                double div = perChar ? r.spec().config().sequenceLength() : 1;
                double[] ys = smooth ? c.smooth() : c.loss();
                for (int i = 0; i < n; i += step) {
                    double v = ys[i];
                    if (Double.isFinite(v)) {
                        s.add(c.iteration()[i], v / div, false);
                    }
                }
                if (n > 0 && (n - 1) % step != 0 && Double.isFinite(ys[n - 1])) {
                    s.add(c.iteration()[n - 1], ys[n - 1] / div, false);
                }
                dataset.addSeries(s);
                int i = dataset.getSeriesCount() - 1;
                renderer.setSeriesVisible(i, r.shownProperty().get());
            }
            styleSeries();
            ((NumberAxis) chart.getXYPlot().getRangeAxis()).setLabel(
                    (smooth ? "smooth loss" : "loss") + (perChar ? " per character" : " per window (sum)"));
        } finally {
            chart.setNotify(true);
        }
    }

    /**
     * Each run's colour and line; with a run selected in the table, its curve is drawn thick and on
     * top and the others faded, so the selected run stands out in the overlay.
     */
    private void styleSeries() {
        RunRow selected = table.getSelectionModel().getSelectedItem();
        double scale = model.context().theme().get().scale();
        List<RunRow> rows = model.rows();
        for (int i = 0; i < dataset.getSeriesCount() && i < rows.size(); i++) {
            RunRow r = rows.get(i);
            java.awt.Color c = awt(r.index());
            boolean faded = selected != null && selected != r;
            renderer.setSeriesPaint(i, faded ? new java.awt.Color(c.getRed(), c.getGreen(), c.getBlue(), 70) : c, false);
            renderer.setSeriesStroke(i, new BasicStroke((float) ((selected == r ? 3.5 : 1.5) * scale)), false);
        }
        // the selected curve on top: JFreeChart draws series in order, the last over the others
        chart.getXYPlot().setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        chart.fireChartChanged();
    }

    /** The width a series is drawn with (tests check the selected run stands out). */
    float seriesWidth(int i) {
        Stroke st = renderer.getSeriesStroke(i);
        return st instanceof BasicStroke b ? b.getLineWidth() : Float.NaN;
    }

    private void applyTheme(Theme t) {
        FigureStyle style = PictureExport.style(t);
        java.awt.Color bg = style.background();
        java.awt.Color fg = style.foreground();
        java.awt.Color gridLine = style.grid();
        float scale = (float) t.scale();
        chart.setBackgroundPaint(bg);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(bg);
        plot.setDomainGridlinePaint(gridLine);
        plot.setRangeGridlinePaint(gridLine);
        plot.setOutlineVisible(false);
        for (NumberAxis a : new NumberAxis[] {(NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis()}) {
            a.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(13 * scale)));
            a.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(11 * scale)));
            a.setLabelPaint(fg);
            a.setTickLabelPaint(fg);
            a.setAxisLinePaint(fg);
            a.setTickMarkPaint(fg);
        }
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(new Font(Font.MONOSPACED, Font.PLAIN, Math.round(12 * scale)));
        legend.setItemPaint(fg);
        legend.setBackgroundPaint(bg);
        form.setPrefWidth(300 * t.scale());
        bottomSplit.setDividerPositions(0.7);
        sampleBox.setMinWidth(250 * t.scale()); // its heading and "Open in views" stay readable
        // in large type the table's words need the room (it scrolls sideways below it); in normal type it fits as before
        centerPane.setMinWidth(t.scale() > 1 ? CENTER_MIN_WIDTH * t.scale() : 0);
        for (int i = 0; i < columnWidths.length && i < table.getColumns().size(); i++) {
            table.getColumns().get(i).setMinWidth(columnWidths[i] * t.scale());
        }
        table.refresh(); // the swatches take the theme's colours
        // at presentation size the columns do not all fit: they keep their widths and the table scrolls sideways
        table.setColumnResizePolicy(t.scale() > 1 ? TableView.UNCONSTRAINED_RESIZE_POLICY : TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        invalidate();
    }

    /** The chart's data (tests count its series). */
    XYSeriesCollection dataset() {
        return dataset;
    }

    /** The colour series {@code i} is drawn with (tests check it is the table's swatch of its run). */
    Paint seriesPaint(int i) {
        return renderer.getSeriesPaint(i);
    }

    /** Which series are drawn (tests check toggling). */
    boolean seriesVisible(int i) {
        return renderer.isSeriesVisible(i);
    }

    TableView<RunRow> table() {
        return table;
    }

    /**
     * Asks for a folder (titled {@code title}; starting in the workspace when {@code inWorkspace} and it
     * exists) and gives the one chosen to {@code then}; nothing when the dialog is cancelled.
     */
    private void chooseFolder(String title, boolean inWorkspace, Consumer<Path> then) {
        DirectoryChooser ch = new DirectoryChooser();
        ch.setTitle(title);
        File start = model.workspaceProperty().get().toFile();
        if (inWorkspace && start.isDirectory()) {
            ch.setInitialDirectory(start);
        }
        File f = ch.showDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            then.accept(f.toPath());
        }
    }
}
