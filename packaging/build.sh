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
#   SKIP_CDS=1      do not add the class-data archive (see step 5)
#   APP_VERSION     the installers' version (default: the pom's, without -SNAPSHOT)
#
# Every installer is made from the app image of step 4, so they all hold the same files.
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
    --copyright "Unroll contributors" --dest "$OUT"
case $OS in
    linux) ICON="$PKG/icons/unroll.png"; IMAGE="$OUT/Unroll"; APPDIR="$IMAGE/lib/app"; LAUNCHER="$IMAGE/bin/Unroll" ;;
    mac) ICON="$PKG/icons/unroll.icns"; IMAGE="$OUT/Unroll.app"; APPDIR="$IMAGE/Contents/app"; LAUNCHER="$IMAGE/Contents/MacOS/Unroll" ;;
    windows) ICON="$PKG/icons/unroll.ico"; IMAGE="$OUT/Unroll"; APPDIR="$IMAGE/app"; LAUNCHER="$IMAGE/Unroll.exe" ;;
esac

# 4. the app image: launcher, runtime, jar
echo "build.sh: building app-image ..."
if [ $OS = windows ]; then
    # the main launcher is a GUI program without a console; the command line needs one
    CLI_LAUNCHER="--add-launcher unroll-cli=$PKG/launcher-cli.properties"
else
    CLI_LAUNCHER=
fi
# shellcheck disable=SC2086
"$JPACKAGE" --type app-image "$@" --icon "$ICON" \
    --input "$OUT/input" --main-jar unroll.jar --main-class dev.unroll.Main --runtime-image "$OUT/runtime" \
    --java-options "-Xmx2g" --java-options "-Xshare:auto" $CLI_LAUNCHER

# 5. a class-data archive (AppCDS) of the classes the app loads until its window shows: about a
#    second less to start here. The class list comes from opening the app once
#    (-Dunroll.exitAfterStartup=true closes it after its first frame; on Linux without a display,
#    under xvfb-run). Java 17 ties an archive to the jar's absolute path, so the archive in the
#    image serves the image where it was built, and the .deb makes its own at install time from
#    the class list (packaging/linux/postinst). Elsewhere -Xshare:auto starts without it, silently.
if [ "${SKIP_CDS:-}" != 1 ]; then
    CFG="$APPDIR/Unroll.cfg"
    cp "$CFG" "$OUT/Unroll.cfg.orig"
    {
        echo 'java-options=-XX:DumpLoadedClassList=$APPDIR/unroll.classlist'
        echo "java-options=-Dunroll.exitAfterStartup=true"
        echo "java-options=-Dunroll.session=false"
        echo "java-options=-Dunroll.workspace=$OUT/cds-workspace"
        echo "java-options=-Dunroll.prefs.node=dev/unroll/packaging"
    } >> "$CFG"
    if [ $OS = linux ] && [ -z "${DISPLAY:-}" ]; then
        if command -v xvfb-run > /dev/null; then
            xvfb-run -a -s "-screen 0 1920x1080x24" "$LAUNCHER" > "$OUT/cds.log" 2>&1 || true
        else
            echo "build.sh: no display and no xvfb-run: no class list" >&2
        fi
    else
        "$LAUNCHER" > "$OUT/cds.log" 2>&1 || true
    fi
    cp "$OUT/Unroll.cfg.orig" "$CFG"
    rm -f "$OUT/Unroll.cfg.orig"
    if [ -s "$APPDIR/unroll.classlist" ]; then
        JAVA_IN_IMAGE=$(find "$IMAGE" -path '*/runtime/*/bin/java' -o -path '*/runtime/bin/java' -o -path '*/runtime/bin/java.exe' | head -n 1)
        ABS_APPDIR=$(cd "$APPDIR" && pwd)
        "$JAVA_IN_IMAGE" -Xshare:dump -XX:SharedClassListFile="$ABS_APPDIR/unroll.classlist" \
            -XX:SharedArchiveFile="$ABS_APPDIR/unroll.jsa" -cp "$ABS_APPDIR/unroll.jar" >> "$OUT/cds.log" 2>&1 || true
        # -Xshare:auto: without the archive (moved, installed elsewhere, removed) Java starts without it
        {
            echo 'java-options=-XX:SharedArchiveFile=$APPDIR/unroll.jsa'
            echo "java-options=-Xlog:cds=off"
            echo "java-options=-Xlog:cds+dynamic=off"
        } >> "$CFG"
    else
        echo "build.sh: no class list was made (see $OUT/cds.log); the app works without it, a little slower to start" >&2
    fi
fi

# 6. installers, made from the app image
for TYPE in $TYPES; do
    case $TYPE in
        app-image) continue ;;
    esac
    echo "build.sh: building $TYPE ..."
    case $TYPE in
        deb|rpm)
            # the .deb does not know JavaFX needs GTK 3: declare it. Its own archive: built at install
            # time (the image's one records the build folder), so not shipped
            rm -rf "$OUT/package-image"
            mkdir -p "$OUT/package-image"
            cp -a "$IMAGE" "$OUT/package-image/"
            rm -f "$OUT/package-image/Unroll/lib/app/unroll.jsa"
            "$JPACKAGE" --type "$TYPE" "$@" --app-image "$OUT/package-image/Unroll" --linux-package-name unroll --linux-package-deps libgtk-3-0 \
                --resource-dir "$PKG/linux" \
                --linux-shortcut --linux-menu-group Education --linux-app-category education \
                --linux-deb-maintainer "unroll@users.noreply.github.com" ;;
        msi|exe)
            # the upgrade UUID must stay the same forever: a new version then replaces the old one
            "$JPACKAGE" --type "$TYPE" "$@" --app-image "$IMAGE" --win-menu --win-menu-group Unroll --win-shortcut --win-dir-chooser \
                --win-upgrade-uuid 5f0c3a52-8d8e-4f7e-9c61-0b6a1e7d2c45 ;;
        dmg|pkg)
            "$JPACKAGE" --type "$TYPE" "$@" --app-image "$IMAGE" --mac-package-identifier dev.unroll.Unroll --mac-package-name Unroll ;;
        *)
            echo "build.sh: unknown type $TYPE (app-image, deb, rpm, msi, exe, dmg, pkg)" >&2; exit 2 ;;
    esac
done
ls -l "$OUT"
