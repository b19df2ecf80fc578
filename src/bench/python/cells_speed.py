#!/usr/bin/env python3
"""Unroll's `bench` against the C loop (src/bench/c/cells.c) and PyTorch, interleaved, per cell and size.

For each repetition, cell and hidden size it runs, one after the other (so that the machine's load
falls on all three alike):

    the C loop                 target/bench-c/cells bench CORPUS CELL H N 20
    Unroll                     java -cp CP dev.unroll.Main bench --corpus-file CORPUS --cells CELL --hidden-sizes H --iterations N --warmup N/4
    PyTorch (unless --no-torch) /usr/bin/python3 src/bench/python/torch_cells_bench.py CORPUS --cells CELL --hidden H --iterations N/10 --warmup 20

then prints per cell and size the median iterations per second of each (wall time, and per CPU
second: the C loop's process, Unroll's training thread, torch's process), and the ratios
Unroll / C and Unroll / torch: the median over the repetitions of each repetition's ratio, with
the smallest and largest. The load average is printed before and after each repetition.

    src/bench/c_cells.sh CORPUS vanilla 100          # builds target/bench-c/cells (and checks its gradients)
    mvn -B -q package -DskipTests                     # target/unroll.jar
    /usr/bin/python3 src/bench/python/cells_speed.py ../shared/corpora/tinyshakespeare.txt --repeat 3

Not run in CI.
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GATES = {"vanilla": 1, "lstm": 4, "gru": 3}


def flops(cell, h, v=65, t=25):
    return 6.0 * t * (GATES[cell] * h * h + v * h)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("failed (" + str(p.returncode) + "): " + " ".join(cmd) + "\n" + p.stderr)
    return p.stdout


def c_loop(binary, corpus, cell, h, n):
    # cell hidden iterations it/s it/cpu-s GFLOP/s smooth
    f = run([binary, "bench", corpus, cell, str(h), str(n), "20"]).split()
    return float(f[3]), float(f[4])


def unroll(java_cmd, corpus, cell, h, n):
    out = run(java_cmd + ["bench", "--corpus-file", corpus, "--cells", cell, "--hidden-sizes", str(h),
                          "--iterations", str(n), "--warmup", str(max(100, n // 4))])
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 4 and f[0] == cell and f[1] == str(h):
            return float(f[2].replace(",", "")), float(f[3].replace(",", ""))
    raise SystemExit("no result line in:\n" + out)


def torch(corpus, cell, h, n):
    out = run(["/usr/bin/python3", os.path.join(HERE, "torch_cells_bench.py"), corpus, "--cells", cell,
               "--hidden", str(h), "--iterations", str(n), "--warmup", "20"])
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 6 and f[0] == cell and f[1] == str(h):
            return float(f[4]), float(f[5])
    raise SystemExit("no result line in:\n" + out)


def ratios(us, xs, k):
    """Per-repetition ratios of column k (0 wall, 1 CPU), leaving out a run too slow to be timed."""
    return [u[k] / x[k] for u, x in zip(us, xs) if x[k] > 0]


def spread(xs):
    if not xs:
        return "-"
    return "%.2f (%.2f-%.2f)" % (statistics.median(xs), min(xs), max(xs))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--cells", default="vanilla,lstm,gru")
    ap.add_argument("--hidden", default="100,250,500")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=2.5, help="timed seconds per run at 5 GFLOP/s (default 2.5)")
    ap.add_argument("--min-iterations", type=int, default=100)
    ap.add_argument("--c-binary", default="target/bench-c/cells")
    ap.add_argument("--java", default="java -jar target/unroll.jar",
                    help="how to start Unroll's command line (default: java -jar target/unroll.jar)")
    ap.add_argument("--no-torch", action="store_true")
    a = ap.parse_args()
    java_cmd = a.java.split()
    cells = a.cells.split(",")
    sizes = [int(s) for s in a.hidden.split(",")]
    keys = [(c, h) for c in cells for h in sizes]
    res = {k: {"c": [], "u": [], "t": []} for k in keys}
    print("load average at the start: " + load(), flush=True)
    for rep in range(a.repeat):
        for (c, h) in keys:
            n = max(a.min_iterations, int(a.seconds * 5e9 / flops(c, h)))
            r = res[(c, h)]
            r["c"].append(c_loop(a.c_binary, a.corpus, c, h, n))
            r["u"].append(unroll(java_cmd, a.corpus, c, h, n))
            if not a.no_torch:
                r["t"].append(torch(a.corpus, c, h, max(50, n // 10)))
            print("rep %d %-7s %4d  C %8.1f it/s (%8.1f cpu)  Unroll %8.1f it/s (%8.1f cpu)%s  load %s" % (
                rep, c, h, *r["c"][-1], *r["u"][-1],
                "" if a.no_torch else "  torch %6.1f it/s (%6.1f cpu)" % r["t"][-1], load()), flush=True)
    print()
    print("medians over %d repetitions; ratios: median of the per-repetition ratios (smallest-largest)" % a.repeat)
    print("%-7s %4s | %9s %9s %9s | %18s %18s | %18s %18s" % (
        "cell", "H", "Unroll", "C", "torch", "Unroll/C wall", "Unroll/C cpu", "Unroll/torch wall", "Unroll/torch cpu"))
    for (c, h) in keys:
        r = res[(c, h)]
        uc_w = ratios(r["u"], r["c"], 0)
        uc_c = ratios(r["u"], r["c"], 1)
        line = "%-7s %4d | %9.1f %9.1f %9s | %18s %18s |" % (
            c, h, statistics.median(u[0] for u in r["u"]), statistics.median(x[0] for x in r["c"]),
            "-" if a.no_torch else "%.1f" % statistics.median(t[0] for t in r["t"]), spread(uc_w), spread(uc_c))
        if not a.no_torch:
            line += " %18s %18s" % (spread(ratios(r["u"], r["t"], 0)), spread(ratios(r["u"], r["t"], 1)))
        print(line, flush=True)
    print("load average at the end: " + load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
