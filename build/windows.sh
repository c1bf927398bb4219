#!/usr/bin/env bash
# build/windows.sh — the desk app for Windows, cross-built with mingw-w64:
# dist/yichuang-VERSION-windows-amd64.zip holding yichuang.exe (GUI
# subsystem, stripped, with icon, manifest and a version resource from
# FyneApp.toml) and 安装说明 as INSTALL.txt. The exe needs no DLL beside it;
# a PC without OpenGL needs Mesa's opengl32.dll, which no registry here
# provides: INSTALL.txt and README.md say where IT gets it.
set -euo pipefail
. "$(dirname "$0")/meta.sh"
winres=$("$ROOT/build/tools.sh" winres)
name=yichuang-$VERSION-windows-amd64
stage=$DIST/stage/windows
rm -rf "$stage" && mkdir -p "$stage/$name"
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
	"$GO" build -tags "$TAGS" -trimpath \
	-ldflags "-H=windowsgui -s -w -extldflags=$stage/rsrc_windows_amd64.syso" \
	-o "$stage/$name/yichuang.exe" .

# Notepad reads UTF-8 with a byte-order mark and CRLF line ends everywhere.
{
	printf '\xef\xbb\xbf'
	sed -e "s/@VERSION@/$VERSION/g; s/@BUILD@/$BUILD/g" -e 's/$/\r/' build/windows/INSTALL.txt
} >"$stage/$name/INSTALL.txt"
rm -f "$DIST/$name.zip"
(cd "$stage" && step "zip $name" zip -q -r -9 "$DIST/$name.zip" "$name")
rm -rf "$stage" && rmdir --ignore-fail-on-non-empty "$DIST/stage"
"$ROOT/build/check-windows.sh" "$DIST/$name.zip"
