#!/usr/bin/env python3
"""Parity with PyTorch: one Unroll training iteration redone with torch.nn.RNN / LSTM / GRU.

For each cell, Unroll trains a small model for N iterations and saves checkpoint X, then resumes
X for one more iteration and saves Y:

    java -jar target/unroll.jar train --cell C --corpus-file F --num-iterations N --checkpoint X ...
    java -jar target/unroll.jar train --resume X --corpus-file F --num-iterations N+1 --checkpoint Y ...

This script loads X's weights into torch.nn.RNN (tanh) / LSTM / GRU plus a Linear output layer,
all float64, takes the window Unroll trains next (from X's data pointer and carried state, with
the trainer's wrap-around: if pointer + T + 1 >= the training length, the state is zeroed and the
pointer goes to 0), computes the summed cross-entropy and its gradients with autograd, clips every
gradient entry to [-clip, clip] and applies min-char-rnn's Adagrad (mem += g*g;
param -= lr * g / sqrt(mem + 1e-8)). It then compares with Y: every parameter, every Adagrad memory,
the carried state (hprev, and cprev for the LSTM) and the window's loss, printing the largest
absolute difference per array (rounding level is about 1e-12 and below).

With --optimizer rmsprop or adam the update is torch.optim.RMSprop(alpha=0.95, eps=1e-8) or
torch.optim.Adam() itself, its state loaded from X (square_avg_*; exp_avg_*, exp_avg_sq_* and
adam_step) and compared with Y's; with --clip norm the clipping is torch.nn.utils.clip_grad_norm_.
(No learning-rate decay: the checkpoint's learning_rate is the rate of the step.)

The vanilla cell maps onto torch.nn.RNN as weight_ih = Wxh, weight_hh = Whh, bias_ih = bh and a
bias_hh held at zero (not trained); the gated cells' arrays have torch's names and layouts.

Not run in CI. Needs Debian's python3-torch (apt-get install -y python3-torch; run with
/usr/bin/python3); without torch it prints a note and exits 0.

Usage (from the repository root, after mvn package):
    /usr/bin/python3 src/bench/python/torch_parity.py [--jar target/unroll.jar]
        [--cp CLASSPATH] [--corpus corpora/romanian-verses.txt] [--cells vanilla,lstm,gru] [--hidden 32]
        [--iterations 300] [--seq 25] [--work DIR] [--optimizer adagrad|rmsprop|adam]
        [--clip elementwise|norm] [--clip-value 5] [--learning-rate 0.1]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile

try:
    import numpy as np
    import torch
except ImportError as e:  # the script is optional: no torch, nothing to compare
    print("torch_parity: skipped (%s); install python3-torch and run with /usr/bin/python3" % e)
    sys.exit(0)

EPS = 1e-8


def load(path):
    """The checkpoint's arrays (name -> float64 ndarray) and metadata (dict)."""
    with zipfile.ZipFile(path) as z:
        meta = json.loads(z.read("metadata.json").decode("utf-8"))
    arrays = dict(np.load(path))
    return arrays, meta


