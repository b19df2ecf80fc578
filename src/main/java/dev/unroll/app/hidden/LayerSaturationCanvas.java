package dev.unroll.app.hidden;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.ColorMap;
import dev.unroll.engine.inspect.GateSaturation;

import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gate saturation per layer as Fig. 4 of Karpathy, Johnson and Fei-Fei 2015 ("Visualizing and
 * Understanding Recurrent Networks"): one panel per layer of a stacked gated model, layer 1 on the left;
 * in each, every unit's every sigmoid gate is a dot at (fraction of the probe's characters the gate is
 * left-saturated, below {@value GateSaturation#LOW}; fraction right-saturated, above
 * {@value GateSaturation#HIGH}), one colour per gate (the legend on top). A dot on the diagonal is a gate
 * that is always saturated, one near the corner (0, 0) never: a forget gate high on the left edge remembers.
 * The numbers are the model's {@link HiddenModel#layerSaturationProperty()}.
 *
 * <p>As {@link SaturationCanvas}, every text stays inside its panel (the legend inside the canvas) and
 * overlaps no other: what does not fit ends in "…", and the whole legend is the tooltip.
 */
final class LayerSaturationCanvas extends PanelCanvas {
    /** The panel number of the legend's texts (across the canvas); the panels of the layers are 0-based. */
    static final int LEGEND = -1;
    private final HiddenModel model;
    private Theme theme;
    private final List<Dot> dots = new ArrayList<>();
    private final List<Plot> plots = new ArrayList<>();

    /** A dot as drawn: gate {@code gate} (an index into the layer's {@link GateSaturation#gates()}) of a unit, at (x, y). */
    record Dot(int layer, int gate, int unit, double x, double y) {
    }

    /** A layer's plot: the box where (0, 0) is the bottom left corner and (1, 1) the top right. */
    record Plot(int layer, Bounds box) {
    }

    LayerSaturationCanvas(HiddenModel model, Theme theme) {
        super("hidden-layer-saturation", Palette.of(theme == null ? Theme.LIGHT : theme), true);
        this.model = model;
        this.theme = theme == null ? Theme.LIGHT : theme;
        model.layerSaturationProperty().addListener((o, a, b) -> draw());
    }

    void setTheme(Theme t) {
        theme = t == null ? Theme.LIGHT : t;
        palette = Palette.of(theme);
        draw();
    }

    /**
     * The least width and height at which every layer has its plot, at the theme's type size: the legend on up to
     * three lines, each panel's title, a plot with its two ticks apart and the axis's name under it. In a smaller
     * canvas (large type in a corner of a small window) the legend and the titles show, and the plots may not.
     */
    double[] leastSizeForPlots() {
        double s = palette.scale;
        double fs = Math.max(9, 11 * s);
        double lineH = Math.ceil(fs * 1.3);
        int layers = Math.max(1, model.layerSaturationProperty().get().size());
        double pad = 10 * s;
        double gutter = fs + 7 * s;
        // (the legend takes a line per gate at its narrowest)
        return new double[] {pad + layers * (gutter + 12 + 2 * s + pad), 2 * pad + 5 * lineH + 6 * s + 2.5 * fs + 2};
    }

    /** The dots drawn last, layer by layer. */
    List<Dot> dots() {
        return List.copyOf(dots);
    }

    /** The plots drawn last, one per layer. */
    List<Plot> plots() {
        return List.copyOf(plots);
    }

    /** The left and right edges of layer {@code k}'s panel (0-based) at the canvas's width, or the whole canvas for {@link #LEGEND}. */
    @Override
    double[] panel(int k) {
        int layers = Math.max(1, model.layerSaturationProperty().get().size());
        double pad = 10 * palette.scale;
        if (k == LEGEND) {
            return new double[] {pad, canvas.getWidth() - pad};
        }
        double panelW = (canvas.getWidth() - (layers + 1) * pad) / layers;
        double x0 = pad + k * (pad + panelW);
        return new double[] {x0, x0 + panelW};
    }

    /** The colour of gate {@code g} (its index among the cell's sigmoid gates). */
    Color gateColor(int g) {
        return ColorMap.unpack(theme.palette().seriesColor(g));
    }

    @Override
    void draw() {
        GraphicsContext g = clear();
        double h = canvas.getHeight();
        dots.clear();
        plots.clear();
        List<GateSaturation> layers = model.layerSaturationProperty().get();
        if (layers.isEmpty() || layers.get(0).gates().isEmpty()) {
            tooltip.setText(null);
            return;
        }
        double s = palette.scale;
        double pad = 10 * s;
        double lineH = startText(g, s);
        GateSaturation first = layers.get(0);
        String rule = String.format(Locale.ROOT, "Each dot is a unit's gate: the fraction of the probe's %,d characters it is"
                + " below %s (across) and above %s (up).", first.steps(), GateSaturation.LOW, GateSaturation.HIGH);
        tooltip.setText("Gate saturation per layer, as Fig. 4 of Karpathy, Johnson and Fei-Fei 2015\n" + rule
                + "\nOn the dashed line a gate is always saturated; near the bottom left corner, never.");

        // the legend: each gate's colour and name in a row ("forget gate", or "forget" where the row is short of
        // room; a second row if need be), then what a dot is
        double[] all = panel(LEGEND);
        double dotR = Math.max(2.5, 3 * s);
        boolean shortNames = legendWidth(first, dotR, s, " gate") > all[1] - all[0];
        double x = all[0];
        double y = pad;
        for (int gi = 0; gi < first.gates().size(); gi++) {
            String name = first.gates().get(gi) + (shortNames ? "" : " gate");
            double need = 2 * dotR + 4 * s + TextFit.width(font, name);
            if (x + need > all[1] && x > all[0]) {
                x = all[0];
                y += lineH;
            }
            g.setFill(gateColor(gi));
            g.fillOval(x, y + lineH / 2 - dotR - 1, 2 * dotR, 2 * dotR);
            g.setFill(palette.text);
            text(g, TextFit.fit(font, name, all[1] - x - 2 * dotR - 4 * s), LEGEND, x + 2 * dotR + 4 * s, y, TextAlignment.LEFT);
            x += need + 14 * s;
        }
        y += lineH;
        g.setFill(palette.muted);
        // what a dot is, in up to two lines; fewer (the tooltip has it) where the plots need the height
        String one = "1";
        double gutter = TextFit.width(font, one) + 7 * s;
        double panelW = panel(0)[1] - panel(0)[0];
        int ruleLines = 2;
        while (ruleLines > 0 && h - pad - lineH - 2 - (y + ruleLines * lineH + 4 * s + 2 * lineH + 2 * s)
                < Math.min(80 * s, panelW - gutter - 2 * s)) {
            ruleLines--;
        }
        for (String line : ruleLines == 0 ? List.<String>of() : TextFit.wrap(font, rule, all[1] - all[0], ruleLines)) {
            text(g, line, LEGEND, all[0], y, TextAlignment.LEFT);
            y += lineH;
        }
        double top = y + 4 * s;

        // one panel per layer: its title, the plot with its ticks, the axes' names
        for (int k = 0; k < layers.size(); k++) {
            double[] p = panel(k);
            g.setFill(palette.text);
            String title = "Layer " + (k + 1) + (k == layers.size() - 1 ? " (top)" : "");
            text(g, TextFit.fit(font, title, panelW), k, p[0], top, TextAlignment.LEFT);
            g.setFill(palette.muted);
            // the upward axis's name on a line of its own, unless the plot needs that height (the legend says "up")
            double plotTop = top + lineH + 2 * s;
            double bottom = h - pad - lineH - 2;
            if (bottom - plotTop - lineH >= 5 * font.getSize()) {
                text(g, TextFit.fit(font, TextFit.width(font, "right-saturated \u2191") <= panelW - gutter ? "right-saturated \u2191" : "right \u2191", panelW - gutter),
                        k, p[0] + gutter, plotTop, TextAlignment.LEFT);
                plotTop += lineH;
            }
            // square as the paper's where the panel is as wide as high, up to 1.6 times as wide where it is wider;
            // where the page is short (large type in a corner of the window), as wide as the axes' names need
            double tall = bottom - plotTop;
            double side = Math.min(panelW - gutter - 2 * s, Math.max(1.6 * tall, TextFit.width(font, "0 left-saturated \u2192 1") + 12 * s));
            if (side < 12 || tall < 2.5 * font.getSize()) {
                continue; // no room for a plot and its two ticks apart; the titles say what would be here
            }
            tall = Math.min(tall, Math.max(side, 2.5 * font.getSize())); // no taller than wide, but the ticks apart
            double x0 = p[0] + gutter;
            double y1 = plotTop + tall;
            plots.add(new Plot(k, new BoundingBox(x0, plotTop, side, tall)));
            g.setStroke(palette.grid);
            g.setLineWidth(1);
            g.strokeRect(x0, plotTop, side, tall);
            g.setLineDashes(4 * s, 4 * s);
            g.strokeLine(x0, plotTop, x0 + side, y1); // left + right = 1: always saturated
            g.setLineDashes();
            GateSaturation sat = layers.get(k);
            double r = Math.max(2, 2.5 * s);
            for (int gi = 0; gi < sat.gates().size(); gi++) {
                Color c = gateColor(gi);
                g.setFill(Color.color(c.getRed(), c.getGreen(), c.getBlue(), 0.7));
                double[] left = sat.left()[gi];
                double[] right = sat.right()[gi];
                for (int u = 0; u < left.length; u++) {
                    double dx = x0 + left[u] * side;
                    double dy = y1 - right[u] * tall;
                    g.fillOval(dx - r, dy - r, 2 * r, 2 * r);
                    dots.add(new Dot(k, gi, u, dx, dy));
                }
            }
            g.setFill(palette.muted);
            // the upward axis's ticks inside its ends, so they need no line above or below the plot
            text(g, one, k, x0 - 5 * s, plotTop, TextAlignment.RIGHT);
            text(g, "0", k, x0 - 5 * s, y1 - font.getSize() * 1.2, TextAlignment.RIGHT);
            double below = y1 + 2;
            text(g, "1", k, x0 + side, below, TextAlignment.RIGHT);
            double room = side - 2 * TextFit.width(font, "0") - 8 * s;
            String across = TextFit.width(font, "left-saturated \u2192") <= room ? "left-saturated \u2192" : "left \u2192";
            if (TextFit.width(font, across) <= room) {
                text(g, across, k, x0 + side / 2, below, TextAlignment.CENTER);
            } else {
                text(g, TextFit.fit(font, across, room), k, x0 + TextFit.width(font, "0") + 4 * s, below, TextAlignment.LEFT);
            }
        }
        g.setTextAlign(TextAlignment.LEFT);
    }

    /** How wide the legend's gates are in one row, each name followed by {@code suffix}. */
    private double legendWidth(GateSaturation sat, double dotR, double s, String suffix) {
        double w = 0;
        for (String name : sat.gates()) {
            w += 2 * dotR + 4 * s + TextFit.width(font, name + suffix) + 14 * s;
        }
        return w - 14 * s;
    }
}
