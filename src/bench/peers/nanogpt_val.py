#!/usr/bin/env python3
"""Validation loss of nanoGPT char models on the characters Unroll's `train --val-fraction 0.1` scores.

Adapted from ../shared/bench/nanogpt_val.py (issue 27's table): every snapshot nanogpt_run.py kept
(snap-*.pt, else the run's ckpt.pt) is scored on the first N characters (default 10,000) of the tail
Unroll holds out (see valslice.py; nanoGPT's val.bin starts len(train.bin) characters in, Unroll's tail
a character later on Tiny Shakespeare: the offset is computed, and the hash of the scored characters
decoded through meta.pkl is printed to check it), in two ways:
  * blocks: non-overlapping blocks of the block size, each read from its start (as the issue's table;
    the context nanoGPT's own estimate gives its positions, on average half a block);
  * sliding: every character predicted with up to a full block of the characters before it (windows of
    the block size, stride block/4, only each window's last stride scored), the transformer's reading
    closest to an RNN carrying all of the slice before it (which, like the first block here, starts from nothing).
Prints one JSON line per snapshot; with --curve FILE writes wall_s,iter,val_loss_sliding,val_loss_blocks,own_estimate.
Usage: nanogpt_val.py NANOGPT_DIR RUN_DIR CORPUS [--n 10000] [--val-fraction 0.1] [--curve FILE] [--stride S]
"""
import argparse, glob, json, math, os, pickle, sys
import numpy as np, torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import valslice


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("nanogpt"); ap.add_argument("run"); ap.add_argument("corpus")
    ap.add_argument("--n", type=int, default=valslice.MAX_VALIDATION_CHARS)
    ap.add_argument("--val-fraction", type=float, default=0.1)
    ap.add_argument("--curve")
    ap.add_argument("--stride", type=int, help="of the sliding windows (default: block size / 4)")
    a = ap.parse_args()
    sys.path.insert(0, a.nanogpt)
    from model import GPTConfig, GPT
    d = os.path.join(a.nanogpt, "data/shakespeare_char")
    train_len = os.path.getsize(os.path.join(d, "train.bin")) // 2
    val = np.fromfile(os.path.join(d, "val.bin"), dtype=np.uint16).astype(np.int64)
    itos = pickle.load(open(os.path.join(d, "meta.pkl"), "rb"))["itos"]
    n_corpus = train_len + len(val)
    start, span = valslice.split(n_corpus, a.val_fraction, a.n)
    u = val[start - train_len:start - train_len + span]          # span characters, span - 1 predictions
    sl = valslice.describe("".join(itos[int(i)] for i in u))
    ref = valslice.reference(a.corpus, a.val_fraction, a.n)
    if sl["sha256"] != ref["sha256"]:
        sys.exit(f"nanogpt_val: the scored characters differ from the reference slice: {sl} vs {ref}")
    N = span - 1
    ut = torch.tensor(u)
    snaps = sorted(glob.glob(os.path.join(a.run, "snap-0*.pt"))) or glob.glob(os.path.join(a.run, "ckpt.pt"))
    snaps += glob.glob(os.path.join(a.run, "snap-deadline.pt"))     # last: the weights when the budget ran out, if it did
    if not snaps:
        sys.exit(f"nanogpt_val: {a.run} holds no checkpoint (train.py saves one at its first improving evaluation after"
                 " iteration 0; the run may have ended before it)")
    rows = []
    for path in snaps:
        ck = torch.load(path, map_location="cpu", weights_only=False)
        m = GPT(GPTConfig(**ck["model_args"]))
        m.load_state_dict({k.removeprefix("_orig_mod."): v for k, v in ck["model"].items()}); m.eval()
        bs = ck["model_args"]["block_size"]
        with torch.no_grad():
            def nll(x, y):            # summed over a batch of windows (B, L)
                logits, _ = m(x, y)
                return -torch.log_softmax(logits, -1).gather(-1, y[..., None]).squeeze(-1)
            tot = 0.0
            for s in range(0, N, bs):
                e = min(s + bs, N)
                tot += nll(ut[s:e][None], ut[s + 1:e + 1][None]).sum().item()
            blocks = tot / N
            stride = a.stride or max(1, bs // 4)
            ends = list(range(stride, N, stride)) + [N]
            tot = 0.0; prev = 0; full = []
            for e in ends:
                if e < bs:            # the slice's start: less than a block of context, as the RNN's zero state
                    tot += nll(ut[0:e][None], ut[1:e + 1][None])[0, prev:].sum().item()
                else:
                    full.append((e, e - prev))
                prev = e
            for i in range(0, len(full), 64):
                chunk = full[i:i + 64]
                x = torch.stack([ut[e - bs:e] for e, _ in chunk]); y = torch.stack([ut[e - bs + 1:e + 1] for e, _ in chunk])
                l = nll(x, y)
                tot += sum(l[j, bs - k:].sum().item() for j, (_, k) in enumerate(chunk))
            sliding = tot / N
        r = {"impl": "nanogpt", "file": os.path.basename(path), "iter": ck["iter_num"], "wall_s": round(ck.get("wall_s", float("nan")), 2),
             "val_loss_sliding": round(sliding, 4), "val_loss_blocks": round(blocks, 4),
             "own_val_estimate": round(float(ck["best_val_loss"]), 4), "at_deadline": bool(ck.get("at_deadline")), "val_slice": sl}
        rows.append(r)
        print(json.dumps(r), flush=True)
    if a.curve:
        with open(a.curve, "w") as f:
            f.write("wall_s,iter,val_loss_sliding,val_loss_blocks,own_estimate\n")
            for r in rows:
                f.write(f"{r['wall_s']},{r['iter']},{r['val_loss_sliding']},{r['val_loss_blocks']},{r['own_val_estimate']}\n")


if __name__ == "__main__":
    main()
