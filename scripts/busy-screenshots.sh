#!/usr/bin/env bash
# A busy province platform (docs/adr/0027) as the clerk sees it, in the real
# window under Xvfb with every system font hidden. yichuang-bench
# platform-load runs a real `yichuang-platform serve` that takes one push at
# a time (--max-pushes 1 --busy-wait 1ms --retry-after 20s) and keeps it
# saturated with 300 simulated desks' signed pushes (the desk's own client
# code); a desk registered with that platform, with cases to send, opens
# its window: the platform answers some of its pushes 503 busy, and the
# window shows 省级平台繁忙 and when it tries again, on 办件 (the status bar)
# and on 同步.
# The desk is a throw-away one (marked as yichuang-bench seed marks its own),
# its cases made by yichuang-bench seed after registration.
# Usage: scripts/busy-screenshots.sh YICHUANG YICHUANG-PLATFORM OUT [BENCH]
set -euo pipefail
bin=$(realpath "$1"); plat=$(realpath "$2"); out=$(realpath -m "$3")
bench=$(realpath "${4:-$(dirname "$1")/yichuang-bench}")
mkdir -p "$out"; rm -f "$out"/*.png
work=$(mktemp -d)
cleanup() {
	# An interrupt lets the bench stop its platform.
	[ -z "${load:-}" ] || { kill -INT "$load" 2>/dev/null && wait "$load" || true; }
	kill "${xvfb:-}" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

"$bench" platform-load --desks 300 --batch 100 --speed 90 --duration 5m --grace 1s --dir "$work/load" --platform "$plat" \
	--platform-flags "--max-pushes 1 --busy-wait 1ms --retry-after 20s" >/dev/null 2>"$work/load.log" & load=$!
for _ in $(seq 300); do grep -q "^platform on " "$work/load.log" && break; kill -0 $load || break; sleep 0.2; done
url=http://$(sed -n 's/^platform on \([0-9.:]*\);.*/\1/p' "$work/load.log")
[ "$url" != http:// ] || { cat "$work/load.log" >&2; exit 1; }
code=$("$plat" desk add --data "$work/load/platform" --hall 341122 --desk 07 --name 清河县政务服务中心 | tail -1)
d=$work/desk
mkdir -p "$d"; echo "演示与测试用的数据目录" >"$d/yichuang.throwaway"
"$bin" register --data "$d" --platform "$url" --code "$code" >/dev/null
"$bench" seed --data "$d" --cases 1500 --scans-every 0 --seed 7 >/dev/null

. "$(dirname "$0")/xshots.sh"
xvfb_start
run() {
	YICHUANG_SHOTS_BUSY=1 DISPLAY=$display FYNE_PLATFORM=x11 timeout 180 "$bin" --data "$d" --screenshots "$out" \
		2>>"$work/app.log" & app=$!
	while shoot; do :; done
	wait "$app" || true
}
export -f run shoot; export bin out d display work
hidden run
ls -1 "$out"
for f in busy-statusbar busy-sync; do
	if [ ! -s "$out/$f.png" ]; then
		cat "$work/app.log" >&2
		echo "busy-screenshots: no $f.png: the window never showed the platform busy" >&2
		exit 1
	fi
done
