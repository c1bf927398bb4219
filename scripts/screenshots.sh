#!/usr/bin/env bash
# Starts the real app under Xvfb on a throwaway data directory (never the
# default one) with seeded cases, so 办件 and 时限监督 show what a clerk
# would see, with every
# system font hidden (so Chinese can only come from the bundled font). The
# app shows each screen in turn and writes its name into OUT/.ready; this
# script photographs the X display into OUT/NAME.png and removes the file.
# The cases come from yichuang-bench seed (the clerk's binary cannot make
# them), into a new directory it marks as a throw-away desk; the app's
# --screenshots refuses any other directory with data.
# Usage: scripts/screenshots.sh BINARY OUT [BENCH]   (BENCH: yichuang-bench beside BINARY)
set -euo pipefail
bin=$(realpath "$1"); out=$(realpath -m "$2"); bench=$(realpath "${3:-$(dirname "$1")/yichuang-bench}")
mkdir -p "$out"; rm -f "$out"/*.png
tmp=$(mktemp -d); data=$tmp/desk; applog=$tmp/app.log; trap 'kill $xvfb 2>/dev/null || true; rm -rf "$tmp"' EXIT
. "$(dirname "$0")/xshots.sh"
xvfb_start
"$bench" seed --data "$data" --cases 60 --seed 7 >/dev/null
run() {
	DISPLAY=$display FYNE_PLATFORM=x11 timeout 120 "$bin" --data "$data" --screenshots "$out" 2>>"$applog" & app=$!
	while shoot; do :; done
	wait "$app"
}
export -f run shoot; export bin out data display applog
hidden run
ls -1 "$out"
# The walk through the screens must not focus what is not on show: the
# real canvas logs it (Fyne's test canvas does not), app/ui/focus.go.
cat "$applog" >&2
if grep -q "Failed to focus" "$applog"; then
	echo "screenshots: the window tried to focus an object that is not on show (see above)" >&2
	exit 1
fi