def encode(text, vocabulary):
    index = {cp: i for i, cp in enumerate(vocabulary)}
    return [index[ord(ch)] for ch in text]


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("torch_parity: %s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr.strip()))


def torch_step(arrays, meta, data):
    """One iteration as Unroll's trainer does it, in torch; returns the new arrays and the loss."""
    cfg = meta["config"]
    cell = meta.get("cell", "vanilla")
    H, V, T = cfg["hidden_size"], meta["vocab_size"], cfg["sequence_length"]
    clip, lr = cfg["clip"], meta["learning_rate"]
    n = len(data)
    train_len = n - int(np.floor(n * cfg["val_fraction"]))
    p = meta["pointer"]
    h0 = arrays["hprev"].reshape(1, 1, H).copy()
    c0 = arrays["cprev"].reshape(1, 1, H).copy() if cell == "lstm" else None
    if p + T + 1 >= train_len:
        p = 0
        h0[:] = 0
        if c0 is not None:
            c0[:] = 0
    inputs = data[p:p + T]
    targets = torch.tensor(data[p + 1:p + T + 1])
    x = torch.zeros(T, 1, V, dtype=torch.float64)
    x[torch.arange(T), 0, torch.tensor(inputs)] = 1.0

    t = lambda a: torch.tensor(np.ascontiguousarray(a), dtype=torch.float64)
    if cell == "vanilla":
        rnn = torch.nn.RNN(V, H, nonlinearity="tanh").double()
        names = {"Wxh": "weight_ih_l0", "Whh": "weight_hh_l0", "bh": "bias_ih_l0"}
        with torch.no_grad():
            rnn.weight_ih_l0.copy_(t(arrays["Wxh"]))
            rnn.weight_hh_l0.copy_(t(arrays["Whh"]))
            rnn.bias_ih_l0.copy_(t(arrays["bh"]).reshape(H))
            rnn.bias_hh_l0.zero_()
        rnn.bias_hh_l0.requires_grad_(False)
    else:
        rnn = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(V, H).double()
        names = {k: k + "_l0" for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
        with torch.no_grad():
            for k, attr in names.items():
                getattr(rnn, attr).copy_(t(arrays[k]).reshape(getattr(rnn, attr).shape))
    out_layer = torch.nn.Linear(H, V).double()
    with torch.no_grad():
        out_layer.weight.copy_(t(arrays["Why"]))
        out_layer.bias.copy_(t(arrays["by"]).reshape(V))

    state = (t(h0), t(c0)) if cell == "lstm" else t(h0)
    hs, last = rnn(x, state)
    logits = out_layer(hs.reshape(T, H))
    loss = torch.nn.functional.cross_entropy(logits, targets, reduction="sum")
    loss.backward()

    params = {k: getattr(rnn, attr) for k, attr in names.items()}
    params["Why"] = out_layer.weight
    params["by"] = out_layer.bias
    new = {}
    optimizer = meta.get("optimizer", "adagrad")
    if cfg.get("clip_mode", "elementwise") == "norm":
        torch.nn.utils.clip_grad_norm_(list(params.values()), clip)
    else:
        for param in params.values():
            param.grad.clamp_(-clip, clip)
    if optimizer == "adagrad":
        for k, param in params.items():
            shape = arrays[k].shape
            g = param.grad.detach().numpy().reshape(shape)
            mem = arrays["m" + k] + g * g
            new[k] = arrays[k] - lr * g / np.sqrt(mem + EPS)
            new["m" + k] = mem
    else:
        plist = list(params.values())
        if optimizer == "rmsprop":
            opt = torch.optim.RMSprop(plist, lr=lr, alpha=0.95, eps=1e-8)
            states = {"square_avg": "square_avg_"}
        else:
            opt = torch.optim.Adam(plist, lr=lr)
            states = {"exp_avg": "exp_avg_", "exp_avg_sq": "exp_avg_sq_"}
        step = float(arrays["adam_step"].reshape(())) if optimizer == "adam" else float(meta["iteration"])
        for k, param in params.items():
            st = {"step": torch.tensor(step)}
            for torch_name, prefix in states.items():
                st[torch_name] = t(arrays[prefix + k]).reshape(param.shape).clone()
            opt.state[param] = st
        opt.step()
        for k, param in params.items():
            shape = arrays[k].shape
            new[k] = param.detach().numpy().reshape(shape).copy()
            for torch_name, prefix in states.items():
                new[prefix + k] = opt.state[param][torch_name].numpy().reshape(shape).copy()
        if optimizer == "adam":
            new["adam_step"] = np.array(opt.state[params["by"]]["step"].item()).reshape(arrays["adam_step"].shape)
    if cell == "lstm":
        new["hprev"] = last[0].detach().numpy().reshape(arrays["hprev"].shape)
        new["cprev"] = last[1].detach().numpy().reshape(arrays["cprev"].shape)
    else:
        new["hprev"] = last.detach().numpy().reshape(arrays["hprev"].shape)
    return new, loss.item()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jar", default="target/unroll.jar")
    ap.add_argument("--cp", default=None, help="run Unroll from this class path instead of the jar (e.g. target/classes:picocli.jar)")
    ap.add_argument("--corpus", default="corpora/romanian-verses.txt")
    ap.add_argument("--cells", default="vanilla,lstm,gru")
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--seq", type=int, default=25)
    ap.add_argument("--work", default=None, help="folder for the checkpoints (default: a temporary one)")
    ap.add_argument("--optimizer", default="adagrad", choices=["adagrad", "rmsprop", "adam"])
    ap.add_argument("--clip", default="elementwise", choices=["elementwise", "norm"])
    ap.add_argument("--clip-value", default="5")
    ap.add_argument("--learning-rate", default=None, help="default: Unroll's (0.1); 0.002 suits rmsprop and adam")
    a = ap.parse_args()
    torch.set_num_threads(1)
    work = a.work or tempfile.mkdtemp(prefix="unroll-parity-")
    with open(a.corpus, encoding="utf-8") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    print("torch %s, numpy %s; corpus %s, hidden %d, sequence %d, checkpoints after %d and %d iterations in %s; %s, %s clipping %s"
          % (torch.__version__, np.__version__, a.corpus, a.hidden, a.seq, a.iterations, a.iterations + 1, work,
             a.optimizer, a.clip, a.clip_value))
    worst = 0.0
    for cell in a.cells.split(","):
        x = os.path.join(work, cell + "-x.npz")
        y = os.path.join(work, cell + "-y.npz")
        common = ["--corpus-file", a.corpus, "--quiet", "--sample-frequency", "0", "--num-samples", "0",
                  "--output-dir", work]
        unroll = ["java", "-cp", a.cp, "dev.unroll.cli.UnrollCli"] if a.cp else ["java", "-jar", a.jar]
        how = ["--optimizer", a.optimizer, "--clip", a.clip, "--clip-value", a.clip_value]
        if a.learning_rate:
            how += ["--learning-rate", a.learning_rate]
        run(unroll + ["train", "--cell", cell, "--hidden-size", str(a.hidden), "--sequence-length", str(a.seq),
             "--num-iterations", str(a.iterations), "--checkpoint", x] + how + common)
        run(unroll + ["train", "--resume", x, "--num-iterations", str(a.iterations + 1), "--checkpoint", y] + common)
        ax, mx = load(x)
        ay, my = load(y)
        data = encode(text, mx["vocabulary"])
        new, loss = torch_step(ax, mx, data)
        print("\n%s (pointer %d, iteration %d -> %d)" % (cell, mx["pointer"], mx["iteration"], my["iteration"]))
        print("  %-10s %-12s %s" % ("array", "shape", "max |torch - unroll|"))
        for k in sorted(new):
            d = float(np.max(np.abs(new[k] - ay[k])))
            worst = max(worst, d)
            print("  %-10s %-12s %.3e" % (k, "x".join(map(str, ay[k].shape)), d))
        d = abs(loss - my["last_loss"])
        worst = max(worst, d / max(1.0, abs(loss)))
        print("  %-10s %-12s %.3e (loss %.12f)" % ("loss", "", d, loss))
    print("\nlargest difference: %.3e" % worst)
    return 0 if worst < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
