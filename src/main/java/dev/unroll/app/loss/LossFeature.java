package dev.unroll.app.loss;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Feature;
import dev.unroll.app.fx.Throttle;
import javafx.scene.Node;
import javafx.util.Duration;

/**
 * "Loss": the loss curve of the run (see {@link LossView}). Wires the context's snapshots and theme
 * to the {@link LossModel} and owns the redraw throttle: the chart is redrawn at most
 * {@value #UPDATES_PER_SECOND} times a second, only while the tab shows and only when the curve or
 * the zoom changed (no timer runs otherwise).
 */
public final class LossFeature implements Feature {
    static final int UPDATES_PER_SECOND = 3;

    private final LossModel model;
    private final LossView view;
    private final Throttle redraw = new Throttle("loss-chart", Duration.millis(1000.0 / UPDATES_PER_SECOND), this::updateIfDirty);

    private boolean showing;
    private boolean dirty = true;

    public LossFeature(AppContext context) {
        this.model = new LossModel(context.snapshot(), context.theme());
        this.view = new LossView(model, () -> context.window().get(), this::invalidate);
        context.snapshot().addListener((obs, old, s) -> {
            if (s == null || old == null || s.losses() != old.losses()) {
                invalidate();
            }
        });
    }

    @Override
    public String id() {
        return "loss";
    }

    @Override
    public String title() {
        return "Loss";
    }

    @Override
    public Node node() {
        return view;
    }

    @Override
    public void setShowing(boolean showing) {
        this.showing = showing;
        if (showing && dirty) {
            redraw.runNow();
        } else if (!showing) {
            redraw.cancel();
        }
    }

    /** The curve or the zoom changed: redraw soon when showing, else when shown again. */
    private void invalidate() {
        dirty = true;
        if (showing) {
            redraw.request();
        }
    }

    private void updateIfDirty() {
        if (showing && dirty) {
            dirty = false;
            view.update();
        }
    }

    /** The unit, the scale and the CSV export. */
    public LossModel model() {
        return model;
    }

    /** The chart: what it draws, the PNG export, the zoom. */
    public LossView view() {
        return view;
    }

    /** Drops a pending redraw (the window is closing). */
    @Override
    public void dispose() {
        showing = false;
        redraw.cancel();
    }
}
