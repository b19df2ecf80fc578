package dev.unroll.app.unrolled;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.CanvasRegion;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.canvas.GraphicsContext;

/**
 * A walk-through canvas that draws one of the {@link UnrolledModel}'s walks (the gated cell's, the stacked
 * grid's) at the position showing, in the colours of a theme: it redraws when its walk, the position, the
 * theme or its visibility changes; hidden (another walk shows) it keeps no canvas and forgets what it drew;
 * shown it fills its whole pixels. Its type is the theme's, or smaller where the canvas is too small for it
 * ({@link #begin}). JavaFX thread.
 */
abstract class WalkCanvas extends CanvasRegion {
    final UnrolledModel model;
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private Palette themePalette = Palette.of(Theme.LIGHT);
    /** The palette of the drawing under way: the theme's, its type scaled to fit the canvas. */
    Palette pal = themePalette;

    /**
     * @param model    the walk-through's model
     * @param canvasId the id of the canvas
     * @param walk     the model's walk this canvas draws
     */
    WalkCanvas(UnrolledModel model, String canvasId, ObservableValue<?> walk) {
        super(900, 560);
        this.model = model;
        canvas.setId(canvasId);
        getStyleClass().add("unroll-canvas");
        walk.addListener((o, a, b) -> setNeedsLayout(true));
        visibleProperty().addListener((o, a, b) -> setNeedsLayout(true));
        model.positionProperty().addListener((o, a, b) -> setNeedsLayout(true));
        theme.addListener((o, a, t) -> {
            themePalette = Palette.of(t);
            setNeedsLayout(true);
        });
    }

    final ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** The theme's type scale (the most the picture is drawn at). */
    final double themeScale() {
        return themePalette.s();
    }

    /** Forgets what was drawn (the canvas is hidden: another walk shows). */
    abstract void forget();

    @Override
    protected final void layoutChildren() {
        if (!isVisible()) {
            canvas.setWidth(0);
            canvas.setHeight(0);
            forget();
            return;
        }
        canvas.setWidth(Math.max(0, Math.floor(getWidth())));
        canvas.setHeight(Math.max(0, Math.floor(getHeight())));
        paint();
    }

    /**
     * Starts a picture of {@code w} by {@code h} drawn at type scale {@code scale}: {@link #pal} is the theme's
     * at that scale, the canvas cleared to its background ({@link WalkPaint#clear}).
     */
    final GraphicsContext begin(double scale, double w, double h) {
        pal = themePalette.scaledTo(scale);
        return WalkPaint.clear(canvas, pal, w, h);
    }
}
