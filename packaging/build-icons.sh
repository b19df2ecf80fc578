#!/bin/sh
# Regenerates packaging/icons/: PNGs in every size, unroll.icns (macOS) and unroll.ico (Windows).
# Needs Java 17 and ImageMagick (convert). The icons are committed; run this only to change them.
set -eu
cd "$(dirname "$0")/.."
java packaging/IconMaker.java packaging/icons
convert packaging/icons/unroll-16.png packaging/icons/unroll-24.png packaging/icons/unroll-32.png \
        packaging/icons/unroll-48.png packaging/icons/unroll-64.png packaging/icons/unroll-128.png \
        packaging/icons/unroll-256.png packaging/icons/unroll.ico
rm -f packaging/icons/unroll-1024.png
ls -l packaging/icons
