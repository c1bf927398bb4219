#!/usr/bin/env bash
# build/check-deb.sh DEB [start] — checks a .deb as a distribution would:
# lintian (no errors), desktop-file-validate; with `start`, also as IT would
# use it: an install, a start under Xvfb and a purge in a clean Debian 11 root
# (build/chroot.sh; the oldest Debian the mirror still has, glibc 2.31).
# The first-start screen is saved as dist/screenshots/deb-SUITE-amd64.png.
set -euo pipefail
. "$(dirname "$0")/meta.sh"
deb=$(realpath "${1:?usage: build/check-deb.sh DEB [start]}") start=${2:-}
suite=${SUITE:-bullseye}
fail() { echo "check-deb: $(basename "$deb"): $*" >&2; exit 1; }
command -v lintian >/dev/null && command -v desktop-file-validate >/dev/null || "$ROOT/build/apt.sh" lintian desktop-file-utils

# lintian's verdict; its warnings are shown, errors fail the check.
step "lintian" lintian --fail-on error --tag-display-limit 0 "$deb" || fail "lintian found errors"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
dpkg-deb -x "$deb" "$dir/x"
desktop-file-validate "$dir/x/usr/share/applications/$APP_ID.desktop" || fail "desktop entry is invalid"
grep -qx 'Name=一窗' "$dir/x/usr/share/applications/$APP_ID.desktop" || fail "desktop entry is not named 一窗"
arch=$(dpkg-deb -f "$deb" Architecture)
if [[ $start != start ]]; then
	echo "ok $(basename "$deb"): $(du -h "$deb" | cut -f1), lintian, desktop entry"
	exit 0
fi
[[ $arch == amd64 ]] || fail "only amd64 packages can be started here"

share=$dir/share
mkdir -p "$share"
cp "$deb" "$ROOT/build/inside/deb-start.sh" "$share/"
step "install, start and purge in Debian $suite" "$ROOT/build/chroot.sh" "$suite" "" "$share" \
	sh ./deb-start.sh "$(basename "$deb")" "yichuang $VERSION (build $BUILD)"
mkdir -p "$DIST/screenshots"
shot=$DIST/screenshots/deb-$suite-amd64.png
convert "xwd:$share/first-start.xwd" "$shot"
echo "ok $(basename "$deb"): lintian, desktop entry, installed, started and purged on Debian $suite; first start: $shot"
