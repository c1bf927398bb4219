#!/usr/bin/env bash
# build/check-linux.sh TARBALL amd64|arm64 — looks inside a Linux package
# as IT would receive it: the layout fyne's Makefile installs from, ASCII
# file names, a Chinese menu entry, the right architecture, no glibc newer
# than $GLIBC, and (where it can run here, arm64 through qemu-user) the
# version FyneApp.toml names.
set -euo pipefail
. "$(dirname "$0")/meta.sh"
tarball=$1 arch=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
tar -xJf "$tarball" -C "$dir"
fail() { echo "check-linux: $tarball: $*" >&2; exit 1; }

bin=$dir/yichuang/usr/local/bin/yichuang
desktop=$dir/yichuang/usr/local/share/applications/$APP_ID.desktop
for f in "$bin" "$desktop" "$dir/yichuang/usr/local/share/pixmaps/$APP_ID.png" "$dir/yichuang/Makefile"; do
	[[ -f $f ]] || fail "missing ${f#"$dir"/}"
done
if LC_ALL=C find "$dir" -name '*[! -~]*' | grep -q .; then fail "non-ASCII file names"; fi
grep -qx 'Name=一窗' "$desktop" || fail "desktop entry is not named 一窗"
grep -qx 'Exec=yichuang' "$desktop" || fail "desktop entry does not run yichuang"

want=x86-64
[[ $arch == arm64 ]] && want=aarch64
file -b "$bin" | grep -q "$want" || fail "binary is not $want: $(file -b "$bin")"
need=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1)
[[ $(printf '%s\n%s\n' "$need" "$GLIBC" | sort -V | tail -n1) == "$GLIBC" ]] || fail "needs glibc $need, more than $GLIBC"
run=()
[[ $arch == arm64 ]] && run=(qemu-aarch64 -L /)
# arm64 runs only where qemu-user and Debian's arm64 libc are installed
if [[ $arch == amd64 ]] || { command -v qemu-aarch64 && [[ -e /lib/ld-linux-aarch64.so.1 ]]; } >/dev/null; then
	got=$("${run[@]}" "$bin" --version)
	[[ $got == "yichuang $VERSION (build $BUILD)" ]] || fail "--version says \"$got\", FyneApp.toml $VERSION build $BUILD"
fi
echo "ok $(basename "$tarball"): $(du -h "$tarball" | cut -f1), binary $(du -h "$bin" | cut -f1), needs glibc $need, libraries: $(readelf -d "$bin" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')"
