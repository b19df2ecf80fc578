package dev.unroll.app.hidden;

import dev.unroll.engine.inspect.GateSaturation;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeLayer;
import dev.unroll.engine.inspect.UnitStats;

import javafx.collections.ListChangeListener;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.List;

/**
 * Saturation at a glance: the histogram of all activations over the probe, each unit's fraction of
 * characters saturated (|h| &gt; 0.9; a sigmoid gate below 0.1 or above 0.9) in the heatmap's row order, and how the saturated fraction has moved
 * as the network trained.
 */
final class SaturationCanvas extends Region {
    private final HiddenModel model;
    private final Canvas canvas = new Canvas();
    private Palette palette;

    SaturationCanvas(HiddenModel model, Palette palette) {
        this.model = model;
        this.palette = palette;
        setId("hidden-saturation");
        getChildren().add(canvas);
        model.analysisProperty().addListener((o, a, b) -> draw());
        model.orderProperty().addListener((o, a, b) -> draw());
        model.saturationHistory().addListener((ListChangeListener<HiddenModel.SaturationPoint>) c -> draw());
        setMinSize(100, 80);
    }

    void setPalette(Palette p) {
        palette = p;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(1, getWidth()));
        canvas.setHeight(Math.max(1, getHeight()));
        draw();
    }

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(palette.background);
        g.fillRect(0, 0, w, h);
        ProbeAnalysis a = model.analysis();
        if (a == null) {
            return;
        }
        double s = palette.scale;
        double pad = 10 * s;
        double titleH = 20 * s;
        double panelW = (w - 4 * pad) / 3;
        double top = pad + titleH;
        double bottom = h - pad - 14 * s;
        g.setFont(Font.font(Math.max(9, 11 * s)));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);

        // 1. histogram of all activations
        long[] hist = a.stats().histogram();
        long max = 1;
        for (long c : hist) {
            max = Math.max(max, c);
        }
        double x0 = pad;
        g.setFill(palette.text);
        ProbeLayer layer = a.result().layer();
        String rule = layer.sigmoid()
                ? String.format("%s < %s or > %s", layer.name(), GateSaturation.LOW, GateSaturation.HIGH)
                : String.format("|%s| > %s", layer.name(), UnitStats.SATURATED);
        g.fillText(String.format("All activations (%.1f%% saturated, %s)", 100 * a.stats().saturatedAll(), rule), x0, pad);
        double bw = panelW / hist.length;
        for (int i = 0; i < hist.length; i++) {
            double v = (i + 0.5) / hist.length * 2 - 1;
            double bh = (bottom - top) * hist[i] / (double) max;
            g.setFill(palette.map.color(v));
            g.fillRect(x0 + i * bw, bottom - bh, Math.max(1, bw - 1), bh);
        }
        g.setStroke(palette.grid);
        g.strokeLine(x0, bottom, x0 + panelW, bottom);
        g.setFill(palette.muted);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("-1", x0, bottom + 2);
        g.fillText("0", x0 + panelW / 2, bottom + 2);
        g.fillText("+1", x0 + panelW, bottom + 2);

        // 2. per-unit saturated fraction, in row order
        x0 = 2 * pad + panelW;
        int[] order = model.orderProperty().get();
        double[] sat = a.stats().saturated();
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(palette.text);
        int many = 0;
        for (double f : sat) {
            if (f > 0.5) {
                many++;
            }
        }
        g.fillText(String.format("Saturated fraction per unit (%d of %d units over half the time)", many, sat.length), x0, pad);
        if (order != null) {
            double uw = panelW / sat.length;
            for (int row = 0; row < order.length; row++) {
                double f = sat[order[row]];
                double bh = (bottom - top) * f;
                g.setFill(f > 0.5 ? palette.saturated : palette.muted);
                g.fillRect(x0 + row * uw, bottom - bh, Math.max(1, uw - (uw > 3 ? 1 : 0)), bh);
            }
        }
        g.setStroke(palette.grid);
        g.strokeLine(x0, bottom, x0 + panelW, bottom);
        g.strokeLine(x0, top, x0 + panelW, top);
        g.setFill(palette.muted);
        g.fillText("units in heatmap order; top line = always saturated", x0, bottom + 2);

        // 3. history of the saturated fraction over training
        x0 = 3 * pad + 2 * panelW;
        List<HiddenModel.SaturationPoint> hs = List.copyOf(model.saturationHistory());
        g.setFill(palette.text);
        g.fillText("Saturated fraction as the network trains", x0, pad);
        g.setStroke(palette.grid);
        g.strokeLine(x0, bottom, x0 + panelW, bottom);
        g.strokeLine(x0, top, x0, bottom);
        if (!hs.isEmpty()) {
            long i0 = hs.get(0).iteration();
            long i1 = Math.max(i0 + 1, hs.get(hs.size() - 1).iteration());
            double ymax = 0.05;
            for (HiddenModel.SaturationPoint p : hs) {
                ymax = Math.max(ymax, p.saturatedFraction());
            }
            ymax = Math.min(1, Math.ceil(ymax * 10) / 10);
            g.setStroke(palette.saturated);
            g.setLineWidth(Math.max(1.5, 2 * s));
            g.beginPath();
            for (int i = 0; i < hs.size(); i++) {
                HiddenModel.SaturationPoint p = hs.get(i);
                double x = x0 + panelW * (p.iteration() - i0) / (double) (i1 - i0);
                double y = bottom - (bottom - top) * p.saturatedFraction() / ymax;
                if (i == 0) {
                    g.moveTo(x, y);
                } else {
                    g.lineTo(x, y);
                }
            }
            g.stroke();
            if (hs.size() == 1) {
                double y = bottom - (bottom - top) * hs.get(0).saturatedFraction() / ymax;
                g.setFill(palette.saturated);
                g.fillOval(x0 - 3 * s, y - 3 * s, 6 * s, 6 * s);
            }
            g.setLineWidth(1);
            g.setFill(palette.muted);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(String.format("%.0f%%", 100 * ymax), x0 + 4, top);
            g.fillText(String.format("iteration %,d", i0), x0, bottom + 2);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(String.format("%,d", i1), x0 + panelW, bottom + 2);
        }
        g.setTextAlign(TextAlignment.LEFT);
    }

    static double threshold() {
        return UnitStats.SATURATED;
    }
}
