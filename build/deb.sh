#!/usr/bin/env bash
# build/deb.sh amd64|arm64 [BINARY] — the desk app as a Debian package for
# UOS, Kylin, Debian and Ubuntu: dist/yichuang_VERSION-BUILD_ARCH.deb, made
# with dpkg-deb. It holds the binary (/usr/bin/yichuang, zig-linked against
# glibc $GLIBC: build/linux-binary.sh builds it unless BINARY is given), the
# menu entry with the Chinese name and keywords from FyneApp.toml, the icon
# at the sizes desktops ask for, and the copyright and changelog Debian
# asks for. It has no maintainer scripts: dpkg's triggers refresh the menu
# and the icon cache, and nothing a package does may touch the clerks' data
# under ~/.config/yichuang (docs/adr/0015).
set -euo pipefail
. "$(dirname "$0")/meta.sh"
arch=${1:?usage: build/deb.sh amd64|arm64 [BINARY]} bin=${2:-}
name=yichuang_$VERSION-${BUILD}_$arch
stage=$DIST/stage/deb-$arch
pkg=$stage/pkg
rm -rf "$stage" && mkdir -p "$pkg/DEBIAN"
if [[ ! $bin ]]; then
	bin=$DIST/linux-$arch/yichuang
	"$ROOT/build/linux-binary.sh" "$arch" "$bin"
fi
cd "$ROOT"
# Dates in the package are the last commit's, so two builds of one commit
# are the same bytes.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

install -D -m 0755 "$bin" "$pkg/usr/bin/yichuang"

# What the binary needs at run time. glibc: the newest symbol version it
# asks for. libGL is linked; GLFW opens the X11 libraries itself at start
# (dlopen: libX11, Xrandr, Xinerama, Xcursor, Xi, Xxf86vm, X11-xcb, Xrender,
# Xext), so ldd does not show them but the window needs them. Mesa's
# drivers (software rendering where there is no GPU driver) and xdg-open
# (which opens printed PDFs) are recommended, as a vendor's libGL or
# another opener may stand in for them.
glibc=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1)
depends="libc6 (>= $glibc), libgl1, libx11-6, libxrandr2, libxinerama1, libxcursor1, libxi6, libxxf86vm1, libx11-xcb1, libxrender1, libxext6"
recommends="libgl1-mesa-dri, xdg-utils"

desktop=$pkg/usr/share/applications/$APP_ID.desktop
mkdir -p "$(dirname "$desktop")"
cat >"$desktop" <<EOF
[Desktop Entry]
Type=Application
Name=一窗
Name[zh_CN]=一窗
GenericName=$(toml_value GenericName)
Comment=$(toml_value Comment)
Exec=yichuang
Icon=$APP_ID
Terminal=false
Categories=$(toml_list Categories)
Keywords=$(toml_list Keywords)
StartupWMClass=$(window_title)
EOF

# The sizes the freedesktop icon theme spec lists for menus, docks, task
# switchers and app stores, drawn from the one 512 px icon.
for s in 16 22 24 32 48 64 128 256 512; do
	d=$pkg/usr/share/icons/hicolor/${s}x$s/apps
	mkdir -p "$d"
	convert assets/icons/icon.png -resize "${s}x$s" -strip -define png:exclude-chunks=date,time "$d/$APP_ID.png"
done

doc=$pkg/usr/share/doc/yichuang
mkdir -p "$doc"
# The fonts built into the binary are others' work: their copyright and
# licenses go with it (assets/fonts/LICENSE-fonts.md).
{
	cat <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: yichuang
Source: $(toml_value Website)

Files: *
Copyright: yichuang contributors
License: see-source
 The terms are those stated in the yichuang source tree.

Files: usr/bin/yichuang
Comment: The binary embeds fonts, unmodified: Noto Sans CJK SC Regular
 and Bold 2.004 (Debian fonts-noto-cjk 1:20220127+repack1-1) and WenQuanYi
 Micro Hei 0.2.0-beta (Debian fonts-wqy-microhei 0.2.0-beta-3.1), the
 latter used under the Apache License 2.0; and the CJK Extension A and B
 blocks of HanaMinA and HanaMinB (Debian fonts-hanazono 20170904-2.1),
 subset by assets/fonts/hanazono-subset.sh, under the Hanazono Font License.
Copyright: 2014-2021 Adobe (http://www.adobe.com/)
 2008-2009 The WenQuanYi Project Board of Trustees and Qianqian Fang
 2006-2008 Google Corporation
 2008-2011 GlyphWiki Project
License: SIL-1.1 and Apache-2.0 and Hanazono-Font-License

License: Hanazono-Font-License
 This font is a free software.
 Unlimited permission is granted to use, copy, and distribute it, with
 or without modification, either commercially and noncommercially.
 THIS FONT IS PROVIDED "AS IS" WITHOUT WARRANTY.

License: Apache-2.0
 On Debian systems the full text of the Apache License 2.0 is in
 /usr/share/common-licenses/Apache-2.0.

EOF
	awk '/^License: SIL-1.1$/{n++} n==2 && /^License: / && !/SIL-1.1/{exit} n==2' assets/fonts/COPYRIGHT-fonts-noto-cjk.txt
} >"$doc/copyright"
{
	echo "yichuang ($VERSION-$BUILD) unstable; urgency=medium"
	echo
	echo "  * 一窗 $VERSION, build $BUILD."
	echo
	echo " -- $MAINTAINER  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$doc/changelog.Debian.gz"

cat >"$pkg/DEBIAN/control" <<EOF
Package: yichuang
Version: $VERSION-$BUILD
Architecture: $arch
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
Depends: $depends
Recommends: $recommends
Section: misc
Priority: optional
Homepage: $(toml_value Website)
Description: 一窗 — one-stop service desk for government service halls
 The clerk's desk at the one-stop windows (一窗受理) of county and
 township government service halls: service catalog, intake, cases,
 time limits and evidence, kept in a local SQLite database that works
 offline and syncs with the provincial platform.
 .
 政务服务中心一窗受理：事项目录、受理、办件、时限监督；断网照常工作。
EOF
(cd "$pkg" && find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
find "$pkg" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
find "$pkg" -type d -exec chmod 0755 {} + && find "$pkg/usr/share" "$pkg/DEBIAN" -type f -exec chmod 0644 {} +
rm -f "$DIST/$name.deb"
step "dpkg-deb $name" dpkg-deb --root-owner-group -Zxz --build "$pkg" "$DIST/$name.deb" >/dev/null
rm -rf "$stage" && rmdir --ignore-fail-on-non-empty "$DIST/stage"
echo "$name.deb depends: $depends"
"$ROOT/build/check-deb.sh" "$DIST/$name.deb"
