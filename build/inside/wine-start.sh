#!/bin/sh
# Runs inside a clean Debian 13 root with Wine (build/check-windows-start.sh):
# runs the installer silently as IT's deployment would, checks what it
# installed (Program Files, the shortcuts 一窗, the 应用和功能 entry), starts
# the installed exe under Xvfb (its frame buffer, an XWD file, lands in
# /share for the screenshot), then uninstalls silently: nothing of the
# installer may remain, and the clerk's data must.
set -eu
setup=$1 want=$2 version=$3
fail() { echo "wine-start: $*" >&2; exit 1; }
export WINEPREFIX=/root/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" XDG_RUNTIME_DIR=/tmp/xdg
mkdir -p -m 0700 "$XDG_RUNTIME_DIR"
. /etc/os-release
echo "== $PRETTY_NAME, $(wine --version)"
# Xvfb picks a free display itself (-displayfd): the host's displays and
# those of other roots share one socket namespace with this root.
Xvfb -displayfd 3 -screen 0 1280x800x24 -fbdir /share -nolisten tcp 3>/share/display >/share/xvfb.log 2>&1 &
xvfb=$!
i=0
while [ ! -s /share/display ] && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
[ -s /share/display ] || { cat /share/xvfb.log; fail "Xvfb did not start"; }
export DISPLAY=":$(cat /share/display)"
t0=$(date +%s)
wineboot -i >/share/wine.log 2>&1 && wineserver -w
echo "== wine prefix made in $(($(date +%s) - t0)) s"

c=$WINEPREFIX/drive_c
pf="$c/Program Files/yichuang"
menu="$c/ProgramData/Microsoft/Windows/Start Menu/Programs/一窗.lnk"
desk="$c/users/Public/Desktop/一窗.lnk"
data="$c/users/root/AppData/Roaming/yichuang"
# The registry as Wine keeps it: non-ASCII as \xNNNN (一 is 4e00, 窗 is 7a97).
key='[Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\yichuang]'
uninstall_key() { wineserver -w; grep -F -A20 "$key" "$WINEPREFIX/system.reg" | sed '/^$/q'; }

t0=$(date +%s)
wine "/share/$setup" /S >>/share/wine.log 2>&1
wineserver -w
echo "== $setup /S: $(($(date +%s) - t0)) s"
[ -f "$pf/yichuang.exe" ] || fail "no C:\\Program Files\\yichuang\\yichuang.exe"
[ -f "$pf/uninstall.exe" ] || fail "no uninstall.exe"
[ -f "$menu" ] || fail "no Start-menu shortcut 一窗"
[ -f "$desk" ] || fail "no desktop shortcut 一窗"
reg=$(uninstall_key)
for v in '"DisplayName"="\x4e00\x7a97"' "\"DisplayVersion\"=\"$version\"" '"UninstallString"=' '"QuietUninstallString"=' '"EstimatedSize"=dword:'; do
	printf '%s\n' "$reg" | grep -qF "$v" || fail "应用和功能 entry lacks $v: $reg"
done
echo "== installed: $(ls "$pf" | tr '\n' ' ')| shortcuts 一窗 in the Start menu and on the desktop | 应用和功能: $(printf '%s\n' "$reg" | grep -c '=') values"

got=$(wine "$pf/yichuang.exe" --version 2>/dev/null | tr -d '\r')
[ "$got" = "$want" ] || fail "yichuang.exe --version says \"$got\", want \"$want\""
echo "== $got"

t0=$(date +%s)
wine "C:\\Program Files\\yichuang\\yichuang.exe" >/share/app.log 2>&1 &
app=$!
i=0
while [ ! -f "$data/yichuang.db" ] && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
[ -f "$data/yichuang.db" ] || { cat /share/app.log; fail "no database after 120 s"; }
sleep 15
kill -0 $app 2>/dev/null || { cat /share/app.log; fail "the app stopped"; }
cp /share/Xvfb_screen0 /share/first-start.xwd
echo "== started: database after $i s, screenshot $((i + 15)) s after launch"
wineserver -k
wait $app 2>/dev/null || true

t0=$(date +%s)
wine "$pf/uninstall.exe" /S >>/share/wine.log 2>&1
wineserver -w
echo "== uninstall.exe /S: $(($(date +%s) - t0)) s"
[ ! -e "$pf" ] || fail "left after uninstall: $(ls -A "$pf")"
[ ! -e "$menu" ] && [ ! -e "$desk" ] || fail "a shortcut is left after uninstall"
[ -z "$(uninstall_key)" ] || fail "the 应用和功能 entry is left after uninstall"
[ -f "$data/yichuang.db" ] || fail "uninstall removed the clerk's data"
echo "== uninstalled: no files, shortcuts or registry entry left; %AppData%\\yichuang\\yichuang.db kept"
kill $xvfb; wait $xvfb 2>/dev/null || true
