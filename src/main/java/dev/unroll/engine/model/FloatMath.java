package dev.unroll.engine.model;

/**
 * tanh and the logistic sigmoid in float for {@link FloatPass}, in a form Java 17's C2 compiler vectorizes: a rational
 * function (Eigen's {@code generic_fast_tanh_float}: odd numerator of degree 13 over even denominator of degree 6, in
 * Horner form) on the input clamped to [-7.905, 7.905], with multiplications, additions, one division, min and max
 * only (no exp, no branch, no cast), so that a loop over an array runs 16 floats at a time.
 * <ul>
 *   <li>{@link #tanh}: within 7 units in the last place of {@code (float) Math.tanh(x)} for every float x (at most 2
 *       for |x| below 2^-12, 6.7 around 5.9, where tanh approaches 1), subnormals included; exactly +-1 from
 *       |x| = 7.905 on, including the infinities; never above 1 in magnitude; odd; NaN for NaN.</li>
 *   <li>{@link #sigmoid}: {@code 0.5 + 0.5 tanh(x / 2)}, within 2.1e-7 of 1 / (1 + e^-x) absolutely over the whole
 *       range (the rounding of a float near 1/2 or 1 is 3e-8 or 6e-8), relatively within 1.2e-4 where the value is
 *       above 1e-3; for very negative x it is 0 or a few units of 2^-25 where the true value is smaller; NaN for NaN.</li>
 * </ul>
 * The results depend only on the input: the same bits on every thread, in a loop or alone, compiled or interpreted
 * (Java float arithmetic is exactly rounded; no fused multiply-add is used).
 */
final class FloatMath {

    /** Where the approximation reaches 1 in float. */
    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private FloatMath() {
    }

    /** tanh x in float (see the class comment for its accuracy). */
    static float tanh(float x) {
        final float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        final float z = v * v;
        final float p = A1 + z * (A3 + z * (A5 + z * (A7 + z * (A9 + z * (A11 + z * A13)))));
        final float q = B0 + z * (B2 + z * (B4 + z * B6));
        return v * (p / q);
    }

    /** 1 / (1 + e^-x) in float, as 0.5 + 0.5 tanh(x / 2) (see the class comment for its accuracy). */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** a[i] = tanh a[i] for i in [from, to). */
    static void tanh(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = tanh(a[i]);
        }
    }

    /** a[i] = sigmoid a[i] for i in [from, to). */
    static void sigmoid(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = sigmoid(a[i]);
        }
    }
}
