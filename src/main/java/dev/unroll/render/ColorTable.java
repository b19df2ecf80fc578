package dev.unroll.render;

import java.util.List;

/**
 * The one colour map of every heatmap, on screen and in exported pictures: a diverging scale for
 * values in [-1, 1], blue at -1, a neutral tone at 0, red at +1 (ColorBrewer RdBu, five stops),
 * as a table of {@link #SIZE} packed opaque ARGB ints, one per {@link Palette}: its ends are the
 * palette's {@link Palette#negative()} and {@link Palette#positive()}, its middle the palette's
 * {@link Palette#surface()}, the soft stops between them RdBu's for a light or a dark background.
 * Non-negative quantities use the upper half, [0, 1]. The app's {@code ColorMap} is built on it.
 */
public final class ColorTable {
    /** Entries in a table: index 0 is -1, {@code SIZE / 2} is 0, {@code SIZE - 1} is +1. */
    public static final int SIZE = 257;

    private static final int MID = SIZE / 2;
    private static final double HALF = (SIZE - 1) / 2.0;
    private static final List<int[]> TABLES = Palette.ALL.stream().map(ColorTable::build).toList();

    private ColorTable() {
    }

    /** A copy of the table of the light ({@code dark} false) or dark palette. */
    public static int[] diverging(boolean dark) {
        return diverging(dark ? Palette.DARK : Palette.LIGHT);
    }

    /** A copy of the table of a palette. */
    public static int[] diverging(Palette palette) {
        int i = Palette.ALL.indexOf(palette);
        return i >= 0 ? TABLES.get(i).clone() : build(palette);
    }

    /** The table index of a value: clamped to [-1, 1], rounded to the nearest entry; NaN is the middle. */
    public static int index(double v) {
        if (!(v >= -1)) {
            return Double.isNaN(v) ? MID : 0;
        }
        if (v >= 1) {
            return SIZE - 1;
        }
        return (int) ((v + 1) * HALF + 0.5);
    }

    private static int[] build(Palette p) {
        boolean dark = p.dark();
        float[] neg = rgb(p.negative());
        float[] negSoft = dark ? rgb(50, 90, 150) : rgb(146, 197, 222);
        float[] mid = rgb(p.surface());
        float[] posSoft = dark ? rgb(150, 70, 55) : rgb(244, 165, 130);
        float[] pos = rgb(p.positive());
        int[] table = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            double v = (i - MID) / HALF;
            double a = Math.abs(v);
            float[] soft = v < 0 ? negSoft : posSoft;
            float[] end = v < 0 ? neg : pos;
            float[] c = a < 0.5 ? mix(mid, soft, a / 0.5) : mix(soft, end, (a - 0.5) / 0.5);
            table[i] = 0xff000000 | channel(c[0]) << 16 | channel(c[1]) << 8 | channel(c[2]);
        }
        return table;
    }

    // colour arithmetic in float, as JavaFX's Color does it, so the app's tables are unchanged to the bit
    private static float[] rgb(int r, int g, int b) {
        return new float[] {(float) (r / 255.0), (float) (g / 255.0), (float) (b / 255.0)};
    }

    private static float[] rgb(int packed) {
        return rgb(packed >> 16 & 0xff, packed >> 8 & 0xff, packed & 0xff);
    }

    private static float[] mix(float[] a, float[] b, double t) {
        if (t <= 0) {
            return a;
        }
        if (t >= 1) {
            return b;
        }
        float ft = (float) t;
        return new float[] {a[0] + (b[0] - a[0]) * ft, a[1] + (b[1] - a[1]) * ft, a[2] + (b[2] - a[2]) * ft};
    }

    private static int channel(float c) {
        return (int) Math.round((double) c * 255);
    }
}
