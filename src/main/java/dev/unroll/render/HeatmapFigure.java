package dev.unroll.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * A grid of values as coloured cells through the one {@link ColorTable}, with a title, optional row
 * and column labels, and the colour legend under it. Values are given already mapped to the table's
 * [-1, 1] (magnitudes to [0, 1]). Up to {@link #MAX_CELL_SHAPES} cells are drawn as one rectangle
 * each (an SVG of {@code <rect>} elements); larger grids as one image of a pixel per cell, drawn
 * scaled without smoothing (embedded in an SVG as a PNG).
 */
public final class HeatmapFigure extends HeadedFigure {
    /** The most cells drawn as shapes; above, the cells are one image. */
    public static final int MAX_CELL_SHAPES = 40_000;

    private final int rows;
    private final int cols;
    private final double[] values;
    private final String[] rowLabels;
    private final String[] colLabels;
    private final boolean characterColumns;
    private final double legendFrom;
    private final String legendLow;
    private final String legendHigh;
    private final String legendCaption;
    private final double cellW;
    private final double cellH;
    // layout, in units
    private final double pad;
    private final double gridX;
    private final double gridY;

    private HeatmapFigure(Builder b) {
        super(b.title, b.note, b.style);
        rows = b.rows;
        cols = b.cols;
        values = b.values;
        rowLabels = b.rowLabels;
        colLabels = b.colLabels;
        characterColumns = b.characterColumns;
        legendFrom = b.legendFrom;
        legendLow = b.legendLow;
        legendHigh = b.legendHigh;
        legendCaption = b.legendCaption;
        cellW = b.cellW;
        cellH = b.cellH;
        double s = style.scale();
        pad = 8 * s;
        double gutter = 0;
        if (rowLabels != null) {
            Font f = style.font(10);
            for (String l : rowLabels) {
                if (l != null) {
                    gutter = Math.max(gutter, f.getStringBounds(l, FRC).getWidth());
                }
            }
            gutter += 6 * s;
        }
        double head = belowHeading(0) + (colLabels == null ? 0 : 18 * s);
        gridX = pad + gutter;
        gridY = pad + head;
        double legendWidth = 160 * s + style.font(10).getStringBounds(legendCaption, FRC).getWidth() + 60 * s;
        double titleWidth = Math.max(style.bold(13).getStringBounds(title, FRC).getWidth(),
                style.font(11).getStringBounds(note, FRC).getWidth());
        size(Math.ceil(Math.max(gridX + cols * cellW, Math.max(pad + legendWidth, pad + titleWidth)) + pad),
                Math.ceil(gridY + rows * cellH + 40 * s + pad));
    }

    /**
     * Starts a heatmap of {@code rows} x {@code cols} values, row-major, each in [-1, 1] (the
     * table's range; NaN is the neutral tone). The array is copied.
     */
    public static Builder builder(int rows, int cols, double[] values) {
        return new Builder(rows, cols, values);
    }

    /** Rows and columns of cells. */
    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Whether the cells are drawn as one rectangle each (else as one image). */
    public boolean cellsAsShapes() {
        return (long) rows * cols <= MAX_CELL_SHAPES;
    }

    @Override
    public void draw(Graphics2D g) {
        double s = style.scale();
        int[] table = style.colorTable();
        drawBackgroundAndHeading(g, pad);
        drawCells(g, table);
        g.setColor(style.muted());
        g.setStroke(new BasicStroke((float) Math.max(0.5, 0.8 * s)));
        g.draw(new Rectangle2D.Double(gridX, gridY, cols * cellW, rows * cellH));
        drawColumnLabels(g);
        drawRowLabels(g);
        drawLegend(g, table);
    }

    private void drawCells(Graphics2D g, int[] table) {
        Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        if (cellsAsShapes()) {
            Color[] colors = new Color[table.length];
            Rectangle2D.Double cell = new Rectangle2D.Double(0, 0, cellW, cellH);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int i = ColorTable.index(values[r * cols + c]);
                    if (colors[i] == null) {
                        colors[i] = new Color(table[i]);
                    }
                    g.setColor(colors[i]);
                    cell.x = gridX + c * cellW;
                    cell.y = gridY + r * cellH;
                    g.fill(cell);
                }
            }
        } else {
            BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
            int[] px = new int[cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    px[c] = table[ColorTable.index(values[r * cols + c])];
                }
                img.setRGB(0, r, cols, 1, px, 0, cols);
            }
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            AffineTransform at = new AffineTransform(cellW, 0, 0, cellH, gridX, gridY);
            g.drawImage(img, at, null);
        }
        if (aa != null) {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
        }
    }

    private void drawColumnLabels(Graphics2D g) {
        if (colLabels == null) {
            return;
        }
        double s = style.scale();
        Font f = characterColumns ? style.mono(11) : style.font(10);
        g.setFont(f);
        double widest = 0;
        for (String l : colLabels) {
            if (l != null) {
                widest = Math.max(widest, f.getStringBounds(l, FRC).getWidth());
            }
        }
        int every = Math.max(1, (int) Math.ceil((widest + 3 * s) / cellW));
        FontMetrics fm = g.getFontMetrics();
        double baseline = gridY - 5 * s;
        for (int c = 0; c < cols; c += every) {
            String l = colLabels[c];
            if (l == null || l.isEmpty()) {
                continue;
            }
            boolean sign = characterColumns && isSign(l);
            g.setColor(sign ? style.muted() : style.foreground());
            double w = fm.getStringBounds(l, g).getWidth();
            g.drawString(l, (float) (gridX + (c + 0.5) * cellW - w / 2), (float) baseline);
        }
    }

    private static boolean isSign(String l) {
        return l.equals(Glyphs.SPACE) || l.equals(Glyphs.NEWLINE) || l.equals(Glyphs.TAB) || l.equals(Glyphs.RETURN) || l.startsWith("U+");
    }

    private void drawRowLabels(Graphics2D g) {
        if (rowLabels == null) {
            return;
        }
        double s = style.scale();
        Font f = style.font(10);
        g.setFont(f);
        g.setColor(style.muted());
        FontMetrics fm = g.getFontMetrics();
        double lineH = f.getSize2D() * 1.15;
        int every = Math.max(1, (int) Math.ceil(lineH / cellH));
        for (int r = 0; r < rows; r += every) {
            String l = rowLabels[r];
            if (l == null || l.isEmpty()) {
                continue;
            }
            double w = fm.getStringBounds(l, g).getWidth();
            double cy = gridY + (r + 0.5) * cellH;
            g.drawString(l, (float) (gridX - 4 * s - w), (float) (cy + f.getSize2D() * 0.35));
        }
    }

    private void drawLegend(Graphics2D g, int[] table) {
        double s = style.scale();
        double x0 = gridX;
        double y0 = gridY + rows * cellH + 10 * s;
        double lw = 160 * s;
        double lh = 10 * s;
        int a = ColorTable.index(Math.min(legendFrom, 1));
        int b = ColorTable.index(1);
        int n = b - a + 1;
        Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        // one rectangle per few table entries, each a touch wider so no seam shows between them
        int steps = Math.min(n, 64);
        for (int k = 0; k < steps; k++) {
            int i = a + (int) Math.round((n - 1) * (k + 0.5) / steps);
            g.setColor(new Color(table[Math.min(b, i)]));
            double x = x0 + lw * k / steps;
            g.fill(new Rectangle2D.Double(x, y0, lw / steps + (k + 1 < steps ? 0.5 : 0), lh));
        }
        if (aa != null) {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
        }
        g.setColor(style.muted());
        g.setStroke(new BasicStroke((float) Math.max(0.5, 0.8 * s)));
        g.draw(new Rectangle2D.Double(x0, y0, lw, lh));
        Font f = style.font(10);
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        float below = (float) (y0 + lh + f.getSize2D() + 2 * s);
        g.setColor(style.foreground());
        g.drawString(legendLow, (float) x0, below);
        g.drawString(legendHigh, (float) (x0 + lw - fm.getStringBounds(legendHigh, g).getWidth()), below);
        g.setColor(style.muted());
        g.drawString(legendCaption, (float) (x0 + lw + 10 * s), (float) (y0 + lh / 2 + f.getSize2D() * 0.35));
    }

    /** Collects a heatmap's parts; {@link #build()} lays it out. */
    public static final class Builder {
        private final int rows;
        private final int cols;
        private final double[] values;
        private String title = "";
        private String note = "";
        private String[] rowLabels;
        private String[] colLabels;
        private boolean characterColumns;
        private double legendFrom = -1;
        private String legendLow = "-1";
        private String legendHigh = "+1";
        private String legendCaption = "";
        private FigureStyle style = FigureStyle.LIGHT;
        private double cellW = 8;
        private double cellH = 8;

        private Builder(int rows, int cols, double[] values) {
            if (rows < 1 || cols < 1 || values.length != rows * cols) {
                throw new IllegalArgumentException("a heatmap needs rows x cols values (got " + rows + "x" + cols + " and "
                        + values.length + ")");
            }
            this.rows = rows;
            this.cols = cols;
            this.values = values.clone();
        }

        /** The bold line at the top. */
        public Builder title(String t) {
            title = t == null ? "" : t;
            return this;
        }

        /** A muted line under the title (what, when: "iteration 4,540 · rows by variance"). */
        public Builder note(String n) {
            note = n == null ? "" : n;
            return this;
        }

        /** A label per row, drawn left of it where there is room (null entries: none). */
        public Builder rowLabels(String[] labels) {
            rowLabels = labels == null ? null : checked(labels, rows).clone();
            return this;
        }

        /**
         * A label per column, drawn above it where there is room.
         *
         * @param characters whether the labels are characters of a text (drawn monospaced; the
         *                   signs of invisible characters in the muted colour)
         */
        public Builder columnLabels(String[] labels, boolean characters) {
            colLabels = labels == null ? null : checked(labels, cols).clone();
            characterColumns = characters;
            return this;
        }

        /**
         * The legend: the table from {@code from} (-1 for signed values, 0 for magnitudes) to +1,
         * with the texts at its ends and a caption beside it.
         */
        public Builder legend(double from, String low, String high, String caption) {
            legendFrom = from;
            legendLow = Objects.requireNonNull(low);
            legendHigh = Objects.requireNonNull(high);
            legendCaption = caption == null ? "" : caption;
            return this;
        }

        public Builder style(FigureStyle s) {
            style = Objects.requireNonNull(s);
            return this;
        }

        /** The size of a cell in units (screen pixels at 1x). */
        public Builder cell(double width, double height) {
            if (!(width > 0) || !(height > 0)) {
                throw new IllegalArgumentException("cells need a positive size");
            }
            cellW = width;
            cellH = height;
            return this;
        }

        public HeatmapFigure build() {
            return new HeatmapFigure(this);
        }

        private static String[] checked(String[] labels, int n) {
            if (labels.length != n) {
                throw new IllegalArgumentException("expected " + n + " labels, got " + labels.length + ": " + Arrays.toString(labels));
            }
            return labels;
        }
    }
}
