#!/usr/bin/env bash
# build/linux-binary.sh amd64|arm64 OUT — compiles the desk app for Linux
# into OUT. zig is the C compiler and linker for both architectures: it
# links against glibc $GLIBC whatever the build machine has, so the binary
# starts on distributions older than Debian 12 (docs/adr/0008). The X11
# and GL headers are the build machine's (-idirafter: after zig's own libc
# headers); the libraries linked to are the target architecture's, from
# Debian's multiarch packages. OUT is linked again only when a file of the
# tree has changed (inputs_key in build/meta.sh).
set -euo pipefail
. "$(dirname "$0")/meta.sh"
arch=${1:?usage: build/linux-binary.sh amd64|arm64 OUT} out=${2:?usage: build/linux-binary.sh amd64|arm64 OUT}
case $arch in
amd64) triple=x86_64-linux-gnu ;;
arm64) triple=aarch64-linux-gnu ;;
*) echo "unknown architecture $arch" >&2; exit 2 ;;
esac
key=$(inputs_key "linux/$arch" "$GLIBC" "$TAGS")
if built_from "$out" "$key"; then
	echo "ok $out: up to date"
	exit 0
fi
zig=$("$ROOT/build/tools.sh" zig)
mkdir -p "$(dirname "$out")"
rm -f "$out.key"
cd "$ROOT"
step "go build linux/$arch (glibc $GLIBC)" env CGO_ENABLED=1 GOOS=linux GOARCH="$arch" \
	CC="$zig cc -target $triple.$GLIBC" \
	CGO_CFLAGS="-O2 -g0 -idirafter /usr/include -idirafter /usr/include/$triple" \
	CGO_LDFLAGS="-L/usr/lib/$triple" \
	PKG_CONFIG_LIBDIR="/usr/lib/$triple/pkgconfig:/usr/share/pkgconfig" \
	ZIG_GLOBAL_CACHE_DIR="$ROOT/bin/tools/zig-cache" \
	"$GO" build -tags "$TAGS" -trimpath -ldflags "-s -w" -o "$out" .

want=x86-64
[[ $arch == arm64 ]] && want=aarch64
file -b "$out" | grep -q "$want" || { echo "$out is not $want: $(file -b "$out")" >&2; exit 1; }
need=$(objdump -T "$out" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1)
if [[ $(printf '%s\n%s\n' "$need" "$GLIBC" | sort -V | tail -n1) != "$GLIBC" ]]; then
	echo "$out needs glibc $need, more than $GLIBC" >&2
	exit 1
fi
echo "$key" >"$out.key"
echo "ok $out: linux/$arch, $(du -h "$out" | cut -f1), needs glibc $need"
