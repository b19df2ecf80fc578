#!/usr/bin/env python3
"""Speed baseline: PyTorch's nn.RNN / nn.LSTM / nn.GRU + nn.Linear on Unroll's training iteration.

One iteration is what Unroll's trainer does (batch of one window of T characters, float64, one
thread, sampling off):

    x_t one-hot over V (a slice of a precomputed one-hot corpus), the cell over the window from the
    carried state, y_t = Linear(h_t), loss = summed cross-entropy over the window,
    backward, every gradient entry clamped to [-clip, clip], Adagrad (lr 0.1),
    state carried to the next window (detached), reset to zero when the pointer wraps.

Not run in CI. Debian's torch: apt-get install -y python3-torch, then run with /usr/bin/python3:

    /usr/bin/python3 src/bench/python/torch_cells_bench.py ../shared/corpora/tinyshakespeare.txt \
        [--cells vanilla,lstm,gru] [--hidden 100,250,500] [--iterations N] [--warmup N] [--seq 25] [--repeat R]

Prints one line per cell, hidden size and repetition: cell, hidden, iterations, seconds,
it/s (wall time), it/cpu-s (process CPU time), final smooth loss. Seeded, so reproducible.
"""
import argparse
import sys
import time

import torch
import torch.nn.functional as F


def make_cell(cell, vocab, hidden):
    if cell == "vanilla":
        return torch.nn.RNN(vocab, hidden, nonlinearity="tanh")
    if cell == "lstm":
        return torch.nn.LSTM(vocab, hidden)
    if cell == "gru":
        return torch.nn.GRU(vocab, hidden)
    raise SystemExit("unknown cell " + cell + ": use vanilla, lstm or gru")


def train(onehot, targets_all, vocab, cell, hidden, seq, iterations, warmup, lr=0.1, clip=5.0, seed=42):
    torch.manual_seed(seed)
    rnn = make_cell(cell, vocab, hidden).double()
    out = torch.nn.Linear(hidden, vocab).double()
    params = list(rnn.parameters()) + list(out.parameters())
    opt = torch.optim.Adagrad(params, lr=lr, eps=1e-8)
    n = onehot.shape[0]

    def zero_state():
        h = torch.zeros(1, 1, hidden, dtype=torch.float64)
        return (h, torch.zeros_like(h)) if cell == "lstm" else h

    state = zero_state()
    p = 0
    smooth = -torch.log(torch.tensor(1.0 / vocab)).item() * seq
    start = cpu_start = None
    for it in range(warmup + iterations):
        if it == warmup:
            start = time.perf_counter()
            cpu_start = time.process_time()
        if p + seq + 1 >= n:
            state = zero_state()
            p = 0
        x = onehot[p:p + seq].unsqueeze(1)          # T x 1 x V
        y = targets_all[p + 1:p + seq + 1]          # T
        hs, state = rnn(x, state)
        logits = out(hs.view(seq, hidden))
        loss = F.cross_entropy(logits, y, reduction="sum")
        opt.zero_grad(set_to_none=False)
        loss.backward()
        for q in params:
            q.grad.clamp_(-clip, clip)
        opt.step()
        state = tuple(s.detach() for s in state) if cell == "lstm" else state.detach()
        smooth = smooth * 0.999 + loss.item() * 0.001
        p += seq
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return seconds, cpu, smooth


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--cells", default="vanilla,lstm,gru")
    ap.add_argument("--hidden", default="100,250,500")
    ap.add_argument("--iterations", type=int, default=0, help="timed iterations (default: about 3 s worth per size)")
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--seq", type=int, default=25)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(1)
    text = open(a.corpus, encoding="utf-8").read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([index[c] for c in text], dtype=torch.long)
    V = len(chars)
    onehot = F.one_hot(data, V).double()
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, V={V}, T={a.seq}", flush=True)
    print("cell     hidden  iterations  seconds    it/s  it/cpu-s  smooth-loss", flush=True)
    for cell in a.cells.split(","):
        for h in (int(s) for s in a.hidden.split(",")):
            its = a.iterations or max(100, int(3 * 200_000 / (h * h / 100 + 4 * h)))
            for _ in range(a.repeat):
                s, cpu, smooth = train(onehot, data, V, cell, h, a.seq, its, a.warmup)
                print(f"{cell:8s} {h:6d}  {its:10d}  {s:7.2f}  {its / s:6.1f}  {its / cpu:8.1f}  {smooth:11.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
