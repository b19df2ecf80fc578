package dev.unroll.app.unrolled;

import dev.unroll.app.ui.PictureExport;
import dev.unroll.render.ChartFigure;
import dev.unroll.render.FigureStyle;
import dev.unroll.render.LineChart;
import dev.unroll.render.Pictures;
import dev.unroll.render.TickLabels;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * A small line chart drawn on a canvas, legible at a distance: a title, a legend, linear or
 * logarithmic y, optional reference lines (e.g. y = 1), and, as a scatter mode, points in the
 * complex plane with the unit circle (eigenvalues). Redraws on resize and after changes of data, once
 * per pulse however many setters ran (in the layout pass, before the frame is rendered).
 */
final class PlotCanvas extends ThemedCanvas {
    /** One line (or set of points): x and y of equal length; NaN and, on a log axis, non-positive y are gaps. */
    record Series(String name, double[] x, double[] y, Color color, double width, boolean dashed, boolean points) {
        static Series line(String name, double[] x, double[] y, Color color) {
            return new Series(name, x, y, color, 2, false, false);
        }
    }

    private String title = "";
    private String xLabel = "";
    private String note = "";
    private boolean logY;
    private boolean complexPlane;
    private double yMinFloor = Double.NaN;
    private double xMinFloor = Double.NaN;
    private List<Series> series = List.of();
    private final List<Double> refLines = new ArrayList<>();

    PlotCanvas(String id, String title, String xLabel, boolean logY) {
        super(id, 420, 260, 120, 90);
        this.title = title;
        this.xLabel = xLabel;
        this.logY = logY;
    }

    void setTitle(String t) {
        title = t;
        draw();
    }

    /** A line under the title in muted type (e.g. "window of iteration 1200"). */
    void setNote(String n) {
        note = n == null ? "" : n;
        draw();
    }

    void setRefLines(double... ys) {
        refLines.clear();
        for (double y : ys) {
            refLines.add(y);
        }
    }

    /** Draws points in the complex plane (x real, y imaginary) with the unit circle and equal scales. */
    void setComplexPlane(boolean on) {
        complexPlane = on;
    }

    /** The y axis starts no lower than this (linear axes), e.g. 0. */
    void setYMinFloor(double v) {
        yMinFloor = v;
    }

    /** The x axis starts no higher than this (linear axes), e.g. iteration 0 for a chart over training. */
    void setXMinFloor(double v) {
        xMinFloor = v;
    }

    void setSeries(List<Series> s) {
        series = List.copyOf(s);
        draw();
    }

    List<Series> series() {
        return series;
    }

    /**
     * This chart for export, drawn by the render package as vectors: the same title, note, series,
     * scale, reference lines and complex plane, in the exported pictures' style of the theme, at
     * its size on screen (at least 320x220).
     */
    ChartFigure figure(FigureStyle style) {
        LineChart c = LineChart.titled(title).note(note).axes(complexPlane ? "real part" : xLabel, complexPlane ? "imaginary part" : "")
                .logY(logY).complexPlane(complexPlane).yMinFloor(yMinFloor).style(style);
        for (double r : refLines) {
            c.refLines(r);
        }
        for (Series se : series) {
            c.add(new LineChart.Series(se.name() == null ? "" : se.name(), se.x(), se.y(), PictureExport.awt(se.color()), se.width(),
                    se.dashed(), se.points()));
        }
        return c.figure(Math.max(320, getWidth()), Math.max(220, getHeight()));
    }

    String title() {
        return title;
    }

    private double ty(double y) {
        return logY ? Math.log10(y) : y;
    }

    private boolean valid(double y) {
        return Double.isFinite(y) && (!logY || y > 0);
    }

