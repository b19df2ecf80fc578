package dev.unroll.engine.model;

import dev.unroll.engine.Rng;

/**
 * Test oracle: {@code torch.nn.LSTM}'s cell written plainly (see {@link ReferenceGatedRnn}).
 * <pre>
 *   z = weight_ih[:, x] + bias_ih + weight_hh h + bias_hh        blocks i, f, g, o
 *   i, f, o = sigmoid(z_i, z_f, z_o),  g = tanh(z_g),  c' = f c + i g,  h' = o tanh(c')
 * </pre>
 * The state is (h, c), 2H.
 */
final class ReferenceLstm extends ReferenceGatedRnn {

    ReferenceLstm(int vocabSize, int hiddenSize, Rng rng) {
        this(vocabSize, hiddenSize);
        initialise(rng);
    }

    ReferenceLstm(int vocabSize, int hiddenSize) {
        super(vocabSize, hiddenSize, 4);
    }

    @Override
    public int stateSize() {
        return 2 * hidden;
    }

    @Override
    int cacheSize() {
        return 6 * hidden; // i, f, g, o, c', tanh(c')
    }

    @Override
    void cellForward(int x, double[] prev, double[] next, double[] cache) {
        int H = hidden;
        int V = vocab;
        double[] z = new double[4 * H];
        for (int r = 0; r < 4 * H; r++) {
            z[r] = wih.data[r * V + x] + bih.data[r] + recurrent(r, prev) + bhh.data[r];
        }
        for (int j = 0; j < H; j++) {
            double i = sigmoid(z[j]);
            double f = sigmoid(z[H + j]);
            double g = Math.tanh(z[2 * H + j]);
            double o = sigmoid(z[3 * H + j]);
            double c = f * prev[H + j] + i * g;
            double tc = Math.tanh(c);
            next[j] = o * tc;
            next[H + j] = c;
            cache[j] = i;
            cache[H + j] = f;
            cache[2 * H + j] = g;
            cache[3 * H + j] = o;
            cache[4 * H + j] = c;
            cache[5 * H + j] = tc;
        }
    }

    @Override
    double cellBackward(int x, double[] prev, double[] cache, double[] dNext, double[] dPrev) {
        int H = hidden;
        int V = vocab;
        double[] dz = new double[4 * H];
        for (int j = 0; j < H; j++) {
            double i = cache[j];
            double f = cache[H + j];
            double g = cache[2 * H + j];
            double o = cache[3 * H + j];
            double tc = cache[5 * H + j];
            double dh = dNext[j];
            double dc = dNext[H + j] + dh * o * (1 - tc * tc);
            double di = dc * g;
            double df = dc * prev[H + j];
            double dg = dc * i;
            double dout = dh * tc;
            dz[j] = di * i * (1 - i);
            dz[H + j] = df * f * (1 - f);
            dz[2 * H + j] = dg * (1 - g * g);
            dz[3 * H + j] = dout * o * (1 - o);
            dPrev[H + j] = dc * f;
        }
        double s = 0;
        for (int r = 0; r < 4 * H; r++) {
            dwih.data[r * V + x] += dz[r];
            dbih.data[r] += dz[r];
            dbhh.data[r] += dz[r];
            for (int j = 0; j < H; j++) {
                dwhh.data[r * H + j] += dz[r] * prev[j];
                dPrev[j] += whh.data[r * H + j] * dz[r];
            }
            s += dz[r] * dz[r];
        }
        return Math.sqrt(s);
    }

    @Override
    public ReferenceLstm copy() {
        ReferenceLstm c = new ReferenceLstm(vocab, hidden);
        c.copyParametersFrom(this);
        return c;
    }

    /** dL/dc at the node: what reaches c' from the next step plus the path through h' = o tanh(c'). */
    @Override
    double cellNodeNorm(double[] cache, double[] d) {
        int H = hidden;
        double s = 0;
        for (int j = 0; j < H; j++) {
            double o = cache[3 * H + j];
            double tc = cache[5 * H + j];
            double dc = d[H + j] + d[j] * o * (1 - tc * tc);
            s += dc * dc;
        }
        return Math.sqrt(s);
    }
}
