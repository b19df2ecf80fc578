package dev.unroll.app.hidden;

/** How the heatmap orders its rows (hidden units). */
public enum RowOrder {
    INDEX("unit index"),
    VARIANCE("variance"),
    CORRELATION("correlation with feature"),
    CLUSTER("clustering (similar units together)");

    private final String label;

    RowOrder(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
