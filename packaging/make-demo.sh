#!/bin/sh
# Trains the demo network that ships with Unroll (src/main/resources/demo/romanian-verses-h100.npz):
# a vanilla RNN, hidden 100, trained by Unroll's own command line on corpora/romanian-verses.txt.
#
#   packaging/make-demo.sh           train it (about 10-20 minutes on 1 core) and replace the shipped file
#   packaging/make-demo.sh --check   train it into target/demo/ and compare its arrays with the shipped file
#
# Same code, same seed: the same weights, bit for bit. The .npz files differ only in metadata.json
# (saved_at and elapsed_nanos) and in the zip entries' timestamps, so compare the .npy entries.
set -eu
cd "$(dirname "$0")/.."
SHIPPED=src/main/resources/demo/romanian-verses-h100.npz
OUT=target/demo
mkdir -p "$OUT"
[ -f target/unroll.jar ] || mvn -B -q -DskipTests package

java -jar target/unroll.jar train --corpus-file corpora/romanian-verses.txt \
    --hidden-size 100 --sequence-length 25 --learning-rate 0.1 --seed 42 \
    --num-iterations 300000 --sample-frequency 1000 --sample-size 300 \
    --checkpoint "$OUT/romanian-verses-h100.npz" --checkpoint-every 50000 \
    --num-samples 5 --temperature 0.8 --output-dir "$OUT" --quiet

if [ "${1:-}" = --check ]; then
    status=0
    for entry in Wxh Whh Why bh by mWxh mWhh mWhy mbh mby hprev; do
        a=$(unzip -p "$SHIPPED" "$entry.npy" | sha256sum | cut -d' ' -f1)
        b=$(unzip -p "$OUT/romanian-verses-h100.npz" "$entry.npy" | sha256sum | cut -d' ' -f1)
        if [ "$a" = "$b" ]; then echo "same      $entry.npy"; else echo "DIFFERENT $entry.npy"; status=1; fi
    done
    exit $status
fi
mkdir -p "$(dirname "$SHIPPED")"
cp "$OUT/romanian-verses-h100.npz" "$SHIPPED"
ls -l "$SHIPPED"
