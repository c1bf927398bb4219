#!/usr/bin/env bash
# Whole-hall supervision (docs/adr/0020) as people see it, in the real
# window under Xvfb with every system font hidden: a real platform on
# loopback with a county and two townships; the townships' desks take
# cases and sync; the county desk's supervisor (a platform account granted
# the county) pulls the feed and sends a 督办; then the county desk's window
# shows 时限监督 at each scope, and a township desk's window the 督办 banner
# and the reply list.
# The desks are throw-away ones (marked as yichuang-bench seed marks its
# own), their cases made by yichuang-bench seed after registration.
# Usage: scripts/supervision-screenshots.sh YICHUANG YICHUANG-PLATFORM OUT [BENCH]
set -euo pipefail
bin=$(realpath "$1"); plat=$(realpath "$2"); out=$(realpath -m "$3")
bench=$(realpath "${4:-$(dirname "$1")/yichuang-bench}")
mkdir -p "$out"; rm -f "$out"/*.png
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000)); url=http://127.0.0.1:$port
cleanup() { kill "${srv:-}" "${xvfb:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
P() { "$plat" "$@" --data "$work/platform"; }
Y() { "$bin" "$@"; }
throwaway() { mkdir -p "$1"; echo "演示与测试用的数据目录" >"$1/yichuang.throwaway"; }

code07=$(P desk add --hall 341122 --desk 07 --name 清河县政务服务中心 | tail -1)
"$plat" serve --addr 127.0.0.1:$port --data "$work/platform" >/dev/null 2>&1 & srv=$!
P hall add --hall 340000 --name 安徽省 --level 省 >/dev/null
P hall add --hall 341100 --name 滁州市 --level 市 --parent 340000 >/dev/null
P hall add --hall 341122 --name 清河县政务服务中心 --level 县 --parent 341100 >/dev/null
P hall add --hall 341122100 --name 清河镇便民服务中心 --level 乡镇 --parent 341122 >/dev/null
P hall add --hall 341122200 --name 双河镇便民服务中心 --level 乡镇 --parent 341122 >/dev/null
P user add --hall 341122 --id sup-county --name 王监督 --role 监督人员 >/dev/null
P hall grant --user sup-county --hall 341122 >/dev/null
for _ in $(seq 50); do curl -fs "$url/api/v1/health" >/dev/null && break; sleep 0.2; done

first=""
for t in 341122100 341122200; do
	code=$(P desk add --hall $t --desk 01 | tail -1)
	throwaway "$work/$t"
	Y register --data "$work/$t" --platform "$url" --code "$code" >/dev/null
	seeded=$("$bench" seed --data "$work/$t" --cases 40 --seed ${t: -3})
	[ -n "$first" ] || first=$(sed -n 's/.*（\([0-9A-Z-]*\) … .*/\1/p' <<<"$seeded")
	Y sync --once --data "$work/$t" >/dev/null
done
c="$work/county"
throwaway "$c"
Y register --data "$c" --platform "$url" --code "$code07" >/dev/null
"$bench" seed --data "$c" --cases 30 --seed 7 >/dev/null
printf 'Zhao#Admin2026\n' >"$work/admin.pw"
printf 'Zhao#Admin2026\nJiandu#2026a\n' >"$work/reset.pw"
printf 'Jiandu#2026a\n' >"$work/sup.pw"
printf 'Jiandu#2026a\nJiandu#2026b\n' >"$work/shots.pw"
Y user add --data "$c" --name 赵管理 --password-file "$work/admin.pw" guanli >/dev/null
Y sync --once --data "$c" --as guanli --password-file "$work/admin.pw" >/dev/null # the platform's accounts
Y user passwd --data "$c" --as guanli --password-file "$work/reset.pw" 王监督 >/dev/null
Y sync --once --data "$c" --as 王监督 --password-file "$work/sup.pw" >/dev/null # the feed
Y urge --data "$c" --as 王监督 --password-file "$work/sup.pw" --case "$first" \
	--reason "该件已亮红灯，请说明原因并尽快办结" --reply-by "$(date -d '+3 day' +%F)"
Y sync --once --data "$c" --as 王监督 --password-file "$work/sup.pw" >/dev/null
Y sync --once --data "$work/341122100" >/dev/null # the 督办 reaches the township's desk

. "$(dirname "$0")/xshots.sh"
xvfb_start
run() { # DIR PREFIX [ENV…]
	local data=$1; prefix=$2; shift 2
	env "$@" DISPLAY=$display FYNE_PLATFORM=x11 timeout 180 "$bin" --data "$data" --screenshots "$out" & app=$!
	while shoot; do :; done
	wait "$app" || true
}
export -f run shoot; export bin out display work c
hidden "run \"$c\" county- YICHUANG_SHOTS_AS=王监督 YICHUANG_SHOTS_PASSWORD_FILE=$work/shots.pw"
hidden "run \"$work/341122100\" township-"
ls -1 "$out"
