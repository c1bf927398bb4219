# Sourced by the screenshot scripts: the X server, the loop that photographs
# each screen the app marks ready, and the run with the system's fonts
# hidden, written once. The caller sets out (the PNG folder) and, for shoot,
# app (the app's pid) and optionally prefix (before each file's name).

# xvfb_start starts an Xvfb on a random display; sets display and xvfb (its pid).
xvfb_start() {
	display=:$((90 + RANDOM % 100))
	Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
	xvfb=$!
	sleep 1
}

# shoot waits until the app writes a screen's name into $out/.ready, saves
# the display as $out/$prefix<name>.png and removes the file; it fails once
# the app has gone.
shoot() {
	while [ ! -e "$out/.ready" ] && kill -0 "$app" 2>/dev/null; do sleep 0.1; done
	[ -e "$out/.ready" ] || return 1
	DISPLAY=$display import -window root "$out/${prefix:-}$(cat "$out/.ready").png"
	rm -f "$out/.ready"
}

# hidden runs its arguments as a bash command (the caller exports the
# functions and variables it needs) with every system font hidden, in a
# private mount namespace, where root may make one: the window must show
# Chinese with the bundled font alone. (Its loop's variable has a name no
# caller uses: the command runs after it, in the same shell.)
hidden() {
	if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
		unshare -m bash -c 'for fontdir in /usr/share/fonts /usr/local/share/fonts "$HOME/.fonts" "$HOME/.local/share/fonts"; do
			[ -d "$fontdir" ] && mount -t tmpfs none "$fontdir"; done; echo "system fonts hidden: $(fc-list 2>/dev/null | wc -l) visible"; '"$*"
	else
		echo "note: cannot hide system fonts here; CJK fonts present: $(fc-list :lang=zh 2>/dev/null | wc -l)"
		bash -c "$*"
	fi
}
