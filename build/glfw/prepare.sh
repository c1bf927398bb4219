#!/usr/bin/env bash
# build/glfw/prepare.sh — makes build/glfw/mod: the go-gl/glfw module that
# go.mod pins, fetched through the Go module proxy, with our patches
# (build/glfw/*.patch, in name order) applied. go.mod's replace directive
# points the build there (docs/adr/0010). The folder is git-ignored and
# rebuilt whenever the pinned version or a patch changes: a stamp holds the
# hash of both, so a second run does nothing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
GO=${GO:-go}
mod=github.com/go-gl/glfw/v3.4/glfw
out=$here/mod
cd "$root"
# The version the module graph asks for, from go.mod's require line (a
# replaced module's version is not what `go list -m` reports).
version=$(awk -v m="$mod" '$1 == m && $2 ~ /^v/ {print $2; exit}' go.mod)
[[ $version ]] || { echo "build/glfw: go.mod requires no $mod" >&2; exit 1; }
patches=("$here"/*.patch)
stamp=$( { echo "$version"; cat "${patches[@]}" "$here/prepare.sh"; } | sha256sum | cut -d' ' -f1)
if [[ -f $out/.stamp && $(cat "$out/.stamp") == "$stamp" ]]; then
	exit 0
fi
# Outside the main module (GOFLAGS=-mod=mod would need the replaced tree);
# go mod download checks the module's hash against go.sum's.
dir=$(GOFLAGS=-mod=mod "$GO" mod download -json "$mod@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -d $dir ]] || { echo "build/glfw: go mod download $mod@$version gave no directory" >&2; exit 1; }
tmp=$(mktemp -d "$here/.mod.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -R "$dir/." "$tmp/"
chmod -R u+w "$tmp"
for p in "${patches[@]}"; do
	patch -s -p1 -d "$tmp" --no-backup-if-mismatch <"$p" || { echo "build/glfw: $(basename "$p") does not apply to $mod@$version" >&2; exit 1; }
done
echo "$stamp" >"$tmp/.stamp"
# Go's build cache hashes a package's Go files, not the C files they
# include: a Go file carrying the stamp makes a changed patch recompile.
printf 'package glfw\n\n// patchStamp: build/glfw/prepare.sh, so a new patch rebuilds the C sources.\nconst patchStamp = "%s"\n' "$stamp" >"$tmp/patch_stamp.go"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "build/glfw: $mod@$version patched with $(basename -a "${patches[@]}" | tr '\n' ' ')"
