package dev.unroll.app.unrolled;

import dev.unroll.app.core.Feature;
import dev.unroll.engine.inspect.SpectralTracker;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the audience sees of the Unrolled view, for tests outside its package (the talk's story): the
 * chain's copies and picture, the walk's status line and source, the page showing and the spectral
 * radius's history. Call on the JavaFX thread.
 */
public final class UnrolledAudience {
    private final UnrolledFeature feature;

    public UnrolledAudience(Feature feature) {
        this.feature = (UnrolledFeature) feature;
    }

    /** Copies of the cell drawn: 1 folded, one per step unrolled. */
    public int drawnColumns() {
        return feature.view().chain.drawnColumns();
    }

    /** 0 folded, 1 unrolled (between while it animates). */
    public double unrolled() {
        return feature.view().chain.unrollProperty().get();
    }

    /** The walk's status line ("forward step 3 of 24 · …", "backward step 2 of 24 · …"). */
    public String status() {
        return feature.view().status.getText();
    }

    /** The line that says what is unrolled ("typed text · …", "window of iteration …"). */
    public String description() {
        return feature.view().description.getText();
    }

    /** True while a walk is being computed. */
    public boolean computing() {
        return feature.model().computingProperty().get();
    }

    public boolean hasWalk() {
        return feature.model().hasWalk();
    }

    /** Whether the walk follows training (Follow ticked). */
    public boolean following() {
        return feature.view().follow.isSelected();
    }

    /** The walk's source: the trainer's window or a text. */
    public boolean showsTrainingWindow() {
        return feature.model().sourceProperty().get() == UnrolledModel.Source.WINDOW;
    }

    /** The page showing: "walk-through", "gradient flow" or "weights & gradients" (its tab's text, lower case). */
    public String page() {
        return feature.view().pages.getSelectionModel().getSelectedItem().getText().toLowerCase(Locale.ROOT);
    }

    /** The spectral radius of Whh over training, as the gradient-flow page draws it. */
    public SpectralTracker.History spectralHistory() {
        return feature.spectralHistory();
    }

    /** The chain's picture as ARGB pixels. */
    public int[] chainPixels() {
        WritableImage img = feature.view().chain.snapshot(null, null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] px = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return px;
    }

    /** Moves a stacked walk to the end of its backward pass (every cell shows its ‖dL/dh‖); nothing without one. */
    public void toStackEnd() {
        if (feature.model().stack() != null) {
            feature.model().toEnd();
        }
    }

    /**
     * What would make a stacked walk's grid hard to read, as drawn: a box past the canvas's edge, two boxes
     * overlapping, a text wider than its box or drawn under 9 pixels. Empty when no grid shows.
     */
    public List<String> stackGridProblems() {
        StackCanvas c = feature.view().stackChain;
        List<String> out = new ArrayList<>();
        if (!c.isVisible() || feature.model().stack() == null) {
            return out;
        }
        double w = c.getWidth();
        double h = c.getHeight();
        if (c.boxes().isEmpty()) {
            out.add("the stacked walk draws no grid in " + w + "x" + h);
        }
        List<StackCanvas.Box> boxes = c.boxes();
        for (int i = 0; i < boxes.size(); i++) {
            StackCanvas.Box b = boxes.get(i);
            String name = "grid box (row " + b.row() + ", step " + (b.step() + 1) + ")";
            if (b.x() < 0 || b.y() < 0 || b.x() + b.w() > w + 0.5 || b.y() + b.h() > h + 0.5) {
                out.add(name + " reaches past the canvas");
            }
            if (b.textWidth() > b.w() + 0.5) {
                out.add(name + ": its text '" + b.text() + "' is wider than the box");
            }
            if (b.fontSize() > 0 && b.fontSize() < 9) {
                out.add(name + ": its text '" + b.text() + "' is drawn at " + String.format(Locale.ROOT, "%.1f", b.fontSize()) + " px");
            }
            for (int j = i + 1; j < boxes.size(); j++) {
                StackCanvas.Box o = boxes.get(j);
                if (b.x() < o.x() + o.w() && o.x() < b.x() + b.w() && b.y() < o.y() + o.h() && o.y() < b.y() + b.h()) {
                    out.add(name + " overlaps (row " + o.row() + ", step " + (o.step() + 1) + ")");
                }
            }
        }
        return out;
    }

    /** The layers of the stacked walk's grid as drawn (the rows of cells between the characters and the output), 0 without one. */
    public int stackRowsDrawn() {
        return (int) feature.view().stackChain.boxes().stream().mapToInt(StackCanvas.Box::row)
                .filter(r -> r >= 0 && r < feature.model().layers()).distinct().count();
    }
}
