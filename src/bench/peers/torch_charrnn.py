#!/usr/bin/env python3
"""The peer a user trains with today: a char-rnn-style model in PyTorch, float32, on the CPU.

Adapted from ../shared/bench/torch_charrnn.py (the script behind issue 27's table) for Unroll's
time-to-quality harness (src/bench/time_to_quality.py): a curve of validation loss against wall
time, a thread count of 2 by default, dropout, an optional cosine decay over the wall-time budget,
an untimed warm-up for throughput runs, and the hash of the validation characters it scored.

Stacked nn.LSTM (or GRU / tanh RNN), minibatches of B streams of T characters (char-rnn's batching:
the training text cut into B contiguous streams, state carried between batches), one-hot input,
Linear output, mean cross-entropy, gradient-norm clipping (5), Adam. Trains for --seconds of wall
time (the training clock starts at the first batch and is paused while the curve's points are
measured), then measures the validation loss (nats/char) on the held-out tail (last --val-fraction):
its first --val-chars characters (default 10,000) read as one stream from a zero state, as Unroll's
`train --val-fraction` measures it (see valslice.py), and, for information, the whole tail in B streams.
Prints one JSON line. With --curve FILE, writes wall_s,iteration,val_loss rows (one every --eval-seconds).
Usage: torch_charrnn.py CORPUS [--cell lstm] [--layers 2] [--hidden 128] [--batch 50] [--seq 50]
                       [--lr 2e-3] [--dropout 0] [--lr-decay none|cosine] [--seconds 180] [--threads 2]
                       [--warmup-seconds 0] [--eval-seconds 0] [--curve FILE] [--no-val]
"""
import argparse, json, math, os, sys, time
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import valslice


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--cell", default="lstm", choices=["vanilla", "lstm", "gru"])
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--seq", type=int, default=50)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--lr-decay", default="none", choices=["none", "cosine"],
                    help="cosine: from --lr down to --lr-min over the --seconds budget (by wall time)")
    ap.add_argument("--lr-min", type=float, default=0.0)
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--clip", type=float, default=5.0)
    ap.add_argument("--seconds", type=float, default=180)
    ap.add_argument("--warmup-seconds", type=float, default=0.0, help="untimed training first (for throughput)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--val-fraction", type=float, default=0.1)
    ap.add_argument("--val-chars", type=int, default=valslice.MAX_VALIDATION_CHARS)
    ap.add_argument("--eval-seconds", type=float, default=0.0, help="a curve point every this many training seconds")
    ap.add_argument("--curve", help="CSV of wall_s,iteration,val_loss")
    ap.add_argument("--no-val", action="store_true", help="skip the validation (throughput only)")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    text = open(a.corpus, encoding="utf-8-sig").read()     # code points, a leading BOM dropped, as Unroll's Corpus
    chars = sorted(set(text)); V = len(chars); ix = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([ix[c] for c in text], dtype=torch.long)
    start, span = valslice.split(len(data), a.val_fraction, a.val_chars)
    train, tail = data[:start], data[start:]
    B, T, H = a.batch, a.seq, a.hidden
    cls = {"vanilla": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[a.cell]
    rnn = cls(V, H, num_layers=a.layers, dropout=a.dropout if a.layers > 1 else 0.0)
    out = torch.nn.Linear(H, V)
    params = list(rnn.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=a.lr)
    eye = torch.eye(V)

    def streams(d):
        L = (len(d) - 1) // B
        return d[:L * B].view(B, L), d[1:L * B + 1].view(B, L), L

    X, Y, L = streams(train)

    def detach(h):
        return tuple(x.detach() for x in h) if isinstance(h, tuple) else h.detach()

    v = tail[:span]                                   # the scored characters: span - 1 predictions

    def val_loss():
        rnn.eval()
        with torch.no_grad():
            hs, _ = rnn(eye[v[:-1]].unsqueeze(1), None)      # one stream, zero state
            r = torch.nn.functional.cross_entropy(out(hs.reshape(-1, H)), v[1:]).item()
        rnn.train()
        return r

    h = None; pos = 0; it = 0
    curve = []
    if a.warmup_seconds > 0:
        w0 = time.perf_counter()
        while time.perf_counter() - w0 < a.warmup_seconds:
            if pos + T > L:
                pos = 0; h = None
            hs, h = rnn(eye[X[:, pos:pos + T].t()], h)
            loss = torch.nn.functional.cross_entropy(out(hs.reshape(-1, H)), Y[:, pos:pos + T].t().reshape(-1))
            opt.zero_grad(set_to_none=True); loss.backward()
            torch.nn.utils.clip_grad_norm_(params, a.clip); opt.step()
            h = detach(h); pos += T
    trained = 0.0                                     # training seconds (the clock), evaluation excluded
    next_eval = a.eval_seconds if a.eval_seconds > 0 else float("inf")
    t0 = time.perf_counter()
    while trained < a.seconds:
        if a.lr_decay == "cosine":
            for g in opt.param_groups:
                g["lr"] = a.lr_min + 0.5 * (a.lr - a.lr_min) * (1 + math.cos(math.pi * min(1.0, trained / a.seconds)))
        if pos + T > L:
            pos = 0; h = None
        x = eye[X[:, pos:pos + T].t()]            # T, B, V
        y = Y[:, pos:pos + T].t().reshape(-1)
        hs, h = rnn(x, h)
        loss = torch.nn.functional.cross_entropy(out(hs.reshape(-1, H)), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, a.clip)
        opt.step()
        h = detach(h); pos += T; it += 1
        trained = time.perf_counter() - t0
        if trained >= next_eval and trained < a.seconds and not a.no_val:
            e0 = time.perf_counter()
            curve.append((round(trained, 2), it, val_loss()))
            next_eval += a.eval_seconds
            t0 += time.perf_counter() - e0           # the clock stops while the point is measured
    wall = trained
    res = {"impl": f"torch-{a.cell}{a.layers}x{H}-b{B}t{T}", "torch": torch.__version__, "mkl": torch.backends.mkl.is_available(),
           "threads": torch.get_num_threads(), "settings": f"{a.cell} {a.layers}x{H}, batch {B}x{T}, Adam {a.lr:g}"
           + (f" cosine to {a.lr_min:g}" if a.lr_decay == "cosine" else "") + (f", dropout {a.dropout:g}" if a.dropout else "")
           + f", clip norm {a.clip:g}, float32, {torch.get_num_threads()} threads",
           "iterations": it, "tokens_s": round(it * B * T / wall), "wall_s": round(wall, 1)}
    if not a.no_val:
        vloss = val_loss()
        curve.append((round(wall, 2), it, vloss))
        with torch.no_grad():
            rnn.eval()
            VX, VY, VL = streams(tail)
            hs, _ = rnn(eye[VX.t()], None)
            vall = torch.nn.functional.cross_entropy(out(hs.reshape(-1, H)), VY.t().reshape(-1)).item()
        res.update({"val_loss": round(vloss, 4), "val_bpc": round(vloss / math.log(2), 4),
                    "val_loss_whole_tail": round(vall, 4),
                    "val_slice": valslice.describe("".join(chars[i] for i in v.tolist()))})
    if a.curve:
        with open(a.curve, "w") as f:
            f.write("wall_s,iteration,val_loss\n")
            for t, i, l in curve:
                f.write(f"{t},{i},{l}\n")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
