# Sourced by the packaging scripts: what they all share. The version and
# build number come from FyneApp.toml, the one source that main.go embeds
# for `yichuang --version` and 关于, so a package never names another.
# shellcheck shell=bash disable=SC2034
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=$ROOT/dist
toml_value() { # KEY: the first `KEY = value` in FyneApp.toml, quotes removed
	sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" "$ROOT/FyneApp.toml" | head -n1
}
VERSION=$(toml_value Version)
BUILD=$(toml_value Build)
APP_ID=$(toml_value ID)
[[ $VERSION && $BUILD =~ ^[0-9]+$ && $APP_ID ]] || { echo "FyneApp.toml: Version, Build or ID missing" >&2; exit 1; }
# The tags DESIGN.md names: fyne.Do migration, and X11 only (native Wayland
# gets no input method, so Chinese could not be typed).
TAGS=migrated_fynedo,x11
# The oldest glibc the Linux binaries may need (docs/adr/0008): UOS 20 and
# Kylin V10 ship 2.28.
GLIBC=${GLIBC:-2.28}
GO=${GO:-go}
# Every go command here builds against the patched go-gl/glfw that go.mod's
# replace names (docs/adr/0010); making it is a no-op once made.
GO=$GO "$ROOT/build/glfw/prepare.sh"

# step NAME CMD...: runs CMD and says how long it took.
step() {
	local name=$1 t0=$SECONDS
	shift
	echo "== $name"
	"$@"
	echo "== $name: $((SECONDS - t0)) s"
}

# toml_list KEY: the first `KEY = ["a", "b"]` in FyneApp.toml as a;b; (the
# form a .desktop file's list keys take).
toml_list() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\[\(.*\)\][[:space:]]*$/\1/p" "$ROOT/FyneApp.toml" | head -n1 |
		sed 's/"[[:space:]]*,[[:space:]]*"/;/g; s/^[[:space:]]*"//; s/"[[:space:]]*$/;/'
}
# The window title (the Chinese translation's app.title): GLFW sets it as
# the window's WM_CLASS, which the dock matches to the menu entry.
window_title() {
	sed -n 's/.*"app\.title":[[:space:]]*"\([^"]*\)".*/\1/p' "$ROOT/assets/translations/yichuang.zh_Hans.json"
}
# Who the packages name as their maintainer (Debian's control file).
MAINTAINER=${MAINTAINER:-"yichuang <yichuang@users.noreply.github.com>"}

# inputs_key WORD…: a hash of the tree as it is now (every tracked and
# untracked, not ignored file but the documentation, which no binary
# embeds: docs/, *.md), Go's version and the WORDs (target, flags).
# A script keeps it beside what it built (OUT.key); while they match, OUT is
# reused instead of linked again: the Windows exe serves the zip, the
# installer and the Wine check, the Linux binary the tar.xz and the .deb.
inputs_key() {
	{
		printf '%s\n' "$@"
		"$GO" version
		(cd "$ROOT" && git ls-files -co --exclude-standard -z -- . ':!docs/' ':!*.md' | xargs -0 sha256sum 2>/dev/null)
	} | sha256sum | cut -c1-32
}
built_from() { [[ -f $1 && -f $1.key && $(cat "$1.key") == "$2" ]]; } # OUT KEY
