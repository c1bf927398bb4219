#!/usr/bin/env bash
# build/windows.sh — the desk app for Windows, from the one yichuang.exe of
# build/windows-exe.sh (mingw-w64 cross-build):
#   dist/yichuang-VERSION-windows-amd64-setup.exe  the installer (NSIS:
#     Program Files, Start menu and desktop shortcuts 一窗, 应用和功能, /S)
#   dist/yichuang-VERSION-windows-amd64.zip        the exe and 安装说明 as
#     INSTALL.txt, for a PC where nothing may be installed
# The exe needs no DLL beside it; a PC without OpenGL needs Mesa's
# opengl32.dll, which no registry here provides: IT puts it beside the
# installer (which then installs it) or beside the exe.
# QUICK=1 (the CI's cross-check) stores instead of compressing: the same
# files and checks, without minutes of LZMA and deflate that prove nothing.
set -euo pipefail
. "$(dirname "$0")/meta.sh"
exe=$DIST/windows-amd64/yichuang.exe
"$ROOT/build/windows-exe.sh" "$exe"
name=yichuang-$VERSION-windows-amd64
stage=$DIST/stage/windows
rm -rf "$stage" && mkdir -p "$stage/$name"
cd "$ROOT"
cp "$exe" "$stage/$name/yichuang.exe"
# Notepad reads UTF-8 with a byte-order mark and CRLF line ends everywhere.
{
	printf '\xef\xbb\xbf'
	sed -e "s/@VERSION@/$VERSION/g; s/@BUILD@/$BUILD/g" -e 's/$/\r/' build/windows/INSTALL.txt
} >"$stage/$name/INSTALL.txt"
rm -f "$DIST/$name.zip"
level=-9 store=()
[[ ${QUICK:-} == 1 ]] && level=-0 store=(-DSTORE)
(cd "$stage" && step "zip $name" zip -q -r "$level" "$DIST/$name.zip" "$name")

# The installer's own icon: the app icon at the sizes Windows shows.
convert assets/icons/icon.png -define icon:auto-resize=256,48,32,16 "$stage/$name/icon.ico"
step "makensis $name-setup.exe" makensis -V2 -INPUTCHARSET UTF8 "${store[@]}" \
	-DVERSION="$VERSION" -DBUILD="$BUILD" -DSTAGE="$stage/$name" -DOUTFILE="$DIST/$name-setup.exe" \
	build/windows/installer.nsi
rm -rf "$stage" && rmdir --ignore-fail-on-non-empty "$DIST/stage"
"$ROOT/build/check-windows.sh" "$DIST/$name.zip" "$DIST/$name-setup.exe"
