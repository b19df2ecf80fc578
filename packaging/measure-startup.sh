#!/bin/sh
# Measures how long Unroll takes from process start until its window is shown and its first frame
# is laid out (the app prints it with -Dunroll.startupTiming; -Dunroll.exitAfterStartup closes it
# then). Each command runs N times (default 5) under xvfb-run at 1920x1080 unless a display is set;
# the load average is printed with each run, as the figure depends on what else the machine does.
#
#   packaging/measure-startup.sh [N] [COMMAND ...]
#   packaging/measure-startup.sh 5 "java -jar target/unroll.jar" target/jpackage/Unroll/bin/Unroll /opt/unroll/bin/Unroll
#
# The options reach jpackage launchers too, through JAVA_TOOL_OPTIONS. The session is off and the
# workspace is a temporary folder, so nothing of the user's is read or written.
set -eu
cd "$(dirname "$0")/.."
N=${1:-5}
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- "java -jar target/unroll.jar"
WS=$(mktemp -d)
export JAVA_TOOL_OPTIONS="-Dunroll.exitAfterStartup=true -Dunroll.session=false -Dunroll.workspace=$WS -Dunroll.prefs.node=dev/unroll/measure"
for cmd in "$@"; do
    i=1
    while [ "$i" -le "$N" ]; do
        if [ -z "${DISPLAY:-}" ]; then
            line=$(xvfb-run -a -s "-screen 0 1920x1080x24" $cmd 2>&1 | grep '^unroll: window shown' || true)
        else
            line=$($cmd 2>&1 | grep '^unroll: window shown' || true)
        fi
        echo "$cmd | ${line#unroll: } | load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
        i=$((i + 1))
    done
done
rm -rf "$WS"
