#!/bin/bash
# Throughput of the same model (issue 27, goal 2): a 2-layer LSTM 128 trained at batch 50 x sequence 50 in float32
# on both cores, Adam (lr 2e-3) with clipping to a global norm of 5, in characters trained on per second
# (forward, backward and the Adam step; B x T characters an iteration), PyTorch 2.13 against `unroll bench`.
# One at a time; the machine should be quiet (checked before each side). Not run in CI.
#
#   src/bench/throughput.sh [SECONDS]        (default 20 timed seconds per side, after an untimed warm-up)
#
# Environment: JAR (default target/unroll.jar), CORPUS (default ../shared/corpora/tinyshakespeare.txt),
# PY (a python with PyTorch 2.13 + MKL, default /work/venv-torch/bin/python; see src/bench/README.md).
# Unroll's side needs `bench` to take --layers, --batch-size, --precision and --threads: a build without them
# is reported ("skipped") and only PyTorch's figure printed.
set -u
S=${1:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$(dirname "$HERE")")
JAR=${JAR:-$REPO/target/unroll.jar}
CORPUS=${CORPUS:-$(cd "$REPO/.." && pwd)/shared/corpora/tinyshakespeare.txt}
PY=${PY:-/work/venv-torch/bin/python}
B=50; T=50; H=128; L=2

quiet() { # label: how busy the cores are over a second, from /proc/stat
    python3 - "$1" <<'EOF'
import sys, time, os
def r():
    v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(v), v[3] + v[4]
t1, i1 = r(); time.sleep(1); t2, i2 = r()
busy = 1 - (i2 - i1) / max(1, t2 - t1)
print(f"before {sys.argv[1]}: CPU {busy * 100:.0f}% busy, load {os.getloadavg()[0]:.2f}"
      + ("  WARNING: the machine is not quiet; figures are not comparable" if busy > 0.05 else ""))
EOF
}

echo "throughput: LSTM ${L}x${H}, batch ${B} x ${T}, float32, 2 threads, Adam 2e-3, clip norm 5; ${S} s timed per side; $(date -u '+%Y-%m-%d %H:%M UTC')"

quiet "PyTorch"
tj=$("$PY" "$HERE/peers/torch_charrnn.py" "$CORPUS" --cell lstm --layers $L --hidden $H --batch $B --seq $T --lr 2e-3 \
     --threads 2 --warmup-seconds 3 --seconds "$S" --no-val) || { echo "PyTorch side failed" >&2; exit 1; }
tcs=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(r["tokens_s"])' "$tj")
echo "pytorch  $(python3 -c 'import json,sys; print("{tokens_s:>9,} chars/s  ({iterations} iterations in {wall_s} s; torch {torch}, MKL {mkl}, {threads} threads)".format(**json.loads(sys.argv[1])))' "$tj")"

# the new engine's flags for the same model and batch (UNROLL_FLAGS overrides them, e.g. if a name changes)
read -r -a EF <<<"${UNROLL_FLAGS---layers $L --batch-size $B --precision f32 --threads 2}"
UB=1
for i in "${!EF[@]}"; do [ "${EF[$i]}" = --batch-size ] && UB=${EF[$((i + 1))]}; done
missing=""
help=$(java -jar "$JAR" bench --help 2>&1)
for f in "${EF[@]}"; do
    case $f in --*) grep -q -- "$f[ =]" <<<"$help" || missing="$missing $f" ;; esac
done
if [ -n "$missing" ]; then
    echo "unroll   skipped: this build's \`bench\` has no$missing (issue 27's stacked, batched, float32, threaded engine)"
    exit 0
fi
FLAGS=(--corpus-file "$CORPUS" --cells lstm --hidden-sizes $H --sequence-length $T --optimizer adam --learning-rate 0.002
       --clip norm --clip-value 5 "${EF[@]}")
rate() { # bench's output on stdin: the lstm row's it/s and chars/s, found by the header's column names
    python3 -c '
import sys
lines = sys.stdin.read().splitlines()
head = next((l.split() for l in lines if "it/s" in l.split()), None)
row = next((l.split() for l in lines if l.split()[:1] == ["lstm"]), None)
if head and row:    # the columns up to the last one ("smooth loss", two words in the header) line up
    num = lambda k: row[head.index(k)].replace(",", "") if k in head and head.index(k) < len(row) else ""
    print(num("it/s"), num("chars/s"))
'
}
# a short run for the speed, then about S seconds timed after about 3 s of warm-up
probe=$(java -jar "$JAR" bench "${FLAGS[@]}" --warmup 5 --iterations 20 2>&1) || { echo "unroll bench failed: $probe" >&2; exit 1; }
read -r its _ < <(rate <<<"$probe")
[ -n "$its" ] || { echo "unroll bench: no lstm $H row in its output:"; echo "$probe"; exit 1; }
N=$(python3 -c "print(max(20, int(float('$its') * $S)))"); W=$(python3 -c "print(max(5, int(float('$its') * 3)))")
quiet "Unroll"
res=$(java -jar "$JAR" bench "${FLAGS[@]}" --warmup "$W" --iterations "$N" 2>&1) || { echo "unroll bench failed: $res" >&2; exit 1; }
read -r its ocs < <(rate <<<"$res")
ucs=$(python3 -c "print(round(float('$its') * $UB * $T))")
echo "unroll   $(python3 -c "print(f'{$ucs:>9,} chars/s')")  ($its it/s x $UB x $T; ${EF[*]}; $N timed iterations after $W; bench's own chars/s column: ${ocs:-none})"
echo "$res" | sed 's/^/    | /'
same=yes
[ "$UB" = "$B" ] || same=no
grep -q -- "--layers $L\b" <<<"${EF[*]}" || same=no
if [ $same = yes ]; then
    python3 -c "print(f'unroll / pytorch: {$ucs / $tcs:.2f}x')"
else
    echo "unroll / pytorch: not compared: UNROLL_FLAGS (${EF[*]}) is not the ${L}-layer model at batch $B"
fi
