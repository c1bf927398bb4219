#!/usr/bin/env bash
# build/check-windows-start.sh SETUP — proves that the Windows build starts:
# in a clean Debian 13 root with Wine 10 (build/chroot.sh; Debian 12's Wine 8
# lacks what Go's runtime asks of Windows), runs the installer silently (/S),
# checks what it installed, starts the installed exe under Xvfb, saves the
# first-start screen as dist/screenshots/windows-wine.png and uninstalls
# silently (build/inside/wine-start.sh does the steps).
set -euo pipefail
. "$(dirname "$0")/meta.sh"
setup=$(realpath "${1:?usage: build/check-windows-start.sh SETUP}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$setup" "$ROOT/build/inside/wine-start.sh" "$dir/"
# wine, Xvfb, and Mesa's software OpenGL (llvmpipe) that Wine's opengl32
# hands the exe's GL calls to.
step "install, start and uninstall under Wine" "$ROOT/build/chroot.sh" trixie "wine wine64 xvfb libgl1-mesa-dri" "$dir" \
	sh ./wine-start.sh "$(basename "$setup")" "yichuang $VERSION (build $BUILD)" "$VERSION"
mkdir -p "$DIST/screenshots"
shot=$DIST/screenshots/windows-wine.png
convert "xwd:$dir/first-start.xwd" "$shot"
echo "ok $(basename "$setup"): installed silently, started and uninstalled under Wine; first start: $shot"
