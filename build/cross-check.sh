#!/usr/bin/env bash
# build/cross-check.sh — what CI runs after `make test` to prove that the
# other platforms still build (docs/adr/0008, 0015): the Windows exe, zip and
# installer in full (cgo with mingw, resource, NSIS, checks), the arm64 desk
# binary (cgo with zig, linked and glibc-checked but not packaged: dpkg-deb,
# fyne package and xz add minutes and nothing arm64-specific) and the
# platform server for both. The binaries stay in dist/ with the hash of the
# tree they came from: a later package or check target of the same tree
# reuses them instead of linking again.
set -euo pipefail
. "$(dirname "$0")/meta.sh"
QUICK=1 "$ROOT/build/windows.sh"
"$ROOT/build/linux-binary.sh" arm64 "$DIST/linux-arm64/yichuang"
cd "$ROOT"
# The platform server is pure Go, released with CGO_ENABLED=0
# (build/platform.sh). Here it only has to compile for the other systems:
# built with the same cgo settings as the desk app just was, it reuses every
# package compiled for the desk (sqlite, the sync code …) instead of
# compiling them all again without cgo.
zig=$("$ROOT/build/tools.sh" zig)
step "go build yichuang-platform windows/amd64" env CGO_ENABLED=1 GOOS=windows GOARCH=amd64 \
	CC=x86_64-w64-mingw32-gcc CGO_CFLAGS="-O2 -g0" \
	"$GO" build -trimpath -o /dev/null ./cmd/yichuang-platform
step "go build yichuang-platform linux/arm64" env CGO_ENABLED=1 GOOS=linux GOARCH=arm64 \
	CC="$zig cc -target aarch64-linux-gnu.$GLIBC" \
	CGO_CFLAGS="-O2 -g0 -idirafter /usr/include -idirafter /usr/include/aarch64-linux-gnu" \
	CGO_LDFLAGS="-L/usr/lib/aarch64-linux-gnu" ZIG_GLOBAL_CACHE_DIR="$ROOT/bin/tools/zig-cache" \
	"$GO" build -trimpath -o /dev/null ./cmd/yichuang-platform
