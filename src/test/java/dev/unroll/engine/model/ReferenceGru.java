package dev.unroll.engine.model;

import dev.unroll.engine.Rng;

/**
 * Test oracle: {@code torch.nn.GRU}'s cell written plainly (see {@link ReferenceGatedRnn}).
 * <pre>
 *   gi = weight_ih[:, x] + bias_ih,  gh = weight_hh h + bias_hh        blocks r, z, n
 *   r = sigmoid(gi_r + gh_r),  z = sigmoid(gi_z + gh_z),  n = tanh(gi_n + r gh_n),  h' = (1 - z) n + z h
 * </pre>
 */
final class ReferenceGru extends ReferenceGatedRnn {

    ReferenceGru(int vocabSize, int hiddenSize, Rng rng) {
        this(vocabSize, hiddenSize);
        initialise(rng);
    }

    ReferenceGru(int vocabSize, int hiddenSize) {
        super(vocabSize, hiddenSize, 3);
    }

    @Override
    int cacheSize() {
        return 4 * hidden; // r, z, n, gh_n
    }

    @Override
    void cellForward(int x, double[] prev, double[] next, double[] cache) {
        int H = hidden;
        int V = vocab;
        double[] gi = new double[3 * H];
        double[] gh = new double[3 * H];
        for (int r = 0; r < 3 * H; r++) {
            gi[r] = wih.data[r * V + x] + bih.data[r];
            gh[r] = recurrent(r, prev) + bhh.data[r];
        }
        for (int j = 0; j < H; j++) {
            double r = sigmoid(gi[j] + gh[j]);
            double z = sigmoid(gi[H + j] + gh[H + j]);
            double n = Math.tanh(gi[2 * H + j] + r * gh[2 * H + j]);
            next[j] = (1 - z) * n + z * prev[j];
            cache[j] = r;
            cache[H + j] = z;
            cache[2 * H + j] = n;
            cache[3 * H + j] = gh[2 * H + j];
        }
    }

    @Override
    double cellBackward(int x, double[] prev, double[] cache, double[] dNext, double[] dPrev) {
        int H = hidden;
        int V = vocab;
        double[] dgi = new double[3 * H];
        double[] dgh = new double[3 * H];
        for (int j = 0; j < H; j++) {
            double r = cache[j];
            double z = cache[H + j];
            double n = cache[2 * H + j];
            double ghn = cache[3 * H + j];
            double dh = dNext[j];
            double dn = dh * (1 - z);
            double dz = dh * (prev[j] - n);
            double dan = dn * (1 - n * n);
            double dr = dan * ghn;
            dgi[j] = dr * r * (1 - r);
            dgi[H + j] = dz * z * (1 - z);
            dgi[2 * H + j] = dan;
            dgh[j] = dgi[j];
            dgh[H + j] = dgi[H + j];
            dgh[2 * H + j] = dan * r;
            dPrev[j] += dh * z;
        }
        double s = 0;
        for (int r = 0; r < 3 * H; r++) {
            dwih.data[r * V + x] += dgi[r];
            dbih.data[r] += dgi[r];
            dbhh.data[r] += dgh[r];
            for (int j = 0; j < H; j++) {
                dwhh.data[r * H + j] += dgh[r] * prev[j];
                dPrev[j] += whh.data[r * H + j] * dgh[r];
            }
            s += dgi[r] * dgi[r];
        }
        return Math.sqrt(s);
    }

    @Override
    public ReferenceGru copy() {
        ReferenceGru c = new ReferenceGru(vocab, hidden);
        c.copyParametersFrom(this);
        return c;
    }
}
