#!/usr/bin/env bash
# Measures what the real window costs while nobody works: for each idle
# state (a focused search box, an open dialog, a dialog with a focused
# entry, nothing focused) it starts BINARY under Xvfb on a fresh data
# directory with --idle-probe STATE, waits until the window reports the
# state, lets it settle, and reads the process's CPU time (utime + stime
# from /proc/PID/stat, all threads) over SECONDS. Prints the share of one
# core per state.
# Usage: scripts/idle-cpu.sh BINARY [SECONDS] [STATE...]
set -euo pipefail
bin=$(realpath "$1"); secs=${2:-30}; shift $(( $# >= 2 ? 2 : 1 ))
states=("$@"); [ ${#states[@]} -gt 0 ] || states=(focused dialog dialog-entry none)
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for state in "${states[@]}"; do
	data=$(mktemp -d); log=$(mktemp)
	display=:$((200 + RANDOM % 100))
	Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
	sleep 1
	DISPLAY=$display FYNE_PLATFORM=x11 "$bin" --data "$data" --idle-probe "$state" >"$log" 2>&1 & app=$!
	for _ in $(seq 600); do grep -q "idle-probe ready" "$log" && break; kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
	if ! grep -q "idle-probe ready" "$log"; then
		echo "$state: the window did not get ready"; cat "$log"; kill "$app" "$xvfb" 2>/dev/null || true; exit 1
	fi
	sleep 5 # let the first paints and loads finish
	t0=$(ticks "$app"); sleep "$secs"; t1=$(ticks "$app")
	awk -v s="$state" -v d=$((t1 - t0)) -v hz="$hz" -v secs="$secs" -v what="$(grep -o 'ready: .*' "$log")" \
		'BEGIN { printf "%-13s %5.1f %% of a core (%d ticks in %d s; %s)\n", s, 100 * d / (hz * secs), d, secs, what }'
	kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
	kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
	rm -rf "$data" "$log"
done