    @Override
    void paint(GraphicsContext gc, double w, double h, double s) {
        gc.setFill(pal.foreground());
        gc.setFont(pal.bold(13));
        gc.fillText(title, 8 * s, 4 * s);
        double top = 24 * s;
        if (!note.isEmpty()) {
            gc.setFont(pal.font(11));
            gc.setFill(pal.muted());
            gc.fillText(note, 8 * s, top);
            top += 16 * s;
        }
        // legend on one line
        double lx = 8 * s;
        gc.setFont(pal.font(11));
        for (Series se : series) {
            if (se.name() == null || se.name().isEmpty()) {
                continue;
            }
            Text probe = new Text(se.name());
            probe.setFont(gc.getFont());
            double entry = 20 * s + probe.getLayoutBounds().getWidth() + 14 * s;
            if (lx > 8 * s && lx + entry > w) {
                lx = 8 * s;
                top += 18 * s;
            }
            gc.setStroke(se.color());
            gc.setLineWidth(3 * s);
            gc.strokeLine(lx, top + 8 * s, lx + 16 * s, top + 8 * s);
            gc.setFill(pal.foreground());
            gc.fillText(se.name(), lx + 20 * s, top + 1 * s);
            lx += entry;
        }
        top += 22 * s;
        double left = 58 * s;
        double right = 12 * s;
        double bottom = 34 * s;
        double pw = w - left - right;
        double ph = h - top - bottom;
        if (pw < 20 || ph < 20) {
            return;
        }
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series se : series) {
            for (int i = 0; i < se.x().length; i++) {
                if (valid(se.y()[i]) && Double.isFinite(se.x()[i])) {
                    x0 = Math.min(x0, se.x()[i]);
                    x1 = Math.max(x1, se.x()[i]);
                    y0 = Math.min(y0, ty(se.y()[i]));
                    y1 = Math.max(y1, ty(se.y()[i]));
                }
            }
        }
        for (double r : refLines) {
            if (valid(r) && y0 <= y1) {
                y0 = Math.min(y0, ty(r));
                y1 = Math.max(y1, ty(r));
            }
        }
        if (!(x0 <= x1)) {
            gc.setFill(pal.muted());
            gc.setFont(pal.font(12));
            gc.setTextAlign(TextAlignment.CENTER);
            gc.fillText("no data yet", left + pw / 2, top + ph / 2);
            return;
        }
        if (complexPlane) {
            double r = Math.max(1.1, Math.max(Math.max(Math.abs(x0), Math.abs(x1)), Math.max(Math.abs(y0), Math.abs(y1))) * 1.05);
            double aspect = pw / ph;
            x0 = -r * Math.max(1, aspect);
            x1 = r * Math.max(1, aspect);
            y0 = -r * Math.max(1, 1 / aspect);
            y1 = r * Math.max(1, 1 / aspect);
        } else {
            if (!Double.isNaN(yMinFloor) && !logY) {
                y0 = Math.min(y0, yMinFloor);
            }
            if (y1 - y0 < 1e-12) {
                double pad = logY ? 0.5 : Math.max(1e-6, Math.abs(y0) * 0.1);
                y0 -= pad;
                y1 += pad;
            } else {
                double pad = (y1 - y0) * 0.06;
                y1 += pad;
                if (logY || Double.isNaN(yMinFloor) || y0 > yMinFloor) {
                    y0 -= pad;
                }
            }
            if (!Double.isNaN(xMinFloor)) {
                x0 = Math.min(x0, xMinFloor);
            }
            if (x1 - x0 < 1e-12) {
                x0 -= 1;
                x1 += 1;
            }
        }
        final double fx0 = x0;
        final double fx1 = x1;
        final double fy0 = y0;
        final double fy1 = y1;
        DoubleUnaryOperator px = x -> left + (x - fx0) / (fx1 - fx0) * pw;
        final double ftop = top;
        DoubleUnaryOperator py = y -> ftop + ph - (y - fy0) / (fy1 - fy0) * ph;

        // grid and ticks
        gc.setStroke(pal.grid());
        gc.setLineWidth(1);
        gc.setFont(pal.font(10.5));
        gc.setFill(pal.muted());
        gc.setTextAlign(TextAlignment.RIGHT);
        gc.setTextBaseline(VPos.CENTER);
        for (double v : ticks(y0, y1, logY, Math.max(2, (int) (ph / (34 * s))))) {
            double yy = py.applyAsDouble(v);
            gc.strokeLine(left, yy, left + pw, yy);
            gc.fillText(logY ? TickLabels.logValue(Math.pow(10, v)) : label(v), left - 4 * s, yy);
        }
        gc.setTextAlign(TextAlignment.CENTER);
        gc.setTextBaseline(VPos.TOP);
        List<Double> xTicks = ticks(x0, x1, false, Math.max(2, (int) (pw / (80 * s))));
        List<String> xLabels = xTickLabels(xTicks, !complexPlane);
        for (int i = 0; i < xTicks.size(); i++) {
            double xx = px.applyAsDouble(xTicks.get(i));
            gc.strokeLine(xx, top, xx, top + ph);
            // the label of a tick at the right edge ends there instead of leaving the canvas
            gc.setTextAlign(xx > left + pw - 24 * s ? TextAlignment.RIGHT : TextAlignment.CENTER);
            gc.fillText(xLabels.get(i), xx, top + ph + 3 * s);
        }
        gc.setTextAlign(TextAlignment.CENTER);
        gc.fillText(xLabel, left + pw / 2, top + ph + 17 * s);
        gc.setStroke(pal.muted());
        gc.strokeRect(left, top, pw, ph);

