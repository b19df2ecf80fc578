package dev.unroll.app.hidden;

import dev.unroll.engine.inspect.GateSaturation;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeLayer;
import dev.unroll.engine.inspect.UnitStats;

import javafx.collections.ListChangeListener;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;

/**
 * Saturation at a glance: the histogram of all activations over the probe, each unit's fraction of
 * characters saturated (|h| &gt; 0.9; a sigmoid gate below 0.1 or above 0.9) in the heatmap's row order, and how the saturated fraction has moved
 * as the network trained. Each panel's title and labels stay inside the panel, whatever its width: a
 * title wraps to a second line, and what still does not fit ends in "…" (the whole titles are the
 * canvas's tooltip).
 */
final class SaturationCanvas extends PanelCanvas {
    /** Lines a panel's title may take. */
    private static final int TITLE_LINES = 2;
    private final HiddenModel model;

    SaturationCanvas(HiddenModel model, Palette palette) {
        super("hidden-saturation", palette, false);
        this.model = model;
        model.analysisProperty().addListener((o, a, b) -> draw());
        model.orderProperty().addListener((o, a, b) -> draw());
        model.saturationHistory().addListener((ListChangeListener<HiddenModel.SaturationPoint>) c -> draw());
    }

    /** The left and right edges of panel {@code i} (0 to 2) at the canvas's width and the palette's scale. */
    @Override
    double[] panel(int i) {
        double pad = 10 * palette.scale;
        double panelW = (canvas.getWidth() - 4 * pad) / 3;
        double x0 = pad + i * (pad + panelW);
        return new double[] {x0, x0 + panelW};
    }

    void setPalette(Palette p) {
        palette = p;
        draw();
    }

    @Override
    void draw() {
        GraphicsContext g = clear();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        ProbeAnalysis a = model.analysis();
        if (a == null) {
            tooltip.setText(null);
            return;
        }
        double s = palette.scale;
        double pad = 10 * s;
        double panelW = (w - 4 * pad) / 3;
        double lineH = startText(g, s);
        g.setTextAlign(TextAlignment.LEFT);

        ProbeLayer layer = a.result().layer();
        String rule = layer.sigmoid()
                ? String.format("%s < %s or > %s", layer.name(), GateSaturation.LOW, GateSaturation.HIGH)
                : String.format("|%s| > %s", layer.name(), UnitStats.SATURATED);
        double[] sat = a.stats().saturated();
        int many = 0;
        for (double f : sat) {
            if (f > 0.5) {
                many++;
            }
        }
        String[] titles = {
            String.format("All activations (%.1f%% saturated, %s)", 100 * a.stats().saturatedAll(), rule),
            String.format("Saturated fraction per unit (%d of %d units over half the time)", many, sat.length),
            "Saturated fraction as the network trains"};
        tooltip.setText(String.join("\n", titles));
        List<List<String>> titleLines = new ArrayList<>();
        int lines = 1;
        for (String t : titles) {
            List<String> l = TextFit.wrap(font, t, panelW, TITLE_LINES);
            titleLines.add(l);
            lines = Math.max(lines, l.size());
        }
        double top = pad + lines * lineH + 4 * s;
        double bottom = h - pad - lineH;
        boolean room = bottom > top + 4;
        for (int i = 0; i < 3; i++) {
            double x = pad + i * (pad + panelW);
            g.setFill(palette.text);
            for (int l = 0; l < titleLines.get(i).size(); l++) {
                text(g, titleLines.get(i).get(l), i, x, pad + l * lineH, TextAlignment.LEFT);
            }
        }

        // 1. histogram of all activations
        long[] hist = a.stats().histogram();
        long max = 1;
        for (long c : hist) {
            max = Math.max(max, c);
        }
        double x0 = pad;
        double bw = panelW / hist.length;
        if (room) {
            for (int i = 0; i < hist.length; i++) {
                double v = (i + 0.5) / hist.length * 2 - 1;
                double bh = (bottom - top) * hist[i] / (double) max;
                g.setFill(palette.map.color(v));
                g.fillRect(x0 + i * bw, bottom - bh, Math.max(1, bw - 1), bh);
            }
        }
        g.setStroke(palette.grid);
        g.strokeLine(x0, bottom, x0 + panelW, bottom);
        g.setFill(palette.muted);
        double gap = 4 * s;
        if (TextFit.width(font, "-1") + TextFit.width(font, "0") + TextFit.width(font, "+1") + 2 * gap <= panelW) {
            text(g, "-1", 0, x0, bottom + 2, TextAlignment.LEFT);
            text(g, "0", 0, x0 + panelW / 2, bottom + 2, TextAlignment.CENTER);
            text(g, "+1", 0, x0 + panelW, bottom + 2, TextAlignment.RIGHT);
        } else if (TextFit.width(font, "-1") + TextFit.width(font, "+1") + gap <= panelW) {
            text(g, "-1", 0, x0, bottom + 2, TextAlignment.LEFT);
            text(g, "+1", 0, x0 + panelW, bottom + 2, TextAlignment.RIGHT);
        }

        // 2. per-unit saturated fraction, in row order
        x0 = 2 * pad + panelW;
        int[] order = model.orderProperty().get();
        if (order != null && room) {
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
        text(g, TextFit.fit(font, "units in heatmap order; top line = always saturated", panelW), 1, x0, bottom + 2, TextAlignment.LEFT);

        // 3. history of the saturated fraction over training
        x0 = 3 * pad + 2 * panelW;
        List<HiddenModel.SaturationPoint> hs = List.copyOf(model.saturationHistory());
        g.setStroke(palette.grid);
        g.strokeLine(x0, bottom, x0 + panelW, bottom);
        g.strokeLine(x0, top, x0, bottom);
        if (!hs.isEmpty() && room) {
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
            text(g, TextFit.fit(font, String.format("%.0f%%", 100 * ymax), panelW - 4), 2, x0 + 4, top, TextAlignment.LEFT);
            String last = String.format("%,d", i1);
            if (TextFit.width(font, last) <= panelW) {
                text(g, last, 2, x0 + panelW, bottom + 2, TextAlignment.RIGHT);
                text(g, TextFit.fit(font, String.format("iteration %,d", i0), panelW - TextFit.width(font, last) - gap), 2, x0, bottom + 2, TextAlignment.LEFT);
            }
        }
        g.setTextAlign(TextAlignment.LEFT);
    }

    static double threshold() {
        return UnitStats.SATURATED;
    }
}
