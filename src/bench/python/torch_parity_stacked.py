#!/usr/bin/env python3
"""Parity with PyTorch for stacked layers and batches: one Unroll iteration of a 2-layer model at batch 4.

For each cell, Unroll trains a model of --layers L at --batch-size B (float64, no dropout) for N
iterations and saves checkpoint X (format 3), then resumes X for one more iteration and saves Y:

    unroll train --cell C --layers 2 --batch-size 4 --num-iterations N --checkpoint X ...
    unroll train --resume X --num-iterations N+1 --checkpoint Y ...

This script builds torch.nn.RNN (tanh) / LSTM / GRU(V, H, num_layers=L) in float64 and loads X's
weight_ih_l*, weight_hh_l*, bias_ih_l*, bias_hh_l* with load_state_dict as they are, plus a Linear
output layer from Why, by. It takes the B windows Unroll trains next, char-rnn's batching: the
training text (the corpus less its held-out tail) cut into B stretches of floor(train length / B)
characters, stream b reading stretch b from X's pointer, all streams wrapping to a zero state and
pointer 0 when pointer + T + 1 >= the stretch length; the start states are X's h_l* (and c_l*)
stacked as torch's (h_0, c_0). It computes the cross-entropy averaged over the B x T characters
(PyTorch's default reduction) and its gradients with autograd, clips them as the run does
(element-wise clamp, or clip_grad_norm_) and takes one step of the run's optimizer (Adagrad as
min-char-rnn's: mem += g^2, p -= lr g / sqrt(mem + 1e-8); torch.optim.RMSprop(alpha=0.95, eps=1e-8);
torch.optim.Adam), with the optimizer's state loaded from X. It compares with Y: the loss (Unroll
reports T times the mean), every parameter, every optimizer state array, the carried states and,
for Adam, the gradients themselves as Unroll's first moment implies them
(g = (exp_avg_Y - 0.9 exp_avg_X) / 0.1), printing the largest absolute difference per array.

With --precision f32 Unroll's pass runs in float32 (its weights stay float64) and torch still
recomputes in float64, so the differences are float32's rounding (the script passes below 1e-4).

Not run in CI. Needs torch (any version with torch.nn.LSTM's num_layers; 1.13 and 2.x work); without
torch it prints a note and exits 0.

Usage (from the repository root, after mvn package, or with --cp target/classes:<dependencies>):
    python3 src/bench/python/torch_parity_stacked.py [--jar target/unroll.jar] [--cp CLASSPATH]
        [--corpus corpora/romanian-verses.txt] [--cells vanilla,lstm,gru] [--hidden 24] [--layers 2]
        [--batch 4] [--iterations 50] [--seq 20] [--optimizer adagrad|rmsprop|adam] [--clip elementwise|norm]
        [--clip-value 5] [--learning-rate 0.002] [--work DIR]
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
    print("torch_parity_stacked: skipped (%s); install torch" % e)
    sys.exit(0)

EPS = 1e-8


def load(path):
    with zipfile.ZipFile(path) as z:
        meta = json.loads(z.read("metadata.json").decode("utf-8"))
    return dict(np.load(path)), meta


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("torch_parity_stacked: %s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr.strip()))


def torch_step(arrays, meta, data):
    """One iteration as Unroll's trainer runs it on B streams; returns the new arrays, the loss and the clipped gradients."""
    cfg = meta["config"]
    cell = meta["cell"]
    H, V, T = cfg["hidden_size"], meta["vocab_size"], cfg["sequence_length"]
    L, B = meta["layers"], meta["batch_size"]
    clip, lr = cfg["clip"], meta["learning_rate"]
    n = len(data)
    train_len = n - int(np.floor(n * cfg["val_fraction"]))
    stretch = train_len // B
    p = meta["pointer"]
    h0 = np.stack([arrays["h_l%d" % k] for k in range(L)])            # L x B x H
    c0 = np.stack([arrays["c_l%d" % k] for k in range(L)]) if cell == "lstm" else None
    if p + T + 1 >= stretch:
        p = 0
        h0 = np.zeros_like(h0)
        c0 = None if c0 is None else np.zeros_like(c0)
    inputs = np.array([data[b * stretch + p: b * stretch + p + T] for b in range(B)]).T          # T x B
    targets = np.array([data[b * stretch + p + 1: b * stretch + p + T + 1] for b in range(B)]).T  # T x B
    x = torch.zeros(T, B, V, dtype=torch.float64)
    x.scatter_(2, torch.tensor(inputs).unsqueeze(2), 1.0)

    t = lambda a: torch.tensor(np.ascontiguousarray(a), dtype=torch.float64)
    kind = {"vanilla": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    rnn = kind(V, H, num_layers=L).double()
    rnn.load_state_dict({k: t(arrays[k]) for k in rnn.state_dict()})
    out_layer = torch.nn.Linear(H, V).double()
    out_layer.load_state_dict({"weight": t(arrays["Why"]), "bias": t(arrays["by"]).reshape(V)})

    state = (t(h0), t(c0)) if cell == "lstm" else t(h0)
    hs, last = rnn(x, state)
    logits = out_layer(hs.reshape(T * B, H))
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(targets).reshape(T * B))
    loss.backward()

    params = dict(rnn.named_parameters())
    params["Why"] = out_layer.weight
    params["by"] = out_layer.bias
    names = [name for name in meta_order(L)]
    if cfg.get("clip_mode", "elementwise") == "norm":
        torch.nn.utils.clip_grad_norm_([params[k] for k in names], clip)
    else:
        for k in names:
            params[k].grad.clamp_(-clip, clip)
    grads = {k: params[k].grad.detach().numpy().copy() for k in names}
    new = {}
    optimizer = meta["optimizer"]
    if optimizer == "adagrad":
        for k in names:
            g = grads[k].reshape(arrays[k].shape)
            mem = arrays["m" + k] + g * g
            new[k] = arrays[k] - lr * g / np.sqrt(mem + EPS)
            new["m" + k] = mem
    else:
        plist = [params[k] for k in names]
        if optimizer == "rmsprop":
            opt = torch.optim.RMSprop(plist, lr=lr, alpha=0.95, eps=1e-8)
            states = {"square_avg": "square_avg_"}
            step = float(meta["iteration"])
        else:
            opt = torch.optim.Adam(plist, lr=lr)
            states = {"exp_avg": "exp_avg_", "exp_avg_sq": "exp_avg_sq_"}
            step = float(arrays["adam_step"].reshape(()))
        for k in names:
            st = {"step": torch.tensor(step)}
            for torch_name, prefix in states.items():
                st[torch_name] = t(arrays[prefix + k]).reshape(params[k].shape).clone()
            opt.state[params[k]] = st
        opt.step()
        for k in names:
            shape = arrays[k].shape
            new[k] = params[k].detach().numpy().reshape(shape).copy()
            for torch_name, prefix in states.items():
                new[prefix + k] = opt.state[params[k]][torch_name].numpy().reshape(shape).copy()
        if optimizer == "adam":
            new["adam_step"] = np.array(opt.state[params["by"]]["step"].item()).reshape(arrays["adam_step"].shape)
    hn = (last[0] if cell == "lstm" else last).detach().numpy()
    for k in range(L):
        new["h_l%d" % k] = hn[k]
        if cell == "lstm":
            new["c_l%d" % k] = last[1].detach().numpy()[k]
    return new, T * loss.item(), grads


