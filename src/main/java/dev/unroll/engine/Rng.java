package dev.unroll.engine;

/**
 * A small, fast, seedable random generator (SplitMix64) whose whole state is one {@code long},
 * so that a checkpoint can save it and a resumed run draws exactly the numbers an uninterrupted
 * run would have drawn. Not thread-safe: each trainer or sampler owns its own.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The whole state; {@code new Rng(0).setState(s)} continues the sequence exactly. */
    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Standard normal, by the Box-Muller transform (one draw per call, the pair's other half discarded). */
    public double nextGaussian() {
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= Double.MIN_NORMAL);
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
