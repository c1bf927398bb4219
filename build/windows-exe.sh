#!/usr/bin/env bash
# build/windows-exe.sh [OUT] — cross-builds the desk app's yichuang.exe with
# mingw-w64 (GUI subsystem, stripped, with icon, manifest and a version
# resource from FyneApp.toml) at OUT, by default dist/windows-amd64/
# yichuang.exe. The zip, the installer and the Wine check all take this one
# exe; it is linked again only when a file of the tree has changed.
set -euo pipefail
. "$(dirname "$0")/meta.sh"
out=${1:-$DIST/windows-amd64/yichuang.exe}
flags=(-tags "$TAGS" -trimpath -ldflags "-H=windowsgui -s -w")
key=$(inputs_key windows/amd64 "${flags[@]}")
if built_from "$out" "$key"; then
	echo "ok $out: up to date"
	exit 0
fi
winres=$("$ROOT/build/tools.sh" winres)
stage=$(mktemp -d "${TMPDIR:-/tmp}/yichuang-winres.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$(dirname "$out")"
rm -f "$out.key"
cd "$ROOT"

# The resource object is handed to the external linker rather than left as
# a .syso in the tree, so the tree is never written and a Linux build running
# beside this one never sees it.
(cd "$stage" && step "go-winres" "$winres" simply --arch amd64 --out rsrc --manifest gui \
	--icon "$ROOT/assets/icons/icon.png" --product-name "一窗" \
	--file-description "一窗 · 政务服务窗口受理" --original-filename yichuang.exe \
	--product-version "$VERSION" --file-version "$VERSION.$BUILD")
step "go build windows/amd64" env CGO_ENABLED=1 GOOS=windows GOARCH=amd64 \
	CC=x86_64-w64-mingw32-gcc CGO_CFLAGS="-O2 -g0" \
	"$GO" build "${flags[@]:0:3}" \
	-ldflags "-H=windowsgui -s -w -extldflags=$stage/rsrc_windows_amd64.syso" \
	-o "$out" .
echo "$key" >"$out.key"
echo "ok $out: $(du -h "$out" | cut -f1)"
