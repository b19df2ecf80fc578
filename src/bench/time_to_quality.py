#!/usr/bin/env python3
"""Time to quality on Tiny Shakespeare: Unroll against PyTorch char-rnn style and nanoGPT, same wall time.

Adapted from ../shared/bench/time_to_quality.sh (the side-by-side behind issue 27's table), which ran
nanoGPT for a fixed 2,000 iterations and gave the others its wall time, two Unroll runs at once.

Each side trains for SECONDS of wall time, ONE AT A TIME (each may use both cores), then is scored in
nats per character on the same characters: the first 10,000 predictions of the corpus's last 10%, read
from a zero state, as `unroll train --val-fraction 0.1` measures its validation loss (peers/valslice.py
states the rule; every side prints the SHA-256 of the characters it scored and the table checks them
against the reference). Prints a Markdown table, one row per side and configuration, and writes into
--out: table.md, results.json, curve.csv (side,config,wall_s,iteration,val_loss: the curve of validation
loss against wall time) and each side's logs.

  * Unroll: `java -jar JAR train` with each --unroll NAME=FLAGS configuration (flags the jar's
    `train --help` does not list are reported and that configuration skipped). Stopped by SIGTERM (as
    Ctrl-C) at SECONDS from the JVM's launch; its score is the last validation loss it measured (every
    --eval-every iterations, chosen from a short speed probe so that about --points are measured:
    measuring costs Unroll time, and its last point is up to SECONDS/points before the stop).
    Wall time of each point: from the loss CSV's speed column, aligned on the stop.
  * PyTorch (peers/torch_charrnn.py, adapted from issue 27's script): each --torch NAME=FLAGS; its clock
    starts at the first batch and stops while curve points are measured; scored at SECONDS.
  * nanoGPT (peers/nanogpt_run.py runs its own train.py unmodified): the CPU recipe from its README
    (4 layers, 4 heads, 128 wide, block 64, batch 12, dropout 0, eval_iters 20), max_iters =
    lr_decay_iters scaled to SECONDS from a short speed probe (or --nanogpt-iters), stopped hard at
    SECONDS; its best checkpoint (by its own estimate, as its config keeps) is scored by
    peers/nanogpt_val.py with a sliding context (the table's figure) and in blocks (issue 27's way).

Usage (from the repository root; scripts only, not run in CI):
  python3 src/bench/time_to_quality.py SECONDS [--out DIR] [--sides unroll,torch,nanogpt]
      [--unroll NAME=FLAGS ...] [--torch NAME=FLAGS ...] [--nanogpt-iters N] [--points 20]
      [--jar target/unroll.jar] [--corpus ../shared/corpora/tinyshakespeare.txt]
      [--nanogpt /work/nanogpt] [--python /work/venv-torch/bin/python]
JAVA_OPTS (environment) goes to Unroll's JVM. Standard library only; the peers run with --python (PyTorch 2.13 with MKL, see src/bench/README.md).
"""
import argparse
import datetime
import json
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers")
sys.path.insert(0, PEERS)
import valslice  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))

DEFAULT_UNROLL = [
    "lstm128-b1=--cell lstm --hidden-size 128 --learning-rate 0.1",
    "lstm2x128-b50-f32-adam=--cell lstm --layers 2 --hidden-size 128 --batch-size 50 --sequence-length 50"
    " --precision f32 --threads 2 --optimizer adam --learning-rate 0.002 --clip norm --clip-value 5",
]
DEFAULT_TORCH = ["lstm2x128-b50=--cell lstm --layers 2 --hidden 128 --batch 50 --seq 50 --lr 2e-3 --threads 2"]
NANOGPT_RECIPE = ["config/train_shakespeare_char.py", "--device=cpu", "--compile=False", "--dtype=float32",
                  "--eval_iters=20", "--block_size=64", "--batch_size=12", "--n_layer=4", "--n_head=4",
                  "--n_embd=128", "--dropout=0.0"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def cpu_busy(seconds=1.0):
    """Fraction of all cores busy over `seconds` (from /proc/stat), None if unknown."""
    def read():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v), v[3] + v[4]
    try:
        t1, i1 = read(); time.sleep(seconds); t2, i2 = read()
        return 1.0 - (i2 - i1) / max(1, t2 - t1)
    except OSError:
        return None


