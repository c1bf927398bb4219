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
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
sleep 1
"$bench" seed --data "$data" --cases 60 --seed 7 >/dev/null
shoot() {
	while [ ! -e "$out/.ready" ] && kill -0 "$app" 2>/dev/null; do sleep 0.1; done
	[ -e "$out/.ready" ] || return 1
	DISPLAY=$display import -window root "$out/$(cat "$out/.ready").png"
	rm -f "$out/.ready"
}
run() {
	DISPLAY=$display FYNE_PLATFORM=x11 timeout 120 "$bin" --data "$data" --screenshots "$out" 2>>"$applog" & app=$!
	while shoot; do :; done
	wait "$app"
}
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	# A private mount namespace: /usr/share/fonts and friends are empty in it.
	export -f run shoot; export bin out data display applog
	unshare -m bash -c 'for d in /usr/share/fonts /usr/local/share/fonts "$HOME/.fonts" "$HOME/.local/share/fonts"; do
		[ -d "$d" ] && mount -t tmpfs none "$d"; done; echo "system fonts hidden: $(fc-list 2>/dev/null | wc -l) visible"; run'
else
	echo "note: cannot hide system fonts here; CJK fonts present: $(fc-list :lang=zh 2>/dev/null | wc -l)"
	run
fi
ls -1 "$out"
# The walk through the screens must not focus what is not on show: the
# real canvas logs it (Fyne's test canvas does not), app/ui/focus.go.
cat "$applog" >&2
if grep -q "Failed to focus" "$applog"; then
	echo "screenshots: the window tried to focus an object that is not on show (see above)" >&2
	exit 1
fi
