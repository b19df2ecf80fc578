package dev.unroll.render;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Several figures side by side, in rows of {@code columns}, each cell as large as the largest figure
 * of its row and column, on the style's background: a page of heatmaps as one picture.
 */
public final class FigureGrid implements Figure {
    private final List<Figure> figures;
    private final int columns;
    private final FigureStyle style;
    // the cells' left and top edges, the last one the grid's width or height
    private final double[] colX;
    private final double[] rowY;

    /**
     * @param figures at least one
     * @param columns figures per row, at least one
     */
    public FigureGrid(List<? extends Figure> figures, int columns, FigureStyle style) {
        if (figures.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("a grid needs at least one figure and one column");
        }
        this.figures = List.copyOf(figures);
        this.columns = Math.min(columns, figures.size());
        this.style = style;
        int rows = (this.figures.size() + this.columns - 1) / this.columns;
        double[] colW = new double[this.columns];
        double[] rowH = new double[rows];
        for (int i = 0; i < this.figures.size(); i++) {
            Figure f = this.figures.get(i);
            colW[i % this.columns] = Math.max(colW[i % this.columns], f.width());
            rowH[i / this.columns] = Math.max(rowH[i / this.columns], f.height());
        }
        colX = new double[this.columns + 1];
        for (int c = 0; c < this.columns; c++) {
            colX[c + 1] = colX[c] + colW[c];
        }
        rowY = new double[rows + 1];
        for (int r = 0; r < rows; r++) {
            rowY[r + 1] = rowY[r] + rowH[r];
        }
    }

    /** The figures, in order. */
    public List<Figure> figures() {
        return figures;
    }

    @Override
    public double width() {
        return colX[columns];
    }

    @Override
    public double height() {
        return rowY[rowY.length - 1];
    }

    @Override
    public void draw(Graphics2D g) {
        g.setColor(style.background());
        g.fill(new Rectangle2D.Double(0, 0, width(), height()));
        for (int i = 0; i < figures.size(); i++) {
            Graphics2D cell = (Graphics2D) g.create();
            try {
                cell.translate(colX[i % columns], rowY[i / columns]);
                figures.get(i).draw(cell);
            } finally {
                cell.dispose();
            }
        }
    }
}
