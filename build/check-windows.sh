#!/usr/bin/env bash
# build/check-windows.sh ZIP [SETUP] — looks inside the Windows packages as
# IT would receive them: a GUI exe for x86-64 with its icon and a version
# resource that names FyneApp.toml's version and build, that needs no DLL
# beyond what Windows has, and the install notes; and the installer, a
# 64-bit NSIS installer with a version resource of its own. That the
# installer installs, starts and uninstalls is build/check-windows-start.sh's
# job (make check-windows, under Wine).
set -euo pipefail
. "$(dirname "$0")/meta.sh"
zip=$1 setup=${2:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
unzip -q "$zip" -d "$dir"
fail() { echo "check-windows: $zip: $*" >&2; exit 1; }
exe=$(find "$dir" -name yichuang.exe)
[[ -f $exe ]] || fail "no yichuang.exe"
[[ -f $(dirname "$exe")/INSTALL.txt ]] || fail "no INSTALL.txt"
if LC_ALL=C find "$dir" -name '*[! -~]*' | grep -q .; then fail "non-ASCII file names"; fi

file -b "$exe" | grep -q 'PE32+ executable (GUI) x86-64' || fail "not a GUI x86-64 exe: $(file -b "$exe")"
dump=$(x86_64-w64-mingw32-objdump -p "$exe")
grep -q 'Subsystem.*(Windows GUI)' <<<"$dump" || fail "subsystem is not GUI"
dlls=$(sed -n 's/.*DLL Name: //p' <<<"$dump" | sort -uf | tr '\n' ' ')
# mingw's own runtime DLLs (libgcc_s_seh-1, libwinpthread-1 …) are not on
# a clerk's PC: the exe must not need them.
if grep -qi 'lib[a-z0-9_+-]*\.dll' <<<"$dlls"; then fail "needs a DLL Windows lacks: $dlls"; fi
x86_64-w64-mingw32-objdump -h "$exe" | grep -q '\.rsrc' || fail "no resource section"

version_resource() { # EXE DIR: the exe's resources as go-winres extracts them, checked
	"$("$ROOT/build/tools.sh" winres)" extract --dir "$2" "$1"
	res=$2/winres.json
	grep -q '"RT_GROUP_ICON"' "$res" || fail "$(basename "$1"): no icon"
	grep -q '"RT_VERSION"' "$res" || fail "$(basename "$1"): no version resource"
	grep -q "\"FileVersion\": \"$VERSION.$BUILD\"" "$res" || fail "$(basename "$1"): version resource lacks FileVersion $VERSION.$BUILD"
	grep -q "\"ProductVersion\": \"$VERSION\"" "$res" || fail "$(basename "$1"): version resource lacks ProductVersion $VERSION"
	grep -q '"ProductName": "一窗"' "$res" || fail "$(basename "$1"): version resource lacks ProductName 一窗"
}
version_resource "$exe" "$dir/res"
if [[ $setup ]]; then
	file -b "$setup" | grep -q 'PE32+ executable (GUI) x86-64' && grep -aq NullsoftInst "$setup" || fail "$setup is not a 64-bit NSIS installer: $(file -b "$setup")"
	version_resource "$setup" "$dir/setup-res"
	echo "ok $(basename "$setup"): $(du -h "$setup" | cut -f1), 64-bit NSIS installer, version $VERSION.$BUILD"
fi
echo "ok $(basename "$zip"): $(du -h "$zip" | cut -f1), exe $(du -h "$exe" | cut -f1), GUI, version $VERSION.$BUILD, imports: $dlls"
