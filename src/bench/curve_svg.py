#!/usr/bin/env python3
"""Draws time_to_quality.py's curve.csv (side,config,wall_s,iteration,val_loss) as an SVG: validation loss
(nats/char) against wall time, one line per side and configuration, optional horizontal reference lines.
Standard library only.
Usage: curve_svg.py CURVE_CSV OUT_SVG [--title TEXT] [--line LABEL=VALUE ...] [--ymax 2.5]
"""
import argparse
import csv
import math
from xml.sax.saxutils import escape

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"]


def nice_ticks(lo, hi, n=6):
    step = 10 ** math.floor(math.log10(max(hi - lo, 1e-9) / n))
    for m in (1, 2, 2.5, 5, 10):
        if (hi - lo) / (step * m) <= n:
            step *= m
            break
    t = math.ceil(lo / step) * step
    out = []
    while t <= hi + 1e-9:
        out.append(round(t, 10))
        t += step
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("curve"); ap.add_argument("out")
    ap.add_argument("--title", default="Validation loss against wall time")
    ap.add_argument("--line", action="append", default=[], help="LABEL=VALUE: a horizontal reference line")
    ap.add_argument("--ymax", type=float, default=2.6, help="clip the y axis here (early points are far above)")
    a = ap.parse_args()
    series = {}
    with open(a.curve) as f:
        for r in csv.DictReader(f):
            if r["val_loss"] not in ("", "nan", "None"):
                series.setdefault(f"{r['side']} {r['config']}", []).append((float(r["wall_s"]), float(r["val_loss"])))
    refs = [(l.split("=", 1)[0], float(l.split("=", 1)[1])) for l in a.line]
    xs = [x for s in series.values() for x, _ in s] or [1]
    ys = [y for s in series.values() for _, y in s] + [v for _, v in refs] or [1]
    x1 = max(xs); y0 = min(ys) - 0.02; y1 = min(max(ys), a.ymax)
    W, H, L, R, T, B = 900, 520, 70, 240, 40, 50
    px = lambda x: L + (W - L - R) * x / x1
    py = lambda y: T + (H - T - B) * (1 - (min(y, y1) - y0) / (y1 - y0))
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{L}" y="22" font-size="15">{escape(a.title)}</text>']
    for t in nice_ticks(0, x1):
        o.append(f'<line x1="{px(t):.1f}" y1="{T}" x2="{px(t):.1f}" y2="{H - B}" stroke="#eee"/>'
                 f'<text x="{px(t):.1f}" y="{H - B + 16}" text-anchor="middle">{t:g}</text>')
    for t in nice_ticks(y0, y1):
        o.append(f'<line x1="{L}" y1="{py(t):.1f}" x2="{W - R}" y2="{py(t):.1f}" stroke="#eee"/>'
                 f'<text x="{L - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
    o.append(f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="#333"/>')
    o.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">wall time (s)</text>')
    o.append(f'<text transform="translate(18,{(T + H - B) / 2}) rotate(-90)" text-anchor="middle">validation loss (nats/char)</text>')
    ly = T + 10
    for label, v in refs:
        o.append(f'<line x1="{L}" y1="{py(v):.1f}" x2="{W - R}" y2="{py(v):.1f}" stroke="#555" stroke-dasharray="6,4"/>'
                 f'<text x="{W - R + 8}" y="{ly + 4}">- - {escape(label)} {v:.3f}</text>')
        ly += 18
    for i, (name, pts) in enumerate(sorted(series.items())):
        c = COLOURS[i % len(COLOURS)]
        pts.sort()
        o.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="'
                 + " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts) + '"/>')
        o.append(f'<line x1="{W - R + 8}" y1="{ly}" x2="{W - R + 28}" y2="{ly}" stroke="{c}" stroke-width="2"/>'
                 f'<text x="{W - R + 32}" y="{ly + 4}">{escape(name)} {pts[-1][1]:.3f}</text>')
        ly += 18
    o.append("</svg>")
    with open(a.out, "w") as f:
        f.write("\n".join(o) + "\n")


if __name__ == "__main__":
    main()
