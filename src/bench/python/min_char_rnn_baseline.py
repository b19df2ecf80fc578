#!/usr/bin/env python3
"""Speed baseline: the min-char-rnn training iteration in numpy, written from the math.

One iteration is what Unroll's trainer does (batch of one window, double precision):

    h_t = tanh(Wxh x_t + Whh h_{t-1} + bh)       x_t one-hot over V
    p_t = softmax(Why h_t + by)                  loss = sum_t -log p_t[target_t]
    backpropagation through time over the T steps, every gradient entry clipped to [-5, 5]
    Adagrad: mem += g*g; param -= lr * g / sqrt(mem + 1e-8)

and the data pointer walks the corpus T characters at a time (h reset to zero when it wraps).
Sampling is off, as in Unroll's Benchmark. Each step is a matrix-vector product, as in the
original script; the point is to time the reference implementation, not to write a faster one.

Usage:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 min_char_rnn_baseline.py CORPUS \
        [--hidden 100,250,500] [--iterations N] [--warmup N] [--seq 25] [--repeat R]

Prints one line per hidden size and repetition: hidden, iterations, seconds, it/s (wall time),
it/cpu-s (process CPU time, all threads: steadier on a busy machine), final smooth loss.
Seeded (numpy default_rng), so a run is reproducible.
"""
import argparse
import os
import sys
import time

import numpy as np


def train(data, vocab, hidden, seq, iterations, warmup, lr=0.1, clip=5.0, seed=42):
    rng = np.random.default_rng(seed)
    V, H = vocab, hidden
    Wxh = rng.standard_normal((H, V)) * 0.01
    Whh = rng.standard_normal((H, H)) * 0.01
    Why = rng.standard_normal((V, H)) * 0.01
    bh = np.zeros((H, 1))
    by = np.zeros((V, 1))
    params = [Wxh, Whh, Why, bh, by]
    mems = [np.zeros_like(p) for p in params]
    smooth = -np.log(1.0 / V) * seq
    hprev = np.zeros((H, 1))
    p = 0
    n = len(data)
    start = cpu_start = None
    for it in range(warmup + iterations):
        if it == warmup:
            start = time.perf_counter()
            cpu_start = time.process_time()
        if p + seq + 1 >= n:
            hprev = np.zeros((H, 1))
            p = 0
        inputs = data[p:p + seq]
        targets = data[p + 1:p + seq + 1]

        # forward, one step at a time
        xs, hs, ps = {}, {-1: hprev}, {}
        loss = 0.0
        for t in range(seq):
            x = np.zeros((V, 1))
            x[inputs[t]] = 1.0
            xs[t] = x
            hs[t] = np.tanh(Wxh @ x + Whh @ hs[t - 1] + bh)
            y = Why @ hs[t] + by
            e = np.exp(y - np.max(y))
            ps[t] = e / np.sum(e)
            loss += -np.log(ps[t][targets[t], 0])

        # backward through time
        dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
        dbh, dby = np.zeros_like(bh), np.zeros_like(by)
        dhnext = np.zeros((H, 1))
        for t in reversed(range(seq)):
            dy = ps[t].copy()
            dy[targets[t]] -= 1.0
            dWhy += dy @ hs[t].T
            dby += dy
            dh = Why.T @ dy + dhnext
            da = (1.0 - hs[t] * hs[t]) * dh
            dbh += da
            dWxh += da @ xs[t].T
            dWhh += da @ hs[t - 1].T
            dhnext = Whh.T @ da
        grads = [dWxh, dWhh, dWhy, dbh, dby]
        for g in grads:
            np.clip(g, -clip, clip, out=g)
        hprev = hs[seq - 1]

        smooth = smooth * 0.999 + loss * 0.001
        for prm, g, m in zip(params, grads, mems):
            m += g * g
            prm -= lr * g / np.sqrt(m + 1e-8)
        p += seq
    return time.perf_counter() - start, time.process_time() - cpu_start, smooth


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--hidden", default="100,250,500")
    ap.add_argument("--seq", type=int, default=25)
    ap.add_argument("--iterations", type=int, default=0, help="timed iterations per size (0: about 2 s worth)")
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    with open(a.corpus, encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = [index[c] for c in text]
    blas = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    print(f"# numpy {np.__version__}, V={len(chars)}, T={a.seq}, env {blas}", flush=True)
    for r in range(a.repeat):
        for h in (int(s) for s in a.hidden.split(",")):
            iters = a.iterations or max(50, int(2.0 * {100: 950, 250: 350, 500: 90}.get(h, 200)))
            secs, cpu, smooth = train(data, len(chars), h, a.seq, iters, a.warmup)
            print(f"hidden {h} iterations {iters} seconds {secs:.3f} it/s {iters / secs:.1f} "
                  f"it/cpu-s {iters / cpu:.1f} smooth {smooth:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
