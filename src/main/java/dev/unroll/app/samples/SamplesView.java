package dev.unroll.app.samples;

import dev.unroll.app.core.Icons;
import dev.unroll.app.samples.SamplesModel.Entry;
import dev.unroll.app.ui.ViewStyles;

import javafx.css.PseudoClass;
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
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The samples view: the model's rows, newest first, each a header line and the text in a monospaced
 * font; copy and save all or the selected ones. Ctrl+C is {@link SamplesFeature}'s scoped command
 * {@value SamplesFeature#COPY}, not a key handler of the list.
 *
 * <p>Node ids: {@code samples-list}, {@code samples-copy}, {@code samples-save}, {@code samples-count}.
 */
public final class SamplesView extends BorderPane {
    private static final PseudoClass GENERATED = PseudoClass.getPseudoClass("generated");

    private final SamplesModel model;
    private final Supplier<Window> owner;
    private final ListView<Entry> list;

    /**
     * @param model what to show
     * @param owner the window that owns the save dialog and its error message
     */
    public SamplesView(SamplesModel model, Supplier<Window> owner) {
        this.model = model;
        this.owner = owner;
        list = new ListView<>(model.entryList());
        list.setId("samples-list");
        list.getStyleClass().add("samples-list");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(lv -> new EntryCell());
        list.setPlaceholder(new Label("Samples appear here while the network trains."));

        Button copy = Icons.beside(new Button("Copy"), MaterialDesignC.CONTENT_COPY);
        copy.setId("samples-copy");
        copy.setTooltip(new Tooltip("Copy the selected samples, or all when none is selected (Ctrl+C)"));
        copy.setOnAction(e -> copy());
        Button save = Icons.beside(new Button("Save…"), MaterialDesignC.CONTENT_SAVE_OUTLINE);
        save.setId("samples-save");
        save.setTooltip(new Tooltip("Save the selected samples, or all when none is selected, as a text file"));
        save.setOnAction(e -> chooseAndSave());
        Label count = new Label();
        count.setId("samples-count");
        count.getStyleClass().add("dim");
        count.textProperty().bind(model.countProperty());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        ToolBar bar = new ToolBar(copy, save, spring, count);
        bar.getStyleClass().add("view-toolbar");
        setTop(bar);
        setCenter(list);
        getStyleClass().add("samples-view");
        ViewStyles.attach(this);
    }

    /** The selected entries, or all when none is selected, as text. */
    public String selectionText() {
        return model.text(selected());
    }

    /** Copies the selected entries, or all when none is selected, to the clipboard. */
    public void copy() {
        ClipboardContent c = new ClipboardContent();
        c.putString(selectionText());
        Clipboard.getSystemClipboard().setContent(c);
    }

    /** Saves the selected entries (all when none is selected) as UTF-8 text. */
    public void save(Path file) throws IOException {
        model.save(file, selected());
    }

    private List<Entry> selected() {
        return List.copyOf(list.getSelectionModel().getSelectedItems());
    }

    private void chooseAndSave() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save samples");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Text file", "*.txt"));
        fc.setInitialFileName("samples.txt");
        File f = fc.showSaveDialog(owner.get());
        if (f != null) {
            try {
                save(f.toPath());
            } catch (IOException | RuntimeException ex) {
                Alert a = new Alert(Alert.AlertType.ERROR, "Could not write " + f + ": " + ex.getMessage());
                a.initOwner(owner.get());
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
}
