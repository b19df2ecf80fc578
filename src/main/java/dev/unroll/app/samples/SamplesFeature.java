package dev.unroll.app.samples;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Feature;
import dev.unroll.app.events.GeneratedText;
import dev.unroll.engine.Sample;
import dev.unroll.engine.TrainingSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The samples drawn during training, newest first, each with its iteration and smooth loss (per
 * window and per character), in a monospaced font; plus texts the generation view published as
 * {@link GeneratedText}, marked as generated with their settings. Samples are merged by iteration
 * from every snapshot handed to the UI, so none is lost between pulses; at most
 * {@value #MAX_ENTRIES} are kept. Copy and save all or the selected ones.
 *
 * <p>Node ids: {@code samples-list}, {@code samples-copy}, {@code samples-save}, {@code samples-count}.
 */
public final class SamplesFeature implements Feature {
    static final int MAX_ENTRIES = 2000;

    /** One row: a training sample or a generated text. */
    public record Entry(long iteration, double smoothLoss, int sequenceLength, double temperature, String text,
                        boolean generated, String settings) {

        public String header() {
            if (generated) {
                return "Generated" + (iteration >= 0 ? String.format(Locale.ROOT, " · weights of iteration %,d", iteration) : "")
                        + (settings.isEmpty() ? "" : " · " + settings);
            }
            return String.format(Locale.ROOT, "Iteration %,d · smooth loss %.2f (%.3f per char) · temperature %s",
                    iteration, smoothLoss, smoothLoss / sequenceLength, trim(temperature));
        }

        private static String trim(double d) {
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
    }

    private final AppContext context;
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final ListView<Entry> list = new ListView<>(entries);
    private final Label count = new Label();
    private final BorderPane root = new BorderPane();
    private long lastIteration = -1;
    private List<Sample> lastSamples;
    private Object runConfig;
    private long lastSnapshotIteration = -1;

    public SamplesFeature(AppContext context) {
        this.context = context;
        list.setId("samples-list");
        list.getStyleClass().add("samples-list");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(lv -> new EntryCell());
        list.setPlaceholder(new Label("Samples appear here while the network trains."));
        list.setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) {
                copy();
                e.consume();
            }
        });

        Button copy = new Button("Copy");
        copy.setId("samples-copy");
        copy.setTooltip(new Tooltip("Copy the selected samples, or all when none is selected (Ctrl+C in the list)"));
        copy.setOnAction(e -> copy());
        Button save = new Button("Save…");
        save.setId("samples-save");
        save.setTooltip(new Tooltip("Save the selected samples, or all when none is selected, as a text file"));
        save.setOnAction(e -> chooseAndSave());
        count.setId("samples-count");
        count.getStyleClass().add("dim");
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        ToolBar bar = new ToolBar(copy, save, spring, count);
        bar.getStyleClass().add("view-toolbar");
        root.setTop(bar);
        root.setCenter(list);
        root.getStyleClass().add("samples-view");
        updateCount();

        context.snapshot().addListener((obs, old, s) -> merge(s));
        context.events().subscribe(GeneratedText.class, this::addGenerated);
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
        return root;
    }

    /** Takes the samples of a snapshot that are newer than those listed. */
    void merge(TrainingSnapshot s) {
        if (s == null) {
            // the run was reset: its samples go with it
            entries.removeIf(e -> !e.generated());
            lastIteration = -1;
            lastSamples = null;
            runConfig = null;
            lastSnapshotIteration = -1;
            updateCount();
            return;
        }
        if (s.config() != runConfig && runConfig != null && s.iteration() < lastSnapshotIteration) {
            // another run replaced the one listed
            entries.removeIf(e -> !e.generated());
            lastIteration = -1;
        }
        runConfig = s.config();
        lastSnapshotIteration = s.iteration();
        List<Sample> samples = s.samples();
        if (samples == lastSamples || samples.isEmpty()) {
            return;
        }
        lastSamples = samples;
        int from = samples.size();
        while (from > 0 && samples.get(from - 1).iteration() > lastIteration) {
            from--;
        }
        if (from == samples.size()) {
            return;
        }
        List<Entry> fresh = new ArrayList<>(samples.size() - from);
        for (int i = samples.size() - 1; i >= from; i--) {
            Sample x = samples.get(i);
            fresh.add(new Entry(x.iteration(), x.smoothLoss(), s.sequenceLength(), x.temperature(), x.text(), false, ""));
        }
        lastIteration = samples.get(samples.size() - 1).iteration();
        entries.addAll(0, fresh);
        trim();
        updateCount();
    }

    private void addGenerated(GeneratedText g) {
        entries.add(0, new Entry(g.iteration(), Double.NaN, 1, Double.NaN, g.text(), true, g.settings()));
        trim();
        updateCount();
    }

    private void trim() {
        if (entries.size() > MAX_ENTRIES) {
            entries.remove(MAX_ENTRIES, entries.size());
        }
    }

    private void updateCount() {
        long generated = entries.stream().filter(Entry::generated).count();
        count.setText(entries.size() - generated + " samples" + (generated > 0 ? ", " + generated + " generated" : ""));
    }

    /** The entries listed, newest first. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The selected entries, or all when none is selected, as text. */
    public String selectionText() {
        List<Entry> chosen = new ArrayList<>(list.getSelectionModel().getSelectedItems());
        if (chosen.isEmpty()) {
            chosen = new ArrayList<>(entries);
        }
        StringBuilder sb = new StringBuilder();
        for (Entry e : chosen) {
            sb.append("--- ").append(e.header()).append(" ---\n").append(e.text()).append("\n\n");
        }
        return sb.toString();
    }

    public void copy() {
        ClipboardContent c = new ClipboardContent();
        c.putString(selectionText());
        Clipboard.getSystemClipboard().setContent(c);
    }

    /** Saves the selected entries (all when none is selected) as UTF-8 text. */
    public void save(Path file) throws IOException {
        Files.writeString(file, selectionText(), StandardCharsets.UTF_8);
    }

    private void chooseAndSave() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save samples");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Text file", "*.txt"));
        fc.setInitialFileName("samples.txt");
        java.io.File f = fc.showSaveDialog(context.window().get());
        if (f != null) {
            try {
                save(f.toPath());
            } catch (IOException | RuntimeException ex) {
                Alert a = new Alert(Alert.AlertType.ERROR, "Could not write " + f + ": " + ex.getMessage());
                a.initOwner(context.window().get());
                a.show();
            }
        }
    }

    /** A header line and the text in a monospaced font, wrapped to the list's width. */
    private final class EntryCell extends ListCell<Entry> {
        private final Label header = new Label();
        private final Label text = new Label();
        private final VBox box = new VBox(2, header, text);

        EntryCell() {
            header.getStyleClass().add("sample-header");
            text.getStyleClass().addAll("mono", "sample-text");
            text.setWrapText(true);
            text.maxWidthProperty().bind(list.widthProperty().subtract(40));
            header.maxWidthProperty().bind(list.widthProperty().subtract(40));
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(Entry item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || item == null) {
                setGraphic(null);
                pseudoClassStateChanged(GENERATED, false);
            } else {
                header.setText(item.header());
                text.setText(item.text());
                setGraphic(box);
                pseudoClassStateChanged(GENERATED, item.generated());
            }
        }
    }

    private static final javafx.css.PseudoClass GENERATED = javafx.css.PseudoClass.getPseudoClass("generated");
}