        if (complexPlane) {
            gc.setStroke(pal.muted());
            gc.setLineWidth(1.5 * s);
            gc.setLineDashes(5 * s, 4 * s);
            double cx = px.applyAsDouble(0);
            double cy = py.applyAsDouble(0);
            double rx = px.applyAsDouble(1) - cx;
            double ry = cy - py.applyAsDouble(1);
            gc.strokeOval(cx - rx, cy - ry, 2 * rx, 2 * ry);
            gc.setLineDashes(null);
        }
        for (double r : refLines) {
            if (valid(r)) {
                double yy = py.applyAsDouble(ty(r));
                gc.setStroke(pal.foreground());
                gc.setLineWidth(1.2 * s);
                gc.setLineDashes(6 * s, 4 * s);
                gc.strokeLine(left, yy, left + pw, yy);
                gc.setLineDashes(null);
            }
        }
        gc.save();
        gc.beginPath();
        gc.rect(left, top, pw, ph);
        gc.clip();
        for (Series se : series) {
            gc.setStroke(se.color());
            gc.setFill(se.color());
            gc.setLineWidth(se.width() * s);
            gc.setLineDashes(se.dashed() ? new double[] {6 * s, 4 * s} : null);
            boolean pen = false;
            double r = 3.2 * s;
            for (int i = 0; i < se.x().length; i++) {
                double y = se.y()[i];
                if (!valid(y) || !Double.isFinite(se.x()[i])) {
                    pen = false;
                    continue;
                }
                double xx = px.applyAsDouble(se.x()[i]);
                double yy = py.applyAsDouble(ty(y));
                boolean isolated = !se.points() && (i == 0 || !valid(se.y()[i - 1]))
                        && (i == se.x().length - 1 || !valid(se.y()[i + 1]));
                if (se.points() || isolated) {
                    // a line of one point (the first copy analysed, say) is drawn as a dot, not left invisible
                    gc.fillOval(xx - r, yy - r, 2 * r, 2 * r);
                } else if (!pen) {
                    gc.beginPath();
                    gc.moveTo(xx, yy);
                    pen = true;
                } else {
                    gc.lineTo(xx, yy);
                }
                if (!se.points() && (i == se.x().length - 1 || !valid(se.y()[i + 1]))) {
                    gc.stroke();
                    pen = false;
                }
            }
            if (pen) {
                gc.stroke();
            }
        }
        gc.setLineDashes(null);
        gc.restore();
    }

    static String label(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e3) {
            return TickLabels.count(v);
        }
        if (a < 1e-3) {
            return String.format(Locale.ROOT, "%.0e", v);
        }
        if (a >= 100) {
            return String.format("%.0f", v);
        }
        if (a >= 1) {
            return String.format("%.3g", v).replaceAll("\\.?0+$", "");
        }
        return String.format("%.2g", v);
    }

    /**
     * The x ticks' labels, as compact counts (iterations and steps: 150k, never 2e+05). On an axis of
     * counts ({@code wholeNumbers}) ticks between whole numbers are dropped from {@code ticks}; when
     * compact labels would repeat (a narrow range far from zero: 300k, 300k, 300k) the counts are
     * written in full.
     */
    static List<String> xTickLabels(List<Double> ticks, boolean wholeNumbers) {
        if (wholeNumbers) {
            ticks.removeIf(v -> v != Math.rint(v));
        }
        List<String> labels = ticks.stream().map(TickLabels::count).toList();
        if (wholeNumbers && new HashSet<>(labels).size() < labels.size()) {
            labels = ticks.stream().map(v -> Pictures.count(Math.round(v))).toList();
        }
        return labels;
    }

    /** Nice tick positions; on a log axis, whole powers of ten (in log units). */
    static List<Double> ticks(double lo, double hi, boolean log, int count) {
        List<Double> out = new ArrayList<>();
        if (!(hi > lo)) {
            return out;
        }
        if (log) {
            int step = Math.max(1, (int) Math.ceil((hi - lo) / count));
            for (double v = Math.ceil(lo / step) * step; v <= hi; v += step) {
                out.add(v);
            }
            if (out.size() < 2) {
                // within one decade: linear ticks in log space labels
                double raw = (hi - lo) / count;
                double mag = Math.pow(10, Math.floor(Math.log10(raw)));
                double st = Math.ceil(raw / mag) * mag;
                out.clear();
                for (double v = Math.ceil(lo / st) * st; v <= hi; v += st) {
                    out.add(v);
                }
            }
            return out;
        }
        double raw = (hi - lo) / count;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / mag;
        double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
        for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out;
    }
}