def quiet_check(label):
    busy = cpu_busy()
    if busy is None:
        return None
    load = os.getloadavg()[0]
    note = f"before {label}: CPU {busy * 100:.0f}% busy, load {load:.2f}"
    if busy > 0.05:
        note += "  WARNING: the machine is not quiet; figures are not comparable"
    log(note)
    return round(busy, 3)


def parse_configs(items):
    out = []
    for s in items:
        name, sep, flags = s.partition("=")
        if not sep or not name:
            sys.exit(f"time_to_quality: a configuration is NAME=FLAGS (got {s!r})")
        out.append((name, shlex.split(flags)))
    return out


def flag_value(flags, name, default):
    for i, f in enumerate(flags):
        if f == name and i + 1 < len(flags):
            return flags[i + 1]
        if f.startswith(name + "="):
            return f.split("=", 1)[1]
    return default


# ---- Unroll ----

def unroll_flags_known(jar):
    h = subprocess.run(["java", "-jar", jar, "train", "--help"], capture_output=True, text=True)
    return set(re.findall(r"(--[a-z][a-z0-9-]*)", h.stdout))


def read_loss_csv(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path) as f:
        next(f, None)
        for line in f:
            c = line.rstrip("\n").split(",")
            if len(c) < 5 or not c[0].isdigit():
                continue
            rows.append((int(c[0]), float(c[3]) if c[3] else None, float(c[4]) if c[4] else None))
    return rows


