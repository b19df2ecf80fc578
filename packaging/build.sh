#!/bin/sh
# Builds Unroll as a self-contained application (its own Java runtime: nothing to install first).
#
#   packaging/build.sh [TYPE ...]      TYPE: app-image (default), deb, rpm, msi, exe, dmg, pkg
#
#   Linux:    packaging/build.sh app-image deb   -> target/jpackage/Unroll/ and target/jpackage/unroll_<v>_amd64.deb
#   Windows:  packaging/build.sh app-image msi   (Git Bash; JDK 17+ and WiX 3.x on the PATH)
#   macOS:    packaging/build.sh app-image dmg   (Xcode command line tools)
#
# jpackage cannot cross-build: each installer is made on its own system. Environment:
#   JAVA_HOME       the JDK whose jlink/jpackage/jdeps are used (default: the one on the PATH)
#   SKIP_MAVEN=1    use the existing target/unroll.jar instead of running `mvn package`
#   APP_VERSION     the installers' version (default: the pom's, without -SNAPSHOT)
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PKG="$ROOT/packaging"
OUT="$ROOT/target/jpackage"
TYPES=${*:-app-image}

bin() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/$1" ]; then echo "$JAVA_HOME/bin/$1"; else echo "$1"; fi
}
JLINK=$(bin jlink)
JPACKAGE=$(bin jpackage)
JDEPS=$(bin jdeps)

case "$(uname -s)" in
    Linux*) OS=linux ;;
    Darwin*) OS=mac ;;
    MINGW*|MSYS*|CYGWIN*) OS=windows ;;
    *) echo "build.sh: unknown system $(uname -s)" >&2; exit 2 ;;
esac

# 1. the fat jar (the app plus JavaFX's jars for this system, natives included)
if [ "${SKIP_MAVEN:-}" != 1 ] || [ ! -f target/unroll.jar ]; then
    mvn -B -q -DskipTests package
fi
if [ -z "${APP_VERSION:-}" ]; then
    APP_VERSION=$(sed -n 's:^  <version>\([0-9][0-9.]*\).*</version>:\1:p' pom.xml | head -n 1)
fi

rm -rf "$OUT"
mkdir -p "$OUT/input"
cp target/unroll.jar "$OUT/input/"

# 2. a small Java runtime: the modules jdeps finds in the jar, plus those used reflectively or by JavaFX
MODULES=$("$JDEPS" --print-module-deps --ignore-missing-deps --multi-release 17 target/unroll.jar)
MODULES="$MODULES,java.desktop,java.prefs,java.logging,java.management,jdk.unsupported,jdk.unsupported.desktop,jdk.zipfs,jdk.localedata"
"$JLINK" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=1 \
    --include-locales=en,ro,de,fr,es --generate-cds-archive --output "$OUT/runtime"

# 3. what every package shares
set -- --name Unroll --app-version "$APP_VERSION" --vendor "Unroll" \
    --description "A desktop lab for character-level recurrent neural networks" \
    --copyright "Unroll contributors" \
    --input "$OUT/input" --main-jar unroll.jar --main-class dev.unroll.Main \
    --runtime-image "$OUT/runtime" \
    --java-options "-Xmx2g" --java-options "-Xshare:auto" \
    --dest "$OUT"
case $OS in
    linux) ICON="$PKG/icons/unroll.png" ;;
    mac) ICON="$PKG/icons/unroll.icns" ;;
    windows) ICON="$PKG/icons/unroll.ico" ;;
esac
set -- "$@" --icon "$ICON"
if [ $OS = windows ]; then
    # the main launcher is a GUI program without a console; the command line needs one
    set -- "$@" --add-launcher "unroll-cli=$PKG/launcher-cli.properties"
fi

for TYPE in $TYPES; do
    echo "build.sh: building $TYPE ..."
    case $TYPE in
        app-image)
            "$JPACKAGE" --type app-image "$@" ;;
        deb|rpm)
            # the .deb does not know JavaFX needs GTK 3: declare it
            "$JPACKAGE" --type "$TYPE" "$@" --linux-package-name unroll --linux-package-deps libgtk-3-0 \
                --linux-shortcut --linux-menu-group Education --linux-app-category education \
                --linux-deb-maintainer "unroll@users.noreply.github.com" ;;
        msi|exe)
            # the upgrade UUID must stay the same forever: a new version then replaces the old one
            "$JPACKAGE" --type "$TYPE" "$@" --win-menu --win-menu-group Unroll --win-shortcut --win-dir-chooser \
                --win-upgrade-uuid 5f0c3a52-8d8e-4f7e-9c61-0b6a1e7d2c45 ;;
        dmg|pkg)
            "$JPACKAGE" --type "$TYPE" "$@" --mac-package-identifier dev.unroll.Unroll --mac-package-name Unroll ;;
        *)
            echo "build.sh: unknown type $TYPE (app-image, deb, rpm, msi, exe, dmg, pkg)" >&2; exit 2 ;;
    esac
done
ls -l "$OUT"
