package dev.unroll.app.ui;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Theme;
import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.render.Figure;
import dev.unroll.render.FigureStyle;
import dev.unroll.render.Figures;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;

/**
 * Pictures for slides and papers from the views: every chart and heatmap exports as a PNG at twice
 * the screen's resolution ({@link Figures#PRINT_SCALE}) and an SVG beside it, drawn by
 * {@code dev.unroll.render} as {@code unroll export} draws them. A view registers one command,
 * {@code <view>.export-picture} ({@link #register}), which its toolbar button runs and the File
 * menu lists; single charts may offer the same in a context menu ({@link #installContextMenu}).
 *
 * <p>The command asks where to save through the {@link Chooser} (a save dialog proposing the
 * picture's name; tests answer it through {@link #useChooser}), builds the figure on the JavaFX
 * thread from the view's current data, and writes both files on a background thread. A failure
 * is one line in an error dialog, never a crash. All methods on the JavaFX thread.
 */
public final class PictureExport {
    /** The suffix of every view's export command id: {@code loss.export-picture}, ... */
    public static final String COMMAND_SUFFIX = ".export-picture";

    /** Where the pictures go: asked of the person (a save dialog), or answered by a test. */
    @FunctionalInterface
    public interface Chooser {
        /**
         * @param owner        the window that owns the dialog
         * @param proposedName the file name proposed, with its ".png"
         * @return the file chosen (its ".png" or ".svg" is replaced; both are written), or null when cancelled
         */
        Path choose(Window owner, String proposedName);
    }

    /**
     * A picture ready to write: the figure and the name proposed for its files.
     *
     * @param name a file name without extension, e.g. "loss-it4540"
     */
    public record Picture(String name, Figure figure) {
        public Picture {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(figure, "figure");
        }
    }

    private static final Chooser SAVE_DIALOG = PictureExport::saveDialog;
    private static Chooser chooser = SAVE_DIALOG;
    private static File lastFolder;
    private static BackgroundTasks writer;

    private PictureExport() {
    }

    /**
     * Replaces the chooser (tests answer it without a dialog); null restores the save dialog.
     *
     * @return the chooser that was in use
     */
    public static Chooser useChooser(Chooser c) {
        Chooser old = chooser;
        chooser = c == null ? SAVE_DIALOG : c;
        return old;
    }

    /** The id of a view's export command: the view's id and {@value #COMMAND_SUFFIX}. */
    public static String commandId(String viewId) {
        return viewId + COMMAND_SUFFIX;
    }

    /**
     * Registers a view's export command in the context's commands, scoped to the view.
     *
     * @param label   what menus say, e.g. "Export the loss chart…"
     * @param picture the picture of what the view shows now (null: nothing to export yet)
     * @param enabled when there is something to export
     * @return the command registered
     */
    public static Command register(AppContext context, String viewId, String label, Supplier<Picture> picture,
                                   ObservableBooleanValue enabled) {
        return context.commands().add(Command.of(commandId(viewId), label, () -> export(context, picture)).icon(MaterialDesignI.IMAGE_OUTLINE)
                .scope(viewId).enabledWhen(enabled));
    }

    /**
     * Gives a node (one chart or heatmap) a context menu: "Export this picture…", which exports what
     * {@code picture} gives then, followed by the menu items of {@code commandIds} (e.g. the view's
     * export of its whole page).
     */
    public static void installContextMenu(AppContext context, Node node, Supplier<Picture> picture, String... commandIds) {
        MenuItem item = new MenuItem("Export this picture (PNG and SVG)…");
        item.setId(node.getId() == null ? null : node.getId() + "-export-picture");
        item.setOnAction(e -> export(context, picture));
        ContextMenu menu = new ContextMenu(item);
        for (String id : commandIds) {
            menu.getItems().add(context.commands().menuItem(id));
        }
        node.setOnContextMenuRequested(e -> {
            menu.show(node, e.getScreenX(), e.getScreenY());
            e.consume();
        });
    }

    /**
     * Asks where to save and writes the picture as a PNG at twice the screen's resolution and as
     * an SVG beside it; says in a dialog when there is nothing to export or the files cannot be
     * written.
     */
    public static void export(AppContext context, Supplier<Picture> picture) {
        Window owner = context.window().get();
        Picture p;
        try {
            p = picture.get();
        } catch (RuntimeException e) {
            error(owner, "Could not draw the picture: " + BackgroundTasks.describe(e));
            return;
        }
        if (p == null) {
            error(owner, "There is nothing to export yet.");
            return;
        }
        Path file = chooser.choose(owner, p.name() + ".png");
        if (file == null) {
            return;
        }
        if (file.getParent() != null) {
            lastFolder = file.getParent().toFile();
        }
        writer().run(() -> write(p.figure(), file), written -> { }, line -> error(owner, "Could not export the picture: " + line));
    }

    private static List<Path> write(Figure f, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("the folder " + dir + " does not exist");
        }
        try {
            return Figures.writeBoth(f, file, Figures.PRINT_SCALE);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // a file that cannot be written, or a bitmap too large: said as it is
            throw new IOException(e.getMessage(), e);
        }
    }

    private static synchronized BackgroundTasks writer() {
        if (writer == null) {
            writer = new BackgroundTasks("picture-export");
        }
        return writer;
    }

    private static void error(Window owner, String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text);
        a.setHeaderText("Export picture");
        if (owner != null) {
            a.initOwner(owner);
        }
        a.show();
    }

    private static Path saveDialog(Window owner, String proposedName) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export picture: a PNG at twice the screen's resolution and an SVG beside it");
        fc.setInitialFileName(proposedName);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PNG and SVG", "*.png", "*.svg"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        File f = fc.showSaveDialog(owner);
        return f == null ? null : f.toPath();
    }

    // ---- the look of exported pictures ----

    /**
     * The exported pictures' style for a theme: the theme's {@link Theme#palette()} (the colours the view
     * draws with) at the theme's {@link Theme#scale()}; light for none.
     */
    public static FigureStyle style(Theme theme) {
        Theme t = theme == null ? Theme.LIGHT : theme;
        return new FigureStyle(t.palette().name(), t.palette(), t.scale());
    }

    /** A JavaFX colour as an AWT one (opacity kept), for a view's series drawn by the render package. */
    public static java.awt.Color awt(javafx.scene.paint.Color c) {
        return new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity());
    }

    /** "-it4540" for an iteration, "" for none (a negative one): the end of a proposed name. */
    public static String iterationSuffix(long iteration) {
        return iteration < 0 ? "" : "-it" + iteration;
    }
}
