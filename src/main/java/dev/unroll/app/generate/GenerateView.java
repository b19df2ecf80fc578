package dev.unroll.app.generate;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.core.Icons;
import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.Toolbars;
import dev.unroll.app.ui.InvalidField;
import dev.unroll.app.ui.NoticeBar;
import dev.unroll.app.ui.TypedNumber;
import dev.unroll.app.ui.ViewScroll;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.generate.GenerationSettings;
import dev.unroll.engine.generate.Sampler;

import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.event.ActionEvent;
import javafx.event.EventHandler;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

import java.io.File;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The generation view: settings at the top, the text (or two or three texts side by side) in a
 * large monospaced font, the selected character's distribution on the right, a status line below.
 * Ctrl+Enter generates, Escape stops (the feature's commands); Shift+Left and Shift+Right move the
 * selection (plain arrows are the training transport's).
 *
 * <p>Ids (for tests and the talk script): {@code prime}, {@code length}, {@code temperature-slider},
 * {@code temperature}, {@code mode}, {@code top-k}, {@code seed}, {@code seed-random}, {@code start-char},
 * {@code pace}, {@code instant}, {@code generate}, {@code stop}, {@code use-latest}, {@code refresh-every},
 * {@code copy}, {@code save}, {@code send}, {@code model-info}, {@code missing-bar}, {@code missing-text},
 * {@code drop-missing}, {@code side-by-side}, {@code compare-temperatures}, {@code compare-models},
 * {@code temperatures}, {@code pin}, {@code load-a}, {@code pinned-info}, {@code lane-0} .. {@code lane-2} (the texts),
 * {@code lane-label-0} .., {@code message}; the distribution pane's ids are listed there.
 */
public final class GenerateView extends BorderPane {
    static final double MIN_T = 0.1;
    static final double MAX_T = 3.0;

    /** The view's id, the scope of its keys (the feature's id). */
    static final String VIEW_ID = "generate";
    /** Command ids: ← and → move the selection in the main text while a character is selected. */
    static final String PREVIOUS_CHARACTER = "generate.previous-character";
    static final String NEXT_CHARACTER = "generate.next-character";

    private final AppContext context;
    private final GenerateModel model;
    /** The least height the generated text and its distribution get; below it the view scrolls. */
    static final double MIN_TEXT_HEIGHT = 300;
    private final HBox laneBox = new HBox();
    private TextCanvas mainCanvas;
    private boolean syncing;

    public GenerateView(AppContext context, GenerateModel model) {
        this.context = context;
        this.model = model;
        setId("generate-view");
        getStyleClass().add("generate");
        ViewStyles.attach(this);

        registerSelectionKeys(context.commands());
        VBox controls = new VBox(6, settingsRow(), samplingRow(), actionsRow(), missingBar(), compareRow());
        controls.getStyleClass().add("controls");

        laneBox.getStyleClass().add("lanes");
        laneBox.setSpacing(8);
        DistributionPane distribution = new DistributionPane(model);
        // the distribution scrolls when its words (large type, a narrow window) need more height than there is
        ScrollPane distributionScroll = ViewScroll.of(distribution, "distribution-scroll", false);
        distributionScroll.setFitToHeight(false); // the distribution's own height: it scrolls when taller than its column
        SplitPane split = new SplitPane(laneBox, distributionScroll);
        split.setDividerPositions(0.7);
        SplitPane.setResizableWithParent(distributionScroll, false);
        distributionScroll.setMinWidth(340); // the split never squeezes the distribution to a sliver (large type)
        // the text and its distribution keep room to read (the distribution's title in large type above all);
        // when the wrapped controls leave less, the view scrolls instead of laying one over the other
        split.setMinHeight(MIN_TEXT_HEIGHT);

        Label message = new Label();
        message.setId("message");
        message.getStyleClass().add("message");
        message.textProperty().bind(model.messageProperty());
        message.setMaxWidth(Double.MAX_VALUE);

        BorderPane content = new BorderPane(split, controls, null, message, null);
        ScrollPane scroll = ViewScroll.of(content, "generate-scroll", false);
        setCenter(scroll);

        model.lanes().addListener((ListChangeListener<Lane>) c -> rebuildLanes());
        rebuildLanes();
        model.selectedProperty().addListener((obs, o, i) -> mainCanvas.setSelected(i.intValue()));
        context.theme().addListener((obs, o, t) -> applyTheme(t));
        applyTheme(context.theme().get());

    }

    private Node settingsRow() {
        TextField prime = new TextField();
        prime.setId("prime");
        prime.textProperty().bindBidirectional(model.primeProperty());
        prime.setPromptText("a beginning, e.g. ROMEO: (empty: start from one character)");
        prime.setTooltip(new Tooltip("The network reads these characters first; the text continues from its hidden state after them"));
        prime.setOnAction(e -> model.generate());
        prime.setPrefColumnCount(26);
        // at most half the view: in large type on a small screen 26 columns ran past the view's edge
        prime.maxWidthProperty().bind(widthProperty().multiply(0.5));

        TextField start = new TextField();
        start.setId("start-char");
        start.setPrefColumnCount(5);
        start.setPromptText("random");
        start.textProperty().bindBidirectional(model.startCharacterProperty());
        start.setTooltip(new Tooltip("With an empty prime: the character to start from (empty: a random one, chosen by the seed)"));
        Label startLabel = label("Start");
        startLabel.disableProperty().bind(model.primeProperty().isNotEmpty());
        start.disableProperty().bind(model.primeProperty().isNotEmpty());

        TextField length = new TextField();
        length.setId("length");
        length.setPrefColumnCount(6);
        length.textProperty().bindBidirectional(model.lengthProperty());
        InvalidField.watch(length, String.format(Locale.ROOT, "Characters to generate, 1 to %,d", GenerationSettings.MAX_LENGTH),
                GenerateModel::length);

        TextField seed = new TextField();
        seed.setId("seed");
        seed.setPrefColumnCount(6);
        seed.textProperty().bindBidirectional(model.seedProperty());
        InvalidField.watch(seed, "Same seed, same text", GenerateModel::seed);
        Button dice = new Button("New seed");
        dice.setId("seed-random");
        dice.setOnAction(e -> model.seedProperty().set(Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000))));

        // wraps onto more rows when the window is narrow: no field or label is cut
        return Toolbars.wrapping(12, Toolbars.group(label("Prime"), prime), Toolbars.group(startLabel, start),
                Toolbars.group(label("Length"), length), Toolbars.group(label("Seed"), seed, dice));
    }

    private Node samplingRow() {
        Slider slider = new Slider(Math.log10(MIN_T), Math.log10(MAX_T), Math.log10(model.temperatureProperty().get()));
        slider.setId("temperature-slider");
        slider.setPrefWidth(260);
        slider.setMajorTickUnit(Math.log10(MAX_T / MIN_T) / 4);
        slider.setTooltip(new Tooltip("Temperature (log scale, 0.1 to 3): low is cautious and repetitive, high is wild"));
        TextField exact = new TextField(format(model.temperatureProperty().get()));
        exact.setId("temperature");
        exact.setPrefColumnCount(4);
        exact.setTooltip(new Tooltip("Exact temperature (" + GenerationSettings.MIN_TEMPERATURE + " to "
                + (int) GenerationSettings.MAX_TEMPERATURE + "); Enter to apply"));
        slider.valueProperty().addListener((obs, o, v) -> {
            if (!syncing) {
                syncing = true;
                model.temperatureProperty().set(round(Math.pow(10, v.doubleValue())));
                syncing = false;
            }
        });
        model.temperatureProperty().addListener((obs, o, t) -> {
            if (!exact.isFocused() || syncing) {
                exact.setText(format(t.doubleValue()));
            }
            if (!syncing) {
                syncing = true;
                slider.setValue(Math.log10(Math.max(MIN_T, Math.min(MAX_T, t.doubleValue()))));
                syncing = false;
            }
        });
        String temperatureHelp = exact.getTooltip().getText();
        InvalidField.watch(exact, temperatureHelp, GenerateView::temperatureOf);
        // what is shown is what the next text is written at
        InvalidField.commitOnEnterOrLeave(exact, GenerateView::temperatureOf, model.temperatureProperty()::set,
                () -> format(model.temperatureProperty().get()));

        ComboBox<Sampler.Mode> mode = new ComboBox<>();
        mode.setId("mode");
        mode.getItems().addAll(Sampler.Mode.values());
        mode.valueProperty().bindBidirectional(model.modeProperty());
        StringConverter<Sampler.Mode> names = new StringConverter<>() {
            @Override
            public String toString(Sampler.Mode m) {
                return m == null ? "" : switch (m) {
                    case SAMPLE -> "Sample";
                    case ARGMAX -> "Argmax";
                    case TOP_K -> "Top-k";
                };
            }

            @Override
            public Sampler.Mode fromString(String s) {
                return Sampler.Mode.SAMPLE;
            }
        };
        mode.setConverter(names);
        mode.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Sampler.Mode m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty ? null : names.toString(m));
            }
        });
        mode.setTooltip(new Tooltip("Sample: draw from the distribution; Argmax: always the most likely; Top-k: draw among the k most likely"));
        Spinner<Integer> k = new Spinner<>(1, 1000, model.topKProperty().get());
        k.setId("top-k");
        k.setEditable(true);
        k.getEditor().setPrefColumnCount(4);
        k.valueProperty().addListener((obs, o, v) -> model.topKProperty().set(v));
        Label kLabel = label("k");
        k.disableProperty().bind(model.modeProperty().isNotEqualTo(Sampler.Mode.TOP_K));
        kLabel.disableProperty().bind(k.disableProperty());

        Slider pace = new Slider(Math.log10(GenerateModel.MIN_PACE), Math.log10(GenerateModel.MAX_PACE), Math.log10(model.paceProperty().get()));
        pace.setId("pace");
        pace.setPrefWidth(160);
        pace.setTooltip(new Tooltip("How fast the characters appear"));
        pace.valueProperty().addListener((obs, o, v) -> model.paceProperty().set(Math.round(Math.pow(10, v.doubleValue()))));
        Label paceValue = new Label();
        paceValue.getStyleClass().add("value");
        paceValue.textProperty().bind(model.paceProperty().asString("%.0f chars/s"));
        paceValue.setMinWidth(90);
        CheckBox instant = new CheckBox("Instant");
        instant.setId("instant");
        instant.selectedProperty().bindBidirectional(model.instantProperty());
        pace.disableProperty().bind(instant.selectedProperty());
        paceValue.disableProperty().bind(instant.selectedProperty());

        return Toolbars.wrapping(12, Toolbars.group(label("Temperature"), slider, exact), Toolbars.group(label("Mode"), mode, kLabel, k),
                Toolbars.group(label("Pace"), pace, paceValue, instant));
    }

    private Node actionsRow() {
        Button generate = Icons.beside(new Button("Generate"), MaterialDesignP.PLAY);
        generate.setId("generate");
        generate.getStyleClass().add("accent");
        generate.setDefaultButton(false);
        context.commands().decorate(generate, GenerateFeature.GENERATE, "Generate from the current weights");
        Button stop = Icons.beside(new Button("Stop"), MaterialDesignS.STOP);
        stop.setId("stop");
        context.commands().decorate(stop, GenerateFeature.STOP, "Stop here; the text so far stays");

        Button latest = button(new Button("Use latest weights"), "use-latest", "Take a fresh copy of the weights from the training run",
                e -> model.useLatestWeights());
        TextField every = new TextField("0");
        every.setId("refresh-every");
        every.setPrefColumnCount(5);
        every.setTooltip(new Tooltip("Copy the weights every this many training iterations (0: only on request)"));
        InvalidField.watch(every, every.getTooltip().getText(), GenerateView::refreshEveryOf);
        InvalidField.commitOnEnterOrLeave(every, GenerateView::refreshEveryOf, model.refreshEveryProperty()::set,
                () -> Long.toString(model.refreshEveryProperty().get()));

        Button copy = button(Icons.beside(new Button("Copy"), MaterialDesignC.CONTENT_COPY), "copy",
                "Copy the text (prime included) to the clipboard", e -> {
                    ClipboardContent content = new ClipboardContent();
                    content.putString(model.allText());
                    Clipboard.getSystemClipboard().setContent(content);
                });
        Button save = Icons.beside(new Button("Save\u2026"), MaterialDesignC.CONTENT_SAVE_OUTLINE);
        save.setId("save");
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save generated text");
            chooser.setInitialFileName("generated.txt");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Text", "*.txt"));
            File f = chooser.showSaveDialog(context.window().get());
            if (f != null) {
                model.save(f.toPath());
            }
        });
        Button send = button(new Button("Send to samples"), "send", "List this text in the samples view with its settings",
                e -> model.sendToSamples());

        Label info = new Label();
        info.setId("model-info");
        info.getStyleClass().add("model-info");
        info.textProperty().bind(model.modelInfoProperty());

        // buttons and the model line keep their words (large presentation type): the row wraps instead
        return Toolbars.wrapping(12, Toolbars.group(generate, stop), Toolbars.group(latest, label("every"), every, label("iterations")),
                Toolbars.group(copy, save, send), info);
    }

    private Node missingBar() {
        Label text = new Label();
        text.setId("missing-text");
        text.setWrapText(true);
        text.textProperty().bind(model.missingProperty().map(m -> "The prime has characters the model does not know: " + m));
        Button drop = new Button("Drop them");
        drop.setId("drop-missing");
        drop.setOnAction(e -> model.dropMissing());
        return NoticeBar.of("missing-bar", "warning-bar", 10, model.missingProperty().isNotEmpty(), text, drop);
    }

    private Node compareRow() {
        CheckBox side = new CheckBox("Side by side");
        side.setId("side-by-side");
        side.selectedProperty().bindBidirectional(model.sideBySideProperty());
        side.setTooltip(new Tooltip("The same prime and seed at two or three temperatures, or from two models"));
        ToggleGroup group = new ToggleGroup();
        RadioButton temps = new RadioButton("temperatures");
        temps.setId("compare-temperatures");
        temps.setToggleGroup(group);
        RadioButton models = new RadioButton("models A and current");
        models.setId("compare-models");
        models.setToggleGroup(group);
        group.selectToggle(model.compareProperty().get() == GenerateModel.Compare.MODELS ? models : temps);
        group.selectedToggleProperty().addListener((obs, o, t) ->
                model.compareProperty().set(t == models ? GenerateModel.Compare.MODELS : GenerateModel.Compare.TEMPERATURES));
        TextField list = new TextField();
        list.setId("temperatures");
        list.setPrefColumnCount(10);
        list.textProperty().bindBidirectional(model.compareTemperaturesProperty());
        list.setTooltip(new Tooltip("Two or three temperatures, e.g. 0.3, 1.0, 2.0"));
        Button pin = button(new Button("Pin current as A"), "pin", "Keep these weights (e.g. early in the run) to compare with later ones",
                e -> model.pinCurrent());
        Button load = button(new Button("Load A from file\u2026"), "load-a", "Use a saved checkpoint (.npz) as model A", e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open a checkpoint as model A");
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Checkpoints", "*.npz"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = chooser.showOpenDialog(context.window().get());
            if (f != null) {
                model.loadPinned(f.toPath());
            }
        });
        Label pinned = new Label();
        pinned.setId("pinned-info");
        pinned.getStyleClass().add("model-info");
        pinned.textProperty().bind(model.pinnedInfoProperty());
        for (Node n : new Node[] {temps, models, list}) {
            n.disableProperty().bind(side.selectedProperty().not().or(n == list ? temps.selectedProperty().not() : side.selectedProperty().not()));
        }
        FlowPane row = new FlowPane(8, 4, side, temps, list, models, pin, load, pinned);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void rebuildLanes() {
        laneBox.getChildren().clear();
        int i = 0;
        for (Lane lane : model.lanes()) {
            TextCanvas canvas = new TextCanvas(lane);
            canvas.setId("lane-" + i);
            canvas.setTheme(context.theme().get());
            Label label = new Label();
            label.setId("lane-label-" + i);
            label.getStyleClass().add("lane-label");
            label.textProperty().bind(lane.labelProperty());
            label.visibleProperty().bind(model.sideBySideProperty());
            label.managedProperty().bind(label.visibleProperty());
            VBox box = new VBox(4, label, canvas);
            box.getStyleClass().add("lane");
            VBox.setVgrow(canvas, Priority.ALWAYS);
            HBox.setHgrow(box, Priority.ALWAYS);
            box.setPrefWidth(100);
            laneBox.getChildren().add(box);
            if (i == 0) {
                mainCanvas = canvas;
                canvas.setSelectable(true, model::select);
                canvas.setSelected(model.selectedProperty().get());
            }
            i++;
        }
    }

    private void applyTheme(Theme t) {
        getStyleClass().removeAll("theme-light", "theme-dark", "theme-presentation");
        getStyleClass().add("theme-" + t.name().toLowerCase(Locale.ROOT));
        for (Node box : laneBox.getChildren()) {
            for (Node n : ((VBox) box).getChildren()) {
                if (n instanceof TextCanvas c) {
                    c.setTheme(t);
                }
            }
        }
    }

    /**
     * ← and → select the previous and the next generated character, scoped to this view and enabled
     * while a character is selected (without a selection → steps training as everywhere else). They
     * are commands, not the canvas's own key handler: the scene's key routing takes the transport keys
     * before any node sees them.
     */
    private void registerSelectionKeys(Commands commands) {
        BooleanBinding selecting = model.selectedProperty().greaterThanOrEqualTo(0);
        commands.add(Command.of(PREVIOUS_CHARACTER, "Previous character",
                () -> model.select(Math.max(0, model.selectedProperty().get() - 1)))
                .scope(VIEW_ID).key(new KeyCodeCombination(KeyCode.LEFT)).enabledWhen(selecting));
        commands.add(Command.of(NEXT_CHARACTER, "Next character",
                () -> model.select(Math.min(model.main().shown() - 1, model.selectedProperty().get() + 1)))
                .scope(VIEW_ID).key(new KeyCodeCombination(KeyCode.RIGHT)).enabledWhen(selecting));
    }

    /** The main text's canvas (for tests). */
    TextCanvas mainCanvas() {
        return mainCanvas;
    }

    /** {@code b} with its id, its tooltip {@code tip} and its {@code action}. */
    private static Button button(Button b, String id, String tip, EventHandler<ActionEvent> action) {
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(action);
        return b;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    private static Separator sep() {
        Separator s = new Separator(Orientation.VERTICAL);
        s.setPadding(new Insets(0, 2, 0, 2));
        return s;
    }

    private static String format(double t) {
        return String.format(Locale.ROOT, "%.2f", t);
    }

    private static double round(double t) {
        return Math.round(t * 100) / 100.0;
    }

    /** The typed exact temperature, or the refusal the field shows (the same sentence as every form's). */
    static double temperatureOf(String typed) {
        double t = TypedNumber.number("temperature", typed);
        if (!(t >= GenerationSettings.MIN_TEMPERATURE && t <= GenerationSettings.MAX_TEMPERATURE)) {
            throw new BadInputException("temperature must be between " + GenerationSettings.MIN_TEMPERATURE + " and "
                    + (int) GenerationSettings.MAX_TEMPERATURE + " (got '" + typed.strip() + "')");
        }
        return t;
    }

    /** The typed "refresh every" count of iterations (0: only on request), or the refusal the field shows. */
    static long refreshEveryOf(String typed) {
        long n = TypedNumber.wholeLong("refresh every", typed);
        if (n < 0) {
            throw new BadInputException("refresh every must be 0 or more iterations (got '" + typed.strip() + "')");
        }
        return n;
    }
}
