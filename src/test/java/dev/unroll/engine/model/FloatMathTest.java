package dev.unroll.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The float32 pass's tanh and sigmoid against Math.tanh and 1 / (1 + e^-x) in double, over the whole float range
 * (every 4099th bit pattern, both signs: 1 million values from the subnormals to the largest float), at the ends
 * and at NaN; and the array loops (vectorized once compiled) give the scalar function's bits.
 */
class FloatMathTest {

    private static final int STRIDE = 4099;

    @Test
    void tanhIsWithinSevenUnitsInTheLastPlaceEverywhere() {
        double worst = 0;
        float at = 0;
        for (long bits = 0; bits < 0x7f800000L; bits += STRIDE) {
            float x = Float.intBitsToFloat((int) bits);
            for (float v : new float[] {x, -x}) {
                float y = FloatMath.tanh(v);
                double exact = Math.tanh(v);
                double ulps = Math.abs(y - exact) / Math.ulp((float) exact);
                if (ulps > worst) {
                    worst = ulps;
                    at = v;
                }
                assertTrue(Math.abs(y) <= 1f, "|tanh " + v + "| = " + y + " is above 1");
                assertEquals(Float.floatToRawIntBits(-y), Float.floatToRawIntBits(FloatMath.tanh(-v)), "odd at " + v);
            }
        }
        assertTrue(worst <= 7, "tanh is " + worst + " units in the last place off at " + at);
    }

    @Test
    void tanhIsExactlyOneFarOutAndNanForNan() {
        for (float x : new float[] {7.9054f, 8f, 9.5f, 20f, 1e6f, Float.MAX_VALUE, Float.POSITIVE_INFINITY}) {
            assertEquals(1f, FloatMath.tanh(x), "tanh " + x);
            assertEquals(-1f, FloatMath.tanh(-x), "tanh -" + x);
        }
        assertTrue(Float.isNaN(FloatMath.tanh(Float.NaN)));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(FloatMath.tanh(0f)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatMath.tanh(-0f)));
        assertEquals(1e-20f, FloatMath.tanh(1e-20f), 2 * Math.ulp(1e-20f), "tanh x = x near 0");
        assertEquals((float) Math.tanh(0.5), FloatMath.tanh(0.5f), 4 * Math.ulp(0.5f));
    }

    @Test
    void sigmoidIsWithinTwoTenMillionthsEverywhere() {
        double worst = 0;
        float at = 0;
        double worstRelative = 0;
        for (long bits = 0; bits < 0x7f800000L; bits += STRIDE) {
            float x = Float.intBitsToFloat((int) bits);
            for (float v : new float[] {x, -x}) {
                float y = FloatMath.sigmoid(v);
                double exact = 1 / (1 + Math.exp(-(double) v));
                assertTrue(y >= 0f && y <= 1f, "sigmoid " + v + " = " + y);
                if (Math.abs(y - exact) > worst) {
                    worst = Math.abs(y - exact);
                    at = v;
                }
                if (exact > 1e-3) {
                    worstRelative = Math.max(worstRelative, Math.abs(y - exact) / exact);
                }
            }
        }
        assertTrue(worst <= 2.1e-7, "sigmoid is " + worst + " off at " + at);
        assertTrue(worstRelative <= 1.2e-4, "sigmoid is relatively " + worstRelative + " off above 1e-3");
        assertEquals(0.5f, FloatMath.sigmoid(0f));
        assertEquals(1f, FloatMath.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(0f, FloatMath.sigmoid(Float.NEGATIVE_INFINITY));
        assertEquals(1f, FloatMath.sigmoid(40f));
        assertEquals(0f, FloatMath.sigmoid(-40f));
        assertTrue(Float.isNaN(FloatMath.sigmoid(Float.NaN)));
    }

    /** The loops, run often enough for C2 to compile (and vectorize) them, give the scalar function's bits. */
    @Test
    void theArrayLoopsGiveTheScalarBits() {
        int n = 1003;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i - n / 2) * 0.0173f + (i % 7 == 0 ? 1e-30f : 0f);
        }
        x[5] = Float.NaN;
        x[6] = Float.POSITIVE_INFINITY;
        float[] t = new float[n];
        float[] s = new float[n];
        for (int round = 0; round < 3000; round++) {
            System.arraycopy(x, 0, t, 0, n);
            System.arraycopy(x, 0, s, 0, n);
            FloatMath.tanh(t, 1, n);
            FloatMath.sigmoid(s, 1, n);
        }
        assertEquals(x[0], t[0], "outside [from, to) untouched");
        for (int i = 1; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(FloatMath.tanh(x[i])), Float.floatToRawIntBits(t[i]), "tanh at " + i);
            assertEquals(Float.floatToRawIntBits(FloatMath.sigmoid(x[i])), Float.floatToRawIntBits(s[i]), "sigmoid at " + i);
        }
    }
}