def run_unroll_process(a, flags, csv, outdir, seconds, eval_every, csv_every, logpath):
    cmd = ["java"] + shlex.split(os.environ.get("JAVA_OPTS", "")) + ["-jar", a.jar, "train", "--corpus-file", a.corpus, "--val-fraction", "0.1", "--eval-every", str(eval_every),
           "--csv-every", str(csv_every), "--loss-csv", csv, "--output-dir", outdir, "--quiet", "--num-samples", "0"]
    if flag_value(flags, "--num-iterations", None) is None:
        cmd += ["--num-iterations", "1000000000"]
    cmd += flags
    os.makedirs(outdir, exist_ok=True)
    if os.path.exists(csv):
        os.remove(csv)
    with open(logpath, "w") as lf:
        lf.write(" ".join(shlex.quote(c) for c in cmd) + "\n"); lf.flush()
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT)
        try:
            p.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGTERM)     # as Ctrl-C: the run stops (SIGINT is ignored by a job started with &)
        t_stop = time.perf_counter() - t0
        try:
            p.wait(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill(); p.wait()
    return min(t_stop, seconds), p.returncode, cmd


def run_unroll(a, name, flags, known, out, seconds):
    unknown = sorted({f.split("=")[0] for f in flags if f.startswith("--")} - known)
    if unknown:
        log(f"unroll {name}: skipped: this build's `train` has no {', '.join(unknown)}")
        return {"side": "unroll", "config": name, "skipped": "unknown flags " + " ".join(unknown)}, []
    B = int(flag_value(flags, "--batch-size", "1")); T = int(flag_value(flags, "--sequence-length", "25"))
    ev = flag_value(flags, "--eval-every", None) or a.unroll_eval_every
    if ev is None:
        # a speed probe, no validation: iterations per second once the JIT has warmed up
        pcsv = os.path.join(out, f"unroll-{name}-probe.csv")
        run_unroll_process(a, flags, pcsv, os.path.join(out, f"unroll-{name}-probe"), a.probe_seconds, 10**9, 10,
                           os.path.join(out, f"unroll-{name}-probe.log"))
        rates = [r for _, _, r in read_loss_csv(pcsv) if r]
        rate = statistics.median(rates[len(rates) // 2:]) if rates else 1.0
        ev = max(1, int(rate * seconds / a.points))
        log(f"unroll {name}: probe {rate:.1f} it/s: validation every {ev} iterations")
    ev = int(ev)
    flags = [f for i, f in enumerate(flags) if not (f == "--eval-every" or (i > 0 and flags[i - 1] == "--eval-every")
                                                    or f.startswith("--eval-every="))]
    csv = os.path.join(out, f"unroll-{name}.csv")
    busy = quiet_check(f"unroll {name}")
    wall, rc, cmd = run_unroll_process(a, flags, csv, os.path.join(out, f"unroll-{name}"), seconds, ev, ev,
                                       os.path.join(out, f"unroll-{name}.log"))
    rows = read_loss_csv(csv)
    if not rows:
        log(f"unroll {name}: no loss rows (exit {rc}); see {out}/unroll-{name}.log")
        return {"side": "unroll", "config": name, "skipped": f"failed, exit {rc}"}, []
    # the trainer's clock, summed from the speed column; aligned so that its last row is the stop
    elapsed, last_it, points = 0.0, 0, []
    for it, val, rate in rows:
        if rate:
            elapsed += (it - last_it) / rate
        last_it = it
        points.append((elapsed, it, val))
    offset = wall - elapsed
    curve = [("unroll", name, round(t + offset, 2), it, v) for t, it, v in points if v is not None and it % ev == 0]
    final = next((v for _, _, v in reversed(points) if v is not None), None)
    settings = " ".join(flags) + f" (B {B}, T {T}; validation every {ev} iterations)"
    return {"side": "unroll", "config": name, "settings": settings, "command": " ".join(shlex.quote(c) for c in cmd),
            "iterations": last_it, "chars_s": round(last_it * B * T / elapsed) if elapsed else None, "wall_s": round(wall, 1),
            "val_loss": final, "last_point_s": curve[-1][2] if curve else None, "exit": rc, "cpu_busy_before": busy,
            "val_slice": dict(valslice.reference(a.corpus), by="Unroll's rule (Trainer.trainingLength/validationSpan)")}, curve


# ---- PyTorch ----

def run_torch(a, name, flags, out, seconds):
    curve_path = os.path.join(out, f"torch-{name}-curve.csv")
    cmd = [a.python, os.path.join(PEERS, "torch_charrnn.py"), a.corpus, "--seconds", str(seconds),
           "--eval-seconds", str(seconds / a.points), "--curve", curve_path] + flags
    busy = quiet_check(f"torch {name}")
    with open(os.path.join(out, f"torch-{name}.log"), "w") as lf:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=lf, text=True)
    if p.returncode != 0:
        log(f"torch {name}: failed (exit {p.returncode}); see {out}/torch-{name}.log")
        return {"side": "torch", "config": name, "skipped": f"failed, exit {p.returncode}"}, []
    r = json.loads(p.stdout.strip().splitlines()[-1])
    curve = []
    with open(curve_path) as f:
        next(f)
        for line in f:
            t, it, v = line.strip().split(",")
            curve.append(("torch", name, float(t), int(it), float(v)))
    return {"side": "torch", "config": name, "settings": r["settings"] + f" (PyTorch {r['torch']}, MKL {r['mkl']})",
            "command": " ".join(shlex.quote(c) for c in cmd), "iterations": r["iterations"], "chars_s": r["tokens_s"],
            "wall_s": r["wall_s"], "val_loss": r["val_loss"], "val_loss_whole_tail": r["val_loss_whole_tail"],
            "cpu_busy_before": busy, "val_slice": r["val_slice"]}, curve


# ---- nanoGPT ----

def nanogpt_cmd(a, out, seconds, extra):
    return [a.python, os.path.join(PEERS, "nanogpt_run.py"), a.nanogpt, out, str(seconds)] + NANOGPT_RECIPE + extra + [f"--out_dir={out}"]


def nanogpt_iterations(a, out, seconds, eval_interval):
    """nanoGPT's iterations for `seconds`, from a probe of 60 iterations (its log's per-iteration times)."""
    d = os.path.join(out, "nanogpt-probe")
    cmd = nanogpt_cmd(a, d, 120, ["--max_iters=60", "--lr_decay_iters=60", "--eval_interval=60", "--log_interval=1"])
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    total = time.perf_counter() - t0
    ms = {int(m.group(1)): float(m.group(2)) / 1000 for m in re.finditer(r"iter (\d+): loss [\d.]+, time ([\d.]+)ms", p.stdout)}
    if len(ms) < 20:
        sys.exit(f"time_to_quality: nanoGPT's probe did not run (exit {p.returncode}):\n{p.stdout[-800:]}{p.stderr[-800:]}")
    it = statistics.median(ms[i] for i in range(5, 60) if i in ms)
    evalc = max(0.0, ms.get(60, it) - it)              # the evaluation (and save) at iteration 60
    startup = max(0.0, total - sum(ms.values()) - evalc)  # python, imports, data, model, the evaluation at 0
    n = (seconds - startup - evalc) / (it + evalc / eval_interval)
    log(f"nanogpt probe: {it * 1000:.1f} ms/iteration, evaluation {evalc:.2f} s, start {startup:.1f} s: {int(n)} iterations")
    return max(1, int(n * 0.98))


def run_nanogpt(a, out, seconds):
    d = os.path.join(out, "nanogpt")
    ei = 250                                      # its Shakespeare config's eval_interval
    n = a.nanogpt_iters or nanogpt_iterations(a, out, seconds, ei)
    k = max(1, round(n / ei)); ei = max(1, n // k); n = k * ei   # the last evaluation lands on the last iteration
    busy = quiet_check("nanogpt")
    cmd = nanogpt_cmd(a, d, seconds, [f"--max_iters={n}", f"--lr_decay_iters={n}", f"--eval_interval={ei}", "--log_interval=10"])
    with open(os.path.join(out, "nanogpt.log"), "w") as lf:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=lf, text=True)
        lf.write(p.stdout)
    info = json.loads(p.stdout.strip().splitlines()[-1])
    done = [int(m) for m in re.findall(r"^iter (\d+):", p.stdout, re.M)]
    done = [d + 1 for d in done]
    curve_path = os.path.join(out, "nanogpt-curve.csv")
    v = subprocess.run([a.python, os.path.join(PEERS, "nanogpt_val.py"), a.nanogpt, d, a.corpus, "--curve", curve_path],
                       capture_output=True, text=True)
    if v.returncode != 0:
        log(f"nanogpt: scoring failed: {v.stderr.strip().splitlines()[-1] if v.stderr.strip() else v.returncode}")
        return {"side": "nanogpt", "config": "cpu-recipe", "skipped": "no checkpoint scored (see nanogpt.log)"}, []
    snaps = [json.loads(line) for line in v.stdout.splitlines() if line.startswith("{")]
    kept = [s for s in snaps if not s["at_deadline"]]          # the checkpoints train.py saved (improving evaluations)
    cut = next((s for s in snaps if s["at_deadline"]), None)   # the weights when the budget ran out, if it did
    best = kept[-1] if kept else cut
    curve = [("nanogpt", "cpu-recipe", s["wall_s"], s["iter"], s["val_loss_sliding"]) for s in (kept or [cut])]
    iters = max(done + [s["iter"] for s in snaps])            # its log prints every 10th iteration
    return {"side": "nanogpt", "config": "cpu-recipe",
            "settings": f"4 layers, 4 heads, 128 wide, block 64, batch 12, dropout 0, AdamW 1e-3 cosine over {n} iterations,"
                        f" eval every {ei} (20 batches), {'best checkpoint' if not best['at_deadline'] else 'no checkpoint saved: the weights at the deadline'} (iteration {best['iter']}), float32, {info['threads']} threads",
            "command": " ".join(shlex.quote(c) for c in cmd), "iterations": iters,
            "chars_s": round(iters * 12 * 64 / info["wall_s"]), "wall_s": info["wall_s"],
            "stopped_by_deadline": info["stopped_by_deadline"], "val_loss": best["val_loss_sliding"],
            "val_loss_blocks": best["val_loss_blocks"], "own_estimate": best["own_val_estimate"], "cpu_busy_before": busy,
            "val_loss_at_deadline": cut["val_loss_sliding"] if cut else None,
            "val_slice": best["val_slice"]}, curve


def run_baseline(a, out, ref):
    """Unroll's n-gram baseline (the line to beat) and the split it reports, a check of Unroll's side of the slice."""
    p = subprocess.run(["java", "-jar", a.jar, "baseline", "--corpus-file", a.corpus, "--val-fraction", "0.1"],
                       capture_output=True, text=True)
    with open(os.path.join(out, "baseline.log"), "w") as f:
        f.write(p.stdout + p.stderr)
    best = re.search(r"best: order (\d+), ([\d.]+) nats/char", p.stdout)
    split = re.search(r"fitted on the first ([\d,]+), scored on ([\d,]+) validation characters", p.stdout)
    if not best or not split:
        log(f"baseline: not run ({(p.stderr or p.stdout).strip()[-200:]})")
        return None
    start, scored = (int(g.replace(",", "")) for g in split.groups())
    same = start == ref["start"] and scored == ref["chars"] - 1
    log(f"unroll baseline: tail from character {start:,}, {scored:,} scored: {'the reference slice' if same else 'NOT the reference slice'}")
    return {"side": "baseline", "config": f"{best.group(1)}-gram", "settings": f"`unroll baseline`: interpolated Kneser-Ney,"
            f" best order {best.group(1)} of 1..10, fitted on the training part", "iterations": "", "chars_s": "", "wall_s": "",
            "val_loss": float(best.group(2)), "unroll_split_ok": same,
            "val_slice": dict(ref) if same else {"sha256": "differs", "chars": scored + 1}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("seconds", type=float)
    ap.add_argument("--out", help="default: target/ttq-SECONDS-<UTC time>")
    ap.add_argument("--sides", default="unroll,torch,nanogpt", help="any of unroll,torch,nanogpt,baseline (the n-gram"
                    " line, also run with unroll)")
    ap.add_argument("--unroll", action="append", help="NAME=FLAGS for `unroll train` (repeatable)")
    ap.add_argument("--torch", action="append", help="NAME=FLAGS for peers/torch_charrnn.py (repeatable)")
    ap.add_argument("--nanogpt-iters", type=int, help="instead of the speed probe")
    ap.add_argument("--unroll-eval-every", help="instead of the speed probe (a configuration's own --eval-every wins)")
    ap.add_argument("--points", type=int, default=20, help="validation points per run for the curve (default 20)")
    ap.add_argument("--probe-seconds", type=float, default=8)
    ap.add_argument("--jar", default=os.path.join(REPO, "target", "unroll.jar"))
    ap.add_argument("--corpus", default=os.path.normpath(os.path.join(REPO, "..", "shared", "corpora", "tinyshakespeare.txt")))
    ap.add_argument("--nanogpt", default="/work/nanogpt")
    ap.add_argument("--python", default="/work/venv-torch/bin/python")
    a = ap.parse_args()
    a.corpus = os.path.abspath(a.corpus); a.jar = os.path.abspath(a.jar)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M")
    out = os.path.abspath(a.out or os.path.join(REPO, "target", f"ttq-{int(a.seconds)}s-{stamp}"))
    os.makedirs(out, exist_ok=True)
    ref = valslice.reference(a.corpus)
    log(f"validation characters: {ref}")
    sides = a.sides.split(",")
    results, curve = [], []
    if "nanogpt" in sides:
        r, c = run_nanogpt(a, out, a.seconds); results.append(r); curve += c
    if "torch" in sides:
        for name, flags in parse_configs(a.torch or DEFAULT_TORCH):
            r, c = run_torch(a, name, flags, out, a.seconds); results.append(r); curve += c
    if "unroll" in sides:
        known = unroll_flags_known(a.jar)
        for name, flags in parse_configs(a.unroll or DEFAULT_UNROLL):
            r, c = run_unroll(a, name, flags, known, out, a.seconds); results.append(r); curve += c
    base = run_baseline(a, out, ref) if "unroll" in sides or "baseline" in sides else None
    if base:
        results.append(base)
        for r in results:
            if r["side"] == "unroll" and "val_slice" in r and not base["unroll_split_ok"]:
                r["val_slice"] = {"sha256": "differs (unroll baseline reports another split)", "chars": 0}
    for r in results:
        s = r.get("val_slice")
        r["slice_ok"] = bool(s) and s["sha256"] == ref["sha256"] and s["chars"] == ref["chars"]
    head = (f"Time to quality, {a.seconds:g} s of wall time per side, one side at a time; validation loss in nats/char on the"
            f" {ref['chars'] - 1:,} predictions of the tail's first {ref['chars']:,} characters (sha256 {ref['sha256']},"
            f" from character {ref['start']:,}); {stamp} UTC\n\n"
            "| side | config | settings | iterations | train chars/s | wall s | val loss | bits/char | same chars |\n"
            "|---|---|---|---:|---:|---:|---:|---:|---|\n")
    lines = []
    for r in results:
        if "skipped" in r:
            lines.append(f"| {r['side']} | {r['config']} | skipped: {r['skipped']} | | | | | | |")
            continue
        extra = ""
        if r["side"] == "nanogpt":
            extra = f"; in blocks {r['val_loss_blocks']:.4f}, own estimate {r['own_estimate']:.4f}"
            if r.get("stopped_by_deadline"):
                extra += (f"; STOPPED at the deadline before its last evaluation (weights then: {r['val_loss_at_deadline']:.4f});"
                          " give fewer --nanogpt-iters")
        if r["side"] == "unroll" and r.get("last_point_s") is not None:
            extra = f"; last measured at {r['last_point_s']:.0f} s"
        if r["side"] == "unroll" and r.get("exit") not in (0, 130, 143):
            extra += f"; ENDED with exit status {r['exit']} (see its log)"
        v = r["val_loss"]
        if r["side"] == "baseline":
            extra = "; Unroll's split as reported by it: " + ("the reference" if r["unroll_split_ok"] else "DIFFERENT")
        lines.append(f"| {r['side']} | {r['config']} | {r['settings']}{extra} | {r['iterations']} | {r['chars_s']} | {r['wall_s']}"
                     f" | {v:.4f} | {v / 0.6931471805599453:.4f} | {'yes' if r['slice_ok'] else 'NO'} |")
    table = head + "\n".join(lines) + "\n"
    print(table)
    with open(os.path.join(out, "table.md"), "w") as f:
        f.write(table)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"seconds": a.seconds, "reference_slice": ref, "results": results}, f, indent=1)
    with open(os.path.join(out, "curve.csv"), "w") as f:
        f.write("side,config,wall_s,iteration,val_loss\n")
        for row in curve:
            f.write(",".join(str(x) for x in row) + "\n")
    svg = [sys.executable, os.path.join(HERE, "curve_svg.py"), os.path.join(out, "curve.csv"), os.path.join(out, "curve.svg"),
           "--title", f"Tiny Shakespeare, validation loss against wall time ({a.seconds:g} s per side, {stamp} UTC)"]
    if base:
        svg += ["--line", f"{base['config']} baseline={base['val_loss']}"]
    subprocess.run(svg)
    log(f"written: {out}/table.md, results.json, curve.csv, curve.svg")
    if not all(r.get("slice_ok", True) for r in results if "skipped" not in r):
        log("WARNING: a side scored other characters than the reference slice")
        sys.exit(1)


if __name__ == "__main__":
    main()
