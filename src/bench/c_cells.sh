#!/bin/sh
# The C speed bound of Unroll's training iteration (src/bench/c/cells.c), per cell and hidden size.
#
#   src/bench/c_cells.sh [--plain] CORPUS [CELLS] [HIDDEN_SIZES]
#   src/bench/c_cells.sh ../shared/corpora/tinyshakespeare.txt vanilla,lstm,gru 100,250,500
#
# Compiles cells.c with `cc -O3 -march=native` (with --plain: `cc -O3`, the portable x86-64 baseline,
# SSE2 only) into target/bench-c/, checks every gradient of every cell against central differences,
# then prints one line per cell and size: iterations per second (wall and CPU time), GFLOP/s of the
# six matrix products, 6 T (G H^2 + V H), and the final smooth loss. Each size runs about 3 s after
# 20 untimed iterations. Not run in CI.
set -eu
opt="-O3 -march=native"
if [ "${1:-}" = "--plain" ]; then
    opt="-O3"
    shift
fi
if [ $# -lt 1 ]; then
    echo "usage: $0 [--plain] CORPUS [CELLS] [HIDDEN_SIZES]" >&2
    exit 2
fi
corpus=$1
cells=${2:-vanilla,lstm,gru}
sizes=${3:-100,250,500}
here=$(dirname "$0")
out=${CELLS_BIN:-target/bench-c/cells}
mkdir -p "$(dirname "$out")"
# shellcheck disable=SC2086
cc $opt -o "$out" "$here/c/cells.c" -lm
echo "cc $opt ($(cc --version | head -n 1)); $(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$out" check
echo "cell     hidden iterations      it/s   it/cpu-s  GFLOP/s smooth-loss"
for c in $(echo "$cells" | tr ',' ' '); do
    case $c in vanilla) g=1 ;; lstm) g=4 ;; gru) g=3 ;; *) echo "unknown cell $c" >&2; exit 2 ;; esac
    for h in $(echo "$sizes" | tr ',' ' '); do
        # about 3 s at 5 GFLOP/s, at least 200 iterations
        n=$(awk -v g="$g" -v h="$h" 'BEGIN { n = int(3 * 5e9 / (6 * 25 * (g * h * h + 65 * h))); print (n < 200 ? 200 : n) }')
        "$out" bench "$corpus" "$c" "$h" "$n" 20
    done
done
