/*
 * cells.c: the speed bound for Unroll's training iteration, in plain C (float64, one thread, no BLAS).
 *
 * One iteration is what Unroll's trainer does with sampling off: one window of T characters of the
 * corpus (batch of one), the cell forward over the window from the carried state, the output layer
 * y_t = Why h_t + by with softmax and the summed cross-entropy, backpropagation through time, every
 * gradient entry clipped to [-5, 5], one Adagrad step (lr 0.1), the state carried to the next
 * window and reset to zero when the window pointer wraps. The cells are those of Unroll (and
 * PyTorch), parameters row-major under PyTorch's names:
 *
 *   vanilla  h = tanh(Wxh[:, x] + bh + Whh h_prev)                   Wxh H x V, Whh H x H, bh H
 *   lstm     z = W_ih[:, x] + b_ih + W_hh h_prev + b_hh (4H: i, f, g, o)
 *            c = sig(f) c_prev + sig(i) tanh(g);  h = sig(o) tanh(c)
 *   gru      gi = W_ih[:, x] + b_ih;  gh = W_hh h_prev + b_hh (3H: r, z, n)
 *            r = sig(gi_r + gh_r);  z = sig(gi_z + gh_z);  n = tanh(gi_n + r gh_n);  h = (1 - z) n + z h_prev
 *
 * The one-hot input product W_ih x_t is a column lookup. The FLOPs of an iteration (multiply-add
 * = 2) are those of the six matrix products, with G = 1, 4, 3 gate blocks:
 *
 *   forward   W_hh h_{t-1}: 2 G H^2     Why h_t: 2 V H                                  per step
 *   backward  dWhy += dy_t h_t^T: 2 V H   Why^T dy_t: 2 V H
 *             dW_hh += dz_t h_{t-1}^T: 2 G H^2   W_hh^T dz_t: 2 G H^2                   per step
 *   total     6 T (G H^2 + V H)
 *
 * Written as a C programmer writes such code for speed, without tricks: every hot loop is an
 * "axpy" over contiguous memory (c[j] += a * b[j]), the one shape gcc -O3 vectorizes without
 * -ffast-math (a floating-point dot product is a reduction, which gcc keeps scalar unless allowed to
 * reassociate). So the forward products run over a transposed copy of W_hh and Why made at the
 * start of each iteration (the optimizer changed them), the backward ones over the rows of W_hh and
 * Why, and the weight gradients are matrix products over the whole window (dW_hh = dZ^T H_prev,
 * dWhy = dY^T H) in i-k-j order rather than T separate outer products that would each stream the
 * whole gradient matrix through the cache.
 *
 * Usage:
 *   cells bench CORPUS CELL H ITERATIONS WARMUP [T]   prints one line: cell, H, it/s, it/cpu-s, GFLOP/s, smooth loss
 *   cells check                                        central-difference check of every gradient of every cell
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { VANILLA, LSTM, GRU };
static const char *const CELL_NAMES[] = {"vanilla", "lstm", "gru"};
static const int GATES[] = {1, 4, 3};

typedef struct {
    int cell, V, H, T, G, GH;
    size_t n;                      /* parameters in all */
    double *param, *grad, *mem;    /* n each: all tensors in one block, so clip and Adagrad are one loop */
    /* views into param (and at the same offsets into grad): */
    double *wih, *whh, *bih, *bhh, *why, *by;     /* bhh is unused (size 0) for the vanilla cell */
    double *dwih, *dwhh, *dbih, *dbhh, *dwhy, *dby;
    double *whhT;                  /* H x GH, W_hh transposed */
    double *whyT;                  /* H x V, Why transposed */
    /* window buffers */
    int *xs, *ys;
    double *hs;                    /* (T+1) x H, row 0 the state before the window */
    double *cs;                    /* (T+1) x H, the LSTM's c */
    double *tcs;                   /* T x H, tanh(c_t) */
    double *acts;                  /* T x 4H: LSTM i, f, g, o; GRU r, z, n, gh_n */
    double *ps;                    /* T x V: probabilities, then dy */
    double *dzh;                   /* T x GH: dL/d(W_hh h_{t-1} + b_hh) (vanilla: dL/da_t) */
    double *dzi;                   /* T x GH: dL/d(W_ih x_t + b_ih) (the same as dzh but for the GRU) */
    double *dh, *dhnext, *dcnext, *gh;
} Model;

