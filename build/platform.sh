#!/usr/bin/env bash
# build/platform.sh — release binaries of the reference platform server,
# pure Go (no cgo, so no C cross-compiler and no glibc requirement):
# dist/yichuang-platform-VERSION-{linux-amd64,linux-arm64,windows-amd64.exe}.
set -euo pipefail
. "$(dirname "$0")/meta.sh"
cd "$ROOT"
for target in linux/amd64 linux/arm64 windows/amd64; do
	os=${target%/*} arch=${target#*/}
	out=$DIST/yichuang-platform-$VERSION-$os-$arch
	[[ $os == windows ]] && out=$out.exe
	step "go build yichuang-platform $target" env CGO_ENABLED=0 GOOS="$os" GOARCH="$arch" \
		"$GO" build -trimpath -ldflags "-s -w" -o "$out" ./cmd/yichuang-platform
	echo "ok $(basename "$out"): $(du -h "$out" | cut -f1), $(file -b "$out" | cut -d, -f1-2)"
done