def meta_order(L):
    out = []
    for k in range(L):
        out += ["weight_ih_l%d" % k, "weight_hh_l%d" % k, "bias_ih_l%d" % k, "bias_hh_l%d" % k]
    return out + ["Why", "by"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jar", default="target/unroll.jar")
    ap.add_argument("--cp", default=None, help="run Unroll from this class path instead of the jar")
    ap.add_argument("--corpus", default="corpora/romanian-verses.txt")
    ap.add_argument("--cells", default="vanilla,lstm,gru")
    ap.add_argument("--hidden", type=int, default=24)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--iterations", type=int, default=50)
    ap.add_argument("--seq", type=int, default=20)
    ap.add_argument("--work", default=None)
    ap.add_argument("--optimizer", default="adam", choices=["adagrad", "rmsprop", "adam"])
    ap.add_argument("--clip", default="elementwise", choices=["elementwise", "norm"])
    ap.add_argument("--clip-value", default="5")
    ap.add_argument("--learning-rate", default="0.002")
    ap.add_argument("--precision", default="f64", choices=["f64", "f32"],
                    help="Unroll's training pass; torch recomputes in float64 either way (f32 passes below 1e-4)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    work = a.work or tempfile.mkdtemp(prefix="unroll-parity-stacked-")
    with open(a.corpus, encoding="utf-8") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    print("torch %s, numpy %s; corpus %s, %d layers, batch %d, hidden %d, sequence %d, checkpoints after %d and %d iterations in %s;"
          " %s, %s clipping %s, learning rate %s, Unroll in %s"
          % (torch.__version__, np.__version__, a.corpus, a.layers, a.batch, a.hidden, a.seq, a.iterations, a.iterations + 1, work,
             a.optimizer, a.clip, a.clip_value, a.learning_rate, a.precision))
    worst = 0.0
    for cell in a.cells.split(","):
        x = os.path.join(work, cell + "-x.npz")
        y = os.path.join(work, cell + "-y.npz")
        common = ["--corpus-file", a.corpus, "--quiet", "--sample-frequency", "0", "--num-samples", "0", "--output-dir", work]
        unroll = ["java", "-cp", a.cp, "dev.unroll.Main"] if a.cp else ["java", "-jar", a.jar]
        how = ["--optimizer", a.optimizer, "--clip", a.clip, "--clip-value", a.clip_value, "--learning-rate", a.learning_rate,
               "--layers", str(a.layers), "--batch-size", str(a.batch), "--precision", a.precision]
        run(unroll + ["train", "--cell", cell, "--hidden-size", str(a.hidden), "--sequence-length", str(a.seq),
                      "--num-iterations", str(a.iterations), "--checkpoint", x] + how + common)
        run(unroll + ["train", "--resume", x, "--num-iterations", str(a.iterations + 1), "--checkpoint", y] + common)
        ax, mx = load(x)
        ay, my = load(y)
        assert mx["format_version"] == 3, mx["format_version"]
        index = {cp: i for i, cp in enumerate(mx["vocabulary"])}
        data = [index[ord(ch)] for ch in text]
        new, loss, grads = torch_step(ax, mx, data)
        print("\n%s (pointer %d, iteration %d -> %d)" % (cell, mx["pointer"], mx["iteration"], my["iteration"]))
        print("  %-26s %-10s %s" % ("array", "shape", "max |torch - unroll|"))
        for k in sorted(new):
            d = float(np.max(np.abs(new[k] - ay[k].reshape(new[k].shape))))
            worst = max(worst, d)
            print("  %-26s %-10s %.3e" % (k, "x".join(map(str, ay[k].shape)), d))
        if mx["optimizer"] == "adam":
            for k in meta_order(mx["layers"]):
                implied = (ay["exp_avg_" + k] - 0.9 * ax["exp_avg_" + k]) / 0.1
                d = float(np.max(np.abs(grads[k].reshape(implied.shape) - implied)))
                worst = max(worst, d)
                print("  %-26s %-10s %.3e (gradient, from Adam's first moment)" % ("grad " + k, "x".join(map(str, implied.shape)), d))
        d = abs(loss - my["last_loss"])
        worst = max(worst, d / max(1.0, abs(loss)))
        print("  %-26s %-10s %.3e (loss %.12f, T x the mean over B x T characters)" % ("loss", "", d, loss))
    print("\nlargest difference: %.3e" % worst)
    return 0 if worst < (1e-9 if a.precision == "f64" else 1e-4) else 1


if __name__ == "__main__":
    sys.exit(main())
