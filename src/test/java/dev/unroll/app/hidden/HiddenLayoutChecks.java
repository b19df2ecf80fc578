package dev.unroll.app.hidden;

import dev.unroll.app.core.Theme;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What the layout tests check inside the Hidden state view's canvases, where the scene graph's checks do
 * not reach: each text of a saturation canvas stays inside its panel and the canvas and overlaps no other;
 * and, for the layout tests of a stacked run ({@code StackedLayoutTest}), that the layer chooser shows and
 * that the Saturation page has a plot per layer. Call on the JavaFX thread.
 */
public final class HiddenLayoutChecks {
    private HiddenLayoutChecks() {
    }

    /** A text drawn on a canvas: what it reads, its panel and its box. */
    record Box(String text, int panel, Bounds box) {
    }

    /**
     * The problems of the Hidden state view {@code view} (its node, laid out) of a stacked gated run of {@code layers}
     * layers: the layer chooser hidden or without every layer; on the Saturation page ({@code saturationPage}), the
     * per-layer panels not showing, fewer plots than layers where the page has the panels' least size for them, or a
     * text of the panels out of its panel or over another.
     */
    public static List<String> stackedProblems(Node view, int layers, Theme theme, boolean saturationPage) {
        List<String> out = new ArrayList<>();
        Node chooser = view.lookup("#hidden-layer");
        if (!(chooser instanceof ComboBox<?> box) || !box.getParent().isVisible() || box.getItems().size() != layers) {
            out.add("the layer chooser does not show the " + layers + " layers");
        }
        Node canvas = view.lookup("#hidden-layer-saturation");
        if (canvas instanceof LayerSaturationCanvas c && c.isVisible() && c.getScene() != null && isShowing(c)) {
            double[] least = c.leastSizeForPlots();
            if (c.plots().size() != layers && c.getWidth() >= least[0] && c.getHeight() >= least[1]) {
                out.add("the Saturation page has " + c.plots().size() + " plots for " + layers + " layers ("
                        + (int) c.getWidth() + "x" + (int) c.getHeight() + " px)");
            }
            out.addAll(layerSaturationProblems(c, c.getWidth(), c.getHeight(), theme));
        } else if (saturationPage) {
            out.add("the Saturation page does not show the panels per layer");
        }
        return out;
    }

    /** Whether {@code n} and every parent of it are visible (the selected tab's content). */
    private static boolean isShowing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** The text problems of a per-layer saturation canvas {@code w} x {@code h}. */
    static List<String> layerSaturationProblems(LayerSaturationCanvas c, double w, double h, Theme theme) {
        List<Box> boxes = c.drawn().stream().map(d -> new Box(d.text(), d.panel(), d.box())).toList();
        return textProblems(boxes, c::panel, w, h, theme, k -> k == LayerSaturationCanvas.LEGEND ? "the legend" : "layer " + (k + 1));
    }

    /**
     * Texts that leave their panel ({@code panel} gives its left and right edges) or the canvas, or overlap another; with
     * room enough (1400 px wide in normal type), texts cut with "…".
     */
    static List<String> textProblems(List<Box> drawn, IntFunction<double[]> panel, double w, double h, Theme theme,
                                     IntFunction<String> panelName) {
        List<String> out = new ArrayList<>();
        if (drawn.isEmpty()) {
            out.add("the canvas drew no text");
        }
        for (Box d : drawn) {
            double[] p = panel.apply(d.panel());
            Bounds b = d.box();
            if (b.getMinX() < p[0] - 0.5 || b.getMaxX() > p[1] + 0.5) {
                out.add("\"" + d.text() + "\" (x " + (int) b.getMinX() + ".." + (int) b.getMaxX() + ") leaves " + panelName.apply(d.panel())
                        + " (x " + (int) p[0] + ".." + (int) p[1] + ")");
            }
            if (b.getMinY() < 0 || b.getMaxY() > h + 0.5) {
                out.add("\"" + d.text() + "\" leaves the canvas (y " + (int) b.getMinY() + ".." + (int) b.getMaxY() + " of " + (int) h + ")");
            }
        }
        for (int i = 0; i < drawn.size(); i++) {
            for (int j = i + 1; j < drawn.size(); j++) {
                Bounds a = drawn.get(i).box();
                Bounds b = drawn.get(j).box();
                double ox = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
                double oy = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
                if (ox > 0.5 && oy > 0.5) {
                    out.add("\"" + drawn.get(i).text() + "\" and \"" + drawn.get(j).text() + "\" overlap (" + (int) ox + "x" + (int) oy + " px)");
                }
            }
        }
        if (w >= 1400 && theme.scale() == 1) {
            for (Box d : drawn) {
                if (d.text().endsWith("…")) {
                    out.add("\"" + d.text() + "\" is cut in a canvas " + (int) w + " px wide");
                }
            }
        }
        return out;
    }
}
