package dev.unroll.app.ui;

/** The one way the app writes counts people read (iterations, strides, sizes): with thousands separators, 49,644. */
public final class Numbers {
    private Numbers() {
    }

    /** A whole number with thousands separators ("94,130"), the same in every view and locale. */
    public static String count(long n) {
        return dev.unroll.render.Pictures.count(n); // the figures write counts the same way
    }
}
