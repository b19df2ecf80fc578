package dev.unroll.app.loss;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.ViewFeature;
import dev.unroll.app.fx.Throttle;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.Pictures;

import javafx.geometry.Bounds;
import javafx.util.Duration;
import org.jfree.chart.axis.ValueAxis;

import java.util.Locale;

/**
 * "Loss": the loss curve of the run (see {@link LossView}). Wires the context's snapshots and theme
 * to the {@link LossModel} and owns the redraw throttle: the chart is redrawn at most
 * {@value #UPDATES_PER_SECOND} times a second, only while the tab shows and only when the curve or
 * the zoom changed (no timer runs otherwise).
 */
public final class LossFeature extends ViewFeature {
    static final int UPDATES_PER_SECOND = 3;

    private final LossModel model;
    private final LossView view;
    private final Throttle redraw = new Throttle("loss-chart", Duration.millis(1000.0 / UPDATES_PER_SECOND), this::updateIfDirty);

    private boolean showing;
    private boolean dirty = true;

    public LossFeature(AppContext context) {
        super("Loss");
        // the whole curve of the live run, wherever the timeline stands; the timeline is a mark on it
        this.model = new LossModel(context.liveSnapshot(), context.theme(), context.corpus(),
                () -> context.hasActions() ? context.actions().chosenCorpusName() : null, context.presenting(), context.sidePanelShown());
        this.view = view(new LossView(model, () -> context.window().get(), this::invalidate));
        PictureExport.register(context, id(), "Export the loss chart (PNG and SVG)…", this::picture, context.liveSnapshot().isNotNull());
        context.commands().decorate(view.exportPicture, PictureExport.commandId(id()),
                "Save the chart as a PNG at twice the screen's resolution and as an SVG");
        context.liveSnapshot().addListener((obs, old, s) -> {
            if (s == null || old == null || s.losses() != old.losses() || s.state() != old.state()) {
                invalidate();
            }
        });
        context.timeline().atProperty().addListener((obs, old, at) -> {
            model.timelineMarkProperty().set(at == null ? -1 : at.iteration());
            view.markTimeline();
        });
        onShowing(this::setShown);
        onDispose(() -> {
            showing = false;
            redraw.cancel();
        });
    }

    private void setShown(boolean showing) {
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

    /**
     * The chart as it shows now, for export: the run's loss history in the chosen unit and scale,
     * the zoomed iterations when zoomed, the theme's style, the chart's size on screen (null
     * without a run).
     */
    public PictureExport.Picture picture() {
        TrainingSnapshot s = model.snapshotProperty().get();
        if (s == null) {
            return null;
        }
        ValueAxis x = view.chart().getXYPlot().getDomainAxis();
        boolean zoomed = !x.isAutoRange();
        Bounds size = view.getCenter().getLayoutBounds();
        String note = "iteration " + Pictures.count(s.iteration()) + " \u00b7 hidden " + s.config().hiddenSize() + ", T = "
                + s.sequenceLength() + " \u00b7 smooth loss " + String.format(Locale.ROOT, "%.2f", s.smoothLoss());
        return new PictureExport.Picture("loss" + PictureExport.iterationSuffix(s.iteration()),
                Pictures.loss(s.losses(), s.sequenceLength(), model.unit(), model.logScaleProperty().get(),
                        zoomed ? x.getLowerBound() : Double.NaN, zoomed ? x.getUpperBound() : Double.NaN, note,
                        PictureExport.style(model.themeProperty().get()), Math.max(400, size.getWidth()), Math.max(250, size.getHeight())));
    }

    /** The unit, the scale and the CSV export. */
    public LossModel model() {
        return model;
    }

    /** The chart: what it draws, the PNG export, the zoom. */
    public LossView view() {
        return view;
    }
}
