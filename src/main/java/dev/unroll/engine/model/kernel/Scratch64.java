package dev.unroll.engine.model.kernel;

/**
 * One thread's arrays for the products of {@link Gemm64}, each made on its first use and then kept (see
 * {@link Workspace}).
 */
final class Scratch64 {
    private double[][] panel;
    private double[][] tile;
    private double[][] rows;

    /** The packed panel of B: {@link Workspace#KC} rows of {@link Workspace#NC}. */
    double[][] panel() {
        if (panel == null) {
            panel = new double[Workspace.KC][Workspace.NC];
        }
        return panel;
    }

    /** C^T for a narrow block: one array per column of C. */
    double[][] tile() {
        if (tile == null) {
            tile = new double[Workspace.NARROW][Workspace.NC];
        }
        return tile;
    }

    /** Four rows of C. */
    double[][] rows() {
        if (rows == null) {
            rows = new double[Workspace.ROWS][Workspace.NC];
        }
        return rows;
    }
}
