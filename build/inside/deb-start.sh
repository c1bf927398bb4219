#!/bin/sh
# Runs inside a clean Debian root (build/check-deb.sh): installs the .deb as
# IT would (apt resolves the declared dependencies from the mirror), checks
# that every library the binary links or GLFW opens is there, starts the app
# under Xvfb (its frame buffer, an XWD file, lands in /share for the
# screenshot), then purges the package: no file of it may remain, and the
# clerk's data must.
set -eu
deb=$1 want=$2
fail() { echo "deb-start: $*" >&2; exit 1; }
. /etc/os-release
echo "== $PRETTY_NAME, $(ldd --version | head -n1)"
apt-get install -y -qq "./$deb" >/share/apt.log 2>&1 || { tail -20 /share/apt.log; fail "apt-get install ./$deb failed"; }
echo "== installed: $(dpkg-query -W -f='${Package} ${Version} ${Architecture}' yichuang), with $(grep -c '^Setting up' /share/apt.log) packages"
dpkg -L yichuang | sort >/share/files.txt
for so in libGL.so.1 libX11.so.6 libXrandr.so.2 libXinerama.so.1 libXcursor.so.1 libXi.so.6 libXxf86vm.so.1 \
	libX11-xcb.so.1 libXrender.so.1 libXext.so.6; do
	ldconfig -p | grep -q "^[[:space:]]*$so " || fail "$so (linked or opened by GLFW) is not installed"
done
! ldd /usr/bin/yichuang | grep 'not found' || fail "a linked library is missing"
got=$(yichuang --version)
[ "$got" = "$want" ] || fail "yichuang --version says \"$got\", want \"$want\""
echo "== $got"
for f in "/usr/share/applications/cn.gov.zwfw.yichuang.desktop" /usr/share/icons/hicolor/48x48/apps/cn.gov.zwfw.yichuang.png; do
	[ -f "$f" ] || fail "missing $f"
done

# Xvfb is the test's screen, not the package's dependency: installed after.
apt-get install -y -qq --no-install-recommends xvfb >>/share/apt.log 2>&1 || fail "apt-get install xvfb failed"
# Xvfb picks a free display itself (-displayfd): the host's displays and
# those of other roots share one socket namespace with this root.
Xvfb -displayfd 3 -screen 0 1280x800x24 -fbdir /share -nolisten tcp 3>/share/display >/share/xvfb.log 2>&1 &
xvfb=$!
i=0
while [ ! -s /share/display ] && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
[ -s /share/display ] || { cat /share/xvfb.log; fail "Xvfb did not start"; }
export DISPLAY=":$(cat /share/display)"
yichuang >/share/app.log 2>&1 &
app=$!
data=/root/.config/yichuang
i=0
while [ ! -f "$data/yichuang.db" ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
[ -f "$data/yichuang.db" ] || { cat /share/app.log; fail "no database after 60 s"; }
sleep 10
kill -0 $app 2>/dev/null || { cat /share/app.log; fail "the app stopped"; }
cp /share/Xvfb_screen0 /share/first-start.xwd
echo "== started: window up $((i + 10)) s after launch, data in $data"
kill $app; wait $app 2>/dev/null || true
kill $xvfb; wait $xvfb 2>/dev/null || true

apt-get purge -y -qq yichuang >>/share/apt.log 2>&1 || fail "apt-get purge yichuang failed"
dpkg-query -W yichuang 2>/dev/null && fail "still known to dpkg after purge"
left=$(while read -r f; do if [ ! -d "$f" ] && [ -e "$f" ]; then echo "$f"; fi; done </share/files.txt)
[ -z "$left" ] || fail "left after purge: $left"
[ -f "$data/yichuang.db" ] || fail "purge removed the clerk's data"
echo "== purged: none of its $(wc -l </share/files.txt) paths left but directories others share; $data/yichuang.db kept"
