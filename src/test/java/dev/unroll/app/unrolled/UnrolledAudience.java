package dev.unroll.app.unrolled;

import dev.unroll.app.core.Feature;
import dev.unroll.engine.inspect.SpectralTracker;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

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
}