static double *zeros(size_t n) {
    double *p = calloc(n ? n : 1, sizeof(double));
    if (!p) {
        fprintf(stderr, "cells: out of memory\n");
        exit(1);
    }
    return p;
}

/* xorshift64* and Box-Muller: the initial weights only, not the numbers of Unroll's generator. */
static unsigned long long rng_state = 42;
static double uniform(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double) ((rng_state * 2685821657736338717ULL) >> 11) * 0x1.0p-53;
}
static double gaussian(void) {
    double u = uniform(), v = uniform();
    return sqrt(-2.0 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

static Model *model_new(int cell, int V, int H, int T) {
    Model *m = calloc(1, sizeof(Model));
    m->cell = cell;
    m->V = V;
    m->H = H;
    m->T = T;
    m->G = GATES[cell];
    m->GH = m->G * H;
    const size_t GH = m->GH, nbhh = cell == VANILLA ? 0 : GH;
    m->n = GH * V + GH * H + GH + nbhh + (size_t) V * H + V;
    m->param = zeros(m->n);
    m->grad = zeros(m->n);
    m->mem = zeros(m->n);
    double *p = m->param, *g = m->grad;
    m->wih = p; m->dwih = g; p += GH * V; g += GH * V;
    m->whh = p; m->dwhh = g; p += GH * H; g += GH * H;
    m->bih = p; m->dbih = g; p += GH; g += GH;
    m->bhh = p; m->dbhh = g; p += nbhh; g += nbhh;
    m->why = p; m->dwhy = g; p += (size_t) V * H; g += (size_t) V * H;
    m->by = p; m->dby = g;
    m->whhT = zeros(GH * H);
    m->whyT = zeros((size_t) H * V);
    m->xs = calloc(T, sizeof(int));
    m->ys = calloc(T, sizeof(int));
    m->hs = zeros((size_t) (T + 1) * H);
    m->cs = zeros((size_t) (T + 1) * H);
    m->tcs = zeros((size_t) T * H);
    m->acts = zeros((size_t) T * 4 * H);
    m->ps = zeros((size_t) T * V);
    m->dzh = zeros((size_t) T * GH);
    m->dzi = cell == GRU ? zeros((size_t) T * GH) : m->dzh;
    m->dh = zeros(H);
    m->dhnext = zeros(H);
    m->dcnext = zeros(H);
    m->gh = zeros(GH);
    if (cell == VANILLA) {         /* min-char-rnn: weights N(0, 1) x 0.01, biases zero */
        for (size_t i = 0; i < GH * V + GH * H; i++) m->param[i] = 0.01 * gaussian();
        for (size_t i = 0; i < (size_t) V * H; i++) m->why[i] = 0.01 * gaussian();
    } else {                       /* PyTorch: every tensor uniform in [-1/sqrt(H), 1/sqrt(H)) */
        const double k = 1.0 / sqrt(H);
        for (size_t i = 0; i < m->n; i++) m->param[i] = (2.0 * uniform() - 1.0) * k;
    }
    return m;
}

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

/* out[j * rows + i] = in[i * cols + j] */
static void transpose(const double *in, int rows, int cols, double *out) {
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            out[(size_t) j * rows + i] = in[(size_t) i * cols + j];
}

/* c[0..n) += a * b[0..n) */
static inline void axpy(double *restrict c, double a, const double *restrict b, int n) {
    for (int j = 0; j < n; j++) c[j] += a * b[j];
}

/* Forward over the window from state (h, and c for the LSTM): fills the buffers, returns the summed loss. */
static double forward(Model *m, const double *state) {
    const int V = m->V, H = m->H, T = m->T, GH = m->GH;
    transpose(m->whh, GH, H, m->whhT);
    transpose(m->why, V, H, m->whyT);
    memcpy(m->hs, state, H * sizeof(double));
    if (m->cell == LSTM) memcpy(m->cs, state + H, H * sizeof(double));
    double loss = 0;
    for (int t = 0; t < T; t++) {
        const int x = m->xs[t];
        const double *hp = m->hs + (size_t) t * H;
        double *h = m->hs + (size_t) (t + 1) * H;
        if (m->cell == VANILLA) {
            for (int i = 0; i < H; i++) h[i] = m->wih[(size_t) i * V + x] + m->bih[i];
            for (int j = 0; j < H; j++) axpy(h, hp[j], m->whhT + (size_t) j * H, H);
            for (int i = 0; i < H; i++) h[i] = tanh(h[i]);
        } else if (m->cell == LSTM) {
            double *z = m->acts + (size_t) t * GH;
            const double *cp = m->cs + (size_t) t * H;
            double *c = m->cs + (size_t) (t + 1) * H, *tc = m->tcs + (size_t) t * H;
            for (int r = 0; r < GH; r++) z[r] = m->wih[(size_t) r * V + x] + m->bih[r] + m->bhh[r];
            for (int j = 0; j < H; j++) axpy(z, hp[j], m->whhT + (size_t) j * GH, GH);
            for (int j = 0; j < H; j++) {
                const double i = sigmoid(z[j]), f = sigmoid(z[H + j]), g = tanh(z[2 * H + j]), o = sigmoid(z[3 * H + j]);
                z[j] = i; z[H + j] = f; z[2 * H + j] = g; z[3 * H + j] = o;
                c[j] = f * cp[j] + i * g;
                tc[j] = tanh(c[j]);
                h[j] = o * tc[j];
            }
        } else {
            double *a = m->acts + (size_t) t * 4 * H, *gh = m->gh;
            memcpy(gh, m->bhh, GH * sizeof(double));
            for (int j = 0; j < H; j++) axpy(gh, hp[j], m->whhT + (size_t) j * GH, GH);
            for (int j = 0; j < H; j++) {
                const double r = sigmoid(m->wih[(size_t) j * V + x] + m->bih[j] + gh[j]);
                const double z = sigmoid(m->wih[(size_t) (H + j) * V + x] + m->bih[H + j] + gh[H + j]);
                const double n = tanh(m->wih[(size_t) (2 * H + j) * V + x] + m->bih[2 * H + j] + r * gh[2 * H + j]);
                a[j] = r; a[H + j] = z; a[2 * H + j] = n; a[3 * H + j] = gh[2 * H + j];
                h[j] = (1.0 - z) * n + z * hp[j];
            }
        }
        double *p = m->ps + (size_t) t * V;
        memcpy(p, m->by, V * sizeof(double));
        for (int j = 0; j < H; j++) axpy(p, h[j], m->whyT + (size_t) j * V, V);
        double max = p[0], sum = 0;
        for (int k = 1; k < V; k++) max = p[k] > max ? p[k] : max;
        for (int k = 0; k < V; k++) sum += (p[k] = exp(p[k] - max));
        for (int k = 0; k < V; k++) p[k] /= sum;
        loss -= log(p[m->ys[t]]);
    }
    return loss;
}

/* Backpropagation through time after forward(): every gradient, unclipped. */
static void backward(Model *m) {
    const int V = m->V, H = m->H, T = m->T, GH = m->GH;
    double *dh = m->dh, *dhnext = m->dhnext, *dcnext = m->dcnext;
    memset(m->grad, 0, m->n * sizeof(double));
    for (int t = 0; t < T; t++) {               /* dy_t = p_t - onehot(y_t); dby = sum_t dy_t */
        double *dy = m->ps + (size_t) t * V;
        dy[m->ys[t]] -= 1.0;
        for (int k = 0; k < V; k++) m->dby[k] += dy[k];
    }
    for (int k = 0; k < V; k++)                 /* dWhy = dY^T H_{1..T} */
        for (int t = 0; t < T; t++)
            axpy(m->dwhy + (size_t) k * H, m->ps[(size_t) t * V + k], m->hs + (size_t) (t + 1) * H, H);
    memset(dhnext, 0, H * sizeof(double));
    memset(dcnext, 0, H * sizeof(double));
    for (int t = T - 1; t >= 0; t--) {
        const double *dy = m->ps + (size_t) t * V;
        memcpy(dh, dhnext, H * sizeof(double));     /* dh_t = dhnext + Why^T dy_t */
        for (int k = 0; k < V; k++) axpy(dh, dy[k], m->why + (size_t) k * H, H);
        double *dz = m->dzh + (size_t) t * GH;
        if (m->cell == VANILLA) {
            const double *h = m->hs + (size_t) (t + 1) * H;
            for (int i = 0; i < H; i++) dz[i] = (1.0 - h[i] * h[i]) * dh[i];
        } else if (m->cell == LSTM) {
            const double *a = m->acts + (size_t) t * GH, *tc = m->tcs + (size_t) t * H, *cp = m->cs + (size_t) t * H;
            for (int j = 0; j < H; j++) {
                const double i = a[j], f = a[H + j], g = a[2 * H + j], o = a[3 * H + j];
                const double dc = dh[j] * o * (1.0 - tc[j] * tc[j]) + dcnext[j];
                dz[j] = dc * g * i * (1.0 - i);
                dz[H + j] = dc * cp[j] * f * (1.0 - f);
                dz[2 * H + j] = dc * i * (1.0 - g * g);
                dz[3 * H + j] = dh[j] * tc[j] * o * (1.0 - o);
                dcnext[j] = dc * f;
            }
        } else {
            const double *a = m->acts + (size_t) t * 4 * H, *hp = m->hs + (size_t) t * H;
            double *di = m->dzi + (size_t) t * GH;
            for (int j = 0; j < H; j++) {
                const double r = a[j], z = a[H + j], n = a[2 * H + j], ghn = a[3 * H + j];
                const double dn = dh[j] * (1.0 - z) * (1.0 - n * n);
                const double dr = dn * ghn * r * (1.0 - r);
                const double dzz = dh[j] * (hp[j] - n) * z * (1.0 - z);
                di[j] = dr; di[H + j] = dzz; di[2 * H + j] = dn;
                dz[j] = dr; dz[H + j] = dzz; dz[2 * H + j] = dn * r;
            }
        }
        /* dhnext = W_hh^T dz_t (+ dh_t z for the GRU) */
        memset(dhnext, 0, H * sizeof(double));
        for (int r = 0; r < GH; r++) axpy(dhnext, dz[r], m->whh + (size_t) r * H, H);
        if (m->cell == GRU) {
            const double *a = m->acts + (size_t) t * 4 * H;
            for (int j = 0; j < H; j++) dhnext[j] += dh[j] * a[H + j];
        }
    }
    for (int r = 0; r < GH; r++)                /* dW_hh = dZ^T H_{0..T-1} */
        for (int t = 0; t < T; t++)
            axpy(m->dwhh + (size_t) r * H, m->dzh[(size_t) t * GH + r], m->hs + (size_t) t * H, H);
    double *dbh = m->cell == VANILLA ? m->dbih : m->dbhh;
    for (int t = 0; t < T; t++) {
        const double *dz = m->dzh + (size_t) t * GH, *di = m->dzi + (size_t) t * GH;
        const int x = m->xs[t];
        for (int r = 0; r < GH; r++) dbh[r] += dz[r];
        if (m->cell != VANILLA)
            for (int r = 0; r < GH; r++) m->dbih[r] += di[r];
        for (int r = 0; r < GH; r++) m->dwih[(size_t) r * V + x] += di[r];
    }
}

/* One training iteration on data[p .. p+T]: returns the loss; updates state and the parameters. */
static double iterate(Model *m, const int *data, double *state) {
    const int H = m->H, T = m->T;
    for (int t = 0; t < T; t++) {
        m->xs[t] = data[t];
        m->ys[t] = data[t + 1];
    }
    const double loss = forward(m, state);
    backward(m);
    memcpy(state, m->hs + (size_t) T * H, H * sizeof(double));
    if (m->cell == LSTM) memcpy(state + H, m->cs + (size_t) T * H, H * sizeof(double));
    double *p = m->param, *g = m->grad, *mem = m->mem;
    for (size_t i = 0; i < m->n; i++) {         /* clip to [-5, 5], then Adagrad (lr 0.1) */
        const double gi = g[i] > 5.0 ? 5.0 : (g[i] < -5.0 ? -5.0 : g[i]);
        mem[i] += gi * gi;
        p[i] -= 0.1 * gi / sqrt(mem[i] + 1e-8);
    }
    return loss;
}

static double now(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int bench(const char *corpus, const char *cellName, int H, long iterations, long warmup, int T) {
    int cell = -1;
    for (int c = 0; c < 3; c++)
        if (strcmp(cellName, CELL_NAMES[c]) == 0) cell = c;
    if (cell < 0 || H < 1 || iterations < 1 || warmup < 0 || T < 1) {
        fprintf(stderr, "cells: bad arguments (cell vanilla|lstm|gru, H >= 1, iterations >= 1, warmup >= 0, T >= 1)\n");
        return 2;
    }
    FILE *f = fopen(corpus, "rb");
    if (!f) {
        fprintf(stderr, "cells: cannot read %s\n", corpus);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    const long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *text = malloc(len + 1);
    if (!text || fread(text, 1, len, f) != (size_t) len) {
        fprintf(stderr, "cells: cannot read %s\n", corpus);
        return 2;
    }
    fclose(f);
    /* the vocabulary: the distinct bytes in byte order (Unroll's, by code point, for an ASCII text) */
    int code[256], V = 0;
    int seen[256] = {0};
    for (long i = 0; i < len; i++) seen[text[i]] = 1;
    for (int b = 0; b < 256; b++) code[b] = seen[b] ? V++ : -1;
    int *data = malloc(len * sizeof(int));
    for (long i = 0; i < len; i++) data[i] = code[text[i]];
    if (len < T + 2) {
        fprintf(stderr, "cells: the corpus is shorter than a window\n");
        return 2;
    }
    Model *m = model_new(cell, V, H, T);
    double *state = zeros(2 * (size_t) H);
    double smooth = -log(1.0 / V) * T;
    long p = 0;
    double wall0 = 0, cpu0 = 0;
    for (long it = 0; it < warmup + iterations; it++) {
        if (it == warmup) {
            wall0 = now(CLOCK_MONOTONIC);
            cpu0 = now(CLOCK_PROCESS_CPUTIME_ID);
        }
        if (p + T + 1 >= len) {
            p = 0;
            memset(state, 0, 2 * (size_t) H * sizeof(double));
        }
        smooth = smooth * 0.999 + iterate(m, data + p, state) * 0.001;
        p += T;
    }
    const double wall = now(CLOCK_MONOTONIC) - wall0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    const double flops = 6.0 * T * ((double) m->G * H * H + (double) V * H);
    printf("%-8s %6d %10ld %9.1f %10.1f %8.2f %11.3f\n", cellName, H, iterations, iterations / wall, iterations / cpu,
           flops * iterations / wall / 1e9, smooth);
    return 0;
}

/* Central differences against backward() for every parameter of a small model of every cell. */
static int check(void) {
    const int V = 7, H = 5, T = 6;
    int worst = 0;
    for (int cell = 0; cell < 3; cell++) {
        Model *m = model_new(cell, V, H, T);
        for (size_t i = 0; i < m->n; i++) m->param[i] *= 3.0;   /* away from the linear regime */
        double state[2 * 5];
        for (int j = 0; j < 2 * H; j++) state[j] = 0.4 * (2.0 * uniform() - 1.0);
        for (int t = 0; t < T; t++) {
            m->xs[t] = (int) (uniform() * V);
            m->ys[t] = (int) (uniform() * V);
        }
        forward(m, state);
        backward(m);
        double maxRel = 0;
        for (size_t i = 0; i < m->n; i++) {
            const double keep = m->param[i], e = 1e-5;
            m->param[i] = keep + e;
            const double up = forward(m, state);
            m->param[i] = keep - e;
            const double down = forward(m, state);
            m->param[i] = keep;
            const double num = (up - down) / (2 * e), ana = m->grad[i];
            const double rel = fabs(num - ana) / fmax(1e-8, fabs(num) + fabs(ana));
            maxRel = rel > maxRel ? rel : maxRel;
        }
        printf("%-8s %zu parameters, largest relative error %.2e\n", CELL_NAMES[cell], m->n, maxRel);
        worst |= !(maxRel < 1e-6);
    }
    return worst;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "check") == 0) return check();
    if ((argc == 7 || argc == 8) && strcmp(argv[1], "bench") == 0)
        return bench(argv[2], argv[3], atoi(argv[4]), atol(argv[5]), atol(argv[6]), argc == 8 ? atoi(argv[7]) : 25);
    fprintf(stderr, "usage: cells bench CORPUS vanilla|lstm|gru H ITERATIONS WARMUP [T]\n       cells check\n");
    return 2;
}
