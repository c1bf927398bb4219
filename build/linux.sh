#!/usr/bin/env bash
# build/linux.sh amd64|arm64 — the desk app for Linux desktops (UOS, Kylin,
# Debian …) as `fyne package` makes it: a tar.xz with the binary, the
# .desktop file and the icon, at dist/yichuang-VERSION-linux-ARCH.tar.xz.
# The binary needs no glibc newer than $GLIBC (build/linux-binary.sh).
# Nothing in the tree is written: fyne raises Build in a staged copy of
# FyneApp.toml, never in the real one.
set -euo pipefail
. "$(dirname "$0")/meta.sh"
arch=${1:?usage: build/linux.sh amd64|arm64}
fyne=$("$ROOT/build/tools.sh" fyne)
name=yichuang-$VERSION-linux-$arch
stage=$DIST/stage/$name
rm -rf "$stage" && mkdir -p "$stage/src"
# the binary the .deb packages too (linked again only when the tree changed)
"$ROOT/build/linux-binary.sh" "$arch" "$DIST/linux-$arch/yichuang"
cp "$DIST/linux-$arch/yichuang" "$stage/src/yichuang"
cd "$ROOT"

# fyne package wants Go code beside FyneApp.toml and raises Build in that
# file when it is done: give it a staged copy of both. Its tar.xz is opened
# again below, so it is compressed only lightly.
cp FyneApp.toml "$stage/src/"
echo "package main" >"$stage/src/stage.go"
(cd "$stage/src" && step "fyne package linux/$arch" env XZ_OPT=-0 "$fyne" package --os linux \
	--executable yichuang --name 一窗 --icon "$ROOT/assets/icons/icon.png")

# The dock matches a window to its launcher by WM_CLASS, which GLFW sets to
# the window title: make the .desktop file say that title.
title=$(window_title)
mkdir "$stage/tree"
tar -xJf "$stage/src/一窗.tar.xz" -C "$stage/tree"
sed -i "s/^StartupWMClass=.*/StartupWMClass=$title/" "$(find "$stage/tree" -name "$APP_ID.desktop")"
step "xz $name" env XZ_OPT="-6 -T0" tar -cJf "$DIST/$name.tar.xz" --owner=0 --group=0 --sort=name \
	-C "$stage/tree" yichuang
rm -rf "$stage" && rmdir --ignore-fail-on-non-empty "$DIST/stage"
"$ROOT/build/check-linux.sh" "$DIST/$name.tar.xz" "$arch"
