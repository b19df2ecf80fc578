package dev.unroll.render;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Axis tick labels people read at a glance, the same in the app's charts and the exported figures:
 * counts (iterations) compact from a thousand (1k, 12.5k, 150k, 1.5M, so ticks read alike),
 * never "1e+05"; powers of ten on logarithmic axes as 10², 10⁻³, never "7943.282".
 */
public final class TickLabels {
    private static final String SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private TickLabels() {
    }

    /** A count for an axis: "950", "1k", "2.5k", "150k", "1.5M" (a fraction only where it is not zero). */
    public static String count(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k"; // from 1,000: an axis reads 0, 5k, 10k, 15k, never 9,000 beside 10k
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    /** 10 to a whole exponent, with a superscript: "10²", "10⁻³", "1" for 10⁰. */
    public static String powerOfTen(int exponent) {
        if (exponent == 0) {
            return "1";
        }
        StringBuilder sb = new StringBuilder("10");
        if (exponent < 0) {
            sb.append('⁻');
        }
        for (char c : Integer.toString(Math.abs(exponent)).toCharArray()) {
            sb.append(SUPERSCRIPT.charAt(c - '0'));
        }
        return sb.toString();
    }

    /**
     * A value on a logarithmic axis: a whole power of ten as {@link #powerOfTen}, anything else with
     * three significant digits (0.25, 7,940).
     */
    public static String logValue(double v) {
        if (v > 0) {
            double e = Math.log10(v);
            long r = Math.round(e);
            if (Math.abs(e - r) < 1e-9) {
                return powerOfTen((int) r);
            }
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,d", Math.round(Double.parseDouble(String.format(Locale.ROOT, "%.3g", v))));
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    /** {@link #count} as a {@link NumberFormat}, for JFreeChart's number axes. */
    public static NumberFormat countFormat() {
        return new Adapter(false);
    }

    /** {@link #logValue} as a {@link NumberFormat}, for JFreeChart's logarithmic axes. */
    public static NumberFormat logFormat() {
        return new Adapter(true);
    }

    private static String trim(double x) {
        String s = String.format(Locale.ROOT, "%.1f", x);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Formats only; JFreeChart never parses axis labels. */
    private static final class Adapter extends NumberFormat {
        private final boolean log;

        Adapter(boolean log) {
            this.log = log;
        }

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(log ? logValue(number) : count(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("axis labels are not parsed");
        }
    }
}
