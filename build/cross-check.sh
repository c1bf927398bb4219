#!/usr/bin/env bash
# build/cross-check.sh — what CI runs after `make test` to prove that the
# other platforms still build (docs/adr/0008): the Windows package in full
# (cgo with mingw, resource, zip, checks), the arm64 desk binary (cgo with
# zig, linked and glibc-checked but not packaged: fyne package and xz add
# minutes and nothing arm64-specific) and the platform server for both.
set -euo pipefail
. "$(dirname "$0")/meta.sh"
"$ROOT/build/windows.sh"
mkdir -p "$DIST/cross-check"
"$ROOT/build/linux-binary.sh" arm64 "$DIST/cross-check/yichuang-linux-arm64"
cd "$ROOT"
for target in windows/amd64 linux/arm64; do
	step "go build yichuang-platform $target" env CGO_ENABLED=0 GOOS="${target%/*}" GOARCH="${target#*/}" \
		"$GO" build -trimpath -o /dev/null ./cmd/yichuang-platform
done
rm -rf "$DIST/cross-check"
