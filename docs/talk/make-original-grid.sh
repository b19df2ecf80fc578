#!/bin/sh
# Remakes the run of the original nine-run grid that ships with the app (the Experiments view shows it
# on the example talk's last slide, "sweep = original"): hidden 100/250/500 x learning rate
# 0.1/0.01/0.001, 25 characters, seed 42, on the Romanian verses, 10,000 iterations per run, trained
# by `unroll sweep` itself. The checkpoints are left out (the curves, records, summaries and results
# files are about 60 KB). The losses come out the same on every machine (the runs are seeded); the
# speeds and times are this machine's. Run from anywhere after `mvn -B package -DskipTests`.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/src/main/resources/dev/unroll/app/experiments/original-nine-runs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
java -jar "$root/target/unroll.jar" sweep --corpus romanian-verses --original --num-iterations 10000 \
    --csv-every 100 --num-samples 3 --parallel 3 --quiet --output-dir "$tmp/sweep"
find "$tmp/sweep" -name checkpoint.npz -delete
rm -rf "$out"
cp -r "$tmp/sweep" "$out"
echo "wrote $out"
